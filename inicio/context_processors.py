from functools import partial

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from comun.registro import menu


def navegacion(request: HttpRequest) -> dict:
    """The menu entries the user may follow, as apps registered them: the bar and, for personal and
    tool pages, the user's dropdown (so the bar fits a 1024-pixel screen). Each entry is (label, URL,
    icon, count): the count of an entry with a ``contador`` (a callable, so that it is counted only
    when drawn), else None."""
    barra, personal = [], []
    for entrada in menu:
        if entrada.visible(request):
            (personal if entrada.personal else barra).append(
                (
                    entrada.etiqueta,
                    _url(entrada.url),
                    entrada.icono,
                    # Called by the template only where it draws the menu: an htmx fragment pays nothing.
                    partial(entrada.contador, request) if entrada.contador else None,
                )
            )
    return {"menu": barra, "menu_personal": personal, "alcance": getattr(request, "alcance", None)}


_urls: dict[tuple[str, str, str], str] = {}


def _url(nombre: str) -> str:
    """``reverse(nombre)``, once per process for each URL configuration and script prefix (a menu
    entry's URL takes no arguments, so nothing else changes it)."""
    clave = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), nombre)
    url = _urls.get(clave)
    if url is None:
        url = _urls[clave] = reverse(nombre)
    return url
