"""The monitoring plan's exporters: the plan as its document (PDF) and its visits (XLSX)."""

from django.utils.translation import gettext_lazy as _

from exportaciones.base import Columna, ExportadorDocumento, ExportadorFilas, Hoja, registrar
from monitoreo.models import MESES, RUBRICAS, PlanMonitoreo


class ExportaPlan:
    """Resolves ?plan=<pk> inside the user's scope."""

    opciones = ("plan",)

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        self.plan = self.obtener(
            PlanMonitoreo.objects.select_related("institucion__ugel__dre__region").prefetch_related(
                "actividades", "enfoques", "objetivos", "celdas", "visitas"
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
    calendar stage × grade × month, then planned versus done and the visits."""

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
            "avance": self.plan.avance(),
            "rubricas": [nombre for _campo, nombre in RUBRICAS],
        }


@registrar
class VisitasXlsx(ExportaPlan, ExportadorFilas):
    """The plan's visits, one row each with the five rubric levels, and its calendar."""

    identificador = "monitoreo.visitas_xlsx"
    nombre = _("Visitas del plan de monitoreo (Excel)")

    def tamano(self):
        return len(self.plan.visitas.all())

    def hojas(self):
        columnas = [
            Columna(_("Fecha"), 12),
            Columna(_("Etapa"), 7),
            Columna(_("Grado"), 14),
            Columna(_("Docente"), 30, True),
            *[
                Columna(_("Rúbrica %(n)d: %(nombre)s") % {"n": n, "nombre": nombre}, 22, True)
                for n, (_c, nombre) in enumerate(RUBRICAS, start=1)
            ],
            Columna(_("Notas"), 50, True),
            Columna(_("Compromisos"), 50, True),
        ]
        yield Hoja(
            _("Visitas"),
            columnas,
            (
                [
                    v.fecha,
                    v.etapa,
                    v.get_grado_display(),
                    v.docente,
                    *[etiqueta or _("No observado") for _n, _nivel, etiqueta in v.niveles()],
                    v.notas,
                    v.compromisos,
                ]
                for v in self.plan.visitas.all()
            ),
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
