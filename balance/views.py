import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape as escapar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.contrib.postgres.fields import ArrayField
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import localize
from django.utils.html import format_html_join, json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

import historial
from balance import autoguardado, cambios, paginas, plantilla, services
from balance import forms as forms_balance
from balance.forms import (
    AbrirCampanaForm,
    CampanaEdicionForm,
    CampanaForm,
    EdicionMatriz,
    ErrorDeCampo,
    ReabrirForm,
    RevisionForm,
    SubirPlantillaForm,
    marcar,
    valores_de,
)
from balance.graficos import con_nonce, dibujados, graficos_del_balance, sin_nonce
from balance.models import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    AVANCE_POR_UGEL,
    CAMBIOS_CATEGORIAS,
    NOTA_LOGROS,
    Campana,
    EnvioDeMatriz,
    Estado,
    Lineamiento,
    Matriz,
    ObservacionDeRonda,
    Situacion,
    seguimiento_de,
)
from balance.permisos import ugeles_gestionables
from comun import versiones
from comun.templatetags.iconos import svg
from comun.texto import busqueda, entero
from cuentas.alcance import alcance_de
from cuentas.permisos import obtener_para_escribir, obtener_para_leer, permiso_requerido, tiene_permiso
from territorio.models import POR_UGEL, Dre, Institucion, Modalidad, Ugel, numeros_del_alcance

_TERRITORIO = ("campana__ugel", "campana__dre", "institucion__ugel__dre")
# What the director's page and the autosave read with the matrix: each join more costs the ORM
# about 0.2 ms to build, on the pages requested most.
_EDICION = ("campana", "institucion")


def _matrices(*, pagina: bool = False, relaciones: tuple[str, ...] = _TERRITORIO) -> QuerySet[Matriz]:
    """What a matrix page reads (scoped by obtener_para_leer / obtener_para_escribir): the matrix
    with `relaciones` and its content; `pagina`: the previous balance and the difficulty categories
    in the same query as the content (the edit and detail pages show them)."""
    return Matriz.objects.select_related(*relaciones).con_contenido_junto(pagina=pagina)


def _mensaje(error: ValidationError) -> str:
    return " ".join(error.messages)


def _rechazo(error: Exception) -> dict:
    """What a refused save (autosave or the page's save) shows: the newer version it met and how many
    fields clashed, or the rule it broke."""
    if isinstance(error, services.ConflictoVersion):
        fusion = getattr(error, "fusion", None)
        return {"conflicto": error.actual, "choques": len(fusion and fusion.choques or ())}
    return {"error": _mensaje(error)}


@login_required
def inicio(request: HttpRequest) -> HttpResponse:
    """Balance home: a director's matrices, and the campaigns a specialist follows."""
    user = request.user
    matrices = (
        Matriz.objects.visible_to(user)
        .filter(institucion_id__in=request.alcance.institucion_ids)
        .select_related("campana", "institucion")
        .order_by("-campana__anio", "institucion__nombre")
    )
    campanas = (
        Campana.objects.visible_to(user)
        .select_related("ugel", "dre")
        .annotate(
            total=Count("matrices", filter=Q(matrices__in=Matriz.objects.visible_to(user))),
            enviadas=Count(
                "matrices",
                filter=Q(matrices__estado=Estado.ENVIADA, matrices__in=Matriz.objects.visible_to(user)),
            ),
            con_matrices=Exists(Matriz.objects.filter(campana=OuterRef("pk"))),
        )
        if request.alcance.especialista
        else Campana.objects.none()
    )
    return render(
        request,
        "balance/inicio.html",
        {
            "matrices": matrices,
            "campanas": campanas,
            "puede_crear": tiene_permiso(user, "balance.gestionar_campana"),
            "dres": _dres_con_tablero(request),
        },
    )


def _dres_con_tablero(request: HttpRequest) -> QuerySet[Dre]:
    """The DREs whose board the user reads (balance.ver_tablero_dre): their own, or all for national
    users (who choose one)."""
    if not tiene_permiso(request.user, "balance.ver_tablero_dre"):
        return Dre.objects.none()
    if request.alcance.nacional:
        return Dre.objects.order_by("nombre")
    return Dre.objects.filter(pk__in=request.alcance.dre_ids).order_by("nombre")


# --- the DRE board --------------------------------------------------------------------------------

# The board's columns: the campaign board's situations, with the sent matrices whose review the UGEL
# has opened (Matriz.revision_abierta_en) apart from those still waiting for it.
EN_REVISION = "en_revision"
COLUMNAS_DRE = [
    (Situacion.SIN_INICIAR, Situacion.SIN_INICIAR.label),
    (Situacion.BORRADOR, Situacion.BORRADOR.label),
    (Situacion.ENVIADA, _("Enviada, sin abrir")),
    (EN_REVISION, _("En revisión")),
    (Situacion.OBSERVADA, Situacion.OBSERVADA.label),
    (Situacion.APROBADA, Situacion.APROBADA.label),
]


@dataclass
class FilaDre:
    """One UGEL on the DRE board: its campaigns of the year and its matrices per state."""

    ugel: Ugel
    campanas: list[Campana] = field(default_factory=list)
    conteos: dict[str, int] = field(default_factory=dict)
    avance_total: int = 0  # sum of the matrices' progress, for the average

    @property
    def total(self) -> int:
        return sum(self.conteos.values())

    @property
    def celdas(self) -> list[tuple[str, str, int]]:
        return [(valor, etiqueta, self.conteos.get(valor, 0)) for valor, etiqueta in COLUMNAS_DRE]

    @property
    def avance(self) -> int | None:
        return round(self.avance_total / self.total) if self.total else None


def _dre_de(request: HttpRequest, pk: int) -> Dre:
    """The DRE whose board the user may read: 404 outside the scope, and 404 too for a UGEL
    specialist or a director inside it (their board is their campaign's)."""
    dre = obtener_para_leer(request, Dre, pk=pk)
    if not tiene_permiso(request.user, "balance.ver_tablero_dre", dre):
        raise Http404
    return dre


@login_required
def dre_elegir(request: HttpRequest) -> HttpResponse:
    """/balance/dre/?dre=<pk>[&anio=<año>]: the chosen DRE's board; with no DRE chosen, the user's
    own (a DRE specialist's), the latest year with campaigns."""
    if not tiene_permiso(request.user, "balance.ver_tablero_dre"):
        raise Http404
    pk = entero(request.GET.get("dre"))
    if pk is None:
        propias = sorted(request.alcance.dre_ids)
        if not propias:
            messages.info(request, _("Elige una DRE para ver su tablero."))
            return redirect("balance:inicio")
        pk = propias[0]
    dre = _dre_de(request, pk)
    anio = entero(request.GET.get("anio"))
    if anio is None:
        anio = (
            Campana.objects.visible_to(request.user)
            .filter(Q(ugel__dre=dre) | Q(dre=dre))
            .order_by("-anio")
            .values_list("anio", flat=True)
            .first()
        ) or timezone.localdate().year
    return redirect("balance:dre_tablero", dre.pk, anio)


# The DRE board's key, read in one statement: the DRE in the viewer's scope (its row), the territory
# numbers of the viewer's UGELs, the DRE's campaigns in the scope, every year (each one's row, change
# numbers and whether it has matrices: what the rows, the totals and the years' links show of them),
# and the numbers of the DRE's UGELs: AVANCE_POR_UGEL (their matrices' situations, opened reviews and
# progress) and territorio's (their names, their schools). Compiled once per scope and DRE.
_CONSULTAS_DRE: dict[tuple, tuple[str, list] | None] = {}


def _clave_dre(request: HttpRequest, pk: int) -> tuple:
    """The key's row of the DRE board of ``pk`` (see _CONSULTAS_DRE), or 404 outside the scope."""
    alcance = alcance_de(request.user)  # the value itself, not the request's lazy object

    def armar():
        dre_qs = (
            Dre.objects.visible_to(request.user)
            .filter(pk=pk)
            .annotate(numeros=numeros_del_alcance(alcance))
            .order_by()
            .values_list("id", "nombre", "numeros")
        )
        campanas_qs = (
            Campana.objects.visible_to(request.user)
            .con_modificaciones()
            .filter(Q(ugel__dre_id=pk) | Q(dre_id=pk))
            .annotate(con_matrices=CON_MATRICES)
            .order_by()
            .values_list(*_CAMPOS_CAMPANA, "modificaciones", "con_matrices")
        )
        try:
            dre_sql, dre_parametros = dre_qs.query.sql_with_params()
        except EmptyResultSet:  # a scope that sees no DRE
            consulta = None
        else:
            try:
                campanas_sql, campanas_parametros = campanas_qs.query.sql_with_params()
                campanas = f"(SELECT json_agg(c ORDER BY c.id) FROM ({campanas_sql}) c)"
            except EmptyResultSet:
                campanas, campanas_parametros = "NULL", ()
            ugeles = "SELECT u.id FROM territorio_ugel u WHERE u.dre_id = %s"
            consulta = (
                f"SELECT d.*, {campanas}, {versiones.lista_sql(AVANCE_POR_UGEL, ugeles)},"
                f" {versiones.lista_sql(POR_UGEL, ugeles)},"
                # the charts' category names (an Administrador renames them)
                f" {versiones.sql(CAMBIOS_CATEGORIAS, '0')} FROM ({dre_sql}) d",
                [*campanas_parametros, pk, pk, *dre_parametros],
            )
        return consulta

    return _fila_de(_CONSULTAS_DRE, (alcance, pk), armar)


def _fila_de(consultas: dict, memo: tuple, armar) -> tuple:
    """The one row of the statement ``armar()`` compiles (SQL text and parameters, or None when the
    scope sees nothing), compiled once per ``memo`` (a scope and an id: the statement is a pure
    function of both, it holds no data) in ``consultas``; 404 when there is no statement or no row."""
    consulta = consultas.get(memo, False)
    if consulta is False:
        if len(consultas) > 2000:
            consultas.clear()
        consulta = consultas[memo] = armar()
    if consulta is None:
        raise Http404
    with connection.cursor() as cursor:
        cursor.execute(*consulta)
        fila = cursor.fetchone()
    if fila is None:
        raise Http404
    return fila


@login_required
def dre_tablero(request: HttpRequest, pk: int, anio: int) -> HttpResponse:
    """The DRE across its UGELs for a year: per UGEL its campaign, the matrices per state, the average
    progress and the days left; each UGEL leads to its campaign's board; the year's charts.

    The content is kept in the cache under the key's row (_clave_dre: the DRE, its campaigns with
    their numbers, its UGELs' numbers, the viewer's UGELs' numbers), the viewer's scope, the year,
    the language and the day: a request reads that row and puts the charts' nonce in. Drawing it
    (_contenido_dre) takes four more queries, whatever the number of UGELs and matrices."""
    if not tiene_permiso(request.user, "balance.ver_tablero_dre"):
        raise Http404
    fila = _clave_dre(request, pk)
    if not tiene_permiso(request.user, "balance.ver_tablero_dre", Dre(pk=pk)):  # the rule reads the pk
        raise Http404
    if not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        raise Http404
    partes = (fila, _clave_alcance(request), anio, get_language(), timezone.localdate())
    llave = "balance:tablero_dre:" + hashlib.sha256(repr(partes).encode()).hexdigest()
    contenido = cache.get(llave)
    if contenido is None:
        contenido = _contenido_dre(request, pk, anio)
        cache.set(llave, contenido)  # the default timeout only frees memory: the key is the data
    return render(
        request,
        "balance/dre_tablero.html",
        {"dre": {"nombre": fila[1]}, "anio": anio, "contenido": con_nonce(request, contenido)},
    )


