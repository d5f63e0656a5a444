"""What a director writes in their monitoring plan: each write one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

import historial
from comun.listas import en_orden, sincronizar
from cuentas.models import Usuario
from cuentas.permisos import tiene_permiso
from monitoreo.models import (
    Actividad,
    Celda,
    Docente,
    Enfoque,
    Objetivo,
    Observacion,
    PlanMonitoreo,
    Visita,
    clave_docente,
)
from territorio.models import Institucion

# The plan's ordered lists: the relation, its model and the fields an editor writes.
LISTAS = {
    "actividades": (Actividad, ["actividad", "responsable", "cronograma"]),
    "enfoques": (Enfoque, ["nombre", "texto"]),
    "objetivos": (Objetivo, ["texto"]),
}


class ConflictoVersion(Exception):
    """The plan was saved from another page since this one was loaded: nothing was written."""

    def __init__(self, plan: PlanMonitoreo):
        super().__init__(_("El plan se guardó en otra pestaña o por otra persona."))
        self.plan = plan


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


def _aplicar(visita: Visita, plan: PlanMonitoreo, datos: dict) -> dict:
    """Set the visit's fields from ``datos``; returns its rubric levels ({Rubrica: 1–4}) to write
    after it is saved (_observar)."""
    datos = dict(datos)
    niveles = datos.pop("niveles", None) or {}
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
    return niveles


def _observar(visita: Visita, niveles: dict) -> None:
    """Write the visit's rubric levels: the observed ones set, the others removed. Only what changes
    is written, so the history says which level changed."""
    fuera = [r for r in niveles if r.pk not in {x.pk for x in visita.plan.rubricas()}]
    if fuera:
        raise ValidationError(_("La rúbrica «%(r)s» no es del año del plan.") % {"r": fuera[0]})
    if any(n not in (1, 2, 3, 4) for n in niveles.values()):
        raise ValidationError(_("Los niveles van de I a IV."))
    actuales = {o.rubrica_id: o for o in Observacion.objects.filter(visita=visita)}
    nuevos = {r.pk: n for r, n in niveles.items()}
    Observacion.objects.filter(visita=visita).exclude(rubrica_id__in=nuevos).delete()
    for rubrica_id, nivel in nuevos.items():
        actual = actuales.get(rubrica_id)
        if actual is None:
            Observacion.objects.create(visita=visita, rubrica_id=rubrica_id, nivel=nivel)
        elif actual.nivel != nivel:
            actual.nivel = nivel
            actual.save(update_fields=["nivel"])


def visita_registrar(*, plan: PlanMonitoreo, usuario: Usuario, datos: dict) -> Visita:
    """Record a classroom visit in the plan (datos: VisitaForm.datos(); its "niveles" maps each
    observed Rubrica of the plan's year to its level 1–4). A token already used in the
    plan returns its visit instead: the same form sent twice records one visit."""
    _poder_escribir(usuario, plan)
    token = datos.get("token")
    if token and (hecha := Visita.objects.filter(plan=plan, token=token).first()):
        return hecha
    try:
        with transaction.atomic():
            visita = Visita(plan=plan, registrada_por=usuario)
            niveles = _aplicar(visita, plan, datos)
            visita.full_clean(validate_constraints=False)
            with historial.accion(visita, "registrar", usuario=usuario):
                visita.save()
                _observar(visita, niveles)
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
        niveles = _aplicar(visita, visita.plan, datos)
        visita.full_clean(validate_constraints=False)
        with historial.accion(visita, "editar", usuario=usuario):
            visita.save()
            _observar(visita, niveles)
    return visita


def visita_eliminar(*, visita: Visita, usuario: Usuario) -> None:
    """Delete a visit: it leaves the plan's progress; its history keeps what it was."""
    _poder_escribir(usuario, visita.plan)
    with transaction.atomic(), historial.accion(visita, "eliminar", usuario=usuario):
        visita.delete()


def plan_guardar(
    *,
    plan: PlanMonitoreo,
    usuario: Usuario,
    celdas: set[tuple[int, int, int]],
    version: int | None = None,
    listas: dict[str, list[dict]] | None = None,
) -> PlanMonitoreo:
    """Save the plan (new or edited, from PlanForm), replace its calendar and, when given, its
    lists (``listas``: "actividades", "enfoques", "objetivos" as comun.listas.sincronizar takes
    them), in one transaction.

    ``version`` is the one the page was loaded with: when the plan was saved since, ConflictoVersion
    is raised and nothing is written (None: no check, for loaders)."""
    if not tiene_permiso(usuario, "monitoreo.escribir_plan", plan):
        raise PermissionDenied(_("Solo el director de la institución escribe su plan."))
    listas = listas or {}
    if desconocidas := set(listas) - set(LISTAS):
        raise TypeError(f"listas desconocidas: {sorted(desconocidas)}")
    with en_orden():
        # Two saves at once (a double click on a slow line) wait for each other here, so the second
        # finds the first's plan and is told so instead of failing.
        Institucion.objects.select_for_update().filter(pk=plan.institucion_id).first()
        if plan.pk:
            guardada = (
                PlanMonitoreo.objects.select_for_update().values_list("version", flat=True).get(pk=plan.pk)
            )
            if version is not None and guardada != version:
                actual = PlanMonitoreo.objects.get(pk=plan.pk)
                if _mismo_contenido(actual, plan, celdas, listas):
                    return actual  # the same page sent twice (a double click): already saved
                raise ConflictoVersion(actual)
            plan.version = guardada + 1
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
            for nombre, filas in listas.items():
                modelo, campos = LISTAS[nombre]
                sincronizar(modelo, {"plan": plan}, filas, campos)
    return plan


def _mismo_contenido(actual: PlanMonitoreo, plan: PlanMonitoreo, celdas, listas) -> bool:
    """Whether the stored plan already holds exactly what is being saved (fields, calendar, lists)."""
    campos = [
        f.attname for f in PlanMonitoreo._meta.concrete_fields if f.name not in ("actualizado", "version")
    ]
    if any(getattr(actual, c) != getattr(plan, c) for c in campos):
        return False
    if set(actual.celdas.values_list("etapa", "grado", "mes")) != set(celdas):
        return False
    for nombre, filas in listas.items():
        _modelo, columnas = LISTAS[nombre]
        enviadas = [tuple(fila.get(c) for c in columnas) for fila in filas]
        if enviadas != list(getattr(actual, nombre).values_list(*columnas)):
            return False
    return True


def plan_copiar(*, plan: PlanMonitoreo, usuario: Usuario) -> PlanMonitoreo:
    """Copy the plan into the next year, to edit from there: its text, activities, approaches,
    objectives and calendar (the same months of the new year). Visits are not copied.

    Refused (ValidationError) when the school already has its plan of that year."""
    if not tiene_permiso(usuario, "monitoreo.escribir_plan", plan):
        raise PermissionDenied(_("Solo el director de la institución copia su plan."))
    anio = plan.anio + 1
    with en_orden():
        Institucion.objects.select_for_update().filter(pk=plan.institucion_id).first()
        if PlanMonitoreo.objects.filter(institucion_id=plan.institucion_id, anio=anio).exists():
            raise ValidationError(
                _("Tu institución ya tiene su plan de %(anio)d: ábrelo y edítalo en vez de copiar este.")
                % {"anio": anio},
                code="ya_existe",
            )
        copia = PlanMonitoreo.objects.get(pk=plan.pk)
        copia.pk = None
        copia.anio = anio
        copia.version = 1
        copia.full_clean()
        with historial.accion(copia, "copiar", usuario=usuario):
            copia.save()
            Celda.objects.bulk_create(
                Celda(plan=copia, etapa=c.etapa, grado=c.grado, mes=c.mes) for c in plan.celdas.all()
            )
            for nombre, (modelo, campos) in LISTAS.items():
                modelo.objects.bulk_create(
                    modelo(plan=copia, orden=fila.orden, **{c: getattr(fila, c) for c in campos})
                    for fila in getattr(plan, nombre).all()
                )
    return copia
