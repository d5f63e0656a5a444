"""The UGEL's (and the DRE's) view of monitoring across its schools: which have a plan in a year, the
calendar cells planned versus those done per stage, the last visit, and the rubric levels observed.

Every figure is aggregated in SQL, a fixed number of queries whatever the number of schools; the page
and the coverage XLSX (exports_cobertura) read the same rows. The page keeps its figures and its rows'
HTML in Django's cache, keyed by the version of its scope (``version``: the change numbers,
comun.versiones, that PostgreSQL raises per UGEL in the transaction of every change: its
territory's and its monitoring's), the scope itself, the filters, the page
and the language.
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from comun import versiones
from comun.texto import entero
from monitoreo.models import (
    MODALIDADES_ESCUELA,
    POR_UGEL,
    RUBRICAS,
    Nivel,
    Observacion,
    PlanMonitoreo,
    Rubrica,
)
from territorio.alcance import como_alcance
from territorio.models import POR_UGEL as TERRITORIO_POR_UGEL
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
    """The specialist's home: this year's schools with and without a plan, and the link. A scope of
    whole UGELs sums each UGEL's figures the coverage page keeps (``_por_ugel``, under the numbers of
    ``version_del_pedido``): one query of numbers, not a count of 20,000 schools, on each visit."""
    if not puede_ver(request.user):
        return None
    anio = timezone.localdate().year
    alcance = como_alcance(request.user)
    if alcance.institucion_ids and not alcance.nacional:
        # A specialist who also directs a school elsewhere: their scope is not whole UGELs.
        totales = conteos(escuelas(request.user), anio)
    else:
        versiones = version_del_pedido(request)
        suma = _sumar(
            _por_ugel("conteos", anio, versiones, list(versiones.ugeles), _conteos_por_ugel(anio)).values()
        )
        totales = {"total": suma.get("total", 0), "con_plan": suma.get("con_plan", 0)}
        totales["sin_plan"] = totales["total"] - totales["con_plan"]
    return {"anio": anio, "totales": totales} if totales["total"] else None  # no schools: nothing to say


def escuelas(user) -> QuerySet[Institucion]:
    """The schools in the user's scope that write a monitoring plan."""
    return Institucion.objects.visible_to(user).filter(modalidad__in=MODALIDADES_ESCUELA)


def leer_filtros(user, parametros, por_defecto=None) -> Filtros:
    """The filters from a query string, each checked against the user's scope (ignored outside it).
    Without a year, ``por_defecto()`` (``anio_por_defecto(user)`` unless given)."""
    anio = entero(parametros.get("anio"))
    if not (anio and 2000 <= anio <= 2100):
        anio = por_defecto() if por_defecto else anio_por_defecto(user)
    filtros = Filtros(anio=anio)
    if (dre := entero(parametros.get("dre"))) is not None:
        filtros.dre = Dre.objects.visible_to(user).filter(pk=dre).first()
    if (ugel := entero(parametros.get("ugel"))) is not None:
        filtros.ugel = ugel_visible(user).filter(pk=ugel).select_related("dre").first()
    if parametros.get("plan") in ("con", "sin"):
        filtros.plan = parametros["plan"]
    return filtros


def anio_por_defecto(user) -> int:
    """The year the page opens on: this one when some school in scope has its plan of this year,
    else the latest year with plans in scope (this one when there are none). One query when this
    year has plans, two when not."""
    hoy = timezone.localdate().year
    planes = PlanMonitoreo.objects.filter(institucion__in=escuelas(user)).order_by()
    # A plan of this year stops the search at the first one found; only without one are the
    # years of every plan in scope read for the latest.
    if planes.filter(anio=hoy).exists():
        return hoy
    ultimo = planes.aggregate(ultimo=Max("anio"))["ultimo"]
    return hoy if ultimo is None else ultimo


def ugel_visible(user) -> QuerySet[Ugel]:
    return Ugel.objects.visible_to(user)


