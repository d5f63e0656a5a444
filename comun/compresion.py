"""Pages compressed by the app itself, so that a slow phone gets them light whatever the proxy does.

Django's GZipMiddleware (which, since Django 4.2, pads each compressed body with a random number of
bytes against BREACH), kept to the formats that gain from it: HTML, htmx fragments, CSV and JSON
(also when streamed). A download that is already compressed (XLSX and ZIP are zip files, PDF
compresses its streams, JPEG) goes out as it is, with its length and its strong ETag. Static files
never reach it: whitenoise, above it in MIDDLEWARE, answers them with its own gzip and brotli copies.
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRIMIBLES = {
    "application/json",
    "application/javascript",
    "application/xml",
    "application/xhtml+xml",
    "image/svg+xml",
}


def comprimible(tipo: str) -> bool:
    """True for a Content-Type worth compressing: text, and the text formats that are not text/*."""
    tipo = tipo.split(";", 1)[0].strip().lower()
    return tipo.startswith("text/") or tipo in COMPRIMIBLES


class CompresionMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not comprimible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
