"""Monitoring plans: the list in the user's scope and one plan with its calendar, progress and visits."""

import hashlib
import secrets
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comun import versiones
from comun.texto import busqueda, entero
from cuentas.permisos import obtener_para_escribir, obtener_para_leer, permiso_requerido, tiene_permiso
from monitoreo import services
from monitoreo.avance import PREFETCH, avance
from monitoreo.forms import EdicionPlan, VisitaForm
from monitoreo.models import MESES, POR_UGEL, RUBRICAS, PlanMonitoreo, Visita, escuelas_propias
from monitoreo.pagina_plan import calendario_html, grafico_html
from territorio.models import POR_UGEL as TERRITORIO_POR_UGEL
from territorio.models import Institucion


@login_required
def planes(request: HttpRequest) -> HttpResponse:
    """Every plan of the institutions the user may see: a director's own, a UGEL's or DRE's schools."""
    filtros = {"q": busqueda(request)}
    qs = (
        PlanMonitoreo.objects.visible_to(request.user)
        .select_related("institucion__ugel__dre")
        .annotate(n_visitas=Count("visitas"))
        .order_by("-anio", "institucion__nombre", "pk")
    )
    if filtros["q"]:
        qs = qs.filter(
            Q(institucion__nombre__unaccent__icontains=filtros["q"])
            | Q(institucion__codigo_modular__startswith=filtros["q"])
        )
    pagina = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    propias = escuelas_propias(request.user)
    return render(
        request, "monitoreo/planes.html", {"pagina": pagina, "filtros": filtros, "propias": propias}
    )


