from django.urls import path

from territorio import views

app_name = "territorio"
urlpatterns = [
    path("instituciones/", views.instituciones, name="instituciones"),
    path("instituciones/<str:codigo_modular>/", views.institucion, name="institucion"),
]
