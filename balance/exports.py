"""The balance's exporters: one matrix (PDF, XLSX), a whole campaign (XLSX, PDF), and the Excel
template a director fills offline."""

import math
from collections import defaultdict

from django.db import connections, models
from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import historial
from balance.graficos import graficos_del_balance
from balance.models import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    MAX_DIFICULTADES,
    MAX_LOGROS,
    NOTA_LOGROS,
    Avance,
    Campana,
    CategoriaDificultad,
    Compromiso,
    Dificultad,
    Estado,
    Fila,
    Lineamiento,
    Logro,
    Matriz,
    SeguimientoCompromiso,
    Situacion,
    seguimientos_de,
)
from comun.texto import una_linea
from cuentas.permisos import tiene_permiso
from exportaciones.base import (
    Columna,
    Exportador,
    ExportadorDocumento,
    ExportadorFilas,
    Hoja,
    maquetas_a_la_vez,
    registrar,
)
from territorio.models import Dre, Modalidad


class ExportaMatriz:
    """Resolves ?matriz=<pk> inside the user's scope."""

    opciones = ("matriz",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.matriz = self.obtener(
            Matriz.objects.select_related(
                "campana", "institucion__ugel__dre", "aprobada_por"
            ).con_contenido(),
            "matriz",
        )

    def titulo_archivo(self):
        return f"Matriz de balance {self.matriz.campana.anio} {self.matriz.institucion.nombre}"

    def pie(self):
        i = self.matriz.institucion
        return f"{i.nombre} ({i.codigo_modular}) · {i.ugel.nombre}"

    def titulo(self) -> list[str]:
        """Whose matrix the file is, in what state, and when it was exported: the file stands alone."""
        m, i = self.matriz, self.matriz.institucion
        return [
            _("Matriz de balance %(anio)d «%(titulo)s»")
            % {"anio": m.campana.anio, "titulo": m.campana.titulo},
            _("Institución: %(nombre)s (código modular %(codigo)s) · %(modalidad)s")
            % {"nombre": i.nombre, "codigo": i.codigo_modular, "modalidad": i.get_modalidad_display()},
            _("UGEL: %(ugel)s · DRE: %(dre)s") % {"ugel": i.ugel.nombre, "dre": i.ugel.dre.nombre},
            _("Estado: %(estado)s") % {"estado": m.get_estado_display()},
            _exportado(),
        ]


class ExportaMatrices:
    """What a consolidated export covers: the matrices, in the user's scope, of one or more campaigns
    (``self.campanas``, ``self.matrices``, set by the subclass that resolves the options). The
    consolidated workbook and PDF are written over this, whatever the campaigns are."""

    campanas: list[Campana]
    matrices: QuerySet[Matriz]

    def descripcion(self) -> str:
        """Year and scope, for the file's name."""
        raise NotImplementedError

    def portada(self) -> list[str]:
        """The PDF cover's lines: its title first."""
        return [str(linea) for linea in self.titulo()[:-1]]

    def lineamientos(self) -> list[tuple[int, str, list[int]]]:
        """One consolidated sheet per lineamiento: ``(orden, nombre, ids)``, in order. Campaigns that
        share a lineamiento's name (the UGELs of a DRE follow the regional ones) share its sheet."""
        if not hasattr(self, "_lineamientos"):
            grupos: dict[str, tuple[int, str, list[int]]] = {}
            for pk, orden, nombre in (
                Lineamiento.objects.filter(campana__in=[c.pk for c in self.campanas])
                .order_by("orden", "campana__ugel__nombre", "pk")
                .values_list("pk", "orden", "nombre")
            ):
                grupos.setdefault(una_linea(nombre).casefold(), (orden, nombre, []))[2].append(pk)
            self._lineamientos = list(grupos.values())
        return self._lineamientos

    def resumen(self):
        """Counts per UGEL in Situacion order: ([(ugel, [n, ...], total)], [total per state], total)."""
        filas = (
            self.matrices.con_situacion()
            .values_list("institucion__ugel__nombre", "situacion")
            .annotate(n=Count("id"))
            .order_by("institucion__ugel__nombre")
        )
        por_ugel: dict[str, dict[str, int]] = defaultdict(dict)
        for ugel, situacion, n in filas:
            por_ugel[ugel][situacion] = n
        resumen = [(u, [c.get(s, 0) for s in Situacion.values], sum(c.values())) for u, c in por_ugel.items()]
        totales = [sum(fila[1][i] for fila in resumen) for i in range(len(Situacion.values))]
        return resumen, totales, sum(totales)


def _estado_campana(c: Campana) -> str:
    plazo = c.fecha_limite.strftime("%d/%m/%Y")
    if c.abierta and not c.vencida:
        return _("abierta, plazo de entrega %(fecha)s") % {"fecha": plazo}
    if c.abierta:
        return _("abierta, plazo vencido el %(fecha)s") % {"fecha": plazo}
    return _("no recibe envíos (plazo de entrega %(fecha)s)") % {"fecha": plazo}


class ExportaCampana(ExportaMatrices):
    """Resolves ?campana=<pk> inside the user's scope; covers only the matrices the user may see."""

    opciones = ("campana",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.campana = self.obtener(Campana.objects.select_related("ugel__dre", "dre"), "campana")
        self.campanas = [self.campana]
        self.matrices = Matriz.objects.visible_to(usuario).filter(campana=self.campana)

    def descripcion(self):
        return f"{self.campana.anio} {self.campana.ambito}"

    def pie(self):
        return f"{self.campana.titulo} · {self.campana.ambito}"

    def portada(self):
        c = self.campana
        return [
            c.titulo,
            str(c.ambito),
            _("Plazo de entrega: %(fecha)s") % {"fecha": c.fecha_limite.strftime("%d/%m/%Y")},
        ]

    def titulo(self) -> list[str]:
        """Which campaign, whose, in what state, and when it was exported: the file stands alone."""
        c = self.campana
        ambito = (
            _("UGEL: %(ugel)s · DRE: %(dre)s") % {"ugel": c.ugel.nombre, "dre": c.ugel.dre.nombre}
            if c.ugel_id
            else _("DRE: %(dre)s") % {"dre": c.dre.nombre}
        )
        return [
            _("Consolidado del balance %(anio)d «%(titulo)s»") % {"anio": c.anio, "titulo": c.titulo},
            ambito,
            _("Campaña %(estado)s") % {"estado": _estado_campana(c)},
            _exportado(),
        ]


class ExportaDre(ExportaMatrices):
    """Resolves ?dre=<pk>&anio=<año>: the year's campaigns over the DRE (each UGEL's and the DRE-wide
    one), for whoever reads its board (balance.ver_tablero_dre); 404 for anyone else, an unknown DRE
    or year. With the option ``estado`` (a Situacion, or empty for all), only matrices in it."""

    opciones = ("dre", "anio")
    solo_aprobadas = False

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.dre = self.obtener(Dre, "dre")
        if not tiene_permiso(usuario, "balance.ver_tablero_dre", self.dre):
            raise Http404
        self.anio = self.parametro_id("anio")
        if not ANIO_MINIMO <= self.anio <= ANIO_MAXIMO:
            raise Http404
        # The PDF lays out only the approved matrices (ConsolidadoPdf.partes), but its summary
        # counts them all: its matrices are not filtered.
        self.estado = "" if self.solo_aprobadas else self.parametros.get("estado", "")
        if self.estado and self.estado not in Situacion.values:
            raise Http404
        self.campanas = list(
            Campana.objects.visible_to(usuario)
            .de_dre(self.dre, self.anio)
            .select_related("ugel", "dre")
            .order_by("ugel__nombre")
        )
        self.matrices = Matriz.objects.visible_to(usuario).filter(
            campana__in=[c.pk for c in self.campanas], institucion__ugel__dre=self.dre
        )
        if self.estado:
            self.matrices = self.matrices.en_situacion(self.estado)

    def descripcion(self):
        return f"{self.anio} {self.dre.nombre}"

    def pie(self):
        return _("Balance %(anio)d · %(dre)s") % {"anio": self.anio, "dre": self.dre.nombre}

    def titulo(self) -> list[str]:
        """Which DRE and year, which campaigns, which matrices, and when it was exported."""
        campanas = "; ".join(
            _("«%(titulo)s» (%(ambito)s, %(estado)s)")
            % {"titulo": c.titulo, "ambito": c.ambito, "estado": _estado_campana(c)}
            for c in self.campanas
        ) or _("ninguna")
        if self.solo_aprobadas:
            estados = _("Matrices: solo las aprobadas (el resumen por UGEL cuenta todas)")
        elif self.estado:
            estados = _("Matrices: solo en estado «%(estado)s»") % {"estado": Situacion(self.estado).label}
        else:
            estados = _("Matrices: todas, en cualquier estado")
        return [
            _("Consolidado del balance %(anio)d de la %(dre)s") % {"anio": self.anio, "dre": self.dre.nombre},
            _("DRE: %(dre)s · año %(anio)d · todas sus UGEL") % {"dre": self.dre.nombre, "anio": self.anio},
            _("Campañas: %(campanas)s") % {"campanas": campanas},
            estados,
            _exportado(),
        ]


# --- XLSX ----------------------------------------------------------------------------------------


def _exportado() -> str:
    return _("Exportado el %(fecha)s") % {"fecha": timezone.localdate().strftime("%d/%m/%Y")}


COLUMNAS_FILA = [
    Columna(_("Acciones realizadas"), 50, True),
    *[
        c
        for n in range(1, MAX_LOGROS + 1)
        for c in (
            Columna(_("Logro %(n)d: cifra") % {"n": n}, 10),
            Columna(_("Logro %(n)d: qué cuenta") % {"n": n}, 30, True),
            Columna(_("Logro %(n)d: descripción cualitativa") % {"n": n}, 45, True),
            Columna(_("Logro %(n)d: evidencia") % {"n": n}, 30, True),
        )
    ],
    *[
        c
        for n in range(1, MAX_DIFICULTADES + 1)
        for c in (
            Columna(_("Dificultad %(n)d") % {"n": n}, 35, True),
            Columna(_("Dificultad %(n)d: categoría") % {"n": n}, 18, True),
        )
    ],
    Columna(_("Sugerencias"), 45, True),
    Columna(_("Enlace de las evidencias"), 30, True),
    Columna(_("Observación de la UGEL"), 40, True),
]


# A row's own texts and a logro's cells, as _celdas_fila takes them (values_list of these fields, or
# read off the objects): the consolidated workbook reads tuples, not model instances.
CAMPOS_FILA = ("acciones", "sugerencias", "enlace_evidencias", "observacion")
CAMPOS_LOGRO = ("cifra", "que_cuenta", "cualitativo", "evidencia")
SIN_LOGRO = (None, "", "", "")


def _celdas_fila(textos: tuple, logros: dict[int, tuple], dificultades: dict[int, tuple[str, str]]) -> list:
    """`textos`: the row's CAMPOS_FILA; `logros`: slot → its CAMPOS_LOGRO; `dificultades`: slot →
    (text, category name or "")."""
    acciones, sugerencias, enlace, observacion = textos
    celdas = [acciones]
    for n in range(1, MAX_LOGROS + 1):
        celdas += logros.get(n, SIN_LOGRO)
    for n in range(1, MAX_DIFICULTADES + 1):
        celdas += dificultades.get(n, ("", ""))
    return celdas + [sugerencias, enlace, observacion]


def _campos(objeto, campos: tuple[str, ...]) -> tuple:
    return tuple(getattr(objeto, c) for c in campos)


INSTITUCION = "institucion__"  # the path from a matrix to its institution, in the consolidated queries

# The sheets with a column per piece of the matrix print this many A4 landscape pages across, so
# that the text stays readable (ExportadorFilas' Hoja.paginas_de_ancho).
PAGINAS_DE_ANCHO = 6

COLUMNAS_COMPROMISO = [
    Columna(_("N.°"), 6),
    Columna(_("Compromiso de mejora"), 60, True),
    Columna(_("Responsable"), 25, True),
    Columna(_("Plazo"), 12),
]


COLUMNAS_SEGUIMIENTO = [
    Columna(_("N.°"), 6),
    Columna(_("Compromiso del año anterior"), 50, True),
    Columna(_("Responsable"), 22, True),
    Columna(_("Plazo"), 12),
    Columna(_("¿Cómo le fue?"), 14),
    Columna(_("Comentario"), 50, True),
]


def _celdas_seguimiento(compromiso: Compromiso, seguimiento: SeguimientoCompromiso | None) -> list:
    avance = (
        seguimiento.get_avance_display() if seguimiento and seguimiento.avance else str(_("Sin responder"))
    )
    return [
        compromiso.orden,
        compromiso.que,
        compromiso.responsable,
        compromiso.plazo,
        avance,
        seguimiento.comentario if seguimiento else "",
    ]


@registrar
class MatrizXlsx(ExportaMatriz, ExportadorFilas):
    """One matrix as a spreadsheet: a row per lineamiento, its commitments and its history."""

    identificador = "balance.matriz_xlsx"
    nombre = _("Matriz de balance (Excel)")

    def hojas(self):
        m = self.matriz
        filas = [
            [f.lineamiento.orden, f.lineamiento.nombre]
            + _celdas_fila(
                _campos(f, CAMPOS_FILA),
                {lo.orden: _campos(lo, CAMPOS_LOGRO) for lo in f.logros.all()},
                {d.orden: (d.texto, d.categoria.nombre if d.categoria else "") for d in f.dificultades.all()},
            )
            for f in m.filas.all()
        ]
        titulo = self.titulo()
        yield Hoja(
            _("Matriz"),
            [Columna(_("N.°"), 6), Columna(_("Lineamiento"), 30, True), *COLUMNAS_FILA],
            filas,
            titulo=titulo,
            horizontal=True,
            paginas_de_ancho=PAGINAS_DE_ANCHO,
            repetir=(2, 2),  # the lineamiento's name on each page
        )
        yield Hoja(
            _("Compromisos"),
            COLUMNAS_COMPROMISO,
            [[c.orden, c.que, c.responsable, c.plazo] for c in m.compromisos.all()],
            titulo=titulo,
            horizontal=True,
        )
        if seguimiento := seguimientos_de([m]).get(m.pk):
            yield Hoja(
                _("Seguimiento compromisos %(anio)d") % {"anio": seguimiento.anterior.campana.anio},
                COLUMNAS_SEGUIMIENTO,
                [_celdas_seguimiento(c, s) for c, s in seguimiento.compromisos],
                titulo=titulo,
                horizontal=True,
            )
        yield Hoja(
            _("Historial"),
            [
                Columna(_("Fecha"), 18),
                Columna(_("De"), 12),
                Columna(_("A"), 12),
                Columna(_("Usuario"), 25),
                Columna(_("Comentario"), 60, True),
            ],
            [
                [c.fecha, c.de_display, c.a_display, str(c.usuario or ""), c.comentario]
                for c in historial.entradas(m, estados=True)
            ],
            titulo=titulo,
            horizontal=True,
        )


class ConsolidadoXlsx(ExportadorFilas):
    """Matrices consolidated (ExportaMatrices): a summary, one sheet per lineamiento, and the
    commitments."""

    def titulo_archivo(self):
        return f"Consolidado balance {self.descripcion()}"

    def tamano(self):
        return self.matrices.count()

    def total_filas(self):
        return self.tamano() * (len(self.lineamientos()) + 1)

    def hojas(self):
        resumen, totales, total = self.resumen()
        titulo = self.titulo()
        yield Hoja(
            _("Resumen"),
            [Columna(_("UGEL"), 32), *[Columna(et, 12) for et in Situacion.labels], Columna(_("Total"), 10)],
            [[u, *conteos, t] for u, conteos, t in resumen] + [[str(_("Total")), *totales, total]],
            titulo=titulo,
            horizontal=True,
        )
        encabezado = [
            Columna(_("UGEL"), 24),
            Columna(_("Código modular"), 12),
            Columna(_("Institución"), 34, True),
            Columna(_("Modalidad"), 10),
            Columna(_("Estado"), 11),
        ]
        filas = self._lector_filas()
        for orden, nombre, ids in self.lineamientos():
            yield Hoja(
                f"{orden}. {nombre}",
                [*encabezado, *COLUMNAS_FILA],
                filas(ids),
                titulo=[
                    *titulo[:1],
                    _("Lineamiento %(n)d: %(nombre)s") % {"n": orden, "nombre": nombre},
                    *titulo[1:],
                ],
                horizontal=True,
                # 24 columns: one page wide would print at about 20 %. Five pages across, each
                # starting with the institution's name, print at about 80 % (8–9 pt).
                paginas_de_ancho=PAGINAS_DE_ANCHO,
                repetir=(3, 3),
            )
        yield Hoja(
            _("Compromisos de mejora"),
            [*encabezado[:3], *COLUMNAS_COMPROMISO],
            Compromiso.objects.filter(matriz__in=self.matrices)
            .order_by(f"matriz__{INSTITUCION}ugel__nombre", f"matriz__{INSTITUCION}nombre", "orden")
            .values_list(
                f"matriz__{INSTITUCION}ugel__nombre",
                f"matriz__{INSTITUCION}codigo_modular",
                f"matriz__{INSTITUCION}nombre",
                "orden",
                "que",
                "responsable",
                "plazo",
            )
            .iterator(chunk_size=LOTE),
            titulo=titulo,
            horizontal=True,
        )
        yield Hoja(
            _("Seguimiento de compromisos"),
            [*encabezado[:3], *COLUMNAS_SEGUIMIENTO],
            self._seguimientos(),
            titulo=[
                *titulo[:1],
                _("Cómo le fue a cada institución con los compromisos de su balance del año anterior"),
                *titulo[1:],
            ],
            horizontal=True,
        )

    def _seguimientos(self):
        """Per matrix with a previous balance (balance.models.anteriores: the same institution's
        matrix of the year before, the latest if that year had two), its compromisos with this year's
        follow-up: one streaming query, PostgreSQL joining each matrix's previous compromisos and
        their follow-up, whatever the number of institutions."""
        previa = Subquery(
            Matriz.objects.filter(
                institucion=OuterRef("institucion"), campana__anio=OuterRef("campana__anio") - 1
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        matrices = (
            self.matrices.annotate(previa=previa)  # none: no compromiso joins it
            .order_by()
            .values_list(
                "pk",
                "previa",
                f"{INSTITUCION}ugel__nombre",
                f"{INSTITUCION}codigo_modular",
                f"{INSTITUCION}nombre",
            )
        )
        sql, parametros = matrices.query.get_compiler(matrices.db).as_sql()
        avance, etiquetas = _etiqueta_sql("s.avance", Avance, str(_("Sin responder")))
        return leer_filas(
            matrices.db,
            # MATERIALIZED: each matrix's previous one is looked up once, not again in the join.
            f"WITH q (id, previa, ugel, codigo, nombre) AS MATERIALIZED ({sql})"
            " SELECT q.ugel, q.codigo, q.nombre, c.orden, c.que, c.responsable, c.plazo,"
            f" {avance}, coalesce(s.comentario, '')"
            f' FROM q JOIN "{Compromiso._meta.db_table}" c ON c.matriz_id = q.previa'
            f' LEFT JOIN "{SeguimientoCompromiso._meta.db_table}" s'
            " ON s.matriz_id = q.id AND s.compromiso_id = c.id"
            " ORDER BY q.ugel, q.nombre, q.id, c.orden",
            [*parametros, *etiquetas],
        )

    def _lector_filas(self):
        """What reads a lineamiento sheet's rows: one streaming query per sheet (the query built
        once), whatever the number of institutions and campaigns. PostgreSQL hands each row over as
        the sheet's cells in order (_celdas_consulta), and the rows go to the writer as the driver
        made them: no JSON to decode, no list built per row, nothing kept per row, so memory does not
        grow with the matrices."""
        i = f"matriz__{INSTITUCION}"
        filas = (
            Fila.objects.filter(matriz__in=self.matrices)
            # Sorted before the LATERAL subqueries (the outer ORDER BY is then already met): the
            # first rows leave PostgreSQL while it still fills the later ones.
            .order_by(f"{i}ugel__nombre", f"{i}nombre", "pk")
            .values_list(
                "pk",
                "lineamiento_id",
                f"{i}ugel__nombre",
                f"{i}codigo_modular",
                f"{i}nombre",
                _etiqueta(f"{i}modalidad", Modalidad),
                _etiqueta("matriz__estado", Estado),
                *CAMPOS_FILA,
            )
        )
        sql, parametros = filas.query.get_compiler(filas.db).as_sql()
        sql = _celdas_consulta(sql)
        return lambda lineamientos: leer_filas(filas.db, sql, [*parametros, lineamientos])


def _etiqueta_sql(columna: str, opciones, otra: str) -> tuple[str, list[str]]:
    """The column's choice label (translated now, once) in raw SQL, ``otra`` for anything else: the
    expression and its parameters."""
    cuando = " ".join("WHEN %s THEN %s" for _opcion in opciones.choices)
    return f"CASE {columna} {cuando} ELSE %s END", [
        *(str(x) for valor, etiqueta in opciones.choices for x in (valor, etiqueta)),
        otra,
    ]


def _etiqueta(campo: str, opciones) -> Case:
    """The field's choice label (translated now, once), computed by PostgreSQL."""
    return Case(
        *[When(**{campo: valor}, then=Value(str(etiqueta))) for valor, etiqueta in opciones.choices],
        default=F(campo),
        output_field=models.CharField(),
    )


def _por_orden(modelo, campos: list[str], maximo: int, unir: str = "") -> str:
    """A LATERAL subquery over a row's logros or dificultades (``x``): one column per slot (orden
    1..maximo) and field, in _celdas_fila's order, the value of the one element in that slot (orden
    is unique within its row): NULL for a missing cifra (a float: it has two decimals, the same value
    in Excel), "" for a missing text."""
    columnas = []
    for n in range(1, maximo + 1):
        for campo in campos:
            valor = f"max({campo}) FILTER (WHERE x.orden = {n})"
            columnas.append(f"({valor})::float8" if campo == "x.cifra" else f"coalesce({valor}, '')")
    tabla = modelo._meta.db_table
    return f'SELECT {", ".join(columnas)} FROM "{tabla}" x {unir} WHERE x.fila_id = q.id'


LOGROS_SQL = _por_orden(Logro, [f"x.{c}" for c in CAMPOS_LOGRO], MAX_LOGROS)
DIFICULTADES_SQL = _por_orden(
    Dificultad,
    ["x.texto", "c.nombre"],
    MAX_DIFICULTADES,
    f'LEFT JOIN "{CategoriaDificultad._meta.db_table}" c ON c.id = x.categoria_id',
)


def _celdas_consulta(filas: str) -> str:
    """The consolidated sheet's cells of each Fila that ``filas`` selects (its pk, lineamiento, UGEL,
    code, name, modality and state, then CAMPOS_FILA) in the lineamientos of the last parameter (a
    list of ids), in the sheet's order: the logros and dificultades spread
    into their slots' columns by two LATERAL subqueries, one index lookup each per row."""
    return (
        "SELECT q.ugel, q.codigo, q.nombre, q.modalidad, q.estado, q.acciones, l.*, d.*,"
        " q.sugerencias, q.enlace, q.observacion"
        f" FROM ({filas})"
        " q (id, lineamiento, ugel, codigo, nombre, modalidad, estado,"
        " acciones, sugerencias, enlace, observacion)"
        f" CROSS JOIN LATERAL ({LOGROS_SQL}) l CROSS JOIN LATERAL ({DIFICULTADES_SQL}) d"
        " WHERE q.lineamiento = ANY(%s)"
        " ORDER BY q.ugel, q.nombre, q.id"
    )


# Rows held at a time while a sheet is read (a batch from the server-side cursor): the same for any
# number of matrices, so memory stays flat.
LOTE = 250


def leer_filas(alias: str, sql: str, parametros, lote: int = LOTE):
    """The rows of a query as the driver makes them (tuples), read from a server-side cursor in
    batches of ``lote`` (as QuerySet.iterator does), so that only one batch is held here."""
    conexion = connections[alias]
    servidor = not conexion.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    with conexion.chunked_cursor() if servidor else conexion.cursor() as cursor:
        cursor.execute(sql, parametros)
        while filas := cursor.fetchmany(lote):
            yield from filas


@registrar
class CampanaXlsx(ExportaCampana, ConsolidadoXlsx):
    """A campaign consolidated in a workbook."""

    identificador = "balance.campana_xlsx"
    nombre = _("Consolidado de la campaña (Excel)")


@registrar
class DreXlsx(ExportaDre, ConsolidadoXlsx):
    """A DRE's year consolidated in one workbook: every matrix of all its UGELs' campaigns."""

    identificador = "balance.dre_xlsx"
    nombre = _("Consolidado de la DRE (Excel)")
    opciones = ("dre", "anio", "estado")


# --- PDF -----------------------------------------------------------------------------------------


@registrar
class MatrizPdf(ExportaMatriz, ExportadorDocumento):
    """One matrix laid out like the guidance's: a table per lineamiento with the five columns."""

    identificador = "balance.matriz_pdf"
    nombre = _("Matriz de balance (PDF)")
    plantilla = "balance/pdf/matriz.html"
    horizontal = True
    umbral_inmediato = 20

    def contexto(self):
        self.matriz.aprobacion = aprobacion(self.matriz)
        self.matriz.seguimiento = seguimientos_de([self.matriz]).get(self.matriz.pk)
        return {"matrices": [self.matriz], "nota": NOTA_LOGROS}


def aprobaciones(matrices) -> dict[int, "historial.Entrada"]:
    """The history entry of each approved matrix's current approval (who, when, and the comment
    written with it), by pk; the others are left out. Two queries, whatever the number of matrices."""
    aprobadas = [m for m in matrices if m.estado == Estado.APROBADA]
    return historial.ultimos_cambios_de_estado(aprobadas, a=Estado.APROBADA)


def aprobacion(matriz: Matriz):
    """The matrix's current approval (``aprobaciones``), or None when it is not approved."""
    return aprobaciones([matriz]).get(matriz.pk)


class ConsolidadoPdf(ExportadorDocumento):
    """Matrices for the record (ExportaMatrices): a cover, the summary table, then every approved
    matrix."""

    plantilla = "balance/pdf/campana.html"
    horizontal = True
    umbral_inmediato = 20

    def titulo_archivo(self):
        return f"Balance {self.descripcion()}"

    def tamano(self):
        return self.matrices.filter(estado=Estado.APROBADA).count()

    # Matrices laid out together in one WeasyPrint pass (about 6 MiB each while laid out).
    por_parte = 25

    # The cover's table of contents (balance/pdf/campana.html): entries on its first page, under
    # its heading, and on each of the next ones, one line each (a name long enough to take two
    # lines costs one more layout of it: ExportadorDocumento.paginas_indice).
    entradas_primera_pagina = 24
    entradas_por_pagina = 26

    def paginas_indice(self, contexto):
        """The cover's page, then the table of contents'."""
        despues = max(0, len(contexto["indice"]) - self.entradas_primera_pagina)
        return 2 + -(-despues // self.entradas_por_pagina)

    def total_partes(self):
        return 2 + len(self._grupos(self.tamano()))

    def _grupos(self, n: int) -> list[range]:
        """The matrices' positions in each part: at most `por_parte` in each, in a number of parts
        that is a multiple of the layouts run at once (exportaciones.base.maquetas_a_la_vez), so
        that no core is left alone with the last part (and a short PDF is laid out on every core
        too); the parts as even as they can be (their sizes differ by one at most)."""
        a_la_vez = maquetas_a_la_vez()
        llenas = math.ceil(n / self.por_parte)  # parts of por_parte
        partes = min(n, math.ceil(llenas / a_la_vez) * a_la_vez)
        if not partes:
            return []
        tamano, resto = divmod(n, partes)
        grupos, inicio = [], 0
        for k in range(partes):
            fin = inicio + tamano + (1 if k < resto else 0)
            grupos.append(range(inicio, fin))
            inicio = fin
        return grupos

    def partes(self):
        """The cover (with the table of contents), the summary, then the approved matrices in groups
        (``_grupos``: at most `por_parte` each)."""
        aprobadas = list(
            self.matrices.filter(estado=Estado.APROBADA)
            .order_by("institucion__ugel__nombre", "institucion__nombre")
            .values_list(
                "pk", "institucion__nombre", "institucion__codigo_modular", "institucion__ugel__nombre"
            )
        )
        ids = [pk for pk, *_resto in aprobadas]
        base = {"nota": NOTA_LOGROS, "usuario": self.usuario}
        # The cover carries the table of contents, in a part of its own: its page numbers are
        # those of the anchors in the parts after it (ExportadorDocumento.partes), known at the
        # end, when it is laid out (once, when paginas_indice foretells its length). The summary
        # and the charts are the next part.
        portada = {**base, "portada": self.portada()}
        if aprobadas:
            portada["indice"] = [
                ("resumen", str(_("Resumen por UGEL"))),
                ("graficos", str(_("Lo que muestra el año"))),
            ] + [(f"matriz-{pk}", f"{nombre} ({codigo}) · {ugel}") for pk, nombre, codigo, ugel in aprobadas]
        yield portada
        resumen, totales, total = self.resumen()
        yield {
            **base,
            "aprobadas": len(ids),
            "resumen": resumen,
            "totales": totales,
            "total": total,
            "situaciones": Situacion.labels,
            "graficos": graficos_del_balance(self.matrices),
        }
        for posiciones in self._grupos(len(ids)):
            grupo = ids[posiciones.start : posiciones.stop]
            matrices = (
                Matriz.objects.filter(pk__in=grupo)
                .select_related("institucion__ugel", "aprobada_por", "campana")
                .con_contenido()
                .in_bulk()
            )
            leidas = aprobaciones(matrices.values())  # two queries for the whole part
            seguimientos = seguimientos_de(matrices.values())  # three queries for the part
            for m in matrices.values():
                m.aprobacion = leidas.get(m.pk)
                m.seguimiento = seguimientos.get(m.pk)
            yield {**base, "matrices": [matrices[pk] for pk in grupo]}


@registrar
class CampanaPdf(ExportaCampana, ConsolidadoPdf):
    """A campaign's approved matrices in one PDF."""

    identificador = "balance.campana_pdf"
    nombre = _("Consolidado de la campaña (PDF)")


@registrar
class DrePdf(ExportaDre, ConsolidadoPdf):
    """A DRE's approved matrices of a year, across all its UGELs' campaigns, in one PDF."""

    identificador = "balance.dre_pdf"
    nombre = _("Matrices aprobadas de la DRE (PDF)")
    solo_aprobadas = True


@registrar
class PlantillaXlsx(ExportaMatriz, Exportador):
    """The matrix as an Excel template to fill offline and upload back."""

    identificador = "balance.plantilla_xlsx"
    nombre = _("Plantilla de la matriz para llenar sin conexión (Excel)")
    extension = "xlsx"
    content_type = ExportadorFilas.content_type

    def titulo_archivo(self):
        return f"Plantilla balance {self.matriz.campana.anio} {self.matriz.institucion.codigo_modular}"

    def generar(self, salida, progreso=None):
        from balance.plantilla import escribir

        escribir(self.matriz, salida)
