"""{% seccion plantilla datos por_datos %}: one section of the home page drawn inside the page's own
drawing.

Each section's template renders with the page's context (its context processors already run once)
and the section's own data pushed on top, as ``{% include %}`` does; rendering each one apart with
``render_to_string`` made a new RequestContext and ran every context processor again per section.

A section registered ``por_datos`` (comun.registro.SeccionInicio) reads nothing but its data: its
drawing is kept in the cache under the data themselves, the template, the language and the time
zone (its dates), as the home's links to review are (balance.secciones._enlaces_guardados): any
change of what it shows is a change of the key, so there is nothing to invalidate, and no entry
holds anything of the page around it (the user's name, the CSRF token). Drawing the templates'
translations, plurals, addresses and icons was most of what these sections cost on each visit.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def seccion(context, plantilla: str, datos: dict, por_datos: bool = False) -> SafeString:
    clave = None
    if por_datos:
        clave = (
            "inicio:seccion:"
            + hashlib.sha256(
                repr((plantilla, get_language(), timezone.get_current_timezone_name(), datos)).encode()
            ).hexdigest()
        )
        guardada = cache.get(clave)
        if guardada is not None:
            return mark_safe(guardada)  # noqa: S308 - a drawing of the template, escaped when drawn
    cargadas = context.render_context.setdefault("inicio:secciones", {})  # per drawing, as include
    if plantilla not in cargadas:
        cargadas[plantilla] = context.template.engine.get_template(plantilla)
    with context.push(datos):
        dibujo = cargadas[plantilla].render(context)
    if clave is not None:
        cache.set(clave, str(dibujo))  # the default timeout only frees memory: the key is the data
    return dibujo
