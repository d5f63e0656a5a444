from django.urls import path

from balance import views

app_name = "balance"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("dre/", views.dre_elegir, name="dre_elegir"),
    path("dre/<int:pk>/<int:anio>/", views.dre_tablero, name="dre_tablero"),
    path("campanas/nueva/", views.campana_nueva, name="campana_nueva"),
    path("campanas/<int:pk>/", views.campana_tablero, name="tablero"),
    path("campanas/<int:pk>/editar/", views.campana_editar, name="campana_editar"),
    path("campanas/<int:pk>/abrir/", views.campana_abrir, name="campana_abrir"),
    path("campanas/<int:pk>/cerrar/", views.campana_cerrar, name="campana_cerrar"),
    path("campanas/<int:pk>/siguiente/", views.campana_siguiente, name="campana_siguiente"),
    path("matrices/<int:pk>/", views.matriz_detalle, name="matriz"),
    path("matrices/<int:pk>/editar/", views.matriz_editar, name="matriz_editar"),
    path("matrices/<int:pk>/enviar/", views.matriz_enviar, name="matriz_enviar"),
    path("matrices/<int:pk>/retirar/", views.matriz_retirar, name="matriz_retirar"),
    path("matrices/<int:pk>/reabrir/", views.matriz_reabrir, name="matriz_reabrir"),
    path("matrices/<int:pk>/autoguardar/", views.matriz_autoguardar, name="matriz_autoguardar"),
    path("matrices/<int:pk>/importar/", views.matriz_importar, name="matriz_importar"),
]
