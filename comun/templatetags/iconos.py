"""{% icono "name" %} and {% icono variable "me-1" %}: one of the icons of comun/iconos.py.

Renders ``<svg class="bi me-1" aria-hidden="true" width="1em" height="1em"><use href="…iconos.svg#name">
</use></svg>``: decorative (the text beside it says what it means), the size of the text around it
(its width and height attributes hold its place before the sprite arrives; chasqui.css aligns it
like the font icons were). A builtin of the templates (settings.TEMPLATES), so no {% load %} is
needed. A literal name outside ICONOS fails when the template is compiled, a variable when drawn.
"""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html

from comun.iconos import RUTA, IconoDesconocido, validar

register = template.Library()


def svg(nombre: str, clases: str = "") -> str:
    return format_html(
        '<svg class="bi{}" aria-hidden="true" width="1em" height="1em"><use href="{}#{}"></use></svg>',
        f" {clases}" if clases else "",
        _url_sprite(),
        validar(nombre),
    )


_sprites: dict[tuple, str] = {}


def _url_sprite() -> str:
    """``static(RUTA)``, asked once per process and static files set-up: a page draws a dozen icons,
    and the manifest storage looks the hashed name up again at every call."""
    clave = (settings.STATIC_URL, str(settings.STATIC_ROOT), repr(settings.STORAGES.get("staticfiles")))
    url = _sprites.get(clave)
    if url is None:
        url = _sprites[clave] = static(RUTA)
    return url


class IconoNode(template.Node):
    def __init__(self, nombre, clases):
        self.nombre, self.clases = nombre, clases

    def render(self, context):
        nombre = self.nombre.resolve(context)
        clases = self.clases.resolve(context) if self.clases is not None else ""
        return svg(str(nombre or ""), str(clases or ""))


@register.tag
def icono(parser, token):
    partes = token.split_contents()
    if len(partes) not in (2, 3):
        raise template.TemplateSyntaxError('Usage: {% icono "name" ["classes"] %}')
    nombre = parser.compile_filter(partes[1])
    if partes[1][0] in "\"'":
        try:
            validar(partes[1][1:-1])
        except IconoDesconocido as error:
            raise template.TemplateSyntaxError(str(error)) from None
    return IconoNode(nombre, parser.compile_filter(partes[2]) if len(partes) == 3 else None)