PREFETCH_CUERPO = ("actividades", "enfoques", "objetivos", "etapas_del_plan", *PREFETCH)


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan as its document reads, with planned versus done per stage; 404 out of scope.

    The page's content (the plan's data, progress, calendar, visits, text: eight queries and all
    of the drawing) is kept in the cache under its UGEL's change numbers (comun.versiones: its
    territory's, its monitoring's, the rubrics'), read in the query that checks the scope, and the
    name of its region (which has no number): a kept page costs that one query, a few columns,
    not the plan with its school, UGEL, DRE and region built by the ORM. The month (what is pending
    this month), the language and whether the user may register visits are in the key too; the
    CSRF field of the copy form is put in at each request, never kept."""
    institucion_id, ugel_id, region, numeros = obtener_para_leer(
        request,
        PlanMonitoreo.objects.annotate(numeros=RawSQL(_NUMEROS_DEL_PLAN, ())).values_list(
            "institucion_id", "institucion__ugel_id", "institucion__ugel__dre__region__nombre", "numeros"
        ),
        pk=pk,
    )
    puede_registrar = tiene_permiso(
        request.user, "monitoreo.escribir_plan", PlanMonitoreo(pk=pk, institucion_id=institucion_id)
    )
    hoy = timezone.localdate()
    partes_de_la_clave = (pk, ugel_id, numeros, region, get_language(), hoy.year, hoy.month, puede_registrar)
    clave = "plan:" + hashlib.sha256(repr(partes_de_la_clave).encode()).hexdigest()
    guardado = cache.get(clave)
    if guardado is None:
        guardado = _contenido_del_plan(request, pk, hoy, puede_registrar)
        cache.set(clave, guardado, None)
    titulo, partes = guardado
    # Drawn by the template (escaped there); the CSRF field only where the template put one.
    contenido = mark_safe(get_token(request).join(partes) if len(partes) > 1 else partes[0])  # noqa: S308
    return render(request, "monitoreo/plan.html", {"titulo": titulo, "contenido": contenido})


# The plan's three change numbers (its UGEL's territory and monitoring, the rubrics) as one text,
# read in the row of the plan's query (its school joined as territorio_institucion).
_NUMEROS_DEL_PLAN = "{} || '.' || {} || '.' || {}".format(
    versiones.sql(TERRITORIO_POR_UGEL, '"territorio_institucion"."ugel_id"'),
    versiones.sql(POR_UGEL, '"territorio_institucion"."ugel_id"'),
    versiones.sql(RUBRICAS, "0"),
)


def _contenido_del_plan(request: HttpRequest, pk: int, hoy, puede_registrar: bool) -> tuple[str, list[str]]:
    """(the page's title, its content split where the CSRF field goes): read after the numbers
    that key it, so it is never older than they are."""
    plan = get_object_or_404(PlanMonitoreo.objects.select_related("institucion__ugel__dre__region"), pk=pk)
    marca = secrets.token_hex(16)  # where the CSRF field goes; no text of the plan can hold it
    html = render_to_string(
        "monitoreo/_plan_contenido.html",
        {
            "plan": plan,
            "cuerpo": _cuerpo_del_plan(request, plan, hoy, puede_registrar),
            "puede_registrar": puede_registrar,
            "csrf_token": marca,
        },
        request=request,
    )
    return f"{plan.titulo} {plan.anio}", html.split(marca)


def _cuerpo_del_plan(request: HttpRequest, plan: PlanMonitoreo, hoy, puede_registrar: bool) -> str:
    prefetch_related_objects([plan], *PREFETCH_CUERPO)
    progreso = avance(plan, hoy)
    for docente in progreso["docentes"]:
        docente["svg"] = grafico_html(docente)
    return render_to_string(
        "monitoreo/_plan_cuerpo.html",
        {
            "plan": plan,
            "avance": progreso,
            "calendario_html": calendario_html(plan.calendario_con_visitas()),
            "rubricas": [r.nombre for r in plan.rubricas()],
            "puede_registrar": puede_registrar,
        },
        request=request,
    )


def _planes() -> QuerySet[PlanMonitoreo]:
    """What the writing pages read of a plan (scoped by obtener_para_escribir)."""
    return PlanMonitoreo.objects.select_related("institucion").prefetch_related("etapas_del_plan", "celdas")


def _a_la_visita(visita: Visita) -> HttpResponse:
    """The page a visit's form lands on: the plan, at its visits."""
    return redirect(f"{reverse('monitoreo:plan', args=[visita.plan_id])}#visita-{visita.pk}")


def _planes_con_listas() -> QuerySet[PlanMonitoreo]:
    """What the plan editor and the copy read: the plan with its calendar and its three lists."""
    return _planes().prefetch_related("actividades", "enfoques", "objetivos")


@login_required
def visita_nueva(request: HttpRequest, pk: int) -> HttpResponse:
    """The director records a classroom visit; the same form sent twice records one."""
    # 404 out of scope; 403 unless the user directs the school (the UGEL and DRE read).
    plan = obtener_para_escribir(request, _planes(), "monitoreo.escribir_plan", pk=pk)
    form = VisitaForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST":
        token = form["token"].data
        hecha = Visita.objects.filter(plan=plan, token=token).first() if _es_uuid(token) else None
        if hecha is not None:  # a double click, or the form sent again after a timeout
            messages.info(request, _("Esa visita ya estaba registrada: no se duplicó."))
            return _a_la_visita(hecha)
        if form.is_valid():
            try:
                visita = services.visita_registrar(plan=plan, usuario=request.user, datos=form.datos())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Visita registrada."))
                return _a_la_visita(visita)
    return render(request, "monitoreo/visita_form.html", {"plan": plan, "form": form})


def _visita(request: HttpRequest, pk: int, visita_pk: int) -> tuple[PlanMonitoreo, Visita]:
    """A visit its director changes: 404 out of scope or not of the plan, 403 to the readers."""
    plan = obtener_para_escribir(request, _planes(), "monitoreo.escribir_plan", pk=pk)
    visita = get_object_or_404(
        Visita.objects.select_related("profesor").prefetch_related("observaciones"), plan=plan, pk=visita_pk
    )
    visita.plan = plan
    return plan, visita


@login_required
def visita_editar(request: HttpRequest, pk: int, visita_pk: int) -> HttpResponse:
    """The director corrects a visit: the same form as a new one, filled in."""
    plan, visita = _visita(request, pk, visita_pk)
    form = VisitaForm(request.POST if request.method == "POST" else None, instance=visita, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.visita_editar(visita=visita, usuario=request.user, datos=form.datos())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Visita corregida."))
            return _a_la_visita(visita)
    return render(request, "monitoreo/visita_form.html", {"plan": plan, "form": form, "visita": visita})


@login_required
def visita_eliminar(request: HttpRequest, pk: int, visita_pk: int) -> HttpResponse:
    """The director deletes a visit, after a confirmation page; it leaves the progress."""
    plan, visita = _visita(request, pk, visita_pk)
    if request.method == "POST":
        services.visita_eliminar(visita=visita, usuario=request.user)
        messages.success(request, _("Visita eliminada: ya no cuenta en el avance."))
        return redirect(f"{reverse('monitoreo:plan', args=[plan.pk])}#t-visitas")
    return render(request, "monitoreo/visita_eliminar.html", {"plan": plan, "visita": visita})


def _es_uuid(valor) -> bool:
    try:
        uuid.UUID(str(valor))
    except ValueError:
        return False
    return True


@permiso_requerido("monitoreo.escribir_plan")
def plan_nuevo(request: HttpRequest) -> HttpResponse:
    """A director starts their school's plan (?institucion= when they direct more than one)."""
    elegida = entero(request.GET.get("institucion"))
    if elegida is None:
        institucion = escuelas_propias(request.user)[0]
    else:
        institucion = obtener_para_leer(request, Institucion, pk=elegida)
    plan = PlanMonitoreo(institucion=institucion)
    if not tiene_permiso(request.user, "monitoreo.escribir_plan", plan):
        raise PermissionDenied  # a school in scope that the user does not direct
    return _editar_plan(request, plan, institucion)


@login_required
def plan_editar(request: HttpRequest, pk: int) -> HttpResponse:
    """The director edits the plan and its calendar."""
    plan = obtener_para_escribir(request, _planes_con_listas(), "monitoreo.escribir_plan", pk=pk)
    return _editar_plan(request, plan, plan.institucion)


@require_POST
@login_required
def plan_copiar(request: HttpRequest, pk: int) -> HttpResponse:
    """The director copies the plan into the next year in one step, then edits the copy."""
    plan = obtener_para_escribir(request, _planes_con_listas(), "monitoreo.escribir_plan", pk=pk)
    try:
        copia = services.plan_copiar(plan=plan, usuario=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoreo:plan", plan.pk)
    messages.success(
        request,
        _("Copiaste el plan de %(de)d en %(a)d: revísalo y ajústalo a este año.")
        % {"de": plan.anio, "a": copia.anio},
    )
    return redirect("monitoreo:plan_editar", copia.pk)


def _editar_plan(request: HttpRequest, plan: PlanMonitoreo, institucion: Institucion) -> HttpResponse:
    titulo_guardado = f"{plan.titulo} {plan.anio}" if plan.pk else ""
    edicion = EdicionPlan(
        request.POST if request.method == "POST" else None, plan=plan, institucion=institucion
    )
    form = edicion.form
    conflicto = None
    if request.method == "POST" and edicion.is_valid():
        try:
            plan = services.plan_guardar(
                plan=form.save(commit=False),
                usuario=request.user,
                celdas=form.marcadas,
                version=form.cleaned_data.get("version"),
                listas=edicion.filas(),
                etapas=edicion.filas_etapas(),
            )
        except services.ConflictoVersion as error:
            conflicto = error.plan
        except ValidationError as error:  # e.g. the same year saved meanwhile from another tab
            form.add_error(None, error)
        else:
            messages.success(request, _("Plan guardado."))
            return redirect("monitoreo:plan", plan.pk)
    contexto = {
        "form": form,
        "edicion": edicion,
        "listas": edicion.listas,
        "etapas": edicion.etapas,
        "calendario": edicion.calendario(),
        "plan": plan,
        "institucion": institucion,
        "meses": MESES,
        "conflicto": conflicto,
        "titulo_guardado": titulo_guardado,
    }
    return render(request, "monitoreo/plan_form.html", contexto, status=409 if conflicto else 200)
