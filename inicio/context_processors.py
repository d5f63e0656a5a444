from functools import partial

from django.http import HttpRequest
from django.urls import reverse

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
                    reverse(entrada.url),
                    entrada.icono,
                    # Called by the template only where it draws the menu: an htmx fragment pays nothing.
                    partial(entrada.contador, request) if entrada.contador else None,
                )
            )
    return {"menu": barra, "menu_personal": personal, "alcance": getattr(request, "alcance", None)}
