"""The balance's exporters: one matrix (PDF, XLSX), a whole campaign (XLSX, PDF), and the Excel
template a director fills offline."""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import historial
from balance.graficos import graficos_del_balance
from balance.models import (
    MAX_DIFICULTADES,
    MAX_LOGROS,
    NOTA_LOGROS,
    Campana,
    Compromiso,
    Dificultad,
    Estado,
    Fila,
    Logro,
    Matriz,
    SeguimientoCompromiso,
    Situacion,
    seguimientos_de,
)
from exportaciones.base import Columna, Exportador, ExportadorDocumento, ExportadorFilas, Hoja, registrar
from territorio.models import Modalidad


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


class ExportaCampana:
    """Resolves ?campana=<pk> inside the user's scope; covers only the matrices the user may see."""

    opciones = ("campana",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.campana = self.obtener(Campana.objects.select_related("ugel__dre", "dre"), "campana")
        self.matrices = Matriz.objects.visible_to(usuario).filter(campana=self.campana)

    def tamano(self):
        return self.matrices.count()

    def pie(self):
        return f"{self.campana.titulo} · {self.campana.ambito}"

    def titulo(self) -> list[str]:
        """Which campaign, whose, in what state, and when it was exported: the file stands alone."""
        c = self.campana
        plazo = c.fecha_limite.strftime("%d/%m/%Y")
        if c.abierta and not c.vencida:
            estado = _("abierta, plazo de entrega %(fecha)s") % {"fecha": plazo}
        elif c.abierta:
            estado = _("abierta, plazo vencido el %(fecha)s") % {"fecha": plazo}
        else:
            estado = _("no recibe envíos (plazo de entrega %(fecha)s)") % {"fecha": plazo}
        ambito = (
            _("UGEL: %(ugel)s · DRE: %(dre)s") % {"ugel": c.ugel.nombre, "dre": c.ugel.dre.nombre}
            if c.ugel_id
            else _("DRE: %(dre)s") % {"dre": c.dre.nombre}
        )
        return [
            _("Consolidado del balance %(anio)d «%(titulo)s»") % {"anio": c.anio, "titulo": c.titulo},
            ambito,
            _("Campaña %(estado)s") % {"estado": estado},
            _exportado(),
        ]

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


def _celdas_fila(fila: Fila, logros: dict[int, Logro], dificultades: dict[int, tuple[str, str]]) -> list:
    """`dificultades`: slot → (text, category name or "")."""
    celdas = [fila.acciones]
    for n in range(1, MAX_LOGROS + 1):
        lo = logros.get(n)
        celdas += [lo.cifra, lo.que_cuenta, lo.cualitativo, lo.evidencia] if lo else [None, "", "", ""]
    for n in range(1, MAX_DIFICULTADES + 1):
        celdas += dificultades.get(n, ("", ""))
    return celdas + [fila.sugerencias, fila.enlace_evidencias, fila.observacion]


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
                f,
                {lo.orden: lo for lo in f.logros.all()},
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


@registrar
class CampanaXlsx(ExportaCampana, ExportadorFilas):
    """A campaign consolidated: a summary, one sheet per lineamiento, and the commitments."""

    identificador = "balance.campana_xlsx"
    nombre = _("Consolidado de la campaña (Excel)")

    def titulo_archivo(self):
        return f"Consolidado balance {self.campana.anio} {self.campana.ambito}"

    def total_filas(self):
        return self.tamano() * (self.campana.lineamientos.count() + 1)

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
        for lineamiento in self.campana.lineamientos.all():
            yield Hoja(
                f"{lineamiento.orden}. {lineamiento.nombre}",
                [*encabezado, *COLUMNAS_FILA],
                self._filas(lineamiento),
                titulo=[
                    *titulo[:1],
                    _("Lineamiento %(n)d: %(nombre)s")
                    % {"n": lineamiento.orden, "nombre": lineamiento.nombre},
                    *titulo[1:],
                ],
                horizontal=True,
            )
        yield Hoja(
            _("Compromisos de mejora"),
            [*encabezado[:3], *COLUMNAS_COMPROMISO],
            (
                [
                    c.matriz.institucion.ugel.nombre,
                    c.matriz.institucion.codigo_modular,
                    c.matriz.institucion.nombre,
                    c.orden,
                    c.que,
                    c.responsable,
                    c.plazo,
                ]
                for c in Compromiso.objects.filter(matriz__in=self.matrices)
                .select_related("matriz__institucion__ugel")
                .order_by("matriz__institucion__ugel__nombre", "matriz__institucion__nombre", "orden")
                .iterator(chunk_size=2000)
            ),
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
        # Four queries, whatever the number of institutions (balance.models.seguimientos_de).
        matrices = list(
            self.matrices.select_related("campana", "institucion__ugel").order_by(
                "institucion__ugel__nombre", "institucion__nombre"
            )
        )
        seguimientos = seguimientos_de(matrices)
        for m in matrices:
            if seguimiento := seguimientos.get(m.pk):
                i = m.institucion
                for c, s in seguimiento.compromisos:
                    yield [i.ugel.nombre, i.codigo_modular, i.nombre, *_celdas_seguimiento(c, s)]

    def _filas(self, lineamiento):
        # Three streaming queries per lineamiento, whatever the number of institutions.
        filas = Fila.objects.filter(matriz__in=self.matrices, lineamiento=lineamiento)
        logros: dict[int, dict[int, Logro]] = defaultdict(dict)
        for lo in Logro.objects.filter(fila__in=filas).iterator(chunk_size=5000):
            logros[lo.fila_id][lo.orden] = lo
        dificultades: dict[int, dict[int, tuple[str, str]]] = defaultdict(dict)
        for fila_id, orden, texto, categoria in (
            Dificultad.objects.filter(fila__in=filas)
            .values_list("fila_id", "orden", "texto", "categoria__nombre")
            .iterator(chunk_size=5000)
        ):
            dificultades[fila_id][orden] = (texto, categoria or "")
        modalidades = {v: str(etiqueta) for v, etiqueta in Modalidad.choices}  # translate once, not per row
        estados = {v: str(etiqueta) for v, etiqueta in Estado.choices}
        for f in (
            filas.select_related("matriz__institucion__ugel")
            .order_by("matriz__institucion__ugel__nombre", "matriz__institucion__nombre")
            .iterator(chunk_size=2000)
        ):
            i = f.matriz.institucion
            yield [
                i.ugel.nombre,
                i.codigo_modular,
                i.nombre,
                modalidades[i.modalidad],
                estados[f.matriz.estado],
            ] + _celdas_fila(f, logros.get(f.pk, {}), dificultades.get(f.pk, {}))


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


def aprobacion(matriz: Matriz):
    """The history entry of the matrix's current approval (who, when, and the comment written with
    it), or None when it is not approved."""
    if matriz.estado != Estado.APROBADA:
        return None
    aprobaciones = [c for c in historial.entradas(matriz, estados=True) if c.a == Estado.APROBADA]
    return aprobaciones[-1] if aprobaciones else None


@registrar
class CampanaPdf(ExportaCampana, ExportadorDocumento):
    """A campaign for the record: a cover, the summary table, then every approved matrix."""

    identificador = "balance.campana_pdf"
    nombre = _("Consolidado de la campaña (PDF)")
    plantilla = "balance/pdf/campana.html"
    horizontal = True
    umbral_inmediato = 20

    def titulo_archivo(self):
        return f"Balance {self.campana.anio} {self.campana.ambito}"

    def tamano(self):
        return self.matrices.filter(estado=Estado.APROBADA).count()

    # Matrices laid out together in one WeasyPrint pass (about 6 MiB each while laid out).
    por_parte = 25

    def total_partes(self):
        return 1 + -(-self.tamano() // self.por_parte)

    def partes(self):
        """The cover and summary, then the approved matrices in groups of `por_parte`."""
        aprobadas = list(
            self.matrices.filter(estado=Estado.APROBADA)
            .order_by("institucion__ugel__nombre", "institucion__nombre")
            .values_list(
                "pk", "institucion__nombre", "institucion__codigo_modular", "institucion__ugel__nombre"
            )
        )
        ids = [pk for pk, *_resto in aprobadas]
        resumen, totales, total = self.resumen()
        base = {"campana": self.campana, "nota": NOTA_LOGROS, "usuario": self.usuario}
        # The cover part carries the table of contents; its page numbers are those of the
        # matrices' anchors in the parts after it (ExportadorDocumento.partes).
        portada = {
            **base,
            "portada": True,
            "aprobadas": len(ids),
            "resumen": resumen,
            "totales": totales,
            "total": total,
            "situaciones": Situacion.labels,
            "graficos": graficos_del_balance(self.matrices),
        }
        if aprobadas:
            portada["indice"] = [
                ("resumen", str(_("Resumen por UGEL"))),
                ("graficos", str(_("Lo que muestra el año"))),
            ] + [(f"matriz-{pk}", f"{nombre} ({codigo}) · {ugel}") for pk, nombre, codigo, ugel in aprobadas]
        yield portada
        for inicio in range(0, len(ids), self.por_parte):
            grupo = ids[inicio : inicio + self.por_parte]
            matrices = (
                Matriz.objects.filter(pk__in=grupo)
                .select_related("institucion__ugel", "aprobada_por", "campana")
                .con_contenido()
                .in_bulk()
            )
            seguimientos = seguimientos_de(matrices.values())  # three queries for the part
            for m in matrices.values():
                m.aprobacion = aprobacion(m)  # two queries each, for a part of at most `por_parte`
                m.seguimiento = seguimientos.get(m.pk)
            yield {**base, "matrices": [matrices[pk] for pk in grupo]}


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
