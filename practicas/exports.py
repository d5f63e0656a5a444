"""The good practices' exporters: a practice's sheet (PDF), an event's report (PDF), and the
catalogue as a spreadsheet (XLSX)."""

from django.db.models import Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from exportaciones.base import Columna, ExportadorDocumento, ExportadorFilas, Hoja, registrar
from practicas.models import (
    ORDEN_ESTRATEGIAS,
    BuenaPractica,
    ComentarioExperto,
    Estrategia,
    Evento,
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


@registrar
class EventoPdf(ExportadorDocumento):
    """An event's systematisation report (seeds/001): presentation, summary, each practice presented
    with the expert's feedback, the site visit and the testimonials."""

    identificador = "practicas.evento_pdf"
    nombre = _("Reporte de sistematización del evento (PDF)")
    plantilla = "practicas/pdf/evento.html"
    umbral_inmediato = 20
    opciones = ("evento",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.evento = self.obtener(Evento.objects.prefetch_related("regiones", "testimonios"), "evento")

    def titulo_archivo(self):
        return f"Reporte {self.evento.nombre}"

    def pie(self):
        return f"{Truncator(self.evento.nombre).chars(70)} · {self.evento.sede}"

    def contexto(self):
        presentaciones = list(
            PracticaPresentada.objects.filter(
                evento=self.evento, practica__in=BuenaPractica.objects.visible_to(self.usuario)
            ).order_by("orden")
        )
        practicas = (
            BuenaPractica.objects.visible_to(self.usuario)
            .con_ficha_completa(self.usuario)
            .in_bulk([p.practica_id for p in presentaciones])
        )
        fichas = []
        for presentada in presentaciones:
            practica = practicas[presentada.practica_id]
            comentario = next((c for c in practica.comentarios.all() if c.evento_id == self.evento.pk), None)
            fichas.append({**practica.ficha(), "orden": presentada.orden, "comentario": comentario})
        return {
            "evento": self.evento,
            "regiones": self.evento.regiones.all(),
            "fichas": fichas,
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
