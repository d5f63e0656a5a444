"""What a director writes in their monitoring plan: each write one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

import historial
from cuentas.models import Usuario
from cuentas.permisos import tiene_permiso
from monitoreo.models import Celda, Docente, PlanMonitoreo, Visita, clave_docente
from territorio.models import Institucion


def _poder_escribir(usuario: Usuario, plan: PlanMonitoreo) -> None:
    if not tiene_permiso(usuario, "monitoreo.escribir_plan", plan):
        raise PermissionDenied(_("Solo el director de la institución registra sus visitas."))


def docente_de(plan: PlanMonitoreo, nombre: str) -> Docente:
    """The institution's teacher of that name (case and accents aside), added to its list if new."""
    clave = clave_docente(nombre)
    existente = Docente.objects.filter(institucion_id=plan.institucion_id, clave=clave).first()
    if existente:
        return existente
    try:
        with transaction.atomic():
            return Docente.objects.create(institucion_id=plan.institucion_id, nombre=nombre)
    except IntegrityError:  # added meanwhile by another visit
        return Docente.objects.get(institucion_id=plan.institucion_id, clave=clave)


def _aplicar(visita: Visita, plan: PlanMonitoreo, datos: dict) -> None:
    datos = dict(datos)
    # "docente": a typed name from older callers (the demo loader) is looked up in the list too.
    nuevo = datos.pop("docente_nuevo", "") or datos.get("docente", "")
    profesor = datos.pop("profesor", None)
    if profesor is not None and profesor.institucion_id != plan.institucion_id:
        raise ValidationError({"profesor": _("Ese docente no es de tu institución.")})
    if profesor is None and nuevo:
        profesor = docente_de(plan, nuevo)
    for campo, valor in datos.items():
        setattr(visita, campo, valor)
    if profesor is not None:
        visita.profesor = profesor
        visita.docente = profesor.nombre


def visita_registrar(*, plan: PlanMonitoreo, usuario: Usuario, datos: dict) -> Visita:
    """Record a classroom visit in the plan (datos: VisitaForm.datos()). A token already used in the
    plan returns its visit instead: the same form sent twice records one visit."""
    _poder_escribir(usuario, plan)
    token = datos.get("token")
    if token and (hecha := Visita.objects.filter(plan=plan, token=token).first()):
        return hecha
    try:
        with transaction.atomic():
            visita = Visita(plan=plan, registrada_por=usuario)
            _aplicar(visita, plan, datos)
            visita.full_clean(validate_constraints=False)
            with historial.accion(visita, "registrar", usuario=usuario):
                visita.save()
    except IntegrityError:
        if token and (hecha := Visita.objects.filter(plan=plan, token=token).first()):
            return hecha  # the other submission won the race
        raise
    return visita


def visita_editar(*, visita: Visita, usuario: Usuario, datos: dict) -> Visita:
    """Correct a recorded visit (datos: VisitaForm.datos()); its token stays the first one."""
    _poder_escribir(usuario, visita.plan)
    datos = {k: v for k, v in datos.items() if k != "token"}
    with transaction.atomic():
        _aplicar(visita, visita.plan, datos)
        visita.full_clean(validate_constraints=False)
        with historial.accion(visita, "editar", usuario=usuario):
            visita.save()
    return visita


def visita_eliminar(*, visita: Visita, usuario: Usuario) -> None:
    """Delete a visit: it leaves the plan's progress; its history keeps what it was."""
    _poder_escribir(usuario, visita.plan)
    with transaction.atomic(), historial.accion(visita, "eliminar", usuario=usuario):
        visita.delete()


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
