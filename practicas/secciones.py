"""What good practices add to the menu and the home page (registered from PracticasConfig.ready)."""

from django.db import connection
from django.db.models import Count
from django.http import HttpRequest

from comun import versiones
from cuentas.permisos import tiene_permiso
from practicas import recuentos
from practicas.models import CATALOGO, BuenaPractica, EstadoPractica

# The catalogue's change number (recuentos.numero_actual) as one fixed statement: the ORM's
# compiling of its probe was most of the section's time on each visit.
NUMERO = "SELECT " + versiones.sql(CATALOGO, "0")


def en_menu(request: HttpRequest) -> bool:
    """The public catalogue: everyone, with or without an account."""
    return True


def gestiona(request: HttpRequest) -> bool:
    """DIFOCA's workspace: only those who manage practices (DIFOCA, the Administrador)."""
    return tiene_permiso(request.user, "practicas.gestionar")


def por_publicar(request: HttpRequest) -> dict | None:
    """What DIFOCA has between draft and the catalogue, in one grouped query that reads the index on
    the practices' state, not every published practice."""
    if not tiene_permiso(request.user, "practicas.gestionar"):
        return None
    # The states named (not "all but published"): the index on the state reads only these. Kept
    # under the catalogue's change number (practicas.recuentos), which every change renews.
    with connection.cursor() as cursor:
        cursor.execute(NUMERO)
        numero = cursor.fetchone()[0]
    por_estado = recuentos.guardado(
        numero,
        ("inicio", "por_publicar"),
        lambda: dict(
            BuenaPractica.objects.filter(estado__in=[EstadoPractica.EN_REVISION, EstadoPractica.BORRADOR])
            .values_list("estado")
            .annotate(n=Count("id"))
            .order_by()
        ),
    )
    return {
        "practicas_en_revision": por_estado.get(EstadoPractica.EN_REVISION, 0),
        "practicas_borrador": por_estado.get(EstadoPractica.BORRADOR, 0),
    }
