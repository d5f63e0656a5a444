from django.http import HttpRequest
from django.urls import reverse

from comun.registro import menu


def navegacion(request: HttpRequest) -> dict:
    """The menu entries the user may follow, as apps registered them: the bar and, for personal and
    tool pages, the user's dropdown (so the bar fits a 1024-pixel screen)."""
    barra, personal = [], []
    for entrada in menu:
        if entrada.visible(request):
            (personal if entrada.personal else barra).append(
                (entrada.etiqueta, reverse(entrada.url), entrada.icono)
            )
    return {"menu": barra, "menu_personal": personal, "alcance": getattr(request, "alcance", None)}
