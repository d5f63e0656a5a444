from django.urls import path

from practicas import datos, views
from practicas.gestion import editor, eventos, galeria, lista

app_name = "practicas"
urlpatterns = [
    path("", views.catalogo, name="catalogo"),
    path("eventos/", views.eventos, name="eventos"),
    path("eventos/<slug:slug>/", views.evento, name="evento"),
    path("eventos/<slug:slug>/reporte.pdf", views.evento_pdf, name="evento_pdf"),
    # Open data ("datos" is a reserved slug too).
    path("datos/", datos.datos, name="datos"),
    path("datos/practicas.csv", datos.datos_csv, name="datos_csv"),
    path("datos/practicas.json", datos.datos_json, name="datos_json"),
    # DIFOCA's workspace ("gestion" is a reserved slug: no practice takes it).
    path("gestion/", lista.lista, name="gestion"),
    path("gestion/eventos/", eventos.lista_eventos, name="gestion_eventos"),
    path("gestion/eventos/nuevo/", eventos.nuevo, name="gestion_evento_nuevo"),
    path("gestion/eventos/<int:pk>/", eventos.editor, name="gestion_evento"),
    path("gestion/eventos/<int:pk>/fotos/", eventos.fotos, name="gestion_evento_fotos"),
    path("gestion/eventos/<int:pk>/publicar/", eventos.publicar, name="gestion_evento_publicar"),
    path("gestion/eventos/<int:pk>/retirar/", eventos.retirar, name="gestion_evento_retirar"),
    path("gestion/nueva/", editor.nueva, name="gestion_nueva"),
    path("gestion/<int:pk>/", editor.editar, name="gestion_editar"),
    path("gestion/<int:pk>/autoguardar/", editor.autoguardar, name="gestion_autoguardar"),
    path("gestion/<int:pk>/galeria/", galeria.galeria, name="gestion_galeria"),
    path("gestion/<int:pk>/comentarios/", galeria.comentarios, name="gestion_comentarios"),
    path(
        "gestion/<int:pk>/comentarios/<int:cid>/",
        galeria.comentario_editar,
        name="gestion_comentario_editar",
    ),
    path(
        "gestion/<int:pk>/comentarios/<int:cid>/borrar/",
        galeria.comentario_borrar,
        name="gestion_comentario_borrar",
    ),
    path("gestion/<int:pk>/vista-previa/", lista.vista_previa, name="gestion_vista_previa"),
    # The review buttons: a confirmation page (GET), the change (POST).
    path("gestion/<int:pk>/revision/<slug:accion>/", lista.accion, name="gestion_accion"),
    path("<slug:slug>/", views.ficha, name="ficha"),
    path("<slug:slug>/ficha.pdf", views.ficha_pdf, name="ficha_pdf"),
]
