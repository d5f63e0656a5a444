"""Who may write in monitoring: the rule behind its named permission (cuentas.permisos), registered
from ``MonitoreoConfig.ready()``. It reads only the user's scope: no query."""

from cuentas.models import Usuario
from cuentas.permisos import registrar_permiso
from monitoreo.models import PlanMonitoreo, escuela_ids


def escribir_plan(user: Usuario, plan: PlanMonitoreo | None) -> bool:
    """Only the plan's own director writes it and records its visits (a school, not a CEBA/CETPRO);
    the UGEL and DRE read. With no plan: whether the user writes any (directs a school)."""
    escuelas = escuela_ids(user)
    return bool(escuelas) if plan is None else plan.institucion_id in escuelas


def registrar() -> None:
    registrar_permiso("monitoreo.escribir_plan", escribir_plan)
