from django.urls import path

from practicas import views

app_name = "practicas"
urlpatterns = [
    path("", views.catalogo, name="catalogo"),
    path("eventos/", views.eventos, name="eventos"),
    path("eventos/<slug:slug>/", views.evento, name="evento"),
    path("<slug:slug>/", views.ficha, name="ficha"),
]