def _contenido_dre(request: HttpRequest, pk: int, anio: int) -> str:
    """The DRE board's content drawn (see dre_tablero), read after the numbers that key it. Four
    queries (the DRE, the two of _datos_dre, the charts' category names)."""
    dre = _dre_de(request, pk)
    user = request.user
    campanas, todas, ugeles, conteos = _datos_dre(user, dre, anio)
    filas = {pk: FilaDre(Ugel(pk=pk, nombre=nombre, dre_id=dre.pk)) for pk, nombre in ugeles}
    de_la_dre = [c for c in campanas if c.dre_id]
    for c in campanas:
        # A DRE-wide campaign covers every UGEL: it appears on each row, its board filtered by UGEL.
        for fila in [filas[c.ugel_id]] if c.ugel_id in filas else filas.values() if c.dre_id else []:
            fila.campanas.append(c)

    def matrices() -> QuerySet[Matriz]:
        # What the charts count, built only when counted (graficos_del_balance).
        return Matriz.objects.visible_to_unida(user).filter(
            campana__in=[c.pk for c in campanas], institucion__ugel__dre=dre
        )

    for ugel_id, situacion, abierta, n, avance in conteos:
        fila = filas[ugel_id]
        columna = EN_REVISION if situacion == Situacion.ENVIADA and abierta else situacion
        fila.conteos[columna] = fila.conteos.get(columna, 0) + n
        fila.avance_total += avance or 0
    # The rows drawn here in one pass (one format string per row: no template node, include or URL
    # lookup per row at 220 UGEL), each campaign's state and deadline drawn once.
    filas_html = _filas_dre(campanas, filas.values())
    total = FilaDre(Ugel(nombre=_("Total")))
    for fila in filas.values():
        for valor, n in fila.conteos.items():
            total.conteos[valor] = total.conteos.get(valor, 0) + n
        total.avance_total += fila.avance_total
    anios = {c.anio for c in todas} | {timezone.localdate().year, anio}
    # The same charts as a campaign's board, over the whole DRE (two aggregate queries).
    graficos = (
        graficos_del_balance(
            matrices,
            clave=(
                "dre",
                dre.pk,
                tuple((c.pk, c.modificaciones) for c in campanas),
                _clave_alcance(request),
                sum(total.conteos.values()),
            ),
        )
        if campanas
        else []
    )
    return render_to_string(
        "balance/_dre_tablero_contenido.html",
        {
            "dre": dre,
            "anio": anio,
            "anios": sorted(anios, reverse=True),
            "filas": filas_html,
            "total": total,
            "columnas": COLUMNAS_DRE,
            "situaciones": Situacion.choices,
            "campanas": campanas,
            "de_la_dre": de_la_dre,
            "hoy": timezone.localdate(),
            "graficos": graficos,
            "graficos_html": dibujados(sin_nonce, graficos),
        },
        request=request,
    )


# Whether a campaign has matrices, read with it: the subquery written once (not compiled again).
CON_MATRICES = RawSQL(
    f'EXISTS(SELECT 1 FROM "{Matriz._meta.db_table}" m'
    f' WHERE m."campana_id" = "{Campana._meta.db_table}"."id")',
    [],
    output_field=BooleanField(),
)

# The DRE board's campaigns as they are read (Campana's concrete fields, then the annotations).
_CAMPOS_CAMPANA = [f.attname for f in Campana._meta.concrete_fields]


def _datos_dre(user, dre: Dre, anio: int) -> tuple[list[Campana], list[Campana], list[tuple], list[tuple]]:
    """What the DRE board shows, in two statements: the DRE's campaigns of every year in the user's
    scope (the year's for the rows, the years of all of them for the links to the other years; with
    their change numbers and whether they have matrices) with the DRE's UGELs by name, as a CTE;
    then the year's matrices in the user's scope per UGEL, situation and opened review, with their
    progress summed, by the year's campaigns' ids (given as values, PostgreSQL estimates each
    campaign's matrices from its statistics and joins them to their institutions by hash; read
    from the CTE, it guessed a hundred and probed the institutions one by one). Each part compiled
    by the ORM, with the scope's conditions as everywhere else."""
    campanas_qs = (
        Campana.objects.visible_to(user)
        .con_modificaciones()
        .filter(Q(ugel__dre=dre) | Q(dre=dre))  # Campana.objects.de_dre(), every year
        .annotate(con_matrices=CON_MATRICES)
        .order_by()
        .values_list(*_CAMPOS_CAMPANA, "modificaciones", "con_matrices", "ugel__nombre")
    )
    campanas_sql, campanas_params = campanas_qs.query.sql_with_params()
    columnas = [*_CAMPOS_CAMPANA, "modificaciones", "con_matrices", "ugel_nombre"]
    vacias = ", ".join(["NULL"] * len(columnas))
    lista = ", ".join(f'c."{columna}"' for columna in columnas)
    nombres = ", ".join(f'"{columna}"' for columna in columnas)
    # The UGELs as JSON in the first row; then the campaigns, as the ORM ordered them before
    # (Ugel.nombre's collation, the DRE-wide ones last, then by pk).
    consulta = f"""WITH c ({nombres}) AS MATERIALIZED ({campanas_sql})
SELECT 0 AS parte, (
  SELECT json_agg(json_build_array(u.id, u.nombre) ORDER BY u.nombre)
  FROM "territorio_ugel" u WHERE u.dre_id = %s
), {vacias}
UNION ALL
SELECT 1, NULL, {lista} FROM c
ORDER BY 1, {len(columnas) + 2}, {_CAMPOS_CAMPANA.index("id") + 3}"""
    with connection.cursor() as cursor:
        cursor.execute(consulta, [*campanas_params, dre.pk])
        filas = cursor.fetchall()
    n = len(_CAMPOS_CAMPANA)
    todas = []
    for fila in filas[1:]:
        campana = Campana.from_db(connection.alias, _CAMPOS_CAMPANA, fila[2 : 2 + n])
        campana.modificaciones, campana.con_matrices = fila[2 + n], fila[3 + n]
        todas.append(campana)
    campanas = [c for c in todas if c.anio == anio]
    ugeles = [tuple(u) for u in filas[0][1] or []]
    if not campanas:
        return campanas, todas, ugeles, []
    conteos = list(
        Matriz.objects.visible_to_unida(user)
        .filter(campana__in=[c.pk for c in campanas], institucion__ugel__dre=dre)
        .con_situacion()
        .annotate(abierta=Q(revision_abierta_en__isnull=False))
        .values_list("institucion__ugel_id", "situacion", "abierta")
        .annotate(n=Count("id"), avance=Sum("progreso"))
        .order_by()
    )
    return campanas, todas, ugeles, conteos


FILA_DRE = """    <tr>
      <th scope="row" class="fw-semibold">{ugel}</th>
      <td data-label="{l_avance_promedio}">{avance}</td>
      <td class="small" data-label="{l_campana}"><div>
        {campanas}
      </div></td>
      <td class="text-end fw-semibold" data-label="{l_matrices}">{total}</td>
      {celdas}
    </tr>
"""
AVANCE_DRE = """<div class="progreso d-flex align-items-center gap-2" title="{titulo}">
  <div class="progress progreso-fino minw-4rem flex-grow-1" role="progressbar" aria-label="{l_avance}" aria-valuenow="{valor}" aria-valuemin="0" aria-valuemax="100">
    <div class="progress-bar ancho-{valor}{completa}"></div>
  </div>
  <span class="small text-body-secondary text-nowrap">{valor} %</span>
</div>"""  # noqa: E501 - balance/_progreso.html's markup


def _filas_dre(campanas: list[Campana], filas) -> SafeString:
    """The DRE board's rows as HTML: per UGEL its link, average progress, campaigns and counts. One
    str.format per piece (names and addresses escaped, labels translated and escaped once, numbers
    localized once per value): format_html per cell was most of the board's drawing."""
    tableros = {c.pk: reverse("balance:tablero", args=[c.pk]) for c in campanas}
    resumenes = {
        c.pk: render_to_string("balance/_campana_plazo.html", {"campana": c, "hoy": timezone.localdate()})
        for c in campanas
    }
    textos = {
        "l_avance_promedio": escapar(_("Avance promedio")),
        "l_campana": escapar(_("Campaña y plazo")),
        "l_matrices": escapar(_("Matrices")),
    }
    columnas = [(valor, escapar(str(etiqueta))) for valor, etiqueta in COLUMNAS_DRE]
    l_avance, l_campana_dre = escapar(_("Avance")), escapar(_("Campaña de la DRE"))
    completado = _("%(valor)s %% completado")
    sin_campana = '<span class="text-body-secondary">{}</span>'.format(escapar(_("sin campaña")))
    sin_avance = '<span class="text-body-secondary">—</span>'
    numeros: dict[int, str] = {}  # n → localized (escaped: a separator is text)

    def numero(n: int) -> str:
        if n not in numeros:
            numeros[n] = escapar(localize(n))
        return numeros[n]

    html = []
    for fila in filas:
        ugel_q = f"ugel={int(fila.ugel.pk)}"
        primera = fila.campanas[0] if fila.campanas else None
        if primera is None:
            ugel = escapar(fila.ugel.nombre)
        else:
            url = f"{tableros[primera.pk]}?{ugel_q}" if primera.dre_id else tableros[primera.pk]
            ugel = f'<a href="{escapar(url)}">{escapar(fila.ugel.nombre)}</a>'
        avance = (
            AVANCE_DRE.format(
                titulo=escapar(completado % {"valor": fila.avance}),
                l_avance=l_avance,
                valor=int(fila.avance),
                completa=" bg-success" if fila.avance == 100 else "",
            )
            if fila.avance is not None
            else sin_avance
        )
        campanas_html = (
            "".join(
                "<div>{}\n          {}</div>".format(
                    f'<a href="{escapar(tableros[c.pk])}?{ugel_q}">{l_campana_dre}</a>' if c.dre_id else "",
                    resumenes[c.pk],  # a template's output: escaped there
                )
                for c in fila.campanas
            )
            or sin_campana
        )
        una = len(fila.campanas) == 1
        celdas = []
        for valor, etiqueta in columnas:
            n = fila.conteos.get(valor, 0)
            texto = numero(n)
            if n and una:
                situacion = Situacion.ENVIADA if valor == EN_REVISION else valor
                url = f"{tableros[primera.pk]}?situacion={situacion}" + (
                    f"&{ugel_q}" if primera.dre_id else ""
                )
                texto = f'<a href="{escapar(url)}">{texto}</a>'
            celdas.append(
                '<td class="text-end{}" data-label="{}">{}</td>'.format(
                    "" if n else " text-body-secondary", etiqueta, texto
                )
            )
        html.append(
            FILA_DRE.format(
                ugel=ugel,
                avance=avance,
                campanas=campanas_html,
                total=numero(fila.total),
                celdas="".join(celdas),
                **textos,
            )
        )
    return mark_safe("".join(html))  # noqa: S308 - names, addresses and labels escaped above


def _clave_alcance(request: HttpRequest) -> tuple:
    """The user's scope as part of a cache key: the set of matrices a board counts depends on it."""
    alcance = request.alcance
    if alcance.nacional:
        return ("nacional",)
    return tuple(tuple(sorted(ids)) for ids in (alcance.dre_ids, alcance.ugel_ids, alcance.institucion_ids))


def tablero_dre_url(user, campana: Campana) -> str | None:
    """The DRE board a campaign's board links back to, when the user may read it."""
    dre_id = campana.ugel.dre_id if campana.ugel_id else campana.dre_id
    if not tiene_permiso(user, "balance.ver_tablero_dre", Dre(pk=dre_id)):  # the rule reads the pk
        return None
    return reverse("balance:dre_tablero", args=[dre_id, campana.anio])


