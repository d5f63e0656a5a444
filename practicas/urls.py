from django.urls import path

from practicas import views
from practicas.gestion import editor, galeria, lista

app_name = "practicas"
urlpatterns = [
    path("", views.catalogo, name="catalogo"),
    path("eventos/", views.eventos, name="eventos"),
    path("eventos/<slug:slug>/", views.evento, name="evento"),
    # DIFOCA's workspace ("gestion" is a reserved slug: no practice takes it).
    path("gestion/", lista.lista, name="gestion"),
    path("gestion/nueva/", editor.nueva, name="gestion_nueva"),
    path("gestion/<int:pk>/", editor.editar, name="gestion_editar"),
    path("gestion/<int:pk>/galeria/", galeria.galeria, name="gestion_galeria"),
    path("gestion/<int:pk>/comentarios/", galeria.comentarios, name="gestion_comentarios"),
    path("gestion/<int:pk>/vista-previa/", lista.vista_previa, name="gestion_vista_previa"),
    # The review buttons: a confirmation page (GET), the change (POST).
    path("gestion/<int:pk>/revision/<slug:accion>/", lista.accion, name="gestion_accion"),
    path("<slug:slug>/", views.ficha, name="ficha"),
]
