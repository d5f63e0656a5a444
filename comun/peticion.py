"""What a request brings that no form validates, made safe before any view, the admin included.

A charset other than UTF-8 makes Django refuse the body with BadRequest from deep inside the CSRF
check (and, with DEBUG on, the error page re-reads the body and answers 500). A NUL in a query
string, a cookie or the path reaches PostgreSQL, which refuses it: a 500 from any admin list filter
(``?estado__exact=%00``), any ``<str:>`` URL and, through a forged session cookie, from every page.
One middleware, first in the chain, handles all of them: the body's charset and the path are refused
with a clear 400; query-string values and names are cleaned with the running-text rule
(comun.texto.sin_control), a cookie with control characters is dropped (none of ours carries one).
"""

import codecs
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from comun.texto import CONTROL, sin_control


def _es_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def respuesta_400(request: HttpRequest, motivo: str) -> HttpResponse:
    """The 400 page with why the request was refused (standalone: nothing of the session is read)."""
    return HttpResponse(render_to_string("400.html", {"motivo": motivo}), status=400)


class PeticionLimpiaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset") if request.content_type else None
        if charset is not None:
            if not _es_utf8(charset):
                return respuesta_400(
                    request,
                    _(
                        "Chasqui lee los formularios solo en UTF-8, y este pedido dice venir en "
                        "«%(charset)s». Vuelve a enviarlo desde la página de Chasqui."
                    )
                    % {"charset": charset[:40]},
                )
            request.encoding = "utf-8"  # "utf8", "UTF-8": Django itself accepts only the spelling "utf-8"
        if CONTROL.search(request.path_info):
            return respuesta_400(
                request, _("La dirección trae caracteres de control, que ninguna página usa.")
            )
        if any(CONTROL.search(clave + "".join(valores)) for clave, valores in request.GET.lists()):
            request.GET = _limpia(request.GET)
        sucias = [nombre for nombre, valor in request.COOKIES.items() if CONTROL.search(nombre + valor)]
        for nombre in sucias:
            del request.COOKIES[nombre]
        return self.get_response(request)


def _limpia(consulta: QueryDict) -> QueryDict:
    limpia = QueryDict(mutable=True)
    for clave, valores in consulta.lists():
        limpia.setlist(sin_control(clave), [sin_control(v) for v in valores])
    limpia._mutable = False
    return limpia
