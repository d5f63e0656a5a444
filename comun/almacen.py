"""Where uploaded and produced files live, and how they go out: the one place that knows the storage.

Local disk (MEDIA_ROOT, FileSystemStorage) by default; with S3_BUCKET, an S3-compatible bucket
(``AlmacenS3``, django-storages) that every app server shares. Everything reads and writes through
Django's storage API (the FileField's storage, ``default_storage``), never a path on disk.

The bucket is private. Two kinds of file leave it:

- **public** ones (``CARPETAS_PUBLICAS``: the photos of practices and events) at the app's own address,
  ``/media/<name>`` (``medio_publico``), read from the storage. Pages keep ``img-src 'self'`` and
  stable addresses that browsers and proxies cache; the bucket is never named in a page.
- **private** ones (an export) only through ``entregar``, which a view calls *after* its permission
  check: on disk the file is streamed; in the bucket the response is a redirect to a signed URL that
  expires in ``S3_URL_SEGUNDOS`` (the worker is not tied up for a large file's download, and the
  address is useless to whoever finds it later). Without the view there is no way in.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.encoding import filepath_to_uri
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from storages.backends.s3 import S3Storage

# The only folders anyone may read by address: photos shown in the public catalogue and events.
# Exports (exportaciones/), cached public PDFs (publicos/, served by their own view with its ETag)
# and kept originals (originales/, with their GPS position) are never served this way.
CARPETAS_PUBLICAS = ("practicas", "eventos")
# A photo's name changes with every upload (a name in use gets a suffix), so a day in caches is safe.
MEDIO_MAX_AGE = 60 * 60 * 24


def es_publico(nombre: str) -> bool:
    partes = PurePosixPath(nombre).parts
    return (
        len(partes) > 1
        and partes[0] in CARPETAS_PUBLICAS
        and ".." not in partes
        and "\\" not in nombre
        and not nombre.startswith("/")
    )


class AlmacenS3(S3Storage):
    """A private S3-compatible bucket (settings: S3_*). A public file's url() is the app's /media/
    address; any other name gets a signed, expiring URL, and only through ``entregar``."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        if parameters is None and expire is None and http_method is None and es_publico(name):
            return settings.MEDIA_URL + filepath_to_uri(name)
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

    def url_firmada(self, name: str, *, nombre: str, content_type: str | None = None) -> str:
        """A signed GET of the object for S3_URL_SEGUNDOS, downloaded as an attachment called ``nombre``."""
        parametros = {"ResponseContentDisposition": content_disposition_header(True, nombre)}
        if content_type:
            parametros["ResponseContentType"] = content_type
        return super().url(name, parameters=parametros)


def entregar(archivo: FieldFile, *, nombre: str, content_type: str | None = None) -> HttpResponse:
    """The download of a private stored file. Call it only after the view's permission check:
    a redirect to a short-lived signed URL in the bucket, or the file streamed from the disk."""
    almacen = archivo.storage
    if isinstance(almacen, AlmacenS3):
        respuesta = HttpResponseRedirect(
            almacen.url_firmada(archivo.name, nombre=nombre, content_type=content_type)
        )
    else:
        try:
            abierto = archivo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        respuesta = FileResponse(abierto, as_attachment=True, filename=nombre, content_type=content_type)
    # The file, or the signed address, is this user's: never kept by a shared cache.
    patch_cache_control(respuesta, private=True, no_store=True)
    return respuesta


@require_safe
def medio_publico(request: HttpRequest, ruta: str) -> HttpResponse:
    """A public photo read from the storage (disk or bucket), for anyone; 404 outside the public folders."""
    if not es_publico(ruta):
        raise Http404
    try:
        abierto = default_storage.open(ruta, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    tipo = mimetypes.guess_type(ruta)[0] or "application/octet-stream"
    respuesta = FileResponse(abierto, content_type=tipo)
    patch_cache_control(respuesta, public=True, max_age=MEDIO_MAX_AGE)
    return respuesta
