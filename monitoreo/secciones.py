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
    # Only what the section names: the plan's long texts are not read, nor grouped by.
    escuelas = list(escuelas_propias(request.user).only("pk", "nombre"))
    planes = {
        p.institucion_id: p
        for p in PlanMonitoreo.objects.filter(institucion__in=escuela_ids(request.user), anio=anio)
        .only("pk", "institucion_id", "titulo")
        .annotate(n_visitas=Count("visitas"))
        .order_by()
    }
    return {"monitoreo": [(escuela, planes.get(escuela.pk)) for escuela in escuelas], "anio": anio}
