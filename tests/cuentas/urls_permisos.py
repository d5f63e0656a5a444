"""Small views that exercise cuentas.permisos on their own (tests/cuentas/test_permisos.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from cuentas.permisos import obtener_para_escribir, obtener_para_leer, permiso_requerido
from territorio.models import Institucion


@permiso_requerido("pruebas.dirigir")
def sin_objeto(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def leer(request: HttpRequest, codigo: str) -> HttpResponse:
    return HttpResponse(obtener_para_leer(request, Institucion, codigo_modular=codigo).nombre)


def escribir(request: HttpRequest, codigo: str) -> HttpResponse:
    institucion = obtener_para_escribir(
        request, Institucion.objects.select_related("ugel"), "pruebas.dirigir", codigo_modular=codigo
    )
    return HttpResponse(institucion.nombre)


@permiso_requerido("pruebas.no_registrado")
def con_nombre_desconocido(request: HttpRequest) -> HttpResponse:
    return HttpResponse("nunca")


urlpatterns = [
    path("sin-objeto/", sin_objeto),
    path("leer/<str:codigo>/", leer),
    path("escribir/<str:codigo>/", escribir),
    path("desconocido/", con_nombre_desconocido),
    path("", include("config.urls")),  # the login page and the 403/404 pages' layout
]
