from django.urls import path

from monitoreo import cobertura, views

app_name = "monitoreo"
urlpatterns = [
    path("", views.planes, name="planes"),
    path("cobertura/", cobertura.cobertura, name="cobertura"),
    path("planes/nuevo/", views.plan_nuevo, name="plan_nuevo"),
    path("planes/<int:pk>/", views.plan, name="plan"),
    path("planes/<int:pk>/editar/", views.plan_editar, name="plan_editar"),
    path("planes/<int:pk>/copiar/", views.plan_copiar, name="plan_copiar"),
    path("planes/<int:pk>/visitas/nueva/", views.visita_nueva, name="visita_nueva"),
    path("planes/<int:pk>/visitas/<int:visita_pk>/editar/", views.visita_editar, name="visita_editar"),
    path("planes/<int:pk>/visitas/<int:visita_pk>/eliminar/", views.visita_eliminar, name="visita_eliminar"),
]
