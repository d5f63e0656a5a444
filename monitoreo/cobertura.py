"""The UGEL's (and the DRE's) view of monitoring across its schools: which have a plan in a year, the
calendar cells planned versus those done per stage, the last visit, and the rubric levels observed.

Every figure is aggregated in SQL, a fixed number of queries whatever the number of schools; the page
and the coverage XLSX (exports_cobertura) read the same rows.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from comun.texto import entero
from monitoreo.models import MODALIDADES_ESCUELA, Celda, Nivel, Observacion, PlanMonitoreo, Rubrica, Visita
from territorio.alcance import como_alcance
from territorio.models import Dre, Institucion, Ugel

NIVELES = Nivel.values  # 1..4
POR_PAGINA = 100


@dataclass
class Filtros:
    anio: int
    dre: Dre | None = None
    ugel: Ugel | None = None
    plan: str = ""  # "con", "sin" or "" (all)

    def como_parametros(self) -> dict[str, str]:
        """The options as the exporter takes them."""
        return {
            "anio": str(self.anio),
            "dre": str(self.dre.pk) if self.dre else "",
            "ugel": str(self.ugel.pk) if self.ugel else "",
            "plan": self.plan,
        }


@dataclass
class Fila:
    """One school's coverage in the year."""

    institucion: Institucion
    plan_id: int | None
    # stage → [planned cells, cells with a visit, visits]
    etapas: dict[int, list[int]] = field(default_factory=dict)
    visitas: int = 0
    ultima: date | None = None
    promedios: list[float | None] = field(default_factory=list)  # per rubric, 1–4

    @property
    def planeadas(self) -> int:
        return sum(e[0] for e in self.etapas.values())

    @property
    def hechas(self) -> int:
        return sum(e[1] for e in self.etapas.values())

    def por_etapa(self, etapas: list[int]) -> list[tuple[int, int, int, int]]:
        """(stage, planned cells, cells done, visits) for each stage asked for."""
        return [(e, *self.etapas.get(e, [0, 0, 0])) for e in etapas]


def puede_ver(user) -> bool:
    """The UGEL and DRE specialists, and the Administrador (national): not directors, not DIFOCA."""
    return user.is_authenticated and como_alcance(user).especialista


def en_inicio(request: HttpRequest) -> dict | None:
    """The specialist's home: this year's schools with and without a plan (one query), and the link."""
    if not puede_ver(request.user):
        return None
    anio = timezone.localdate().year
    totales = conteos(alcance_filtrado(request.user, Filtros(anio=anio)))
    return {"anio": anio, "totales": totales} if totales["total"] else None  # no schools: nothing to say


def escuelas(user) -> QuerySet[Institucion]:
    """The schools in the user's scope that write a monitoring plan."""
    return Institucion.objects.visible_to(user).filter(modalidad__in=MODALIDADES_ESCUELA)


def leer_filtros(user, parametros) -> Filtros:
    """The filters from a query string, each checked against the user's scope (ignored outside it)."""
    anio = entero(parametros.get("anio"))
    filtros = Filtros(anio=anio if anio and 2000 <= anio <= 2100 else anio_por_defecto(user))
    if (dre := entero(parametros.get("dre"))) is not None:
        filtros.dre = Dre.objects.visible_to(user).filter(pk=dre).first()
    if (ugel := entero(parametros.get("ugel"))) is not None:
        filtros.ugel = ugel_visible(user).filter(pk=ugel).select_related("dre").first()
    if parametros.get("plan") in ("con", "sin"):
        filtros.plan = parametros["plan"]
    return filtros


def anio_por_defecto(user) -> int:
    """The year the page opens on: this one when some school in scope has its plan of this year,
    else the latest year with plans in scope (this one when there are none). One query."""
    hoy = timezone.localdate().year
    planes = PlanMonitoreo.objects.filter(institucion__in=escuelas(user)).aggregate(
        este=Count("pk", filter=Q(anio=hoy)), ultimo=Max("anio")
    )
    return hoy if planes["este"] or planes["ultimo"] is None else planes["ultimo"]


def ugel_visible(user) -> QuerySet[Ugel]:
    return Ugel.objects.visible_to(user)


def alcance_filtrado(user, filtros: Filtros) -> QuerySet[Institucion]:
    """The schools the filters leave, each with the pk of its plan of the year (or None)."""
    qs = escuelas(user).annotate(
        plan_id=Subquery(
            PlanMonitoreo.objects.filter(institucion=OuterRef("pk"), anio=filtros.anio).values("pk")[:1]
        )
    )
    if filtros.dre:
        qs = qs.filter(ugel__dre=filtros.dre)
    if filtros.ugel:
        qs = qs.filter(ugel=filtros.ugel)
    return qs


def con_filtro_plan(qs: QuerySet[Institucion], filtros: Filtros) -> QuerySet[Institucion]:
    if filtros.plan == "con":
        return qs.filter(plan_id__isnull=False)
    if filtros.plan == "sin":
        return qs.filter(plan_id__isnull=True)
    return qs


def conteos(qs: QuerySet[Institucion]) -> dict[str, int]:
    """Schools, with and without a plan (one query), before the with/without filter."""
    totales = qs.aggregate(total=Count("pk"), con_plan=Count("pk", filter=Q(plan_id__isnull=False)))
    return {**totales, "sin_plan": totales["total"] - totales["con_plan"]}