# --- campaigns -----------------------------------------------------------------------------------


# The board's default order: what awaits the UGEL first (sent: to review; not started: to chase),
# then drafts, matrices back with their director, and the approved ones last.
PRIORIDAD_SITUACION = Case(
    When(estado=Estado.ENVIADA, then=Value(1)),
    When(estado=Estado.BORRADOR, editada_en__isnull=True, then=Value(2)),
    When(estado=Estado.BORRADOR, then=Value(3)),
    When(estado=Estado.OBSERVADA, then=Value(4)),
    default=Value(5),
)

# ?orden=: the board's sort options (value → label, ORDER BY), the first one the default.
ORDENES_TABLERO = {
    "estado": (_l("Estado (primero las por revisar)"), ("prioridad", "institucion__nombre")),
    "institucion": (_l("Institución (A–Z)"), ("institucion__nombre",)),
    "avance": (_l("Avance (menor primero)"), ("progreso", "institucion__nombre")),
    "cambio": (_l("Último cambio (reciente primero)"), ("-actualizada", "institucion__nombre")),
}


# The campaign's lineamientos' names in their order, read with it: the subquery written once (as an
# ArraySubquery of the ORM it was compiled again on every board, longer than PostgreSQL runs it).
NOMBRES_LINEAMIENTOS = RawSQL(
    f'ARRAY(SELECT l."nombre" FROM "{Lineamiento._meta.db_table}" l'
    f' WHERE l."campana_id" = "{Campana._meta.db_table}"."id" ORDER BY l."orden", l."id")',
    [],
    output_field=ArrayField(TextField()),
)


# What the campaign board's page is kept by, read with the campaign in one statement (besides the
# scope's condition): everything of the campaign the content shows, its change numbers
# (Campana.modificaciones: the situations of its matrices, its schools and UGELs) and the territory
# numbers of the viewer's UGELs.
CAMPOS_CLAVE_TABLERO = (
    "id",
    "anio",
    "titulo",
    "ugel_id",
    "dre_id",
    "fecha_limite",
    "abierta",
    "ugel__nombre",
    "ugel__dre_id",
    "dre__nombre",
    "modificaciones",
    "nombres_lineamientos",
    "numeros_del_alcance",
    "categorias",
)
# That statement compiled once per scope and campaign (the ORM's compile of the scope's conditions
# cost more than PostgreSQL's run): SQL text and parameters, a pure function of both, no data.
_CONSULTAS_CLAVE: dict[tuple, tuple[str, tuple] | None] = {}


def _clave_de_campana(request: HttpRequest, pk: int) -> tuple:
    """The campaign's row of CAMPOS_CLAVE_TABLERO in the user's scope (Campana.objects.visible_to,
    as obtener_para_leer applies it), or 404."""
    alcance = alcance_de(request.user)  # the value itself, not the request's lazy object

    def armar():
        qs = (
            Campana.objects.visible_to(request.user)
            .filter(pk=pk)
            .con_modificaciones()
            .annotate(
                nombres_lineamientos=NOMBRES_LINEAMIENTOS,
                numeros_del_alcance=numeros_del_alcance(alcance),
                categorias=NUMERO_CATEGORIAS,
            )
            .order_by()
            .values_list(*CAMPOS_CLAVE_TABLERO)
        )
        try:
            return qs.query.sql_with_params()
        except EmptyResultSet:  # a scope that sees no campaign
            return None

    return _fila_de(_CONSULTAS_CLAVE, (alcance, pk), armar)


NUMERO_CATEGORIAS = RawSQL(versiones.sql(CAMBIOS_CATEGORIAS, "0"), [], output_field=BigIntegerField())

# Where the page's rows go in the kept content: a comment, which no escaped text (a campaign's title,
# a lineamiento, a school's name) can hold; the CSRF field's mark only ever fills the viewer's own
# token in.
MARCA_FILAS = "<!--chasqui:filas-->"
MARCA_CSRF = "csrf8e27d4b1a6c05f93"


@dataclass
class ContenidoTablero:
    """The campaign board's content as kept: the page's title, the markup before and after its rows
    (with MARCA_CSRF and the charts' graficos.MARCA_NONCE), each row's markup before and after its
    progress and last change (by the matrix's pk), and whether it may be kept."""

    titulo: str
    antes: str
    despues: str
    filas: list[tuple[int, str, str]]
    textos: tuple[str, str, str]  # the progress's title format, the progress cell, the change cell
    guardable: bool = True


def _pagina_pedida(texto: str | None) -> int | None:
    """?pagina= as a kept page's key: absent is the first page; otherwise only a page number written
    as such (any other text reads as page 1 or the last one, drawn but not kept)."""
    if texto is None:
        return 1
    return (
        int(texto)
        if len(texto) <= 6 and texto.isascii() and texto.isdigit() and texto == str(int(texto))
        else None
    )


@login_required
def campana_tablero(request: HttpRequest, pk: int) -> HttpResponse:
    """Every institution of the campaign in the user's scope, with state, progress and deadline.
    The counts per state follow every other filter (UGEL, modalidad, search).

    The page's content is kept in the cache (_contenido_tablero) under the campaign's row as the
    first statement reads it (what the page shows of the campaign, its change numbers and the
    territory numbers of the viewer's UGELs), the viewer's scope (which also decides the
    permissions the page asks: to review, to manage the campaign or accounts, to read the DRE's
    board), the filters as written, the page, the language and the day: then a request reads that
    row, the page's rows' progress and last change by their ids, and draws only those. Kept only
    without a search, in the orders whose list only those numbers change (ORDENES_GUARDADAS), and
    for filters the page knows (no ?ugel= it does not have, no page past the end)."""
    fila = _clave_de_campana(request, pk)
    filtros = {
        "situacion": request.GET.get("situacion", ""),
        "ugel": request.GET.get("ugel", ""),
        "modalidad": request.GET.get("modalidad", ""),
        "q": busqueda(request),
        "orden": request.GET.get("orden", ""),
    }
    pedida = _pagina_pedida(request.GET.get("pagina"))
    guardable = (
        not filtros["q"]
        and filtros["orden"] in ("", *ORDENES_GUARDADAS)
        and filtros["situacion"] in ("", *Situacion.values)
        and filtros["modalidad"] in ("", *Modalidad.values)
        and (
            filtros["ugel"] == ""
            or (entero(filtros["ugel"]) is not None and str(entero(filtros["ugel"])) == filtros["ugel"])
        )
        and pedida is not None
    )
    llave = None
    contenido = None
    if guardable:
        partes = (fila, _clave_alcance(request), filtros, pedida, get_language(), timezone.localdate())
        llave = "balance:tablero_pagina:" + hashlib.sha256(repr(partes).encode()).hexdigest()
        contenido = cache.get(llave)
    if contenido is None:
        # Drawn now: its rows' progress and last change read with them.
        contenido, vivas = _contenido_tablero(request, pk, filtros, pedida)
        if llave is not None and contenido.guardable:
            cache.set(llave, contenido)  # the default timeout only frees memory: the key is the data
    else:
        vivas = _progresos_por_ids(pk, [fila_pk for fila_pk, _antes, _despues in contenido.filas])
    html = contenido.antes
    if MARCA_CSRF in html:
        html = html.replace(MARCA_CSRF, get_token(request))
    html = html + _filas_dibujadas(contenido, vivas) + con_nonce(request, contenido.despues)
    # Drawn by the templates (escaped there), the rows as _filas_tablero escapes them.
    return render(
        request,
        "balance/tablero.html",
        {"titulo": contenido.titulo, "contenido": mark_safe(html)},  # noqa: S308
    )


def _contenido_tablero(
    request: HttpRequest, pk: int, filtros: dict, pedida: int | None
) -> tuple[ContenidoTablero, dict[int, tuple[int, object]]]:
    """The board's content drawn (see campana_tablero), read after the campaign's numbers that
    key it: never older than they are; with its rows' progress and last change (pk → both)."""
    # The lineamientos' names come with the campaign: one statement less.
    campana = obtener_para_leer(
        request,
        Campana.objects.select_related("ugel", "dre")
        .con_modificaciones()
        .annotate(
            nombres_lineamientos=NOMBRES_LINEAMIENTOS,
            numeros_del_alcance=numeros_del_alcance(request.alcance),
        ),
        pk=pk,
    )
    # What the board keeps is keyed by the campaign's numbers, the viewer's scope and the territory
    # numbers of the UGELs in it: a school that leaves the scope changes the key (even when the
    # campaign's own UGEL did not change: moved twice, or its UGEL moved to another DRE).
    alcance_clave = (_clave_alcance(request), campana.numeros_del_alcance)
    filtros = dict(filtros)
    if filtros["orden"] not in ORDENES_TABLERO:
        filtros["orden"] = ""
    ugel_id = entero(filtros["ugel"])
    modalidad = filtros["modalidad"] if filtros["modalidad"] in Modalidad.values else None

    # The querysets built only where they are read (a search, what is not kept, a page past the
    # end): building them with the scope's conditions cost as much as drawing the rows.
    @functools.cache
    def base() -> QuerySet[Matriz]:
        return Matriz.objects.visible_to_unida(request.user).filter(campana=campana).con_situacion()

    def filtrada() -> QuerySet[Matriz]:
        qs = base()
        if ugel_id is not None:
            qs = qs.filter(institucion__ugel_id=ugel_id)
        if modalidad:
            qs = qs.filter(institucion__modalidad=modalidad)
        if filtros["q"]:
            qs = qs.filter(
                Q(institucion__nombre__icontains=filtros["q"])
                | Q(institucion__codigo_modular__startswith=filtros["q"])
            )
        return qs

    # One aggregate of the campaign in the user's scope per UGEL, modality and situation (a few dozen
    # groups): the UGEL filter's options, whether there are matrices at all, and the counts per state,
    # which follow the UGEL and modality filters here; a search counts again over what it finds.
    # Without a search, read in one statement with the page's rows (_grupos_y_filas).
    leidas = None
    if filtros["q"]:
        grupos = list(
            base()
            .values_list(
                "institucion__ugel_id", "institucion__ugel__nombre", "institucion__modalidad", "situacion"
            )
            .annotate(n=Count("id"))
            .order_by("institucion__ugel__nombre", "institucion__ugel_id")  # Ugel.Meta.ordering: one DRE
        )
    else:
        numero = _numero_de_pagina(request.GET.get("pagina"))
        grupos, leidas = _grupos_y_filas(
            base,
            clave=(campana.pk, campana.modificaciones, alcance_clave),
            ugel_id=ugel_id,
            modalidad=modalidad,
            situacion=filtros["situacion"] if filtros["situacion"] in Situacion.values else None,
            orden=filtros["orden"] or "estado",
            desde=(numero - 1) * POR_PAGINA_TABLERO,
        )
    if filtros["q"]:
        conteos = dict(filtrada().values_list("situacion").annotate(n=Count("id")).order_by())
    else:
        conteos = {}
        for u, _nombre, m, situacion, n in grupos:
            if (ugel_id is None or u == ugel_id) and (modalidad is None or m == modalidad):
                conteos[situacion] = conteos.get(situacion, 0) + n
    total = sum(conteos.values())
    # The counts are the whole campaign's (in the user's scope).
    sin_filtros = ugel_id is None and not modalidad and not filtros["q"]

    def filas_del_orm() -> QuerySet[Matriz]:
        qs = filtrada().annotate(prioridad=PRIORIDAD_SITUACION)
        if filtros["situacion"] in Situacion.values:
            qs = qs.filter(situacion=filtros["situacion"])
        orden = ORDENES_TABLERO[filtros["orden"] or "estado"][1]
        return qs.order_by(*orden, "pk").values_list(*CAMPOS_FILA)

    paginador = Paginator(_Perezosa(filas_del_orm), POR_PAGINA_TABLERO)
    # Counted above: no COUNT(*) of its own.
    paginador.count = (
        conteos.get(filtros["situacion"], 0) if filtros["situacion"] in Situacion.values else total
    )
    pagina = paginador.get_page(request.GET.get("pagina"))
    if leidas is not None and pagina.number == numero:
        # The rows read with the groups (else, a page past the end: the last one read by the ORM).
        pagina.object_list = leidas
    # Each row drawn here in one pass (one format string: no template node, include or tag per row);
    # the markup is the one balance/_estado.html and balance/_progreso.html draw elsewhere.
    filas, textos = _filas_tablero(request, pagina)
    # The chips keep the other filters: a count and the list it leads to say the same thing.
    sin_situacion = urlencode({k: v for k, v in filtros.items() if v and k != "situacion"})
    ugeles = list(dict.fromkeys((u, nombre) for u, nombre, *_resto in grupos))
    # Counted again only when what the charts count of its matrices changed (Campana.marcar_cambio).
    graficos = graficos_del_balance(
        base,
        clave=("tablero", campana.pk, campana.modificaciones, alcance_clave),
        situaciones=conteos if sin_filtros else None,
    )
    html = render_to_string(
        "balance/_tablero_contenido.html",
        {
            "campana": campana,
            "pagina": pagina,
            "filas": mark_safe(MARCA_FILAS),  # noqa: S308
            "conteos": [(valor, etiqueta, conteos.get(valor, 0)) for valor, etiqueta in Situacion.choices],
            "total": total,
            # Whether the campaign has matrices at all, when the filters leave none.
            "hay_matrices": bool(grupos),
            "filtros": filtros,
            "sin_situacion": sin_situacion,
            "ordenes": [(valor, etiqueta) for valor, (etiqueta, _orden) in ORDENES_TABLERO.items()],
            # The UGEL filter: only the UGELs with matrices in this campaign, drawn here in one pass.
            "varias_ugeles": len(ugeles) > 1,
            "opciones_ugel": format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((pk, " selected" if pk == ugel_id else "", nombre) for pk, nombre in ugeles),
            ),
            "modalidades": [(m.value, m.label) for m in (Modalidad.CEBA, Modalidad.CETPRO)],
            "gestiona": tiene_permiso(request.user, "balance.gestionar_campana", campana),
            "lineamientos": campana.nombres_lineamientos,
            "tablero_dre": tablero_dre_url(request.user, campana),
            "graficos": graficos,
            "graficos_html": dibujados(sin_nonce, graficos),
            "csrf_token": MARCA_CSRF,
        },
        request=request,
    )
    antes, marca, despues = html.partition(MARCA_FILAS)
    if not marca:  # no rows: the page has no table
        antes, despues = html, ""
    vivas = {fila[0]: (fila[2], fila[3]) for fila in pagina.object_list}
    return ContenidoTablero(
        titulo=campana.titulo,
        antes=antes,
        despues=despues,
        filas=filas,
        textos=textos,
        # A page that is not the one asked for (past the end), or a UGEL the campaign does not have
        # in the scope (any number typed as ?ugel=), is drawn but not kept.
        guardable=pagina.number == pedida and (ugel_id is None or any(g[0] == ugel_id for g in grupos)),
    ), vivas


