"""Filters for the PDF templates."""

import mimetypes
from base64 import b64encode

from django import template

register = template.Library()

# A gallery picture larger than this is left out of the PDF rather than bloating it.
MAX_IMAGEN = 8 * 1024 * 1024


@register.filter
def incrustar(archivo) -> str:
    """An uploaded image as a data: URI, read through its storage (local disk or object storage), so
    WeasyPrint never fetches a URL or a path. "" when there is none, it is missing, or too large."""
    if not archivo:
        return ""
    tipo = mimetypes.guess_type(archivo.name)[0] or ""
    if not tipo.startswith("image/"):
        return ""
    try:
        with archivo.storage.open(archivo.name, "rb") as f:
            datos = f.read(MAX_IMAGEN + 1)
    except OSError:
        return ""
    if len(datos) > MAX_IMAGEN:
        return ""
    return f"data:{tipo};base64,{b64encode(datos).decode()}"