def rubricas_de(anio: int) -> list[Rubrica]:
    """The rubrics of the year, in their order (one query): the columns of the averages and levels."""
    return list(Rubrica.objects.del_anio(anio))


def filas(instituciones: list[Institucion], rubricas: list[Rubrica]) -> list[Fila]:
    """The coverage rows of these schools (annotated by alcance_filtrado), with the average level of
    each of the year's ``rubricas``: three queries for any number of schools."""
    resultado = [Fila(i, i.plan_id, promedios=[None] * len(rubricas)) for i in instituciones]
    por_plan = {f.plan_id: f for f in resultado if f.plan_id}
    if not por_plan:
        return resultado
    # A planned cell is done when a visit of its stage and grade falls in its month.
    visitada = Visita.objects.annotate(mes=ExtractMonth("fecha")).filter(
        plan=OuterRef("plan"), etapa=OuterRef("etapa"), grado=OuterRef("grado"), mes=OuterRef("mes")
    )
    celdas = (
        Celda.objects.filter(plan__in=por_plan)
        .annotate(visitada=Exists(visitada))
        .values("plan", "etapa")
        .annotate(planeadas=Count("pk"), hechas=Count("pk", filter=Q(visitada=True)))
    )
    for c in celdas:
        por_plan[c["plan"]].etapas.setdefault(c["etapa"], [0, 0, 0])[:2] = [c["planeadas"], c["hechas"]]
    visitas = (
        Visita.objects.filter(plan__in=por_plan)
        .values("plan", "etapa")
        .annotate(n=Count("pk"), ultima=Max("fecha"))
    )
    for v in visitas:
        fila = por_plan[v["plan"]]
        fila.etapas.setdefault(v["etapa"], [0, 0, 0])[2] = v["n"]
        fila.visitas += v["n"]
        fila.ultima = max(filter(None, [fila.ultima, v["ultima"]]), default=None)
    posicion = {r.pk: n for n, r in enumerate(rubricas)}
    promedios = (
        Observacion.objects.filter(visita__plan__in=por_plan, rubrica__in=rubricas)
        .values("visita__plan", "rubrica")
        .annotate(promedio=Avg("nivel"))
    )
    for p in promedios:
        por_plan[p["visita__plan"]].promedios[posicion[p["rubrica"]]] = round(float(p["promedio"]), 2)
    return resultado


def niveles(qs: QuerySet[Institucion], anio: int, rubricas: list[Rubrica]) -> list[dict]:
    """Across the schools: how many observations at each level I–IV for each of the year's rubrics
    (one query)."""
    conteo = {
        (c["rubrica"], c["nivel"]): c["n"]
        for c in Observacion.objects.filter(
            visita__plan__anio=anio, visita__plan__institucion__in=qs.values("pk"), rubrica__in=rubricas
        )
        .values("rubrica", "nivel")
        .annotate(n=Count("pk"))
    }
    resultado = []
    for n, rubrica in enumerate(rubricas, start=1):
        cuentas = [conteo.get((rubrica.pk, nivel), 0) for nivel in NIVELES]
        total = sum(cuentas)
        resultado.append(
            {
                "numero": n,
                "nombre": rubrica.nombre,
                "total": total,
                "niveles": [
                    (nivel, Nivel(nivel).label, c, round(100 * c / total) if total else 0)
                    for nivel, c in zip(NIVELES, cuentas, strict=True)
                ],
            }
        )
    return resultado


def etapas_de(filas_: list[Fila]) -> list[int]:
    """The stages any row has, or the first one when none has any."""
    return sorted({e for f in filas_ for e in f.etapas}) or [1]


def ordenadas(qs: QuerySet[Institucion]) -> QuerySet[Institucion]:
    return qs.select_related("ugel__dre").order_by("ugel__dre__nombre", "ugel__nombre", "nombre", "pk")


@login_required
def cobertura(request: HttpRequest) -> HttpResponse:
    """Monitoring coverage across the specialist's schools in a year; 404 for anyone else."""
    if not puede_ver(request.user):
        raise Http404
    filtros = leer_filtros(request.user, request.GET)
    base = alcance_filtrado(request.user, filtros)
    totales = conteos(base)
    qs = con_filtro_plan(base, filtros)
    pagina = Paginator(ordenadas(qs), POR_PAGINA).get_page(request.GET.get("pagina"))
    rubricas = rubricas_de(filtros.anio)
    filas_ = filas(list(pagina.object_list), rubricas)
    etapas = etapas_de(filas_)
    alcance = como_alcance(request.user)
    ugeles = ugel_visible(request.user).select_related("dre")
    if filtros.dre:
        ugeles = ugeles.filter(dre=filtros.dre)
    return render(
        request,
        "monitoreo/cobertura.html",
        {
            "filtros": filtros,
            "totales": totales,
            "pagina": pagina,
            "filas": [(f, f.por_etapa(etapas)) for f in filas_],
            "etapas": etapas,
            "niveles": niveles(qs, filtros.anio, rubricas),
            "ugeles": list(ugeles)
            if alcance.nacional or alcance.dre_ids or len(alcance.ugel_ids) > 1
            else [],
            "dres": list(Dre.objects.all()) if alcance.nacional else [],
            "anios": sorted(
                {filtros.anio, *range(timezone.localdate().year - 5, timezone.localdate().year + 2)},
                reverse=True,
            ),
            "parametros": filtros.como_parametros(),
        },
    )
