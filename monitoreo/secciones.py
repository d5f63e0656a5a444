"""What monitoring adds to the menu and the home page (registered from MonitoreoConfig.ready)."""

from typing import NamedTuple

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from monitoreo.models import escuela_ids

# The director's schools (by name, as escuelas_propias orders them) each with its plan of the year
# and the plan's visits, in one fixed statement: a plan is unique per school and year
# (plan_uno_por_anio), its visits counted by the index on visita.plan_id. Two ORM queries, each
# compiled on every visit, were most of the section's time.
PLANES_DEL_ANIO = """\
SELECT i.id, i.nombre, p.id, p.titulo,
       (SELECT count(*) FROM monitoreo_visita v WHERE v.plan_id = p.id)
FROM territorio_institucion i
LEFT JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id AND p.anio = %s
WHERE i.id = ANY(%s) ORDER BY i.nombre, i.id"""


class Escuela(NamedTuple):
    pk: int
    nombre: str

    def __str__(self) -> str:
        return self.nombre


class Plan(NamedTuple):
    pk: int
    titulo: str
    n_visitas: int


def en_menu(request: HttpRequest) -> bool:
    """Specialists, and the directors of a school (not CEBA/CETPRO)."""
    return request.user.is_authenticated and (request.alcance.especialista or bool(escuela_ids(request.user)))


def plan_del_anio(request: HttpRequest) -> dict | None:
    """A school director's plan for this year with its visits, or the invitation to write it."""
    ids = escuela_ids(request.user)
    if not ids:
        return None
    anio = timezone.localdate().year
    with connection.cursor() as cursor:
        cursor.execute(PLANES_DEL_ANIO, [anio, sorted(ids)])
        filas = cursor.fetchall()
    monitoreo = [
        (Escuela(pk, nombre), Plan(plan, titulo, n) if plan is not None else None)
        for pk, nombre, plan, titulo, n in filas
    ]
    return {"monitoreo": monitoreo, "anio": anio}