def ugeles_de(alcance, dre: Dre | None) -> QuerySet[Ugel]:
    """The UGEL filter's choices, with their DRE's name: a specialist's by their UGEL and DRE ids
    (no join through the institutions, and no DISTINCT over them, as ``visible_to`` needs for a
    director's); the same set as ``ugel_visible``."""
    if alcance.institucion_ids and not alcance.nacional:
        ugeles = ugel_visible(alcance)
    elif alcance.nacional:
        ugeles = Ugel.objects.all()
    else:
        ugeles = Ugel.objects.filter(Q(pk__in=alcance.ugel_ids) | Q(dre_id__in=alcance.dre_ids))
    if dre:
        ugeles = ugeles.filter(dre=dre)
    return ugeles.select_related("dre").only("nombre", "dre__nombre")


def alcance_filtrado(user, filtros: Filtros) -> QuerySet[Institucion]:
    """The schools the filters leave, each with the pk of its plan of the year (or None)."""
    qs = escuelas(user).annotate(
        # Without the plans' default order (by school name): a probe of the index, no join.
        plan_id=Subquery(
            PlanMonitoreo.objects.filter(institucion=OuterRef("pk"), anio=filtros.anio)
            .order_by()
            .values("pk")[:1]
        )
    )
    if filtros.dre:
        qs = qs.filter(ugel__dre=filtros.dre)
    if filtros.ugel:
        qs = qs.filter(ugel=filtros.ugel)
    return qs


def con_plan(anio: int) -> Q:
    """A school with its plan of ``anio``: one hashed list of the year's planned schools, probed
    by each school, instead of a subquery run for each of 20,000 schools."""
    return Q(pk__in=PlanMonitoreo.objects.filter(anio=anio).order_by().values("institucion_id"))


def con_filtro_plan(qs: QuerySet[Institucion], filtros: Filtros) -> QuerySet[Institucion]:
    if filtros.plan == "con":
        return qs.filter(con_plan(filtros.anio))
    if filtros.plan == "sin":
        return qs.exclude(con_plan(filtros.anio))
    return qs


def conteos(qs: QuerySet[Institucion], anio: int) -> dict[str, int]:
    """Schools, with and without their plan of ``anio`` (one query), before the with/without
    filter."""
    totales = qs.aggregate(total=Count("pk"), con_plan=Count("pk", filter=con_plan(anio)))
    return {**totales, "sin_plan": totales["total"] - totales["con_plan"]}


def rubricas_de(anio: int) -> list[Rubrica]:
    """The rubrics of the year, in their order (one query): the columns of the averages and levels."""
    return list(Rubrica.objects.del_anio(anio))


# A planned cell is done when a visit of its stage and grade falls in its month. The visits of
# the page's plans only: PostgreSQL answers this EXISTS with one hashed list of the visits it may
# match, which without the plans' list held every visit of the country.
CELDAS = """\
SELECT c.plan_id, c.etapa, count(*) AS "planeadas",
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM monitoreo_visita v
           WHERE v.plan_id = ANY(%(planes)s) AND v.plan_id = c.plan_id AND v.etapa = c.etapa
             AND v.grado = c.grado AND EXTRACT(MONTH FROM v.fecha) = c.mes
       )) AS "hechas"
FROM monitoreo_celda c WHERE c.plan_id = ANY(%(planes)s) GROUP BY c.plan_id, c.etapa"""
VISITAS = """\
SELECT plan_id, etapa, count(*), max(fecha) FROM monitoreo_visita
WHERE plan_id = ANY(%(planes)s) GROUP BY plan_id, etapa"""
PROMEDIOS = """\
SELECT v.plan_id, o.rubrica_id, avg(o.nivel)
FROM monitoreo_observacion o JOIN monitoreo_visita v ON v.id = o.visita_id
WHERE v.plan_id = ANY(%(planes)s) AND o.rubrica_id = ANY(%(rubricas)s) GROUP BY v.plan_id, o.rubrica_id"""


def filas(instituciones: list[Institucion], rubricas: list[Rubrica]) -> list[Fila]:
    """The coverage rows of these schools (annotated by alcance_filtrado), with the average level of
    each of the year's ``rubricas``: three queries for any number of schools."""
    return con_cifras([Fila(i, i.plan_id, promedios=[None] * len(rubricas)) for i in instituciones], rubricas)


