"""What the menu shows of the notices: the bell and its unread count."""

from django.http import HttpRequest

from avisos.models import Aviso
from comun.registro import con_cuenta

__all__ = ["con_cuenta", "no_leidos"]


def no_leidos(request: HttpRequest) -> int:
    """How many notices the user has not opened yet: one query per request, however many templates
    of the page run the context processors."""
    if not hasattr(request, "_avisos_no_leidos"):
        request._avisos_no_leidos = Aviso.objects.filter(usuario=request.user, leido_en__isnull=True).count()
    return request._avisos_no_leidos
