"""What a director writes in their monitoring plan: each write one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

import historial
from cuentas.models import Usuario
from cuentas.permisos import tiene_permiso
from monitoreo.models import Celda, PlanMonitoreo, Visita
from territorio.models import Institucion


def visita_registrar(*, plan: PlanMonitoreo, usuario: Usuario, datos: dict) -> Visita:
    """Record a classroom visit in the plan (datos: the validated fields of VisitaForm)."""
    if not tiene_permiso(usuario, "monitoreo.escribir_plan", plan):
        raise PermissionDenied(_("Solo el director de la institución registra sus visitas."))
    visita = Visita(plan=plan, registrada_por=usuario, **datos)
    visita.full_clean()
    with transaction.atomic(), historial.accion(visita, "registrar", usuario=usuario):
        visita.save()
    return visita


def plan_guardar(
    *, plan: PlanMonitoreo, usuario: Usuario, celdas: set[tuple[int, int, int]]
) -> PlanMonitoreo:
    """Save the plan (new or edited, from PlanForm) and replace its calendar, in one transaction."""
    if not tiene_permiso(usuario, "monitoreo.escribir_plan", plan):
        raise PermissionDenied(_("Solo el director de la institución escribe su plan."))
    with transaction.atomic():
        # Two saves at once (a double click on a slow line) wait for each other here, so the second
        # finds the first's plan and is told so instead of failing.
        Institucion.objects.select_for_update().filter(pk=plan.institucion_id).first()
        plan.full_clean()
        # Only the cells that change are written, so the calendar's history says what was marked or
        # unmarked, not that every cell was deleted and made again.
        actuales = set(plan.celdas.values_list("etapa", "grado", "mes")) if plan.pk else set()
        with historial.accion(plan, "guardar", usuario=usuario):
            plan.save()
            if quitar := actuales - set(celdas):
                condicion = Q()
                for e, g, m in quitar:
                    condicion |= Q(etapa=e, grado=g, mes=m)
                plan.celdas.filter(condicion).delete()
            if poner := set(celdas) - actuales:
                Celda.objects.bulk_create(
                    Celda(plan=plan, etapa=e, grado=g, mes=m) for e, g, m in sorted(poner)
                )
    return plan