POR_PAGINA_TABLERO = 100

# ?orden= as ORDER BY over the columns of _grupos_y_filas' statement (the same orders as
# ORDENES_TABLERO's; "prioridad" is PRIORIDAD_SITUACION told by the situation), then the pk.
ORDEN_SQL = {
    "estado": "CASE situacion WHEN 'enviada' THEN 1 WHEN 'sin_iniciar' THEN 2 WHEN 'borrador' THEN 3"
    " WHEN 'observada' THEN 4 ELSE 5 END, nombre",
    "institucion": "nombre",
    "avance": "progreso, nombre",
    "cambio": "actualizada DESC, nombre",
}
# The columns of CAMPOS_FILA as the statement names them.
COLUMNAS_FILA = (
    "id",
    "situacion",
    "progreso",
    "actualizada",
    "institucion_id",
    "codigo",
    "nombre",
    "modalidad",
    "ugel_id",
    "dre_id",
    "ugel",
)


class _Perezosa:
    """A list of rows read only when used: the board's Paginator slices it (each slice as lazy),
    and the page's rows read with the groups replace it, so the ORM's query of the page is built
    and run only when they were not (a search, a page past the end)."""

    def __init__(self, construir):
        self._construir = construir
        self._filas = None

    def __getitem__(self, corte):
        return _Perezosa(lambda: self._construir()[corte])

    def _leer(self) -> list:
        if self._filas is None:
            self._filas = list(self._construir())
        return self._filas

    def __iter__(self):
        return iter(self._leer())

    def __len__(self) -> int:
        return len(self._leer())


def _numero_de_pagina(texto: str | None) -> int:
    """The page asked for, as Paginator.get_page takes it when it exists (1 when not a number, or
    past any campaign's last page: then the page Paginator gives is read by the ORM)."""
    try:
        numero = int(texto)
    except (TypeError, ValueError):
        return 1
    return numero if 1 <= numero <= 100_000 else 1


# The orders that follow only what the campaign's change numbers cover (the situation, the
# institution's name and the scope): their order of ids is kept (_grupos_y_filas). "avance" and
# "cambio" follow every autosave, which raises no number.
ORDENES_GUARDADAS = ("estado", "institucion")


def _grupos_y_filas(
    base: Callable[[], QuerySet[Matriz]],
    *,
    clave: tuple,
    ugel_id: int | None,
    modalidad: str | None,
    situacion: str | None,
    orden: str,
    desde: int,
) -> tuple[list[tuple], list[tuple]]:
    """The board without a search in one statement: the campaign's matrices in the user's scope
    (``base()``, compiled once by the ORM: the scope's condition written once) read into a CTE, then
    from it both the groups per UGEL, modality and situation (as the ORM's aggregate: the UGEL
    filter, the chips, the count) and the page's rows from ``desde`` (CAMPOS_FILA, with the UGEL,
    modality and situation filters and the order of ORDEN_SQL). Two statements each joining the
    matrices to their institutions and UGELs, and each compiled by the ORM, were most of the board's
    database time.

    In the orders of ORDENES_GUARDADAS the same statement also gives every id of the filtered list
    in its order, and the groups and those ids are kept in the cache under ``clave`` (the campaign's
    pk, its change numbers ``Campana.modificaciones`` read in this request, the user's scope and the
    territory numbers of its UGELs) with the filters and the order: what they hold changes only
    with a matrix's situation (Campana.marcar_cambio, in the transaction of every send, return,
    approval, first edit and opening; and a trigger on the matrices for any other write of it),
    with an institution or UGEL of the campaign or of the scope (territorio.ugel, raised by triggers
    on every write: a name, a modality, a school moved) or with the scope (in the key). Then a request
    reads only its page's rows by their ids: their progress, last change and names as they are now."""
    guardada = orden in ORDENES_GUARDADAS
    llave = None
    if guardada:
        resumen = hashlib.sha256(repr((clave, ugel_id, modalidad, situacion, orden)).encode()).hexdigest()
        llave = f"balance:tablero:{resumen}"
        kept = cache.get(llave)
        if kept is not None:
            grupos, ids = kept
            return grupos, _filas_por_ids(clave[0], ids[desde : desde + POR_PAGINA_TABLERO])
    sql, parametros = base().order_by().values_list(*CAMPOS_FILA).query.sql_with_params()
    condiciones, valores = [], []
    if ugel_id is not None:
        condiciones.append("ugel_id = %s")
        valores.append(ugel_id)
    if modalidad:
        condiciones.append("modalidad = %s")
        valores.append(modalidad)
    if situacion:
        condiciones.append("situacion = %s")
        valores.append(situacion)
    donde = ("WHERE " + " AND ".join(condiciones)) if condiciones else ""
    columnas = ", ".join(COLUMNAS_FILA)
    orden_sql = f"{ORDEN_SQL[orden]}, id"
    vacias = ", ".join(["NULL"] * len(COLUMNAS_FILA))
    # The ids of the whole filtered list in its order (only when kept).
    todas = f"(SELECT array_agg(id ORDER BY {orden_sql}) FROM m {donde})" if guardada else "NULL::integer[]"
    # The groups as one JSON value in the first row; then the page's rows, numbered in their order.
    consulta = f"""WITH m ({columnas}) AS MATERIALIZED ({sql})
SELECT 0, 0, (
  SELECT json_agg(json_build_array(ugel_id, ugel, modalidad, situacion, n) ORDER BY ugel, ugel_id)
  FROM (SELECT ugel_id, ugel, modalidad, situacion, COUNT(*) AS n FROM m GROUP BY 1, 2, 3, 4) g
), {todas}, {vacias}
UNION ALL
SELECT 1, row_number() OVER (ORDER BY {orden_sql}), NULL, NULL, * FROM (
  SELECT {columnas} FROM m {donde} ORDER BY {orden_sql} LIMIT %s OFFSET %s
) f
ORDER BY 1, 2"""
    with connection.cursor() as cursor:
        cursor.execute(
            consulta, [*parametros, *(valores if guardada else []), *valores, POR_PAGINA_TABLERO, desde]
        )
        filas = cursor.fetchall()
    grupos = [tuple(g) for g in filas[0][2] or []]
    # Kept only for a UGEL the groups have (or none): any number typed as ?ugel= is not a key.
    if guardada and (ugel_id is None or any(g[0] == ugel_id for g in grupos)):
        cache.set(llave, (grupos, filas[0][3] or []))
    return grupos, [fila[4:] for fila in filas[1:]]


# A page's rows by their ids (kept by _grupos_y_filas): the columns of COLUMNAS_FILA as the board's
# statement reads them, by the matrices' primary key.
FILAS_POR_IDS = """SELECT m.id, CASE WHEN (m.editada_en IS NULL AND m.estado = 'borrador') THEN 'sin_iniciar'
  ELSE m.estado END, m.progreso, m.actualizada, m.institucion_id, i.codigo_modular, i.nombre, i.modalidad,
  i.ugel_id, u.dre_id, u.nombre
FROM "balance_matriz" m
JOIN "territorio_institucion" i ON i.id = m.institucion_id
JOIN "territorio_ugel" u ON u.id = i.ugel_id
WHERE m.id = ANY(%s) AND m.campana_id = %s"""


