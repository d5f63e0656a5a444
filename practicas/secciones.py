"""What good practices add to the menu and the home page (registered from PracticasConfig.ready)."""

from django.db.models import Count
from django.http import HttpRequest

from cuentas.permisos import tiene_permiso
from practicas.models import BuenaPractica, EstadoPractica


def en_menu(request: HttpRequest) -> bool:
    """The public catalogue: everyone, with or without an account."""
    return True


def gestiona(request: HttpRequest) -> bool:
    """DIFOCA's workspace: only those who manage practices (DIFOCA, the Administrador)."""
    return tiene_permiso(request.user, "practicas.gestionar")


def por_publicar(request: HttpRequest) -> dict | None:
    """What DIFOCA has between draft and the catalogue, in one grouped query."""
    if not tiene_permiso(request.user, "practicas.gestionar"):
        return None
    por_estado = dict(
        BuenaPractica.objects.exclude(estado=EstadoPractica.PUBLICADA)
        .values_list("estado")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "practicas_en_revision": por_estado.get(EstadoPractica.EN_REVISION, 0),
        "practicas_borrador": por_estado.get(EstadoPractica.BORRADOR, 0),
    }
