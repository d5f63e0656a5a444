"""Links printed on paper: shown short, complete in the href.

``{{ url|enlace_corto }}`` renders ``<a href="the whole address">domain/…/last part</a>``: the
visible text is the host and, when the path is long, an ellipsis and its last segment, so a narrow
table column wraps it between words instead of letter by letter; the link itself is never cut.
"""

from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html

register = template.Library()

LARGO_VISIBLE = 24  # path shown whole up to this length
LARGO_ULTIMO = 12  # otherwise only its last segment, up to this length


def texto_corto(url: str, largo: int = LARGO_VISIBLE) -> str:
    """What is shown of an address: ``drive.google.com/…/evidencias`` (at most about ``largo``
    characters past the host)."""
    url = str(url).strip()
    partes = urlsplit(url)
    if not partes.netloc:
        return url if len(url) <= largo else url[: largo - 1] + "…"
    host = partes.netloc.removeprefix("www.")
    camino = partes.path.rstrip("/")
    resto = camino + (f"?{partes.query}" if partes.query else "")
    if not resto or resto == "/":
        return host
    if len(resto) <= largo:
        return host + resto
    ultimo = camino.rsplit("/", 1)[-1] if camino else ""
    if len(ultimo) > LARGO_ULTIMO:
        ultimo = ultimo[: LARGO_ULTIMO - 1] + "…"
    return f"{host}/…/{ultimo}" if ultimo else f"{host}/…"


@register.filter
def enlace_corto(url) -> str:
    if not url:
        return ""
    return format_html('<a class="enlace-corto" href="{}">{}</a>', str(url).strip(), texto_corto(url))
