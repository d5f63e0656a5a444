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
from monitoreo.models import MODALIDADES_ESCUELA, RUBRICAS, Celda, Nivel, PlanMonitoreo, Visita
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
    hoy = timezone.localdate()
    anio = entero(parametros.get("anio"))
    filtros = Filtros(anio=anio if anio and 2000 <= anio <= 2100 else hoy.year)
    if (dre := entero(parametros.get("dre"))) is not None:
        filtros.dre = Dre.objects.visible_to(user).filter(pk=dre).first()
    if (ugel := entero(parametros.get("ugel"))) is not None:
        filtros.ugel = ugel_visible(user).filter(pk=ugel).select_related("dre").first()
    if parametros.get("plan") in ("con", "sin"):
        filtros.plan = parametros["plan"]
    return filtros


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


def filas(instituciones: list[Institucion]) -> list[Fila]:
    """The coverage rows of these schools (annotated by alcance_filtrado): two queries for any number."""
    resultado = [Fila(i, i.plan_id, promedios=[None] * len(RUBRICAS)) for i in instituciones]
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
        .annotate(
            n=Count("pk"),
            ultima=Max("fecha"),
            **{f"p{n}": Avg(campo) for n, (campo, _nombre) in enumerate(RUBRICAS)},
            **{f"n{n}": Count(campo) for n, (campo, _nombre) in enumerate(RUBRICAS)},
        )
    )
    sumas: dict[int, list[list[float]]] = {}
    for v in visitas:
        fila = por_plan[v["plan"]]
        fila.etapas.setdefault(v["etapa"], [0, 0, 0])[2] = v["n"]
        fila.visitas += v["n"]
        fila.ultima = max(filter(None, [fila.ultima, v["ultima"]]), default=None)
        # The average over the plan: weighted by the observations of each stage.
        acumulado = sumas.setdefault(v["plan"], [[0.0, 0] for _r in RUBRICAS])
        for n in range(len(RUBRICAS)):
            if v[f"n{n}"]:
                acumulado[n][0] += float(v[f"p{n}"]) * v[f"n{n}"]
                acumulado[n][1] += v[f"n{n}"]
    for plan_id, acumulado in sumas.items():
        por_plan[plan_id].promedios = [round(s / n, 2) if n else None for s, n in acumulado]
    return resultado


def niveles(qs: QuerySet[Institucion], anio: int) -> list[dict]:
    """Across the schools: how many observations at each level I–IV for each rubric (one query)."""
    conteo = Visita.objects.filter(plan__anio=anio, plan__institucion__in=qs.values("pk")).aggregate(
        **{
            f"{campo}_{nivel}": Count("pk", filter=Q(**{campo: nivel}))
            for campo, _nombre in RUBRICAS
            for nivel in NIVELES
        }
    )
    resultado = []
    for n, (campo, nombre) in enumerate(RUBRICAS, start=1):
        cuentas = [conteo[f"{campo}_{nivel}"] for nivel in NIVELES]
        total = sum(cuentas)
        resultado.append(
            {
                "numero": n,
                "nombre": nombre,
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
    filas_ = filas(list(pagina.object_list))
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
            "niveles": niveles(qs, filtros.anio),
            "ugeles": list(ugeles)
            if alcance.nacional or alcance.dre_ids or len(alcance.ugel_ids) > 1
            else [],
            "dres": list(Dre.objects.all()) if alcance.nacional else [],
            "anios": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
            "parametros": filtros.como_parametros(),
        },
    )