def con_cifras(resultado: list[Fila], rubricas: list[Rubrica]) -> list[Fila]:
    """The rows filled with their plans' figures: three queries, each of the plans' ids passed as one
    array (the ORM's ``__in`` prepared each of a page's ids, for each query, in Python)."""
    por_plan = {f.plan_id: f for f in resultado if f.plan_id}
    if not por_plan:
        return resultado
    parametros = {"planes": list(por_plan), "rubricas": [r.pk for r in rubricas]}
    with connection.cursor() as cursor:
        cursor.execute(CELDAS, parametros)
        for plan, etapa, planeadas, hechas in cursor.fetchall():
            por_plan[plan].etapas.setdefault(etapa, [0, 0, 0])[:2] = [planeadas, hechas]
        cursor.execute(VISITAS, parametros)
        for plan, etapa, n, ultima in cursor.fetchall():
            fila = por_plan[plan]
            fila.etapas.setdefault(etapa, [0, 0, 0])[2] = n
            fila.visitas += n
            fila.ultima = max(filter(None, [fila.ultima, ultima]), default=None)
        posicion = {r.pk: n for n, r in enumerate(rubricas)}
        cursor.execute(PROMEDIOS, parametros)
        for plan, rubrica, promedio in cursor.fetchall():
            por_plan[plan].promedios[posicion[rubrica]] = round(float(promedio), 2)
    return resultado


