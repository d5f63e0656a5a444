from django.urls import path

from inicio import views

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("salud/", views.salud, name="salud"),
    path("favicon.ico", views.favicon, name="favicon"),
]
