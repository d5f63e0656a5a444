"""The good practices' exporters: a practice's sheet (PDF), an event's report (PDF), and the
catalogue as a spreadsheet (XLSX)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from comun.texto import lineas
from exportaciones.base import Columna, ExportadorDocumento, ExportadorFilas, Hoja, registrar
from exportaciones.templatetags.impresion import incrustar
from practicas import graficos
from practicas.cifras import cifras_cop, por_region_y_etapa
from practicas.models import (
    ORDEN_ESTRATEGIAS,
    BuenaPractica,
    ComentarioExperto,
    Estrategia,
    Evento,
    FotoEvento,
    PracticaPresentada,
    TipoResultado,
)


@registrar
class FichaPdf(ExportadorDocumento):
    """One practice laid out like the Ministry's sheet (seeds/002, 003)."""

    identificador = "practicas.ficha_pdf"
    nombre = _("Ficha de la buena práctica (PDF)")
    plantilla = "practicas/pdf/ficha.html"
    umbral_inmediato = 20
    opciones = ("practica",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.practica = self.obtener(BuenaPractica.objects.con_ficha_completa(usuario), "practica")

    def titulo_archivo(self):
        return f"Buena práctica {self.practica.titulo}"

    def pie(self):
        return f"{Truncator(self.practica.titulo).chars(70)} · Región {self.practica.region.nombre}"

    def contexto(self):
        return self.practica.ficha()


def fechas_del_evento(inicio: dt.date, fin: dt.date) -> str:
    """The dates as the report writes them: "23 de abril de 2026", "23 y 24 de abril de 2026",
    "30 de abril y 1 de mayo de 2026", "del 23 al 25 de abril de 2026", and across years
    "31 de diciembre de 2026 y 1 de enero de 2027"."""

    def dia(fecha, mes=True, anio=True):
        texto = str(fecha.day)
        if mes:
            texto += " " + _("de %(mes)s") % {"mes": str(MONTHS[fecha.month]).lower()}
        if anio:
            texto += " " + _("de %(anio)s") % {"anio": fecha.year}
        return texto

    if fin <= inicio:
        return dia(inicio)
    mismo_anio, mismo_mes = inicio.year == fin.year, (inicio.year, inicio.month) == (fin.year, fin.month)
    primero = dia(inicio, mes=not mismo_mes, anio=not mismo_anio)
    if (fin - inicio).days == 1:
        return _("%(inicio)s y %(fin)s") % {"inicio": primero, "fin": dia(fin)}
    return _("del %(inicio)s al %(fin)s") % {"inicio": primero, "fin": dia(fin)}


def cifra(valor: int) -> str:
    """A figure as the report prints it: 8842, 10 655 (a space groups the thousands from five
    digits on, the Spanish rule; a no-break space, so the figure never splits)."""
    texto = str(valor)
    if len(texto) < 5:
        return texto
    grupos = []
    while texto:
        texto, grupos = texto[:-3], [texto[-3:], *grupos]
    return "\u00a0".join(grupos)


@dataclass(frozen=True)
class Cifra:
    valor: str
    etiqueta: str
    calculada: bool  # counted by Chasqui from the catalogue, not typed with the event


def cifras_del_evento(evento: Evento) -> list[Cifra]:
    """The CoP's figure panel (seeds/001): those Chasqui counts from the published catalogue when the
    report is printed, then those DIFOCA entered with the event (only the ones filled in)."""
    calculadas = cifras_cop()
    panel = [
        Cifra(cifra(calculadas.practicas), _("Prácticas vigentes en todo el país"), True),
        Cifra(cifra(calculadas.regiones), _("Regiones con buenas prácticas"), True),
        Cifra(cifra(calculadas.dre), _("DRE/GRE con buenas prácticas"), True),
        Cifra(cifra(calculadas.ugel), _("UGEL con buenas prácticas"), True),
        Cifra(cifra(calculadas.gobiernos_locales), _("Gobiernos locales con buenas prácticas"), True),
    ]
    for campo, etiqueta in (
        ("cop_miembros", _("Servidores públicos conforman la CoP")),
        ("cop_miembros_activos", _("Miembros activos de la red de gestores CoP")),
        ("cop_actividades", _("Actividades de la CoP")),
        ("cop_visitas", _("Visitas en la plataforma de la CoP")),
        ("cop_aliados", _("Aliados estratégicos")),
    ):
        valor = getattr(evento, campo)
        if valor is not None:
            panel.append(Cifra(cifra(valor), etiqueta, False))
    return panel


def secciones_con_contenido(evento: Evento, *, cifras, instituciones, practicas, testimonios, fotos) -> dict:
    """Which sections of an event's report have content, for the PDF and the report page alike, and
    for their bodies and indexes alike: text of blanks only is no content. The lists are the caller's
    (its practices, its photos that can be shown), so each counts what it will really show."""
    texto = {
        campo: bool(getattr(evento, campo).strip())
        for campo in (
            "presentacion",
            "resumen_ejecutivo",
            "ruta_fortalecimiento",
            "red_gestores",
            "desarrollo",
        )
    }
    con = {
        **texto,
        # The CoP section is DIFOCA's text or figures: the catalogue's counts alone do not make it.
        "cop": bool(evento.cop.strip() or any(not c.calculada for c in cifras)),
        # The text under «Desarrollo del intercambio» itself: its own and Día 1's.
        "desarrollo_texto": bool(texto["desarrollo"] or evento.dia1.strip()),
        "dia1": bool(evento.dia1.strip() or practicas),
        "practicas": bool(practicas),
        "visita": bool(evento.visita.strip() or instituciones),
        "testimonios": bool(testimonios),
        "fotos": bool(fotos),
    }
    con["dia2"] = con["visita"] or con["testimonios"] or con["fotos"]
    # «Desarrollo del intercambio» heads the days, as in the report, even with no text of its own.
    con["desarrollo"] = texto["desarrollo"] or con["dia1"] or con["dia2"]
    return con


@registrar
class EventoPdf(ExportadorDocumento):
    """An event's systematisation report, in the order of seeds/001: cover, index with page numbers,
    presentation, executive summary, the CoP with its figures, the strengthening route, the network
    of managers, the development of the exchange, Día 1 (each practice presented, in the report's
    version, with the expert's feedback), Día 2 (the site visit, testimonials, photos), back cover.
    Sections without content are left out, from the body and from the index."""

    identificador = "practicas.evento_pdf"
    nombre = _("Reporte de sistematización del evento (PDF)")
    plantilla = "practicas/pdf/evento.html"
    # Practices presented: up to this many, the report is made in the request (the demo's 8: 29 pages,
    # a few seconds); more, in the background with its progress (bench/informe.py).
    umbral_inmediato = 12
    opciones = ("evento",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.evento = self.obtener(
            Evento.objects.select_related("region_anfitriona").prefetch_related(
                "regiones",
                "testimonios",
                Prefetch("fotos", queryset=FotoEvento.objects.exclude(imagen="")),
            ),
            "evento",
        )

    def _presentaciones(self):
        return PracticaPresentada.objects.filter(
            evento=self.evento, practica__in=BuenaPractica.objects.visible_to(self.usuario)
        )

    def tamano(self):
        return self._presentaciones().count()

    def titulo_archivo(self):
        return f"Reporte {self.evento.nombre}"

    def pie(self):
        return f"{Truncator(self.evento.nombre).chars(70)} · {self.evento.sede}"

    def contexto(self):
        evento = self.evento
        presentaciones = list(self._presentaciones().order_by("orden"))
        practicas = (
            BuenaPractica.objects.visible_to(self.usuario)
            .con_ficha_completa(self.usuario)
            .in_bulk([p.practica_id for p in presentaciones])
        )
        fichas = []
        for numero, presentada in enumerate(presentaciones, start=1):
            practica = practicas[presentada.practica_id]
            comentario = next((c for c in practica.comentarios.all() if c.evento_id == evento.pk), None)
            fichas.append(
                {
                    **practica.ficha(),
                    "numero": numero,
                    "presentada": presentada,
                    "comentario": comentario,
                    "oficinas": [i.nombre for i in practica.instancias_involucradas.all()]
                    or lineas(practica.instancias.replace("·", "\n")),
                    "marcador": Truncator(
                        f"{numero}. {_('Región')} {practica.region.nombre}: {practica.titulo}"
                    ).chars(110),
                }
            )
        cifras = cifras_del_evento(evento)
        instituciones = lineas(evento.visita_instituciones)
        # Each photo's resized picture (never the original), inlined; one whose file is gone is left out.
        fotos = [
            {"src": src, "leyenda": foto.leyenda}
            for foto in evento.fotos.all()
            if (src := incrustar(foto.imagen))
        ]
        testimonios = list(evento.testimonios.all())
        con = secciones_con_contenido(
            evento,
            cifras=cifras,
            instituciones=instituciones,
            practicas=fichas,
            testimonios=testimonios,
            fotos=fotos,
        )
        conteos = por_region_y_etapa() if con["cop"] else {}
        return {
            "evento": evento,
            "fechas": fechas_del_evento(evento.fecha_inicio, evento.fecha_fin),
            # "… – Macrorregión Centro" already says it: the cover does not repeat it.
            "con_macrorregion": f"macrorregión {evento.get_macrorregion_display()}".lower()
            not in evento.nombre.lower(),
            "dia1_fecha": fechas_del_evento(evento.fecha_inicio, evento.fecha_inicio),
            "dia2_fecha": fechas_del_evento(evento.fecha_fin, evento.fecha_fin)
            if evento.fecha_fin != evento.fecha_inicio
            else "",
            "regiones": evento.regiones.all(),
            "fichas": fichas,
            "con_cop": con["cop"],
            "cifras": cifras,
            "cifras_al": timezone.localdate(),
            # The catalogue's chart, the same SVG the catalogue page shows (practicas.graficos).
            "grafico_regiones": graficos.por_region_y_etapa(conteos) if conteos else "",
            "grafico_etapas": graficos.por_etapa(graficos.totales_por_etapa(conteos)) if conteos else "",
            "con_dia1": con["dia1"],
            "instituciones": instituciones,
            "fotos": fotos,
            "testimonios": testimonios,
            "con_dia2": con["dia2"],
            "con_desarrollo": con["desarrollo"],
            # What has content (secciones_con_contenido); no index when there is nothing to list (an
            # event just created): no empty heading.
            "con": con,
            "con_visita": con["visita"],
            "con_indice": any(con.values()),
        }


@registrar
class CatalogoXlsx(ExportadorFilas):
    """Every practice the user may see, one row each, with its strategies and results as text."""

    identificador = "practicas.catalogo_xlsx"
    nombre = _("Catálogo de buenas prácticas (Excel)")

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.practicas = BuenaPractica.objects.visible_to(usuario)

    def tamano(self):
        return self.practicas.count()

    def titulo_archivo(self):
        return "Catálogo de buenas prácticas"

    def hojas(self):
        columnas = [
            Columna(_("Título"), 50, True),
            Columna(_("Región"), 16),
            Columna(_("Macrorregión"), 12),
            Columna(_("Instancias"), 30, True),
            Columna(_("Tema"), 25),
            Columna(_("Estadio"), 11),
            Columna(_("Año"), 7),
            Columna(_("Estado"), 12),
            Columna(_("Problema"), 60, True),
            Columna(_("¿En qué consiste?"), 60, True),
            Columna(_("Estrategias"), 60, True),
            Columna(_("Resultados cuantitativos"), 60, True),
            Columna(_("Resultados cualitativos"), 60, True),
            Columna(_("Contactos"), 40, True),
            Columna(_("Publicada el"), 14),
        ]
        yield Hoja(_("Buenas prácticas"), columnas, self._filas())
        yield Hoja(
            _("Comentarios del experto"),
            [
                Columna(_("Título"), 50, True),
                Columna(_("Región"), 16),
                Columna(_("Estado"), 12),
                Columna(_("Experto invitado"), 28, True),
                Columna(_("Cargo"), 30, True),
                Columna(_("Institución"), 25, True),
                Columna(_("Evento"), 35, True),
                Columna(_("Aspecto clave de la práctica"), 60, True),
                Columna(_("Oportunidades de mejora"), 60, True),
                Columna(_("Recomendaciones para la sostenibilidad y réplica"), 60, True),
            ],
            self._comentarios(),
        )

    def total_filas(self):
        return self.tamano() + self.comentarios().count()

    def comentarios(self):
        """The expert's feedback on these practices, in the catalogue's order; feedback given at an
        event the user may not see stays out, as on the sheet."""
        return (
            ComentarioExperto.objects.filter(practica__in=self.practicas)
            .filter(Q(evento__isnull=True) | Q(evento__in=Evento.objects.visible_to(self.usuario)))
            .select_related("practica__region", "evento")
            .order_by("-practica__anio", "practica__titulo", "practica_id", "pk")
        )

    def _comentarios(self):
        for c in self.comentarios().iterator(chunk_size=500):
            yield [
                c.practica.titulo,
                c.practica.region.nombre,
                c.practica.get_estado_display(),
                c.experto,
                c.cargo,
                c.institucion,
                c.evento.nombre if c.evento_id else "",
                c.aspectos_clave,
                c.oportunidades_mejora,
                c.recomendaciones,
            ]

    def _filas(self):
        qs = (
            self.practicas.con_ficha()
            .prefetch_related(
                "fases",
                Prefetch("estrategias", queryset=Estrategia.objects.order_by(*ORDEN_ESTRATEGIAS)),
                "resultados",
                "contactos",
            )
            .order_by("-anio", "titulo")
        )
        for p in qs.iterator(chunk_size=200):
            fases = {f.pk: f.nombre for f in p.fases.all()}
            estrategias = "\n".join(
                " — ".join(x for x in (fases.get(e.fase_id, ""), e.titulo, e.descripcion) if x)
                for e in p.estrategias.all()
            )
            resultados = {tipo: [] for tipo in TipoResultado.values}
            for r in p.resultados.all():
                resultados[r.tipo].append(f"{r.titulo}: {r.descripcion}" if r.titulo else r.descripcion)
            yield [
                p.titulo,
                p.region.nombre,
                p.region.get_macrorregion_display(),
                p.instancias,
                p.tema.nombre,
                p.get_etapa_display(),
                p.anio,
                p.get_estado_display(),
                p.problema,
                p.consiste,
                estrategias,
                "\n".join(resultados[TipoResultado.CUANTITATIVO]),
                "\n".join(resultados[TipoResultado.CUALITATIVO]),
                "\n".join(
                    ", ".join(x for x in (c.nombre, c.cargo, c.correo) if x) for c in p.contactos.all()
                ),
                p.publicada_en,
            ]
