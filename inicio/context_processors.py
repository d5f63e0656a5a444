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
    urls = urls_de_la_peticion()
    for entrada in menu:
        if entrada.visible(request):
            if entrada.personal:
                personal.append(Entrada(request, entrada, "personal", urls))
            else:
                barra.append(Entrada(request, entrada, lugar_barra, urls))
    return {"menu": barra, "menu_personal": personal, "alcance": getattr(request, "alcance", None)}


class Entrada:
    """A menu entry as the template prints it. Its HTML is made only when printed, so an htmx fragment
    that draws no menu pays nothing (not even the count); and it is drawn by a pure function of what
    it shows (label, address, icon, whether it is this page, the count, the language), memoized per
    process: nothing in it is read from the database, so there is nothing to invalidate."""

    __slots__ = ("entrada", "lugar", "request", "urls")

    def __init__(self, request: HttpRequest, entrada: EntradaMenu, lugar: str, urls: dict | None = None):
        self.request, self.entrada, self.lugar, self.urls = request, entrada, lugar, urls

    @property
    def url(self) -> str:
        return url_de(self.entrada.url, self.urls)

    def rasgos(self) -> tuple:
        """What the bar draws this entry from ({% barra %}'s key): the registry's entry (by identity),
        its place, address, whether it is this page, its count."""
        url = self.url
        return (_Identidad(self.entrada), self.lugar, url, self.request.path == url, self.contador())

    def contador(self) -> int | None:
        if self.entrada.contador is None or self.lugar == "publico":
            return None
        return self.entrada.contador(self.request)

    def __str__(self) -> SafeString:
        url = self.url
        return self.dibujar(self.entrada, self.lugar, url, self.request.path == url, self.contador())

    @staticmethod
    def dibujar(entrada: EntradaMenu, lugar: str, url: str, activo: bool, contador: int | None) -> SafeString:
        return _dibujar(
            get_template(PLANTILLA_ENTRADA).template,  # another object once the loaders are reset
            get_language(),
            lugar,
            str(entrada.etiqueta),
            url,
            entrada.icono,
            activo,
            contador,
        )

    __html__ = __str__


class _Identidad:
    """An entry of the menu registry as a key by identity: hashing the entry itself would translate
    its label (a lazy string) at every request."""

    __slots__ = ("entrada",)

    def __init__(self, entrada: EntradaMenu):
        self.entrada = entrada

    def __hash__(self) -> int:
        return id(self.entrada)

    def __eq__(self, otra) -> bool:
        return isinstance(otra, _Identidad) and otra.entrada is self.entrada

    def __getattr__(self, nombre):
        return getattr(self.entrada, nombre)


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


_urls: dict[tuple[str, str], dict[str, str]] = {}


def urls_de_la_peticion() -> dict[str, str]:
    """The menu's URLs by name for this request's URL configuration and script prefix: ``reverse``
    once per process for each (a menu entry's URL takes no arguments, so nothing else changes it)."""
    clave = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    urls = _urls.get(clave)
    if urls is None:
        urls = _urls[clave] = {}
    return urls


def url_de(nombre: str, urls: dict[str, str] | None = None) -> str:
    """``reverse(nombre)``, remembered in ``urls`` (this request's, urls_de_la_peticion())."""
    if urls is None:
        urls = urls_de_la_peticion()
    url = urls.get(nombre)
    if url is None:
        url = urls[nombre] = reverse(nombre)
    return url
