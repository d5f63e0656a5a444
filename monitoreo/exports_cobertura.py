"""The coverage of monitoring across a specialist's schools as an XLSX: one row per school with the
page's columns, the scope and year named in a title row, and the rubric levels' counts on a second sheet.
Written by the shared workbook writer (exportaciones.base.ExportadorFilas). Its figures come from
what the coverage keeps per UGEL (cobertura.cifras_del_libro), not from every visit and observation
of the scope at each download."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from exportaciones.base import Columna, ExportadorFilas, Hoja, registrar
from monitoreo import cobertura


@registrar
class CoberturaXlsx(ExportadorFilas):
    identificador = "monitoreo.cobertura_xlsx"
    nombre = _l("Cobertura del monitoreo pedagógico (Excel)")
    opciones = ("anio", "dre", "ugel", "plan")
    umbral_inmediato = 2000

    def __init__(self, usuario, parametros):
        super().__init__(usuario, parametros)
        if not cobertura.puede_ver(usuario):
            raise Http404
        self.filtros = cobertura.leer_filtros(usuario, self.parametros)
        self.qs = cobertura.con_filtro_plan(cobertura.alcance_filtrado(usuario, self.filtros), self.filtros)

    def tamano(self):
        return self.qs.count()

    def ambito(self) -> str:
        """Whose schools: the UGEL, the DRE, or the user's scope."""
        if self.filtros.ugel:
            return f"{self.filtros.ugel.nombre} ({self.filtros.ugel.dre.nombre})"
        if self.filtros.dre:
            return self.filtros.dre.nombre
        ugeles = list(cobertura.ugel_visible(self.usuario).select_related("dre")[:2])
        if len(ugeles) == 1:
            return f"{ugeles[0].nombre} ({ugeles[0].dre.nombre})"
        return _("Todas las instituciones de tu ámbito")

    def titulo_archivo(self):
        return f"Cobertura del monitoreo {self.filtros.anio} {self.ambito()}"

    def titulo(self) -> str:
        plan = {"con": _(" · solo con plan"), "sin": _(" · solo sin plan")}.get(self.filtros.plan, "")
        return _("Cobertura del monitoreo pedagógico %(anio)d · %(ambito)s%(plan)s") % {
            "anio": self.filtros.anio,
            "ambito": self.ambito(),
            "plan": plan,
        }

    def hojas(self):
        rubricas, filas, conteo = cobertura.cifras_del_libro(self.usuario, self.filtros, self.qs)
        etapas = cobertura.etapas_de(filas)
        columnas = [
            Columna(_("UGEL"), 24),
            Columna(_("Código modular"), 11),
            Columna(_("Institución"), 36),
            Columna(_("Distrito"), 16),
            Columna(_("Tiene plan"), 8),
            *[
                columna
                for e in etapas
                for columna in (
                    Columna(_("Etapa %(n)d: celdas planificadas") % {"n": e}, 12),
                    Columna(_("Etapa %(n)d: celdas con visita") % {"n": e}, 12),
                    Columna(_("Etapa %(n)d: visitas") % {"n": e}, 10),
                )
            ],
            Columna(_("Visitas"), 9),
            Columna(_("Última visita"), 12),
            *[
                Columna(
                    _("Rúbrica %(n)d, nivel promedio (1 a 4): %(nombre)s") % {"n": n, "nombre": nombre}, 16
                )
                for n, nombre in enumerate((r.nombre for r in rubricas), start=1)
            ],
        ]
        # The title and the note on the levels right above the header; the school's UGEL, code and
        # name stay in sight when scrolling sideways.
        yield Hoja(
            _("Cobertura"),
            columnas,
            (
                [
                    fila.institucion.ugel.nombre,
                    fila.institucion.codigo_modular,
                    fila.institucion.nombre,
                    fila.institucion.distrito,
                    _("Sí") if fila.plan_id else _("No"),
                    *[n for _e, *cifras in fila.por_etapa(etapas) for n in cifras],
                    fila.visitas,
                    fila.ultima,
                    *fila.promedios,
                ]
                for fila in filas
            ),
            titulo=[
                self.titulo(),
                _("Generado el %(fecha)s. Niveles de rúbrica: I = 1, II = 2, III = 3, IV = 4.")
                % {"fecha": timezone.localdate().strftime("%d/%m/%Y")},
            ],
            horizontal=True,
            columnas_fijas=3,
            linea_en_blanco=False,
        )
        yield Hoja(
            _("Niveles por rúbrica"),
            [
                Columna(_("Rúbrica"), 9),
                Columna(_("Nombre"), 60),
                Columna(_("Nivel (1 a 4)"), 10),
                Columna(_("Nivel"), 8),
                Columna(_("Observaciones"), 14),
            ],
            [
                [rubrica["numero"], str(rubrica["nombre"]), nivel, str(etiqueta), cuantas]
                for rubrica in cobertura.niveles(self.qs, self.filtros.anio, rubricas, conteo)
                for nivel, etiqueta, cuantas, _porcentaje in rubrica["niveles"]
            ],
            titulo=[self.titulo()],
            horizontal=True,
        )
