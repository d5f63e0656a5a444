"""Template filters for long Spanish texts typed as plain text (practices, reports, plans)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from comun.texto import sin_vineta

register = template.Library()


def _linea(linea: str) -> str:
    """A line, escaped, with its **bold** parts (the sheets' lead-ins: "**Monitoreo sistemático:**
    100%…"); a lone "**" stays as typed. Plain string work: a sheet draws a few hundred lines, and
    format_html per part cost more than the rest of its paragraphs."""
    partes = linea.split("**")
    if len(partes) < 3:
        return escape(linea)
    if len(partes) % 2 == 0:  # an odd number of marks: the last one is text
        partes[-2:] = [partes[-2] + "**" + partes[-1]]
    return "".join(f"<strong>{escape(p)}</strong>" if i % 2 else escape(p) for i, p in enumerate(partes) if p)


@register.filter(is_safe=True)
def parrafos(texto: str) -> str:
    """Blank lines separate paragraphs; a block whose lines all start with "- " (or •, ✓) is a list;
    text between "**" is bold.

    Everything is escaped: only the <p>, <ul>, <li>, <br> and <strong> this filter writes are markup.
    """
    bloques = [b.strip() for b in str(texto or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    partes = []
    for bloque in bloques:
        lineas = [linea.strip() for linea in bloque.split("\n") if linea.strip()]
        items = [sin_vineta(linea) for linea in lineas]
        if all(item is not None for item in items):
            partes.append("<ul>" + "".join(f"<li>{_linea(i)}</li>" for i in items) + "</ul>")
        else:
            partes.append("<p>" + "<br>".join(_linea(ln) for ln in lineas) + "</p>")
    return mark_safe("".join(partes))  # noqa: S308 - every line escaped by _linea
