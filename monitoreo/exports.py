"""The monitoring plan's exporters: the plan as its document (PDF) and its visits (XLSX)."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exportaciones.base import Columna, ExportadorDocumento, ExportadorFilas, Hoja, registrar
from monitoreo import avance
from monitoreo.models import MESES, Nivel, PlanMonitoreo


class ExportaPlan:
    """Resolves ?plan=<pk> inside the user's scope."""

    opciones = ("plan",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.plan = self.obtener(
            PlanMonitoreo.objects.select_related("institucion__ugel__dre__region").prefetch_related(
                "actividades", "enfoques", "objetivos", *avance.PREFETCH
            ),
            "plan",
        )

    def titulo_archivo(self):
        return f"Plan de monitoreo {self.plan.anio} {self.plan.institucion.nombre}"

    def pie(self):
        i = self.plan.institucion
        return f"{i.nombre} ({i.codigo_modular}) · {i.ugel.nombre}"


@registrar
class PlanPdf(ExportaPlan, ExportadorDocumento):
    """The plan laid out like the school's document (seeds/004): general data, the sections, the
    calendar stage × grade × month, then the progress as the plan page shows it (monitoreo.avance:
    per stage and grade, pending this month, each teacher's levels as a chart) and the visits with
    their kind, whether planned, and what was seen and agreed."""

    identificador = "monitoreo.plan_pdf"
    nombre = _("Plan de acompañamiento y monitoreo (PDF)")
    plantilla = "monitoreo/pdf/plan.html"
    horizontal = False
    umbral_inmediato = 20

    def contexto(self):
        return {
            "plan": self.plan,
            "meses": MESES,
            "calendario": self.plan.calendario(),
            "avance": avance.avance(self.plan, timezone.localdate()),
            "rubricas": [r.nombre for r in self.plan.rubricas()],
        }


@registrar
class VisitasXlsx(ExportaPlan, ExportadorFilas):
    """The plan's visits, one row each with the year's rubric levels as numbers 1–4 (so they can be
    averaged; empty when not observed), under a title that says whose plan it is; then how many
    observations each rubric had at each level, and the plan's calendar."""

    identificador = "monitoreo.visitas_xlsx"
    nombre = _("Visitas del plan de monitoreo (Excel)")

    def tamano(self):
        return len(self.plan.visitas.all())

    def titulo(self) -> list[str]:
        """Whose plan the file is and when it was exported, so the file stands on its own."""
        plan, i = self.plan, self.plan.institucion
        return [
            _("Visitas del plan de monitoreo %(anio)d «%(titulo)s»")
            % {"anio": plan.anio, "titulo": plan.titulo},
            _("Institución: %(nombre)s (código modular %(codigo)s)")
            % {"nombre": i.nombre, "codigo": i.codigo_modular},
            _("UGEL: %(ugel)s · DRE: %(dre)s") % {"ugel": i.ugel.nombre, "dre": i.ugel.dre.nombre},
            _("Exportado el %(fecha)s") % {"fecha": timezone.localdate().strftime("%d/%m/%Y")},
        ]

    def hojas(self):
        visitas = list(self.plan.visitas.all())
        rubricas = self.plan.rubricas()
        titulo = self.titulo()
        columnas = [
            Columna(_("Fecha"), 12),
            Columna(_("Tipo"), 15),
            Columna(_("Planificada"), 11),
            Columna(_("Etapa"), 7),
            Columna(_("Grado"), 14),
            Columna(_("Docente"), 30, True),
            *[
                Columna(_("R%(n)d: %(nombre)s (1–4)") % {"n": n, "nombre": nombre}, 22, True)
                for n, nombre in enumerate((r.nombre for r in rubricas), start=1)
            ],
            Columna(_("Notas"), 50, True),
            Columna(_("Fortalezas observadas"), 50, True),
            Columna(_("Aspectos a mejorar"), 50, True),
            Columna(_("Compromisos asumidos"), 50, True),
        ]
        yield Hoja(
            _("Visitas"),
            columnas,
            (
                [
                    v.fecha,
                    v.get_tipo_display(),
                    _("Sí") if v.planificada else _("No"),
                    v.etapa,
                    v.get_grado_display(),
                    v.docente,
                    *[nivel for _n, nivel, _etiqueta in v.niveles()],
                    v.notas,
                    v.fortalezas,
                    v.aspectos_mejorar,
                    v.compromisos,
                ]
                for v in visitas
            ),
            titulo=titulo,
            horizontal=True,
        )
        yield Hoja(
            _("Niveles por rúbrica"),
            [
                Columna(_("Rúbrica"), 8),
                Columna(_("Nombre de la rúbrica"), 40, True),
                Columna(_("Nivel (1–4)"), 8),
                Columna(_("Etiqueta"), 8),
                Columna(_("Qué significa el nivel"), 50, True),
                Columna(_("Observaciones"), 13),
            ],
            self._niveles(visitas, rubricas),
            titulo=titulo,
            horizontal=True,
        )
        meses = [Columna(nombre[:3], 6) for _n, nombre in MESES]
        yield Hoja(
            _("Calendario"),
            [Columna(_("Etapa"), 7), Columna(_("Grado"), 14), *meses],
            (
                [e["etapa"], grado, *["X" if marcado else "" for _mes, marcado in celdas]]
                for e in self.plan.calendario()
                for grado, celdas in e["grados"]
            ),
        )

    def _niveles(self, visitas, rubricas):
        """Per rubric of the year and level 1–4: its label, what it means in that rubric, and how many
        visits observed it (the visits and their levels are already loaded: no query)."""
        cuenta = Counter((o.rubrica_id, o.nivel) for v in visitas for o in v.observaciones.all())
        for n, rubrica in enumerate(rubricas, start=1):
            for nivel in Nivel:
                yield [
                    n,
                    rubrica.nombre,
                    int(nivel),
                    nivel.label,
                    rubrica.descriptor(nivel),
                    cuenta[rubrica.pk, nivel],
                ]
