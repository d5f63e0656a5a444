"""What monitoring adds to the menu and the home page (registered from MonitoreoConfig.ready)."""

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from monitoreo.models import PlanMonitoreo, escuela_ids, escuelas_propias


def en_menu(request: HttpRequest) -> bool:
    """Specialists, and the directors of a school (not CEBA/CETPRO)."""
    return request.user.is_authenticated and (request.alcance.especialista or bool(escuela_ids(request.user)))


def plan_del_anio(request: HttpRequest) -> dict | None:
    """A school director's plan for this year with its visits, or the invitation to write it."""
    if not escuela_ids(request.user):
        return None
    anio = timezone.localdate().year
    escuelas = list(escuelas_propias(request.user))
    planes = {
        p.institucion_id: p
        for p in PlanMonitoreo.objects.filter(institucion__in=escuelas, anio=anio).annotate(
            n_visitas=Count("visitas")
        )
    }
    return {"monitoreo": [(escuela, planes.get(escuela.pk)) for escuela in escuelas], "anio": anio}