def _filas_por_ids(campana_id: int, ids: list[int]) -> list[tuple]:
    """The rows of the matrices ``ids`` of the campaign, in that order. One statement by the
    matrices' primary key; none for no ids."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(FILAS_POR_IDS, [list(ids), campana_id])
        por_id = {fila[0]: fila for fila in cursor.fetchall()}
    return [por_id[pk] for pk in ids if pk in por_id]


# One row of the board, no indentation (100 rows a page): balance/_estado.html's and
# balance/_progreso.html's markup. In four parts: what a kept page keeps of each row (before and
# after), and its progress and last change, put in at each request.
FILA_ANTES = (  # noqa: E501 - the markup as it reaches the page
    "<tr>"
    '<td class="small" data-label="{l_ugel}">{ugel}</td>'
    '<td class="font-monospace small" data-label="{l_codigo}">{codigo}</td>'
    '<th scope="row" class="fw-normal celda-nombre">{nombre} <span class="small text-body-secondary">· {modalidad}</span></th>'  # noqa: E501
    '<td class="tarjeta-primero" data-label="{l_estado}"><span class="badge estado-{situacion}">{etiqueta}</span></td>'  # noqa: E501
    '<td class="minw-8rem tarjeta-primero" data-label="{l_avance}">'
)
FILA_AVANCE = (  # noqa: E501
    '<div class="progreso d-flex align-items-center gap-2" title="{avance}">'
    '<div class="progress progreso-fino minw-4rem flex-grow-1" role="progressbar" aria-label="{l_avance}" aria-valuenow="{progreso}" aria-valuemin="0" aria-valuemax="100">'  # noqa: E501
    '<div class="progress-bar ancho-{progreso}{completa}"></div></div>'
    '<span class="small text-body-secondary text-nowrap">{progreso} %</span></div></td>'
)
FILA_CAMBIO = '<td class="small tarjeta-primero" data-label="{l_cambio}" title="{fecha}">{hace}</td>'
FILA_DESPUES = '<td class="text-end tarjeta-primero tarjeta-acciones">{acciones}</td></tr>\n'
FILA_TABLERO = FILA_ANTES + FILA_AVANCE + FILA_CAMBIO + FILA_DESPUES

# The board's page of rows, read as tuples (no model instance per row): what FILA_TABLERO shows.
CAMPOS_FILA = (
    "pk",
    "situacion",
    "progreso",
    "actualizada",
    "institucion_id",
    "institucion__codigo_modular",
    "institucion__nombre",
    "institucion__modalidad",
    "institucion__ugel_id",
    "institucion__ugel__dre_id",
    "institucion__ugel__nombre",
)


def _direccion(nombre: str) -> tuple[str, str]:
    """reverse() once per page: the address of the URL ``nombre`` (one integer argument) as the
    text before and after that argument."""
    marca = 987654321
    antes, despues = reverse(nombre, args=[marca]).split(str(marca))
    return antes, despues


def _literal(texto: str) -> str:
    """``texto`` escaped, to be part of a format string (its braces doubled)."""
    return escapar(texto).replace("{", "{{").replace("}", "}}")


def _cuando(momento, ahora) -> tuple:
    """What naturaltime's text of ``momento`` depends on: within the last day, only the seconds,
    minutes or hours it counts (every row changed in the same hour of today says the same «hace 5
    horas»); before that (or in the future), the moment itself."""
    delta = ahora - momento
    if delta.days != 0:
        return (momento,)
    segundos = delta.seconds
    return (
        ("s", segundos)
        if segundos < 60
        else ("m", segundos // 60)
        if segundos < 3600
        else ("h", segundos // 3600)
    )


def _filas_tablero(request: HttpRequest, pagina) -> tuple[list[tuple[int, str, str]], tuple[str, str, str]]:
    """The campaign board's rows of one page (tuples of CAMPOS_FILA) as HTML, each as its pk and
    its markup before and after its progress and last change (FILA_ANTES, FILA_DESPUES), with the
    formats of those (_filas_dibujadas): the labels translated and escaped once, each address from
    one reverse(), the permissions asked once per UGEL (the rules read only the user's scope and
    the UGEL), the names escaped; the rest are ints and the app's own values."""
    user = request.user
    etiquetas = {valor: escapar(str(etiqueta)) for valor, etiqueta in Situacion.choices}
    modalidades = {valor: escapar(str(etiqueta)) for valor, etiqueta in Modalidad.choices}
    # The labels of every row put in the format strings themselves.
    partes = [FILA_ANTES, FILA_AVANCE, FILA_CAMBIO]
    for clave, texto in (
        ("l_ugel", _("UGEL")),
        ("l_codigo", _("Código modular")),
        ("l_estado", _("Estado")),
        ("l_avance", _("Avance")),
        ("l_cambio", _("Último cambio")),
    ):
        partes = [parte.replace(f"{{{clave}}}", _literal(texto)) for parte in partes]
    antes_tpl, avance_tpl, cambio_tpl = partes
    completado = _("%(valor)s %% completado")
    revisar = '<a class="btn btn-sm btn-chasqui" href="{}{}{}">' + _literal(_("Revisar")) + "</a>"
    ver = '<a class="btn btn-sm btn-outline-secondary" href="{}{}{}">' + _literal(_("Ver")) + "</a>"
    cuenta = ' <a class="btn btn-sm btn-outline-secondary" href="{}?ugel={}#institucion-{}" title="{}">{}</a>'
    cuenta_titulo = escapar(_("Ver si su director tiene cuenta"))
    cuenta_texto = escapar(_("Cuenta del director"))
    directores = escapar(reverse("cuentas:directores"))
    antes, despues = _direccion("balance:matriz")
    revisa: dict[int, bool] = {}  # UGEL → whether the user reviews its matrices
    # What the rule reads (balance.permisos.revisar_matriz: the institution's UGEL), one matrix for
    # every UGEL of the page: a Matriz built per UGEL cost more than the rule.
    sonda = Matriz(institucion=Institucion())
    cuentas: dict[int, bool] = {}  # UGEL → whether the user manages its accounts
    filas = []
    for (
        pk,
        situacion,
        _progreso,
        _actualizada,
        inst_id,
        codigo,
        nombre,
        modalidad,
        ugel_id,
        dre_id,
        ugel,
    ) in pagina.object_list:  # the page's slice, evaluated once
        if situacion == Situacion.ENVIADA:
            if ugel_id not in revisa:
                sonda.institucion.ugel_id = ugel_id
                revisa[ugel_id] = tiene_permiso(user, "balance.revisar_matriz", sonda)
            acciones = (revisar if revisa[ugel_id] else ver).format(antes, pk, despues)
        else:
            acciones = ver.format(antes, pk, despues)
        # Nobody has started it: perhaps the institution has no director account yet.
        if situacion == Situacion.SIN_INICIAR:
            if ugel_id not in cuentas:
                cuentas[ugel_id] = tiene_permiso(
                    user, "cuentas.gestionar_cuentas", Ugel(pk=ugel_id, dre_id=dre_id)
                )
            if cuentas[ugel_id]:
                acciones += cuenta.format(directores, ugel_id, inst_id, cuenta_titulo, cuenta_texto)
        filas.append(
            (
                pk,
                antes_tpl.format(
                    ugel=escapar(ugel),
                    codigo=escapar(codigo),
                    nombre=escapar(nombre),
                    modalidad=modalidades.get(modalidad, ""),
                    situacion=situacion,
                    etiqueta=etiquetas[situacion],
                ),
                FILA_DESPUES.format(acciones=acciones),
            )
        )
    return filas, (completado, avance_tpl, cambio_tpl)


def _progresos_por_ids(campana_id: int, ids: list[int]) -> dict[int, tuple[int, object]]:
    """What a kept page's rows show as they are now: pk → (progress, last change). One statement
    by the matrices' primary key; none for no ids."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT id, progreso, actualizada FROM "balance_matriz" WHERE id = ANY(%s) AND campana_id = %s',
            [ids, campana_id],
        )
        return {pk: (progreso, actualizada) for pk, progreso, actualizada in cursor.fetchall()}


def _filas_dibujadas(contenido: ContenidoTablero, vivas: dict[int, tuple[int, object]]) -> str:
    """The page's rows: each one's kept markup with its progress and last change as they are now
    (a row no longer there is left out)."""
    completado, avance_tpl, cambio_tpl = contenido.textos
    avances: dict[int, str] = {}  # progress → its markup, a hundred at most
    hace: dict = {}  # «hace …» per last change, or per minute or hour of today (see _cuando)
    ahora = timezone.now()
    zona = timezone.get_current_timezone()
    html = []
    for pk, antes, despues in contenido.filas:
        viva = vivas.get(pk)
        if viva is None:
            continue
        progreso, actualizada = viva
        if progreso not in avances:
            avances[progreso] = avance_tpl.format(
                avance=escapar(completado % {"valor": progreso}),
                progreso=int(progreso),
                completa=" bg-success" if progreso == 100 else "",
            )
        cuando = _cuando(actualizada, ahora)
        if cuando not in hace:
            hace[cuando] = escapar(naturaltime(actualizada))
        local = actualizada.astimezone(zona)
        html.append(antes)
        html.append(avances[progreso])
        # The date as the templates' "d/m/Y H:i".
        html.append(cambio_tpl.format(fecha=f"{local:%d/%m/%Y %H:%M}", hace=hace[cuando]))
        html.append(despues)
    return "".join(html)


@permiso_requerido("balance.gestionar_campana")
def campana_nueva(request: HttpRequest) -> HttpResponse:
    ugeles = ugeles_gestionables(request.user)
    # Start from this year and the lineamientos of the last campaign the user manages.
    anterior = Campana.objects.filter(ugel__in=ugeles).order_by("-anio", "-pk").first()
    nacional = request.alcance.nacional
    inicial = {"anio": timezone.localdate().year, "ugel": None if nacional else ugeles.first()}
    if anterior:
        inicial["lineamientos"] = "\n".join(anterior.lineamientos.values_list("nombre", flat=True))
    # Only an Administrador opens a campaign for a whole DRE; a UGEL manages its own.
    dres = Dre.objects.all() if nacional else Dre.objects.none()
    form = CampanaForm(request.POST or None, ugeles=ugeles, dres=dres, initial=inicial)
    if request.method == "POST" and form.is_valid():
        try:
            campana = services.campana_crear(
                usuario=request.user,
                lineamientos=form.cleaned_data["lineamientos"],
                dre=form.cleaned_data.get("dre"),
                **{k: form.cleaned_data[k] for k in ("anio", "titulo", "ugel", "fecha_limite")},
            )
        except ValidationError as e:
            form.add_error(None, _mensaje(e))
        else:
            messages.success(request, _("Campaña creada. Ábrela cuando quieras que los directores empiecen."))
            return redirect("balance:tablero", campana.pk)
    return render(request, "balance/campana_form.html", {"form": form})


@login_required
def campana_editar(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the title or the deadline (to extend it, for instance)."""
    campana = obtener_para_escribir(request, Campana, "balance.gestionar_campana", pk=pk)
    form = CampanaEdicionForm(request.POST or None, instance=campana)
    if request.method == "POST" and form.is_valid():
        try:
            services.campana_editar(usuario=request.user, campana=campana, datos=form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, _mensaje(e))
        else:
            messages.success(request, _("Campaña actualizada."))
            return redirect("balance:tablero", campana.pk)
    return render(request, "balance/campana_editar.html", {"campana": campana, "form": form})


