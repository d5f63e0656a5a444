from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.template import Context
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from comun.registro import EntradaMenu, menu

PLANTILLA_ENTRADA = "inicio/_menu_entrada.html"


def navegacion(request: HttpRequest) -> dict:
    """The menu entries the user may follow, as apps registered them: the bar and, for personal and
    tool pages, the user's dropdown (so the bar fits a 1024-pixel screen). Each entry prints as its
    ``<li>`` (inicio/_menu_entrada.html), with the count of an entry with a ``contador`` beside it."""
    lugar_barra = "barra" if request.user.is_authenticated else "publico"
    barra, personal = [], []
    for entrada in menu:
        if entrada.visible(request):
            if entrada.personal:
                personal.append(Entrada(request, entrada, "personal"))
            else:
                barra.append(Entrada(request, entrada, lugar_barra))
    return {"menu": barra, "menu_personal": personal, "alcance": getattr(request, "alcance", None)}


class Entrada:
    """A menu entry as the template prints it. Its HTML is made only when printed, so an htmx fragment
    that draws no menu pays nothing (not even the count); and it is drawn by a pure function of what
    it shows (label, address, icon, whether it is this page, the count, the language), memoized per
    process: nothing in it is read from the database, so there is nothing to invalidate."""

    __slots__ = ("entrada", "lugar", "request")

    def __init__(self, request: HttpRequest, entrada: EntradaMenu, lugar: str):
        self.request, self.entrada, self.lugar = request, entrada, lugar

    @property
    def url(self) -> str:
        return _url(self.entrada.url)

    def contador(self) -> int | None:
        if self.entrada.contador is None or self.lugar == "publico":
            return None
        return self.entrada.contador(self.request)

    def __str__(self) -> SafeString:
        e, url = self.entrada, self.url
        return _dibujar(
            get_template(PLANTILLA_ENTRADA).template,  # another object once the loaders are reset
            get_language(),
            self.lugar,
            str(e.etiqueta),
            url,
            e.icono,
            self.request.path == url,
            self.contador(),
        )

    __html__ = __str__


@lru_cache(maxsize=1024)
def _dibujar(plantilla, idioma, lugar, etiqueta, url, icono, activo, contador) -> SafeString:
    contexto = {
        "lugar": lugar,
        "etiqueta": etiqueta,
        "url": url,
        "icono": icono,
        "activo": activo,
        "contador": contador,
    }
    return mark_safe(plantilla.render(Context(contexto)).strip())  # noqa: S308  (the template escaped it)


_urls: dict[tuple[str, str, str], str] = {}


def _url(nombre: str) -> str:
    """``reverse(nombre)``, once per process for each URL configuration and script prefix (a menu
    entry's URL takes no arguments, so nothing else changes it)."""
    clave = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), nombre)
    url = _urls.get(clave)
    if url is None:
        url = _urls[clave] = reverse(nombre)
    return url
