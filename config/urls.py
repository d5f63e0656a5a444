from django.conf import settings
from django.conf.urls.static import static
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
]

if settings.DEBUG:
    # The good practices' and events' photos, in development. Only those folders: exported files and
    # kept originals, also under MEDIA_ROOT, are never served this way. In production the proxy (or
    # the object storage) serves /media/practicas/ and /media/eventos/ (README, "Desplegar").
    for carpeta in ("practicas", "eventos"):
        urlpatterns += static(f"{settings.MEDIA_URL}{carpeta}/", document_root=settings.MEDIA_ROOT / carpeta)
