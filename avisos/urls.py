from django.urls import path

from avisos import views

app_name = "avisos"
urlpatterns = [
    path("", views.lista, name="lista"),
    path("leidos/", views.marcar_leidos, name="marcar_leidos"),
    path("<int:pk>/", views.abrir, name="abrir"),
]
