from django.urls import path

from exportaciones import views

app_name = "exportaciones"
urlpatterns = [
    path("", views.lista, name="lista"),
    path("trabajos/<uuid:pk>/", views.trabajo, name="trabajo"),
    path("trabajos/<uuid:pk>/descargar/", views.descargar, name="descargar"),
    path("<str:identificador>/", views.exportar, name="exportar"),
]
