"""Template filters for long Spanish texts typed as plain text (practices, reports, plans)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

VINETAS = ("- ", "• ", "✓ ", "* ")


def _vineta(linea: str) -> str | None:
    for marca in VINETAS:
        if linea.startswith(marca):
            return linea[len(marca) :].strip()
    return None


@register.filter(is_safe=True)
def parrafos(texto: str) -> str:
    """Blank lines separate paragraphs; a block whose lines all start with "- " (or •, ✓) is a list.

    Everything is escaped: only the <p>, <ul>, <li> and <br> this filter writes are markup.
    """
    bloques = [b.strip() for b in str(texto or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    partes = []
    for bloque in bloques:
        lineas = [linea.strip() for linea in bloque.split("\n") if linea.strip()]
        items = [_vineta(linea) for linea in lineas]
        if all(item is not None for item in items):
            partes.append(
                format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))
            )
        else:
            partes.append(
                format_html("<p>{}</p>", format_html_join(mark_safe("<br>"), "{}", ((ln,) for ln in lineas)))
            )
    return mark_safe("".join(partes))
