"""{% barra %}: the navigation bar of base.html (inicio/_barra.html).

Every page draws it, so it is drawn once per process for each thing it shows and reused: the entries
the user may follow (which ones, where each one is, whether it is this page, the count beside it),
whether someone is signed in, the language. Nothing of it is read from the database but the count,
which is part of the key, so there is nothing to invalidate. The user's name and the logout form's
CSRF token change at every request: they are put in at marks left in the drawing.
"""

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from inicio.context_processors import Entrada, url_de, urls_de_la_peticion

register = template.Library()

PLANTILLA = "inicio/_barra.html"
MARCA_USUARIO = "\x00usuario\x00"
MARCA_CSRF = "\x00csrf\x00"


@register.simple_tag(takes_context=True)
def barra(context) -> SafeString:
    # Without the request's context processors (500.html) there is no user and no menu: the public bar.
    user = context.get("user")
    menu, personal = context.get("menu", ()), context.get("menu_personal", ())
    partes = _dibujar(
        get_template(PLANTILLA).template,  # another object once the loaders are reset
        get_language(),
        bool(user is not None and user.is_authenticated),
        tuple(e.rasgos() for e in menu),
        tuple(e.rasgos() for e in personal),
        _urls_fijas(urls_de_la_peticion()),
    )
    if len(partes) == 1:
        return partes[0]
    antes, entre, despues = partes
    return mark_safe(  # noqa: S308  (the drawing escaped everything; the name is escaped here)
        antes + conditional_escape(str(user)) + entre + str(context.get("csrf_token", "")) + despues
    )


URLS = {
    "url_inicio": "inicio",
    "url_perfil": "cuentas:perfil",
    "url_clave": "cuentas:clave",
    "url_salir": "cuentas:salir",
    "url_ingresar": "cuentas:ingresar",
}


def _urls_fijas(urls: dict[str, str]) -> tuple[str, ...]:
    fijas = urls.get(" barra")  # the bar's own links, with the menu's URLs of this configuration
    if fijas is None:
        fijas = urls[" barra"] = tuple(url_de(nombre, urls) for nombre in URLS.values())
    return fijas


@lru_cache(maxsize=512)
def _dibujar(plantilla, idioma, autenticado, menu, personal, urls) -> tuple[str, ...]:
    """The bar as the pieces around the marks (one piece when nobody is signed in). The entries come
    as their ``rasgos`` (inicio.context_processors.Entrada), which hold the registry's entry itself:
    a changed registration is another key."""
    contexto = {
        "autenticado": autenticado,
        "menu": [_entrada(r) for r in menu],
        "menu_personal": [_entrada(r) for r in personal],
        "marca_usuario": MARCA_USUARIO,
        "marca_csrf": MARCA_CSRF,
        **dict(zip(URLS, urls, strict=True)),
    }
    html = plantilla.render(template.Context(contexto)).strip()
    if not autenticado:
        return (mark_safe(html),)  # noqa: S308  (the template escaped it)
    antes, resto = html.split(MARCA_USUARIO)
    entre, despues = resto.split(MARCA_CSRF)
    return antes, entre, despues


def _entrada(rasgos) -> SafeString:
    """One entry's ``<li>`` (inicio/_menu_entrada.html), as the menu prints it."""
    entrada, lugar, url, activo, contador = rasgos
    return Entrada.dibujar(entrada, lugar, url, activo, contador)