@login_required
def campana_abrir(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a campaign after confirming its deadline: a page (GET, or a POST without a valid date)
    that says what happens next, with the deadline shown and editable."""
    campana = obtener_para_escribir(request, Campana, "balance.gestionar_campana", pk=pk)
    datos = request.POST if request.method == "POST" and "fecha_limite" in request.POST else None
    form = AbrirCampanaForm(datos, initial={"fecha_limite": campana.fecha_limite})
    if form.is_valid():
        try:
            nuevas = services.campana_abrir(
                usuario=request.user, campana=campana, fecha_limite=form.cleaned_data["fecha_limite"]
            )
        except ValidationError as e:
            form.add_error(None, _mensaje(e))
        else:
            messages.success(
                request,
                _("Campaña abierta: %(n)d matrices nuevas para los CEBA/CETPRO de su ámbito.")
                % {"n": nuevas},
            )
            return redirect("balance:tablero", campana.pk)
    return render(
        request,
        "balance/campana_abrir.html",
        {"campana": campana, "form": form, "n_instituciones": campana.instituciones().count()},
    )


@login_required
def campana_cerrar(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a campaign: a confirmation page (GET) that says what happens next, with how many
    matrices would stay unsent, and the closing (POST)."""
    campana = obtener_para_escribir(request, Campana, "balance.gestionar_campana", pk=pk)
    if request.method == "POST":
        try:
            services.campana_cerrar(usuario=request.user, campana=campana)
        except ValidationError as e:
            messages.error(request, _mensaje(e))
        else:
            messages.success(request, _("Campaña cerrada: las matrices ya no se pueden editar ni enviar."))
        return redirect("balance:tablero", campana.pk)
    conteos = dict(
        Matriz.objects.visible_to(request.user)
        .filter(campana=campana)
        .con_situacion()
        .values_list("situacion")
        .annotate(n=Count("id"))
        .order_by()
    )
    return render(
        request,
        "balance/campana_cerrar.html",
        {
            "campana": campana,
            "sin_iniciar": conteos.get(Situacion.SIN_INICIAR, 0),
            "borradores": conteos.get(Situacion.BORRADOR, 0),
            "observadas": conteos.get(Situacion.OBSERVADA, 0),
            "enviadas": conteos.get(Situacion.ENVIADA, 0),
            "aprobadas": conteos.get(Situacion.APROBADA, 0),
        },
    )


@login_required
@require_POST
def campana_siguiente(request: HttpRequest, pk: int) -> HttpResponse:
    campana = obtener_para_escribir(request, Campana, "balance.gestionar_campana", pk=pk)
    try:
        nueva = services.campana_siguiente(usuario=request.user, campana=campana)
    except ValidationError as e:
        messages.error(request, _mensaje(e))
        return redirect("balance:tablero", campana.pk)
    messages.success(request, _("Campaña %(anio)d creada a partir de la anterior.") % {"anio": nueva.anio})
    return redirect("balance:tablero", nueva.pk)


# --- one matrix ----------------------------------------------------------------------------------


@login_required
def matriz_detalle(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a matrix; the UGEL's specialist also observes, returns or approves it here. A GET is
    drawn from what balance.paginas keeps of it, while nothing it shows changed."""
    if request.method != "POST":
        leida = paginas.leer(request, pk)  # 404 out of scope
        botones = _botones(request.user, leida.matriz)
        # A reviewer's first opening in a round writes it (services.matriz_abrir_revision): drawn
        # from the matrix as that leaves it, below.
        if not (botones.revisa and leida.matriz.revision_abierta_en is None):
            clave = leida.clave("detalle", botones)
            dibujo = paginas.guardado(clave)
            if dibujo is None:  # read after the numbers that key it: never older than they are
                matriz = get_object_or_404(_matrices(pagina=True, relaciones=_DETALLE), pk=pk)
                form = RevisionForm(filas=matriz.filas.all()) if botones.revisa else None
                dibujo = _dibujo_detalle(request, matriz, form, botones)
                paginas.guardar(clave, dibujo)
            return _pagina_detalle(request, dibujo)
    matriz = obtener_para_leer(request, _matrices(pagina=True, relaciones=_DETALLE), pk=pk)
    # A reviewer's POST gets a form even if the matrix was reviewed meanwhile, so the service can
    # say why and the observations typed stay on screen.
    revisa = tiene_permiso(request.user, "balance.revisar_matriz", matriz) and (
        matriz.estado == Estado.ENVIADA or request.method == "POST"
    )
    form = RevisionForm(request.POST or None, filas=matriz.filas.all()) if revisa else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid() and "confirmado" not in request.POST:
            # Irreversible: first a page that says what happens next; "Corregir" comes back here.
            if "corregir" not in request.POST:
                return _confirmar_revision(request, matriz, form)
        elif form.is_valid():
            try:
                if form.cleaned_data["accion"] == "devolver":
                    services.matriz_devolver(
                        matriz=matriz,
                        usuario=request.user,
                        motivo=form.cleaned_data["motivo"],
                        observaciones=form.observaciones(),
                    )
                    messages.success(request, _("Matriz devuelta al director con tus observaciones."))
                else:
                    services.matriz_aprobar(
                        matriz=matriz, usuario=request.user, comentario=form.cleaned_data["motivo"]
                    )
                    messages.success(request, _("Matriz aprobada."))
                return redirect("balance:tablero", matriz.campana_id)
            except ValidationError as e:
                form.add_error(None, _mensaje(e))
    elif revisa:
        services.matriz_abrir_revision(matriz=matriz, usuario=request.user)
    return _pagina_detalle(request, _dibujo_detalle(request, matriz, form, _botones(request.user, matriz)))


# What the read of a matrix selects with it.
_DETALLE = ("campana__ugel", "campana__dre", "institucion__ugel")


@dataclass(frozen=True)
class Botones:
    """What the viewer may do on the matrix's read (from the scope and the matrix's state and
    campaign: no query): part of the kept page's key."""

    revisa: bool  # the review form (a sent matrix, its UGEL's specialist)
    puede_reabrir: bool
    puede_editar: bool
    puede_retirar: bool


def _botones(user, matriz: Matriz) -> Botones:
    revisor = tiene_permiso(user, "balance.revisar_matriz", matriz)
    director = tiene_permiso(user, "balance.editar_matriz", matriz)
    return Botones(
        revisa=revisor and matriz.estado == Estado.ENVIADA,
        puede_reabrir=services.motivo_no_reabrible(matriz) is None and revisor,
        puede_editar=director and matriz.editable,
        puede_retirar=matriz.estado == Estado.ENVIADA
        and director
        and services.motivo_no_retirable(matriz) is None,
    )


def _pagina_detalle(request: HttpRequest, dibujo: paginas.Dibujo) -> HttpResponse:
    return render(
        request, "balance/matriz_detalle.html", {"nombre": dibujo.nombre, "contenido": dibujo.poner(request)}
    )


def _confirmar_revision(request: HttpRequest, matriz: Matriz, form: RevisionForm) -> HttpResponse:
    observadas = [
        (fila, texto) for fila in form.filas if (texto := form.cleaned_data.get(f"obs_{fila.pk}", "").strip())
    ]
    return render(
        request,
        "balance/revision_confirmar.html",
        {
            "matriz": matriz,
            "accion": form.cleaned_data["accion"],
            "motivo": form.cleaned_data["motivo"],
            "observadas": observadas,
            "datos": [(k, v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"],
        },
    )


def _dibujo_detalle(
    request: HttpRequest, matriz: Matriz, form: RevisionForm | None, botones: Botones
) -> paginas.Dibujo:
    """The read's content (balance/_matriz_detalle.html), with marks for the request's values."""
    rondas_anteriores = _rondas_anteriores(matriz)
    comparacion = _comparacion(matriz, rondas_anteriores)
    return paginas.dibujar(
        request,
        "balance/_matriz_detalle.html",
        matriz.institucion.nombre,
        {
            "matriz": matriz,
            "form": form,
            "puede_reabrir": botones.puede_reabrir,
            "secciones": [
                (
                    fila,
                    form.campo_observacion(fila) if form else None,
                    comparacion.filas.get(fila.pk) if comparacion else None,
                    datos,
                )
                for fila, datos in zip(matriz.filas.all(), forms_balance.datos_de_filas(matriz), strict=True)
            ],
            "comparacion": comparacion,
            # Resent, but its previous send predates the kept sends: say why no changes are shown.
            "sin_copia_anterior": comparacion is None
            and matriz.estado == Estado.ENVIADA
            and matriz.ronda > 1,
            "historial": historial.entradas(matriz, estados=True),
            "puede_editar": botones.puede_editar,
            "puede_retirar": botones.puede_retirar,
            "rondas_anteriores": rondas_anteriores,
            "seguimiento": seguimiento_de(matriz),
            "nota": NOTA_LOGROS,
        },
    )


def _comparacion(
    matriz: Matriz, rondas_anteriores: list[tuple[int, list[ObservacionDeRonda]]]
) -> cambios.Comparacion | None:
    """A resent matrix under review against what was sent in the previous round (the version that
    was returned), with that round's observations; None for a first send or another state."""
    if matriz.estado != Estado.ENVIADA or matriz.ronda < 2:
        return None
    anterior = EnvioDeMatriz.objects.filter(matriz=matriz, ronda__lt=matriz.ronda).order_by("-ronda").first()
    if anterior is None:  # sent before the sends were kept
        return None
    observaciones = {obs.fila_id: obs.texto for obs in dict(rondas_anteriores).get(anterior.ronda, [])}
    # While sent, the stored content is what this round's send kept (already prefetched).
    return cambios.comparar(anterior.contenido, cambios.contenido(matriz), observaciones, anterior.ronda)


@login_required
def matriz_enviar(request: HttpRequest, pk: int) -> HttpResponse:
    """«Enviar a la UGEL» confirmed on its own page (GET) that says what happens next; POST sends."""
    matriz = obtener_para_escribir(request, _matrices(), "balance.editar_matriz", pk=pk)
    try:
        services.comprobar_envio(matriz=matriz, usuario=request.user)
        if request.method == "POST":
            services.matriz_enviar(matriz=matriz, usuario=request.user)
    except services.MatrizIncompleta:
        # The editor marks each missing part under its field, with a summary that links to them.
        return redirect(reverse("balance:matriz_editar", args=[matriz.pk]) + "?faltan=1")
    except ValidationError as e:
        messages.error(request, _mensaje(e))
        return redirect("balance:matriz", matriz.pk)
    if request.method == "POST":
        messages.success(
            request,
            _(
                "Matriz enviada a la UGEL. Puedes retirarla mientras la UGEL no la abra. "
                "Si la devuelve con observaciones, lo verás en tu inicio."
            ),
        )
        return redirect("balance:matriz", matriz.pk)
    return render(request, "balance/matriz_enviar.html", {"matriz": matriz})


def _rondas_anteriores(matriz: Matriz) -> list[tuple[int, list[ObservacionDeRonda]]]:
    """The observations of closed review rounds, newest round first, in lineamiento order."""
    if matriz.ronda < 2:
        # Only a new round closes the previous one (services.matriz_enviar archives its
        # observations as it starts round 2 or later): in the first there are none to read.
        return []
    rondas: dict[int, list[ObservacionDeRonda]] = {}
    for obs in ObservacionDeRonda.objects.filter(fila__matriz=matriz).select_related("fila__lineamiento"):
        rondas.setdefault(obs.ronda, []).append(obs)
    return sorted(rondas.items(), reverse=True)


@login_required
def matriz_retirar(request: HttpRequest, pk: int) -> HttpResponse:
    """The director takes back a sent matrix before the UGEL opens its review: a confirmation page
    (GET) that says what happens next, and the withdrawal (POST)."""
    matriz = obtener_para_escribir(request, _matrices(), "balance.editar_matriz", pk=pk)
    motivo = services.motivo_no_retirable(matriz)
    if request.method == "POST" and motivo is None:
        try:
            services.matriz_retirar(matriz=matriz, usuario=request.user)
        except ValidationError as e:
            motivo = _mensaje(e)
        else:
            messages.success(
                request, _("Retiraste la matriz: puedes corregirla y enviarla de nuevo antes del plazo.")
            )
            return redirect("balance:matriz_editar", matriz.pk)
    if motivo and request.method == "POST":
        messages.error(request, motivo)
        return redirect("balance:matriz", matriz.pk)
    return render(request, "balance/matriz_retirar.html", {"matriz": matriz, "motivo": motivo})


@login_required
def matriz_reabrir(request: HttpRequest, pk: int) -> HttpResponse:
    """The UGEL reopens an approved matrix: a confirmation page (GET) that says what happens next,
    with the reason (required), and the reopening (POST with the reason)."""
    matriz = obtener_para_escribir(request, _matrices(), "balance.revisar_matriz", pk=pk)
    form = ReabrirForm(request.POST if request.method == "POST" else None)
    no_reabrible = services.motivo_no_reabrible(matriz)
    if request.method == "POST" and no_reabrible is None and form.is_valid():
        try:
            services.matriz_reabrir(matriz=matriz, usuario=request.user, motivo=form.cleaned_data["motivo"])
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                form.add_error(None, e)  # the service's field errors go next to the field
            else:
                no_reabrible = _mensaje(e)
        else:
            messages.success(
                request,
                _("Matriz reabierta: el director puede corregirla y enviarla de nuevo, en una nueva ronda."),
            )
            return redirect("balance:matriz", matriz.pk)
    return render(
        request,
        "balance/matriz_reabrir.html",
        {"matriz": matriz, "form": form, "motivo": no_reabrible, "aprobacion": _ultimo_cambio(matriz)},
    )


@login_required
def matriz_editar(request: HttpRequest, pk: int) -> HttpResponse:
    """The director's page: the whole matrix, saved as they type and on every submit. A send that
    cannot go yet (or a save with a bad value) comes back with each problem under its field and a
    summary at the top that links to them all, format errors and missing parts together. A page
    opened (GET) is drawn from what balance.paginas keeps of it, while nothing it shows changed."""
    if request.method != "POST" and not request.GET.get("faltan"):
        leida = paginas.leer(request, pk)  # 404 out of scope
        if not tiene_permiso(request.user, "balance.editar_matriz", leida.matriz):
            raise PermissionDenied
        if services.motivo_no_editable(leida.matriz):
            return redirect("balance:matriz", pk)
        clave = leida.clave("editar")
        dibujo = paginas.guardado(clave)
        if dibujo is None:  # read after the numbers that key it: never older than they are
            matriz = get_object_or_404(_matrices(pagina=True, relaciones=_EDICION), pk=pk)
            dibujo = _dibujo_editar(
                request, matriz, EdicionMatriz(matriz, None, formularios=False), ligera=True
            )
            paginas.guardar(clave, dibujo)
        return _pagina_editar(request, dibujo)
    matriz = obtener_para_escribir(
        request, _matrices(pagina=True, relaciones=_EDICION), "balance.editar_matriz", pk=pk
    )
    bloqueada = services.motivo_no_editable(matriz)
    if bloqueada and request.method != "POST":
        return redirect("balance:matriz", matriz.pk)
    # A page opened (GET) draws its fields from the stored values, without building the forms; one
    # sent back (a POST, or a send that cannot go yet) from the forms, with their marks.
    ligera = request.method != "POST" and not request.GET.get("faltan")
    edicion = EdicionMatriz(
        matriz, request.POST if request.method == "POST" else None, formularios=not ligera
    )
    conflicto = None
    choques = []  # fields both this page and a newer save changed: the director chooses
    base = None  # what the page starts from: the values of the version it shows
    enviando = False  # the summary names what a send misses, and autosaves keep it current
    if bloqueada:
        # Sent from another tab, or the campaign closed meanwhile: say why, and keep the text on screen.
        edicion.is_valid()
    elif request.method == "POST":
        try:
            guardada, edicion, fusion = _guardar(matriz, request, edicion)
        except services.ChoqueDeCampos as e:
            # Only the fields both changed are asked about; the rest shows merged (theirs where this
            # page did not touch it, mine where only I did), and the page now starts from theirs.
            conflicto, matriz = e.actual, e.actual
            # The fields in question show what was typed here (the choice box shows both).
            edicion = EdicionMatriz(matriz, {**e.fusion.datos, **{c.campo: c.mio for c in e.fusion.choques}})
            edicion.is_valid()
            choques = _choques(edicion, e.fusion, plantilla.etiquetas(matriz))
            # Those fields keep what the page started from, so they are asked again until chosen.
            base = valores_de(matriz)
            anterior = _base(request) or {}
            base.update({c["nombre"]: anterior.get(c["nombre"], "") for c in choques})
        except services.ConflictoVersion as e:
            conflicto = e.actual
        except ValidationError as e:
            messages.error(request, _mensaje(e))
            return redirect("balance:matriz", matriz.pk)
        else:
            con_errores = bool(edicion.campos_con_error or edicion.errores_generales)
            if fusion and fusion.de_otros and not con_errores:
                messages.info(
                    request,
                    _(
                        "La matriz se había guardado también en otra pestaña o por otra persona: se "
                        "mantuvo lo que guardaron en los campos que no tocaste aquí."
                    ),
                )
            if "enviar" in request.POST:
                try:
                    # Saved; the send itself waits for the confirmation page.
                    services.comprobar_envio(matriz=guardada, usuario=request.user)
                except services.MatrizIncompleta:
                    enviando = True
                except ValidationError as e:
                    messages.error(request, _mensaje(e))
                    if not con_errores:
                        return redirect("balance:matriz_editar", matriz.pk)
                else:
                    if not con_errores:
                        return redirect("balance:matriz_enviar", matriz.pk)
            elif not con_errores:
                messages.success(request, _("Borrador guardado."))
                return redirect("balance:matriz_editar", matriz.pk)
            # Shown again from what was saved (its content already loaded by the save), with what
            # was typed: a bad value stays on screen, marked, next to what is still missing.
            matriz = guardada
            edicion = EdicionMatriz(matriz, fusion.datos if fusion else request.POST)
            edicion.is_valid()
            if enviando:
                edicion.marcar_faltantes()
    elif request.GET.get("faltan"):
        # Back from the confirmation page of a send that cannot go yet.
        enviando = bool(matriz.faltantes())  # content prefetched by _matrices()
        if enviando:
            edicion.marcar_faltantes()
    return _pagina_editar(
        request,
        _dibujo_editar(
            request,
            matriz,
            edicion,
            ligera=ligera,
            conflicto=conflicto,
            choques=choques,
            base=base,
            enviando=enviando,
            bloqueada=bloqueada,
        ),
    )


def _dibujo_editar(
    request: HttpRequest,
    matriz: Matriz,
    edicion: EdicionMatriz,
    *,
    ligera: bool,
    conflicto=None,
    choques=(),
    base: dict | None = None,
    enviando: bool = False,
    bloqueada: str | None = None,
) -> paginas.Dibujo:
    """The director's page's content (balance/_matriz_editar.html), with marks for the request's
    values. `ligera`: a page opened (GET), its fields drawn from the stored values, without forms."""
    # The full names of the fields (plantilla.etiquetas) are needed only when some field has an error.
    marcados = not conflicto and any(f.errors for f in edicion.todas())
    errores = edicion.errores_por_campo(plantilla.etiquetas(matriz)) if marcados else []
    valores = valores_de(matriz) if ligera else _valores_base(edicion, matriz, conflicto, base)
    secciones, compromisos = forms_balance.dibujar_campos(matriz, None if ligera else edicion, valores)
    for s, (_pk, barra) in zip(secciones, _progresos(matriz), strict=True):
        s["barra"] = barra
    return paginas.dibujar(
        request,
        "balance/_matriz_editar.html",
        matriz.institucion.nombre,
        {
            "matriz": matriz,
            "edicion": edicion,
            "secciones": secciones,  # the side menus
            "cuerpo": forms_balance.dibujar_cuerpo(secciones, compromisos, NOTA_LOGROS),
            # What the page starts from (the version it shows): a later save merges per field.
            "base": json.dumps(valores, ensure_ascii=False),
            "conflicto": conflicto,
            "choques": choques,
            "errores": errores,
            "enviando": enviando,
            "bloqueada": bloqueada,
            "devolucion": _ultimo_cambio(matriz) if matriz.estado == Estado.OBSERVADA else None,
        },
    )


def _pagina_editar(request: HttpRequest, dibujo: paginas.Dibujo) -> HttpResponse:
    return render(
        request, "balance/matriz_editar.html", {"nombre": dibujo.nombre, "contenido": dibujo.poner(request)}
    )


def _valores_base(edicion: EdicionMatriz, matriz: Matriz, conflicto, base: dict | None) -> dict[str, str]:
    """The values of the version the page starts from. The page's own forms hold them as their
    initial values when they were built from that matrix (bound or not: valores() reads initial
    only), so no second set of forms is built for them."""
    if base is not None:
        return base
    if conflicto is None and edicion.matriz is matriz:
        return edicion.valores()
    return valores_de(conflicto or matriz)


def _choques(edicion: EdicionMatriz, fusion: services.Fusion, etiquetas: dict[str, str]) -> list[dict]:
    """The fields both changed, for the page: both texts, named in full, each field marked."""
    choques = {c.campo: c for c in fusion.choques}
    resultado = []
    for form in edicion.todas():
        for nombre in form.fields:
            choque = choques.get(form.add_prefix(nombre))
            if choque is None:
                continue
            marcar(
                form,
                nombre,
                _("Este campo cambió también en la versión guardada: elige arriba qué texto queda."),
                code="choque",
            )
            campo = form[nombre]
            resultado.append(
                {
                    "id": campo.auto_id,
                    "nombre": campo.html_name,
                    "etiqueta": etiquetas.get(campo.html_name, str(campo.label)),
                    "mio": choque.mio,
                    "suyo": choque.suyo,
                }
            )
    return resultado


def _ultimo_cambio(matriz: Matriz) -> historial.Entrada | None:
    """The matrix's latest state change (the return, for a matrix sent back), or None."""
    cambios = historial.entradas(matriz, estados=True)
    return cambios[-1] if cambios else None


def _guardar(
    matriz: Matriz, request: HttpRequest, edicion: EdicionMatriz
) -> tuple[Matriz, EdicionMatriz, services.Fusion | None]:
    """Save what the page sent. Over a newer version (another tab or person saved meanwhile), the
    page's «base» (the values it started from) lets services.fusionar keep every field this page did
    not touch as saved there: only fields both changed differently stop the save (ChoqueDeCampos).
    Returns the saved matrix, the forms that were saved and the merge, if there was one."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise services.ConflictoVersion(matriz) from None
    base = _base(request)
    elecciones = _elecciones(request)
    for intento in range(2):
        with transaction.atomic():
            if intento:
                # Another save was stored between this page's read and the save's lock (two tabs
                # saving at the same moment): merge again, this time under the lock, so that nothing
                # can come in between, as if this save had arrived second.
                matriz = services.matriz_bloqueada(matriz)
            fusion = None
            if base is not None:  # on the current version this merge changes nothing but the choices
                fusion = services.fusionar(
                    base=base,
                    mios=request.POST.dict(),
                    guardados=valores_de(matriz),  # the stored values, read without building forms
                    elecciones=elecciones,
                )
                if fusion.choques:
                    raise services.ChoqueDeCampos(matriz, fusion)
                if fusion.de_otros or intento:  # else its data is what was sent: the forms hold it
                    edicion = EdicionMatriz(matriz, fusion.datos)
                version = matriz.version
            edicion.is_valid()
            filas, compromisos = edicion.datos()
            try:
                guardada = services.matriz_guardar(
                    matriz=matriz,
                    usuario=request.user,
                    version=version,
                    filas=filas,
                    compromisos=compromisos,
                    seguimientos=edicion.seguimientos_datos(),
                )
            except services.ConflictoVersion:
                if base is None or intento:
                    raise
                continue
        return guardada, edicion, fusion
    raise AssertionError("unreachable")  # the last attempt returns or raises


def _base(request: HttpRequest) -> dict[str, str] | None:
    """The values the page started from (hidden «base», JSON), or None when absent or not valid."""
    try:
        base = json.loads(request.POST.get("base", ""))
    except ValueError:
        return None
    if not isinstance(base, dict) or not all(isinstance(v, str) for v in base.values()):
        return None
    return base


@require_POST
def matriz_autoguardar(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft saved in the background (htmx, or a beacon when the tab closes). Answers a fragment:
    the status line, the fields to mark (format errors, and what a send misses when the page shows
    that), the summary at the top when the page has one, the new version and the progress."""
    if not request.user.is_authenticated:
        # Not a redirect to the login page: that page would be swapped into the status line.
        return render(request, "balance/_autoguardado.html", {"sesion_vencida": True}, status=401)
    if request.POST.get("resumen", ""):
        # The page shows the summary of what to correct (or what a send misses): every field's
        # state is needed, so the whole set of forms is built.
        return _autoguardar_con_resumen(request, pk)
    contexto: dict = {}
    try:
        with transaction.atomic():
            # Read under the row lock from the start: the merge, the checks and the writes see what
            # is stored, and no other save can come in between (it waits here).
            matriz = _bloqueada_para_autoguardar(request, pk)
            contexto["matriz"] = matriz
            guardada, cambios, fusion, guardados = _autoguardar(matriz, request)
    except (services.ConflictoVersion, ValidationError) as e:
        contexto.update(_rechazo(e))
        estado = 409
    else:
        todos = []
        if cambios.errores:  # named in full only when some field has one (most saves have none)
            etiquetas = plantilla.etiquetas(guardada)
            todos = [
                ErrorDeCampo(
                    id=f"id_{nombre}", nombre=nombre, etiqueta=etiquetas.get(nombre, corta), mensaje=m
                )
                for nombre, corta, m in cambios.errores
            ]
        estado = 422 if todos or cambios.errores_seguimiento or cambios.generales else 200
        actualizar = {f"id_{campo}": par for campo, par in fusion.de_otros.items()} if fusion else {}
        # What is stored now: what was read under the lock, with the rows and compromisos written.
        base = json.dumps(
            forms_balance.valores_tras(guardada, guardados, cambios.filas, cambios.compromisos is not None),
            ensure_ascii=False,
        )
        if not todos and not cambios.generales:
            # Most saves: the status line and the new base, version and bars, drawn here.
            return HttpResponse(_guardado(guardada, base, _progresos(guardada), actualizar), status=estado)
        contexto.update(
            guardada=guardada,
            errores=todos,
            marcas={e.id: e.mensaje for e in todos},
            resumen="",
            todos=todos,
            enviando=False,
            generales=cambios.generales,
            progreso=_progresos(guardada),
            base=base,
            actualizar=actualizar,
        )
    return render(request, "balance/_autoguardado.html", contexto, status=estado)


def _guardado(guardada: Matriz, base: str, progreso: list[tuple[int, SafeString]], actualizar: dict) -> str:
    """balance/_autoguardado.html for a save with no field refused and no summary (most autosaves),
    the same bytes (tests/balance/test_autoguardado_respuesta.py) without the template engine and
    the context processors (the menu) it runs for a fragment that shows none of them."""
    editada = guardada.editada_en  # None on a matrix never edited, to which nothing was written
    hora = "" if editada is None else dateformat.format(timezone.localtime(editada), "H:i:s")
    # As {% blocktranslate %} draws them: the values escaped, the translated text as it is.
    linea = f"{svg('check2')} " + _("Guardado a las %(hora)s.") % {"hora": escapar(hora)}
    if actualizar:
        n = len(actualizar)
        linea += " " + (
            ngettext(
                "Se guardó también desde otra pestaña o por otra persona: un campo que no tocaste aquí "
                "muestra ahora ese texto.",
                "Se guardó también desde otra pestaña o por otra persona: %(n)s campos que no tocaste "
                "aquí muestran ahora ese texto.",
                n,
            )
            % {"n": n}
        )
    barras = "".join(
        f'<div id="avance-{pk}" hx-swap-oob="true" class="minw-7rem">{barra}</div>'
        f'<div id="avance-nav-{pk}" hx-swap-oob="true">{barra}</div>'
        for pk, barra in progreso
    )
    return (
        f'<span class="text-success">{linea}</span>\n'
        f"{json_script({}, 'marcas-campos')}{json_script(actualizar, 'actualizar-campos')}\n"
        f'<input type="hidden" name="base" id="base" value="{escapar(base)}" hx-swap-oob="true">\n'
        f'<input type="hidden" name="version" id="version" value="{guardada.version}" hx-swap-oob="true">\n'
        f"\n{barras}\n\n"
    )


def _bloqueada_para_autoguardar(request: HttpRequest, pk: int) -> Matriz:
    """The matrix to autosave, its campaign and content read under its row lock: in one round trip
    of fixed SQL when the user may write it (balance.permisos.editar_matriz: a national user, or
    the director of its institution); otherwise as any page fetches what it changes (404 outside
    the scope, 403 in scope without the permission)."""
    alcance = alcance_de(request.user)  # no scope for an inactive user: the page's fetch then says 404
    if alcance.nacional or alcance.institucion_ids:
        matriz = autoguardado.matriz_bloqueada(pk, None if alcance.nacional else alcance.institucion_ids)
        if matriz is not None:
            return matriz
    return obtener_para_escribir(
        request,
        _matrices(relaciones=_EDICION).select_for_update(of=("self",)),
        "balance.editar_matriz",
        pk=pk,
    )


def _autoguardar(
    matriz: Matriz, request: HttpRequest
) -> tuple[Matriz, forms_balance.Cambios, services.Fusion | None, dict[str, str]]:
    """An autosave of `matriz`, read with its content under its row lock: merged per field over
    what is stored when the page started from an older version (its «base»), then only the fields
    that differ from what is stored parsed, validated and written (forms.cambios_de). Returns the
    saved matrix, what changed, the merge if any, and the values stored before (valores_de)."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise services.ConflictoVersion(matriz) from None
    guardados = valores_de(matriz)
    datos = request.POST.dict()
    base = _base(request)
    fusion = None
    if base is not None:  # on the current version this merge changes nothing but the choices
        fusion = services.fusionar(
            base=base, mios=datos, guardados=guardados, elecciones=_elecciones(request)
        )
        if fusion.choques:
            raise services.ChoqueDeCampos(matriz, fusion)
        datos, version = fusion.datos, matriz.version
    cambios = forms_balance.cambios_de(matriz, datos, guardados)
    guardada = services.matriz_guardar(
        matriz=matriz,
        usuario=request.user,
        version=version,
        filas=cambios.filas,
        compromisos=cambios.compromisos,
        seguimientos=cambios.seguimientos,
        bloqueada=True,
    )
    return guardada, cambios, fusion, guardados


def _elecciones(request: HttpRequest) -> dict[str, str]:
    """The page's choice per field both changed («elegir-<campo>»: mio or suyo)."""
    return {
        k.removeprefix("elegir-"): v
        for k, v in request.POST.items()
        if k.startswith("elegir-") and v in ("mio", "suyo")
    }


def _autoguardar_con_resumen(request: HttpRequest, pk: int) -> HttpResponse:
    """The autosave of a page that shows the summary: every form built, what a send misses marked."""
    matriz = obtener_para_escribir(request, _matrices(), "balance.editar_matriz", pk=pk)
    edicion = EdicionMatriz(matriz, request.POST)
    contexto = {"matriz": matriz}
    try:
        guardada, edicion, fusion = _guardar(matriz, request, edicion)
    except (services.ConflictoVersion, ValidationError) as e:
        contexto.update(_rechazo(e))
        estado = 409
    else:
        resumen = request.POST.get("resumen", "")
        enviando = resumen == "enviar"
        formato = edicion.campos_con_error or edicion.errores_generales
        if enviando:
            edicion.marcar_faltantes(guardada)  # from what is saved now (content read by the save)
        # Named in full (lineamiento, logro, field) and linked to the field: the page is long. The
        # full names are built only when some field has an error (most saves have none).
        marcados = any(f.errors for f in edicion.todas())
        todos = edicion.errores_por_campo(plantilla.etiquetas(guardada)) if marcados else []
        rechazados = _con_error_de_formato(edicion)
        contexto.update(
            guardada=guardada,
            errores=[e for e in todos if e.nombre in rechazados],
            marcas={e.id: e.mensaje for e in todos},
            resumen=resumen,
            todos=todos,
            enviando=enviando,
            generales=edicion.errores_generales,
            progreso=_progresos(guardada),
            # The page now starts from what was saved; fields taken from a newer save meanwhile are
            # shown to it (autoguardado.js updates each one still as it was sent).
            base=json.dumps(valores_de(guardada), ensure_ascii=False),
            actualizar={f"id_{campo}": par for campo, par in fusion.de_otros.items()} if fusion else {},
        )
        estado = 422 if formato else 200
    return render(request, "balance/_autoguardado.html", contexto, status=estado)


def _con_error_de_formato(edicion: EdicionMatriz) -> set[str]:
    """The fields whose value was refused (not merely missing for a send)."""
    return {
        form[nombre].html_name
        for form in edicion.todas()
        for nombre, errores in form.errors.as_data().items()
        if nombre in form.fields and any(e.code != "falta" for e in errores)
    }


def _progresos(matriz: Matriz) -> list[tuple[int, SafeString]]:
    """Per-row progress bar of the matrix (its content already read), by row id: each value's bar
    (balance/_progreso.html, which depends on nothing but the value and the language) drawn once
    per process."""
    idioma = get_language()
    resultado = []
    for fila in matriz.filas.all():
        clave = (fila.progreso, idioma)
        barra = _BARRAS.get(clave)
        if barra is None:
            barra = _BARRAS[clave] = render_to_string("balance/_progreso.html", {"valor": fila.progreso})
        resultado.append((fila.pk, barra))
    return resultado


_BARRAS: dict[tuple[int, str], SafeString] = {}  # 0-100 per language


SESION_IMPORTACION = "balance_importacion"


@login_required
def matriz_importar(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the filled Excel template: a preview of what changes, saved only on confirmation."""
    matriz = obtener_para_escribir(request, _matrices(), "balance.editar_matriz", pk=pk)
    if not matriz.editable:
        messages.error(request, _("La matriz no se puede modificar ahora."))
        return redirect("balance:matriz", matriz.pk)
    contexto = {"matriz": matriz, "form": SubirPlantillaForm()}
    if request.method == "POST" and "confirmar" in request.POST:
        pendiente = request.session.get(SESION_IMPORTACION)
        if not pendiente or pendiente.get("matriz") != matriz.pk:
            messages.error(request, _("No hay una plantilla por confirmar. Súbela de nuevo."))
            return redirect("balance:matriz_importar", matriz.pk)
        edicion = EdicionMatriz(matriz, pendiente["datos"])
        if not edicion.is_valid():  # the file was checked on upload; this only guards the session
            messages.error(request, _("La plantilla tiene errores. Súbela de nuevo."))
            return redirect("balance:matriz_importar", matriz.pk)
        filas, compromisos = edicion.datos()
        try:
            services.matriz_guardar(
                matriz=matriz,
                usuario=request.user,
                version=pendiente["version"],
                filas=filas,
                compromisos=compromisos,
                importada=True,
            )
        except services.ConflictoVersion:
            messages.error(
                request,
                _(
                    "La matriz cambió desde que subiste la plantilla. "
                    "Descárgala de nuevo para no borrar esos cambios."
                ),
            )
            return redirect("balance:matriz_importar", matriz.pk)
        finally:
            request.session.pop(SESION_IMPORTACION, None)
        messages.success(request, _("Se guardaron los datos de la plantilla."))
        return redirect("balance:matriz_editar", matriz.pk)
    if request.method == "POST":
        form = SubirPlantillaForm(request.POST, request.FILES)
        contexto["form"] = form
        if form.is_valid():
            lectura = plantilla.leer(matriz, form.cleaned_data["archivo"])
            if lectura.valida:
                request.session[SESION_IMPORTACION] = {
                    "matriz": matriz.pk,
                    "version": matriz.version,
                    "datos": lectura.datos,
                }
                contexto["cambios"] = plantilla.cambios(matriz, lectura.datos)
                contexto["vista_previa"] = True
            else:
                contexto["errores"] = lectura.errores
    return render(request, "balance/matriz_importar.html", contexto)
