from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# Wiring only: every page lives in an app; config imports none of them (import-linter checks it).
urlpatterns = [
    path("", include("inicio.urls")),
    path("cuentas/", include("cuentas.urls")),
    path("territorio/", include("territorio.urls")),
    path("balance/", include("balance.urls")),
    path("practicas/", include("practicas.urls")),
    path("monitoreo/", include("monitoreo.urls")),
    path("exportaciones/", include("exportaciones.urls")),
    path("avisos/", include("avisos.urls")),
    path("admin/", admin.site.urls),
    # The public photos of practices and events, read from the storage (local disk or the bucket) by
    # comun.almacen, in development and in production alike. Only those folders: exports, cached PDFs
    # and kept originals are never served at an address (README, "Más allá de una máquina").
    path(settings.MEDIA_URL.lstrip("/"), include("comun.urls")),
]
