"""{% url_exportacion "balance.matriz_pdf" matriz=matriz.pk %}: a link to an export, built from the
options the exporter declares, so no template spells ``?matriz=`` by hand."""

from django import template

from exportaciones.base import obtener

register = template.Library()


@register.simple_tag
def url_exportacion(identificador: str, **valores) -> str:
    clase = obtener(identificador)
    if clase is None:
        raise template.TemplateSyntaxError(f"no exporter is registered as {identificador!r}")
    return clase.url(**valores)
