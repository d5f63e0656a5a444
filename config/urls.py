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
    # The good practices' gallery, in development. Only that folder: exported files, also under
    # MEDIA_ROOT, are handed out by their view to their owner alone. In production the proxy (or the
    # object storage) serves /media/practicas/ (README, "Desplegar").
    urlpatterns += static(f"{settings.MEDIA_URL}practicas/", document_root=settings.MEDIA_ROOT / "practicas")
