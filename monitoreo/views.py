"""Monitoring plans: the list in the user's scope and one plan with its calendar, progress and visits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from config.utils import busqueda
from monitoreo import services
from monitoreo.forms import VisitaForm
from monitoreo.models import MESES, RUBRICAS, PlanMonitoreo


@login_required
def planes(request):
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
    return render(request, "monitoreo/planes.html", {"pagina": pagina, "filtros": filtros})


@login_required
def plan(request, pk):
    """One plan as its document reads, with planned versus done per stage; 404 out of scope."""
    plan = get_object_or_404(
        PlanMonitoreo.objects.visible_to(request.user)
        .select_related("institucion__ugel__dre__region")
        .prefetch_related("actividades", "celdas", "visitas"),
        pk=pk,
    )
    return render(
        request,
        "monitoreo/plan.html",
        {
            "plan": plan,
            "meses": MESES,
            "calendario": plan.calendario(),
            "avance": plan.avance(),
            "rubricas": [nombre for _campo, nombre in RUBRICAS],
            "puede_registrar": services.puede_registrar(request.user, plan),
        },
    )


@login_required
def visita_nueva(request, pk):
    """The director records a classroom visit; the UGEL and DRE, who only read, get 403."""
    plan = get_object_or_404(
        PlanMonitoreo.objects.visible_to(request.user)
        .select_related("institucion")
        .prefetch_related("celdas"),
        pk=pk,
    )
    if not services.puede_registrar(request.user, plan):
        raise PermissionDenied
    form = VisitaForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        services.visita_registrar(plan=plan, usuario=request.user, datos=form.datos())
        messages.success(request, _("Visita registrada."))
        return redirect("monitoreo:plan", plan.pk)
    return render(request, "monitoreo/visita_form.html", {"plan": plan, "form": form})
