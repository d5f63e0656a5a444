"""{% seccion plantilla datos %}: one section of the home page drawn inside the page's own drawing.

Each section's template renders with the page's context (its context processors already run once)
and the section's own data pushed on top, as ``{% include %}`` does; rendering each one apart with
``render_to_string`` made a new RequestContext and ran every context processor again per section.
"""

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def seccion(context, plantilla: str, datos: dict) -> SafeString:
    cargadas = context.render_context.setdefault("inicio:secciones", {})  # per drawing, as include
    if plantilla not in cargadas:
        cargadas[plantilla] = context.template.engine.get_template(plantilla)
    with context.push(datos):
        return cargadas[plantilla].render(context)
