"""The coverage of monitoring across a specialist's schools as an XLSX: one row per school with the
page's columns, the scope and year named in a title row, and the rubric levels' counts on a second sheet."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from exportaciones.base import Exportador, ExportadorFilas, registrar
from monitoreo import cobertura


@registrar
class CoberturaXlsx(Exportador):
    identificador = "monitoreo.cobertura_xlsx"
    nombre = _l("Cobertura del monitoreo pedagógico (Excel)")
    extension = "xlsx"
    content_type = ExportadorFilas.content_type
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

    def generar(self, salida, progreso=None):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        rubricas = cobertura.rubricas_de(self.filtros.anio)
        filas = cobertura.filas(list(cobertura.ordenadas(self.qs)), rubricas)
        etapas = cobertura.etapas_de(filas)
        libro = Workbook()
        ws = libro.active
        ws.title = _("Cobertura")
        columnas = [
            (_("UGEL"), 24),
            (_("Código modular"), 11),
            (_("Institución"), 36),
            (_("Distrito"), 16),
            (_("Tiene plan"), 8),
            *[
                titulo
                for e in etapas
                for titulo in (
                    (_("Etapa %(n)d: celdas planificadas") % {"n": e}, 12),
                    (_("Etapa %(n)d: celdas con visita") % {"n": e}, 12),
                    (_("Etapa %(n)d: visitas") % {"n": e}, 10),
                )
            ],
            (_("Visitas"), 9),
            (_("Última visita"), 12),
            *[
                (_("Rúbrica %(n)d, nivel promedio (1 a 4): %(nombre)s") % {"n": n, "nombre": nombre}, 16)
                for n, nombre in enumerate((r.nombre for r in rubricas), start=1)
            ],
        ]
        ws.append([self.titulo()])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(
            [
                _("Generado el %(fecha)s. Niveles de rúbrica: I = 1, II = 2, III = 3, IV = 4.")
                % {"fecha": timezone.localdate().strftime("%d/%m/%Y")}
            ]
        )
        ws.append([str(titulo) for titulo, _ancho in columnas])
        encabezado = 3
        for i, (_titulo, ancho) in enumerate(columnas, start=1):
            ws.column_dimensions[get_column_letter(i)].width = ancho
            celda = ws.cell(encabezado, i)
            celda.font = Font(bold=True)
            celda.alignment = Alignment(wrap_text=True, vertical="top")
        for fila in filas:
            i = fila.institucion
            ws.append(
                [
                    i.ugel.nombre,
                    i.codigo_modular,
                    i.nombre,
                    i.distrito,
                    _("Sí") if fila.plan_id else _("No"),
                    *[n for _e, *cifras in fila.por_etapa(etapas) for n in cifras],
                    fila.visitas,
                    fila.ultima,
                    *fila.promedios,
                ]
            )
            if fila.ultima:
                ws.cell(ws.max_row, len(columnas) - len(rubricas)).number_format = "DD/MM/YYYY"
        ultima = get_column_letter(len(columnas))
        ws.auto_filter.ref = f"A{encabezado}:{ultima}{max(ws.max_row, encabezado)}"
        ws.freeze_panes = f"D{encabezado + 1}"
        self._imprimir(ws, encabezado)

        niveles = libro.create_sheet(_("Niveles por rúbrica"))
        niveles.append([self.titulo()])
        niveles["A1"].font = Font(bold=True, size=13)
        niveles.append([])
        niveles.append([_("Rúbrica"), _("Nombre"), _("Nivel (1 a 4)"), _("Nivel"), _("Observaciones")])
        for i, ancho in enumerate((9, 60, 10, 8, 14), start=1):
            niveles.column_dimensions[get_column_letter(i)].width = ancho
            niveles.cell(3, i).font = Font(bold=True)
        for rubrica in cobertura.niveles(self.qs, self.filtros.anio, rubricas):
            for nivel, etiqueta, cuantas, _porcentaje in rubrica["niveles"]:
                niveles.append([rubrica["numero"], str(rubrica["nombre"]), nivel, str(etiqueta), cuantas])
        niveles.auto_filter.ref = f"A3:E{max(niveles.max_row, 3)}"
        niveles.freeze_panes = "A4"
        self._imprimir(niveles, 3)
        libro.save(salida)
        if progreso:
            progreso(100)

    @staticmethod
    def _imprimir(ws, encabezado: int) -> None:
        """Landscape, as wide as the page, the header repeated on every page."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{encabezado}:{encabezado}"