def contar_niveles(qs: QuerySet[Institucion], anio: int, rubricas: list[Rubrica]) -> dict:
    """(rubric pk, level) → observations of the year in these schools (one query). For a national
    specialist that is every observation of the year (400,000 at national size): the page keeps
    it with its other figures (see version)."""
    consulta = (
        Observacion.objects.filter(
            visita__plan__anio=anio, visita__plan__institucion__in=qs.values("pk"), rubrica__in=rubricas
        )
        .values("rubrica", "nivel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(c["rubrica"], c["nivel"]): c["n"] for c in consulta}


def niveles(
    qs: QuerySet[Institucion], anio: int, rubricas: list[Rubrica], conteo: dict | None = None
) -> list[dict]:
    """Across the schools: how many observations at each level I–IV for each of the year's rubrics
    (one query, none when ``conteo`` is given)."""
    if conteo is None:
        conteo = contar_niveles(qs, anio, rubricas)
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
                    (nivel, str(Nivel(nivel).label), c, round(100 * c / total) if total else 0)
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


def titulo_celda() -> str:
    """A cell's title, translated once for the page."""
    return _("%(hechas)s de %(planeadas)s celdas planificadas con visita; %(visitas)s visitas")


def _fecha(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else "—"


def filas_html(filas_: list[Fila], etapas: list[int], con_ugel: bool) -> SafeString:
    """The table's rows in one pass: one format string per row and per cell, its labels translated
    and the plan's URL reversed once for the page (100 rows × the stages through template tags
    were most of the page's rendering). Every value from the database is escaped."""
    url_plan = reverse("monitoreo:plan", args=[MARCA_PK]).replace(str(MARCA_PK), "{}")
    ver_plan = f'<a href="{url_plan}">{escape(_("Ver plan"))}</a>'
    sin_plan = f'<span class="badge text-bg-light border">{escape(_("Sin plan"))}</span>'
    fila_ = (
        '<tr><th scope="row" class="fw-normal">{} <span class="small text-body-secondary font-monospace">'
        '{}</span>{}</th><td data-label="' + escape(_("Plan")) + '">{}</td>{}'
        '<td class="text-end" data-label="' + escape(_("Visitas")) + '">{}</td>'
        '<td class="text-nowrap" data-label="' + escape(_("Última visita")) + '">{}</td></tr>'
    )
    titulo = titulo_celda()
    con_cifras = {
        e: '<td class="text-end text-nowrap" data-label="'
        + escape(_("Etapa %(n)s") % {"n": e})
        + '"><span title="{}">{}/{}</span></td>'
        for e in etapas
    }
    vacia = {
        e: '<td class="text-end text-nowrap" data-label="'
        + escape(_("Etapa %(n)s") % {"n": e})
        + '"><span class="text-body-secondary">—</span></td>'
        for e in etapas
    }
    partes = []
    for f in filas_:
        i = f.institucion
        celdas = []
        for e, planeadas, hechas, visitas in f.por_etapa(etapas):
            if planeadas or visitas:
                cifras = {"hechas": hechas, "planeadas": planeadas, "visitas": visitas}
                celdas.append(con_cifras[e].format(escape(titulo % cifras), hechas, planeadas))
            else:
                celdas.append(vacia[e])
        partes.append(
            fila_.format(
                escape(i.nombre),
                escape(i.codigo_modular),
                f'<br><span class="small text-body-secondary">{escape(i.ugel)}</span>' if con_ugel else "",
                ver_plan.format(f.plan_id) if f.plan_id else sin_plan,
                "".join(celdas),
                f.visitas,
                _fecha(f.ultima),
            )
        )
    return mark_safe("\n".join(partes))  # noqa: S308 - built above from escaped values


def niveles_html(niveles_: list[dict]) -> SafeString:
    """The levels table's rows in one pass, as the template drew them (its 5 × rubrics numbers and
    labels through template tags were most of a kept page's drawing): the level and total labels
    translated once, the rubric's name escaped; the counts are integers, drawn as the template
    drew them (no thousands separator)."""
    etiquetas = {}
    total = escape(_("Total"))
    partes = []
    for r in niveles_:
        celdas = []
        for nivel, etiqueta, cuantas, porcentaje in r["niveles"]:
            if nivel not in etiquetas:
                etiquetas[nivel] = escape(_("Nivel %(etiqueta)s") % {"etiqueta": escape(etiqueta)})
            cifra = (
                f' <span class="small text-body-secondary d-none d-md-inline">({porcentaje} %)</span>'
                if r["total"]
                else ""
            )
            celdas.append(
                f'<td class="text-end text-nowrap" data-label="{etiquetas[nivel]}">{cuantas}{cifra}</td>'
            )
        partes.append(
            "\n      <tr>\n        "
            f'<th scope="row" class="fw-normal small">R{r["numero"]}. {escape(r["nombre"])}</th>\n        '
            + "".join(celdas)
            + f'\n        <td class="text-end" data-label="{total}">{r["total"]}</td>\n      </tr>\n    '
        )
    return mark_safe("".join(partes))  # noqa: S308 - built above from escaped values


def opciones_html(opciones, elegida) -> SafeString:
    """A select's options (pk, text) in one pass, the chosen one selected; the text escaped."""
    return mark_safe(  # noqa: S308 - escaped here
        "".join(
            f'<option value="{pk}"{" selected" if pk == elegida else ""}>{escape(texto)}</option>'
            for pk, texto in opciones
        )
    )


MARCA_PK = 987654321  # a pk no URL has: replaced by each row's


@contextmanager
def sin_jit():
    """The page's queries without PostgreSQL's JIT compiler, inside one transaction (``SET LOCAL``:
    nothing leaks to the connection's next request). The cells' query over 100 plans runs in a
    millisecond, but its estimated cost (a subplan priced for every visit it might probe) passes
    JIT's thresholds, and compiling it took 800 ms."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


@login_required
def cobertura(request: HttpRequest) -> HttpResponse:
    """Monitoring coverage across the specialist's schools in a year; 404 for anyone else."""
    if not puede_ver(request.user):
        raise Http404
    return _cobertura(request)


@dataclass(frozen=True)
class Versiones:
    """The change numbers (comun.versiones) of the UGELs whose schools a scope may list, each with
    its DRE, and of the rubrics. A UGEL's number is a pair: its territory's ("territorio.ugel")
    and its monitoring's ("monitoreo.ugel"), 0 before their first change."""

    ugeles: dict[int, tuple[tuple[int, int], int]]  # UGEL → ((territory, monitoring), its DRE)
    rubricas: int

    @property
    def clave(self) -> tuple:
        return (self.rubricas, sorted(self.ugeles.items()))


def version(alcance) -> Versiones:
    """The scope's change numbers (one query; all the UGELs for a national user). Read before the
    figures they key."""
    sql = (
        "SELECT u.id, coalesce(t.numero, 0), coalesce(m.numero, 0), u.dre_id FROM territorio_ugel u"
        + versiones.junta("t", TERRITORIO_POR_UGEL, "u.id")
        + versiones.junta("m", POR_UGEL, "u.id")
    )
    parametros = []
    if not alcance.nacional:
        # Only the parts the scope has (planning the subquery of the institutions for a specialist
        # who directs none was a sixth of this statement's cost).
        partes = [
            (condicion, sorted(ids))
            for condicion, ids in (
                ("u.id = ANY(%s)", alcance.ugel_ids),
                ("u.dre_id = ANY(%s)", alcance.dre_ids),
                (
                    "u.id IN (SELECT ugel_id FROM territorio_institucion WHERE id = ANY(%s))",
                    alcance.institucion_ids,
                ),
            )
            if ids
        ]
        sql += " WHERE " + (" OR ".join(condicion for condicion, _ids in partes) or "false")
        parametros = [ids for _condicion, ids in partes]
    sql += f" UNION ALL SELECT 0, {versiones.sql(RUBRICAS, '0')}, 0, 0"
    with connection.cursor() as cursor:
        cursor.execute(sql, parametros)
        filas_ = cursor.fetchall()
    return Versiones(
        {u: ((t, m), d) for u, t, m, d in filas_ if u}, next(t for u, t, _m, _d in filas_ if u == 0)
    )


def version_del_pedido(request: HttpRequest) -> Versiones:
    """``version`` of the request's user, read once per request: the home's sections that key their
    figures by it (this app's and the institutions per UGEL) share one read."""
    versiones = getattr(request, "_versiones_cobertura", None)
    if versiones is None:
        versiones = request._versiones_cobertura = version(como_alcance(request.user))
    return versiones


def _por_ugel(tipo: str, anio: int, versiones: Versiones, ugeles: list[int], contar) -> dict[int, dict]:
    """Each UGEL's figures of one kind, each kept with the UGEL's own number (all the UGELs of a
    kind and year in one entry of the cache): after a change only its UGEL is counted again
    (``contar(ugeles)`` → UGEL → figures), not the whole DRE or country."""
    clave = _clave("por_ugel", tipo, anio, versiones.rubricas)
    guardadas = cache.get(clave) or {}
    faltan = [u for u in ugeles if guardadas.get(u, (None,))[0] != versiones.ugeles[u][0]]
    if faltan:
        contadas = contar(faltan)
        guardadas = {**guardadas, **{u: (versiones.ugeles[u][0], contadas.get(u, {})) for u in faltan}}
        cache.set(clave, guardadas, None)
    return {u: guardadas[u][1] for u in ugeles}


def _conteos_por_ugel(anio: int):
    def contar(ugeles: list[int]) -> dict[int, dict]:
        filas_ = (
            Institucion.objects.filter(ugel_id__in=ugeles, modalidad__in=MODALIDADES_ESCUELA)
            .values("ugel_id")
            .annotate(total=Count("pk"), con_plan=Count("pk", filter=con_plan(anio)))
            .order_by()
        )
        return {f["ugel_id"]: {"total": f["total"], "con_plan": f["con_plan"]} for f in filas_}

    return contar


def _niveles_por_ugel(anio: int, rubricas: list[Rubrica]):
    def contar(ugeles: list[int]) -> dict[int, dict]:
        filas_ = (
            Observacion.objects.filter(
                visita__plan__anio=anio,
                visita__plan__institucion__ugel_id__in=ugeles,
                visita__plan__institucion__modalidad__in=MODALIDADES_ESCUELA,
                rubrica__in=rubricas,
            )
            .values("visita__plan__institucion__ugel_id", "rubrica", "nivel")
            .annotate(n=Count("pk"))
            .order_by()
        )
        por_ugel: dict[int, dict] = {}
        for f in filas_:
            por_ugel.setdefault(f["visita__plan__institucion__ugel_id"], {})[f["rubrica"], f["nivel"]] = f[
                "n"
            ]
        return por_ugel

    return contar


def _anio_por_defecto(user, alcance, versiones: Versiones) -> int:
    """anio_por_defecto for a scope of whole UGELs, from this year's per-UGEL counts of schools with
    their plan (kept by _por_ugel under each UGEL's number, and the ones the page opening on this
    year counts anyway): no query while they are kept. A scope that is not whole UGELs, or a year
    with no plan yet, asks anio_por_defecto."""
    if not (alcance.institucion_ids and not alcance.nacional) and versiones.ugeles:
        hoy = timezone.localdate().year
        conteos_ = _por_ugel("conteos", hoy, versiones, list(versiones.ugeles), _conteos_por_ugel(hoy))
        if any(c.get("con_plan") for c in conteos_.values()):
            return hoy
    return anio_por_defecto(user)


def _en_filtro(versiones: Versiones, filtros: Filtros) -> list[int]:
    """The scope's UGELs the DRE and UGEL filters leave."""
    return [
        u
        for u, (_n, dre) in versiones.ugeles.items()
        if (not filtros.ugel or u == filtros.ugel.pk) and (not filtros.dre or dre == filtros.dre.pk)
    ]


def _cifras_por_ugel(anio: int, rubricas: list[Rubrica]):
    """Each plan's figures of the year (con_cifras: cells per stage, visits, last visit, average
    level per rubric) in each UGEL's schools, plan → (stages, visits, last, averages)."""

    def contar(ugeles: list[int]) -> dict[int, dict]:
        planes = PlanMonitoreo.objects.filter(
            anio=anio, institucion__ugel_id__in=ugeles, institucion__modalidad__in=MODALIDADES_ESCUELA
        ).values_list("pk", "institucion__ugel_id")
        filas_ = {pk: (ugel, Fila(None, pk, promedios=[None] * len(rubricas))) for pk, ugel in planes}
        con_cifras([fila for _u, fila in filas_.values()], rubricas)
        por_ugel: dict[int, dict] = {}
        for pk, (ugel, f) in filas_.items():
            por_ugel.setdefault(ugel, {})[pk] = (f.etapas, f.visitas, f.ultima, f.promedios)
        return por_ugel

    return contar


def cifras_del_libro(user, filtros: Filtros, qs: QuerySet[Institucion]):
    """The coverage workbook's figures: (the year's rubrics, its rows with their figures, the
    levels' counts), for the schools ``qs`` (alcance_filtrado with the plan filter). For a scope
    of whole UGELs they come from each UGEL's figures kept under its change numbers
    (``_por_ugel``; the levels are the ones the page keeps): after a change only its UGEL is
    counted again, not every visit and observation of a DRE or of the country. A scope that is
    not whole UGELs counts them directly, as the page does."""
    alcance = como_alcance(user)
    if alcance.institucion_ids and not alcance.nacional:
        rubricas = rubricas_de(filtros.anio)
        return rubricas, filas(list(ordenadas(qs)), rubricas), contar_niveles(qs, filtros.anio, rubricas)
    versiones = version(alcance)  # first: the figures read after it are at least as new
    rubricas = rubricas_de(filtros.anio)
    en_filtro = _en_filtro(versiones, filtros)
    cifras, conteo = {}, {}  # schools without their plan of the year have no figures
    with sin_jit():
        if filtros.plan != "sin":
            cifras = _sumar_dicts(
                _por_ugel(
                    "cifras", filtros.anio, versiones, en_filtro, _cifras_por_ugel(filtros.anio, rubricas)
                )
            )
            conteo = _sumar(
                _por_ugel(
                    "niveles", filtros.anio, versiones, en_filtro, _niveles_por_ugel(filtros.anio, rubricas)
                ).values()
            )
    resultado = []
    for institucion in ordenadas(qs):
        fila = Fila(institucion, institucion.plan_id, promedios=[None] * len(rubricas))
        if fila.plan_id in cifras:
            etapas, fila.visitas, fila.ultima, promedios = cifras[fila.plan_id]
            fila.etapas = {e: list(n) for e, n in etapas.items()}
            fila.promedios = list(promedios)
        resultado.append(fila)
    return rubricas, resultado, conteo


def _sumar_dicts(por_ugel: dict[int, dict]) -> dict:
    """Each UGEL's plan → figures, in one dict (a plan is in one UGEL)."""
    return {plan: cifras for cifras_ in por_ugel.values() for plan, cifras in cifras_.items()}


def _sumar(partes) -> dict:
    total: dict = {}
    for parte in partes:
        for clave, n in parte.items():
            total[clave] = total.get(clave, 0) + n
    return total


def _clave(*partes) -> str:
    return "cobertura:" + hashlib.sha256(repr(partes).encode()).hexdigest()


class Opcion(NamedTuple):
    pk: int
    nombre: str


class Escuela(NamedTuple):
    """What a kept row says of its school."""

    pk: int
    nombre: str
    codigo_modular: str
    ugel: str  # its UGEL's name


def _resumen(alcance, versiones: Versiones, filtros: Filtros, base, qs) -> dict:
    """The page's figures that do not depend on the page number: counts, rubrics and their levels,
    the UGEL and DRE choices."""
    rubricas = rubricas_de(filtros.anio)
    ugeles = []
    if alcance.nacional or alcance.dre_ids or len(alcance.ugel_ids) > 1:
        ugeles = list(ugeles_de(alcance, filtros.dre))
    dres = list(Dre.objects.values_list("pk", "nombre")) if alcance.nacional else []
    bloques = None
    if alcance.institucion_ids and not alcance.nacional:
        # A specialist who also directs a school elsewhere: their scope is not whole UGELs.
        totales = conteos(base, filtros.anio)
        nivel_contado = contar_niveles(qs, filtros.anio, rubricas)
    else:
        # Whole UGELs: the sums of each UGEL's kept figures (see _por_ugel).
        en_filtro = _en_filtro(versiones, filtros)
        por_ugel = _por_ugel("conteos", filtros.anio, versiones, en_filtro, _conteos_por_ugel(filtros.anio))
        suma = _sumar(por_ugel.values())
        bloques = _bloques(ugeles, en_filtro, por_ugel, filtros.plan)
        totales = {"total": suma.get("total", 0), "con_plan": suma.get("con_plan", 0)}
        totales["sin_plan"] = totales["total"] - totales["con_plan"]
        nivel_contado = {}  # schools without their plan have no observations of the year
        if filtros.plan != "sin":
            nivel_contado = _sumar(
                _por_ugel(
                    "niveles", filtros.anio, versiones, en_filtro, _niveles_por_ugel(filtros.anio, rubricas)
                ).values()
            )
    niveles_ = niveles(qs, filtros.anio, rubricas, nivel_contado)
    return {
        "totales": totales,
        "rubricas": rubricas,
        "niveles": niveles_,
        "niveles_html": niveles_html(niveles_),
        "ugeles": [Opcion(u.pk, u.nombre) for u in ugeles],
        "opciones_ugel": opciones_html(
            [(u.pk, f"{u.nombre} · {u.dre.nombre}" if dres else u.nombre) for u in ugeles],
            filtros.ugel.pk if filtros.ugel else None,
        ),
        "dres": dres,
        "opciones_dre": opciones_html(dres, filtros.dre.pk if filtros.dre else None),
        "bloques": bloques,
    }


def _bloques(ugeles: list[Ugel], en_filtro: list[int], por_ugel: dict[int, dict], plan: str):
    """The schools the filters leave in each UGEL, (UGEL, how many), in the rows' order (by the
    DRE's and the UGEL's names, as ``ugeles`` comes, each pair unique): which UGELs a page's rows
    come from. None when that order is not known here (the choices are not listed)."""
    if len(en_filtro) == 1:
        orden = en_filtro
    else:
        orden = [u.pk for u in ugeles if u.pk in por_ugel]
        if len(orden) != len(en_filtro):
            return None
    bloques = []
    for u in orden:
        cifras = por_ugel[u]
        total, con = cifras.get("total", 0), cifras.get("con_plan", 0)
        bloques.append((u, {"con": con, "sin": total - con}.get(plan, total)))
    return bloques


class Escuelas:
    """The filtered schools in the rows' order, for the Paginator: the query is built only when a
    page's rows are read (not when they are kept), and reads only the UGELs the page's rows come
    from (``bloques``): the schools of one or two UGELs sorted by name instead of a whole DRE's or
    the country's."""

    ordered = True

    def __init__(self, user, filtros: Filtros, bloques: list[tuple[int, int]] | None):
        self.user, self.filtros, self.bloques = user, filtros, bloques

    def __getitem__(self, corte: slice) -> QuerySet:
        """(pk, name, code, UGEL's name, plan of the year's pk) of the schools in ``corte``."""
        qs = ordenadas(con_filtro_plan(alcance_filtrado(self.user, self.filtros), self.filtros)).values_list(
            "pk", "nombre", "codigo_modular", "ugel__nombre", "plan_id"
        )
        if self.bloques is None:
            return qs[corte]
        ugeles, antes, n = [], 0, 0
        for ugel, cuantas in self.bloques:
            if cuantas and n + cuantas > corte.start and n < corte.stop:
                if not ugeles:
                    antes = n
                ugeles.append(ugel)
            n += cuantas
        return qs.filter(ugel_id__in=ugeles)[corte.start - antes : corte.stop - antes]


def _pagina(pagina, resumen: dict) -> dict:
    """One page's rows: the figures of its schools and their HTML."""
    n = len(resumen["rubricas"])
    filas_ = con_cifras(
        [Fila(Escuela(*escuela), plan, promedios=[None] * n) for *escuela, plan in pagina.object_list],
        resumen["rubricas"],
    )
    etapas = etapas_de(filas_)
    html = filas_html(filas_, etapas, bool(resumen["ugeles"]))
    return {"filas": [(f, f.por_etapa(etapas)) for f in filas_], "filas_html": html, "etapas": etapas}


def _cobertura(request: HttpRequest) -> HttpResponse:
    """The figures are kept in the cache under the scope's version (see version), the user's scope,
    the filters and the language, and each page's content drawn, under those, today's year (the
    year choices) and its number: a second look at the same page between changes reads one row of
    numbers and one string, instead of counting thousands of schools again and drawing them."""
    alcance = como_alcance(request.user)
    versiones = version(alcance)  # first: the figures read after it are at least as new
    filtros = leer_filtros(
        request.user, request.GET, lambda: _anio_por_defecto(request.user, alcance, versiones)
    )
    clave = (
        versiones.clave,
        get_language(),
        alcance.nacional,
        sorted(alcance.dre_ids),
        sorted(alcance.ugel_ids),
        sorted(alcance.institucion_ids),
        filtros.anio,
        filtros.dre.pk if filtros.dre else None,
        filtros.ugel.pk if filtros.ugel else None,
        filtros.plan,
    )
    hoy = timezone.localdate().year
    numero = _numero_pedido(request.GET.get("pagina"))
    contenido = cache.get(_clave(*clave, hoy, numero)) if numero else None
    if contenido is None:
        contenido = _contenido(request, versiones, filtros, clave, hoy)
    # Drawn by its template (escaped there): nothing in it depends on who asks beyond the key.
    contenido = mark_safe(contenido)  # noqa: S308
    return render(request, "monitoreo/cobertura.html", {"filtros": filtros, "contenido": contenido})


def _numero_pedido(pedida: str | None) -> int | None:
    """The page number ``Paginator.get_page`` will show for ``?pagina=``, where it is known before
    counting: 1 without one or for one that is not a number (as ``validate_number`` reads it);
    None below 1 (the last page). One past the end is looked up and not found: a page is kept
    under the number it shows."""
    if pedida is None:
        return 1
    try:
        numero = int(pedida)
    except (TypeError, ValueError):
        return 1
    return numero if numero >= 1 else None


def _contenido(request: HttpRequest, versiones: Versiones, filtros: Filtros, clave: tuple, hoy: int) -> str:
    """The page's content drawn, and kept under its number: the figures kept per scope and
    filters (``_resumen``) and one page of rows, read after the numbers in ``clave``."""
    alcance = como_alcance(request.user)
    resumen = cache.get(_clave(*clave))
    if resumen is None:
        base = alcance_filtrado(request.user, filtros)
        with sin_jit():
            resumen = _resumen(alcance, versiones, filtros, base, con_filtro_plan(base, filtros))
        cache.set(_clave(*clave), resumen, None)
    totales = resumen["totales"]
    paginador = Paginator(Escuelas(request.user, filtros, resumen["bloques"]), POR_PAGINA)
    # How many the with/without filter leaves is in the totals already: no COUNT of the schools.
    paginador.count = {"con": totales["con_plan"], "sin": totales["sin_plan"]}.get(
        filtros.plan, totales["total"]
    )
    pagina = paginador.get_page(request.GET.get("pagina"))  # its rows are read only when not kept
    contenido = cache.get(_clave(*clave, hoy, pagina.number))  # e.g. asked as one past the end
    if contenido is None:
        with sin_jit():
            filas_ = _pagina(pagina, resumen)
        anios = sorted({filtros.anio, *range(hoy - 5, hoy + 2)}, reverse=True)
        contenido = render_to_string(
            "monitoreo/_cobertura_contenido.html",
            {
                **resumen,
                **filas_,
                "filtros": filtros,
                "pagina": pagina,
                "opciones_anio": opciones_html(((a, str(a)) for a in anios), filtros.anio),
                "parametros": filtros.como_parametros(),
            },
            request=request,
        )
        cache.set(_clave(*clave, hoy, pagina.number), contenido, None)
    return contenido
