from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from comun.texto import busqueda, entero
from territorio.alcance import obtener_para_leer
from territorio.models import Institucion, Modalidad, Ugel


@login_required
def instituciones(request: HttpRequest) -> HttpResponse:
    """Every institution in the user's scope, filterable by UGEL, modality and name or code."""
    qs = Institucion.objects.visible_to(request.user).con_territorio()
    ugeles = Ugel.objects.visible_to(request.user).select_related("dre")
    filtros = {
        "q": busqueda(request),
        "ugel": request.GET.get("ugel", ""),
        "modalidad": request.GET.get("modalidad", ""),
    }
    if filtros["q"]:
        qs = qs.filter(Q(nombre__icontains=filtros["q"]) | Q(codigo_modular__startswith=filtros["q"]))
    if (ugel_id := entero(filtros["ugel"])) is not None:
        qs = qs.filter(ugel_id=ugel_id)
    if filtros["modalidad"] in Modalidad.values:
        qs = qs.filter(modalidad=filtros["modalidad"])
    pagina = Paginator(qs.order_by("ugel__nombre", "nombre"), 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "territorio/instituciones.html",
        {
            "pagina": pagina,
            "ugeles": ugeles,
            "modalidades": Modalidad.choices,
            "filtros": filtros,
        },
    )


@login_required
def institucion(request: HttpRequest, codigo_modular: str) -> HttpResponse:
    """One institution; 404 when it is outside the user's scope."""
    obj = obtener_para_leer(request, Institucion.objects.con_territorio(), codigo_modular=codigo_modular)
    directores = obj.asignaciones.select_related("usuario").order_by("usuario__last_name")
    return render(request, "territorio/institucion.html", {"institucion": obj, "directores": directores})
