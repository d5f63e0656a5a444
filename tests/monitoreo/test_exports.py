"""The plan's PDF and its visits' Excel, downloaded and read back."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoreo.models import Actividad, Celda, PlanMonitoreo
from tests.balance.test_exports import descargar, libro, texto_pdf
from tests.monitoreo.niveles import visita_con


@pytest.fixture
def plan(mundo):
    plan = PlanMonitoreo.objects.create(
        institucion=mundo["inst_a1a"],
        anio=2024,
        titulo="Buscando la excelencia docente",
        compromisos=[1, 4],
        problema="Limitado uso de recursos del MED en las sesiones.",
        financiamiento="Recursos propios.",
    )
    Actividad.objects.create(plan=plan, orden=1, actividad="Diagnóstico", responsable="Equipo Directivo")
    for grado in (1, 2):
        for mes in (4, 5, 6):
            Celda.objects.create(plan=plan, etapa=1, grado=grado, mes=mes)
    visita_con(
        plan=plan,
        docente="Docente de primer grado",
        grado=1,
        etapa=1,
        fecha=date(2024, 4, 18),
        rubrica_1=3,
        rubrica_4=4,
    )
    visita_con(
        plan=plan,
        docente="Docente de segundo grado",
        tipo="acompanamiento",
        planificada=False,
        grado=3,
        etapa=1,
        fecha=date(2024, 4, 20),
        rubrica_1=1,
        rubrica_2=2,
        rubrica_3=3,
        rubrica_4=4,
        rubrica_5=4,
    )
    return plan


def test_plan_pdf(mundo, client, plan):
    client.force_login(mundo["ugel"])
    texto = texto_pdf(descargar(client, "monitoreo.plan_pdf", plan=plan.pk))
    # The sections in the document's order...
    posicion = 0
    for seccion in (
        "Plan de acompañamiento y monitoreo 2024 «Buscando la excelencia docente»",
        "I. Datos generales",
        "IV. Identificación del problema",
        "VII. Actividades y cronograma",
        "VIII. Financiamiento",
        "Avance: lo planificado y lo realizado",
        "Visitas de aula",
    ):
        posicion = texto.index(seccion, posicion)
    # ...and the tables' content (pdftotext reads table headers in its own order).
    for pieza in (
        "Compromisos de gestión 1, 4",
        "Diagnóstico Equipo Directivo",
        "Etapa 1",
        "Primer grado X✓ X X",  # April planned and visited
        "Segundo grado X X X",
        "Tercer grado •",  # a visit outside the calendar
        "50 %",
        "Docente de primer grado",
    ):
        assert pieza in texto, pieza
    assert "Página 1 de" in texto


def test_visitas_xlsx(mundo, client, plan):
    client.force_login(mundo["director"])
    archivo = libro(descargar(client, "monitoreo.visitas_xlsx", plan=plan.pk))
    ws = archivo["Visitas"]
    visitas = list(ws.values)
    # The title block says whose plan it is and when it was exported.
    inst = mundo["inst_a1a"]
    assert visitas[0][0] == "Visitas del plan de monitoreo 2024 «Buscando la excelencia docente»"
    assert visitas[1][0] == f"Institución: {inst.nombre} (código modular {inst.codigo_modular})"
    assert visitas[2][0] == f"UGEL: {inst.ugel.nombre} · DRE: {inst.ugel.dre.nombre}"
    assert visitas[3][0] == f"Exportado el {timezone.localdate():%d/%m/%Y}"
    assert ws["A1"].font.bold
    # Then a blank row and the header.
    assert all(valor is None for valor in visitas[4])
    assert visitas[5][:6] == ("Fecha", "Tipo", "Planificada", "Etapa", "Grado", "Docente")
    assert visitas[5][6].startswith("R1: Involucra activamente") and visitas[5][6].endswith("(1–4)")
    assert visitas[5][10].startswith("R5: ") and visitas[5][10].endswith("(1–4)")
    fila = visitas[6]
    assert fila[0].date() == date(2024, 4, 18)
    assert fila[1:6] == ("Monitoreo", "Sí", 1, "Primer grado", "Docente de primer grado")
    # The levels are numbers, so they can be averaged; not observed is empty.
    assert fila[6:11] == (3, None, None, 4, None)
    assert ws["G7"].data_type == "n" and isinstance(ws["G7"].value, int)
    assert ws["H7"].value is None
    assert visitas[7][1:3] == ("Acompañamiento", "No")
    assert visitas[7][6:11] == (1, 2, 3, 4, 4)
    # Filter over the header and the data, header frozen and printed on each page, landscape A4.
    assert ws.auto_filter.ref == "A6:O8"
    assert ws.freeze_panes == "A7"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$6:$6"

    niveles = archivo["Niveles por rúbrica"]
    filas = list(niveles.values)
    assert filas[0][0] == visitas[0][0]
    assert filas[5] == (
        "Rúbrica",
        "Nombre de la rúbrica",
        "Nivel (1–4)",
        "Etiqueta",
        "Qué significa el nivel",
        "Observaciones",
    )
    cuentas = {(f[0], f[2]): f[5] for f in filas[6:]}
    assert len(cuentas) == 20
    assert cuentas[(1, 3)] == 1 and cuentas[(1, 1)] == 1 and cuentas[(1, 2)] == 0
    assert cuentas[(2, 2)] == 1 and cuentas[(2, 1)] == 0
    assert cuentas[(4, 4)] == 2 and cuentas[(5, 4)] == 1 and cuentas[(5, 1)] == 0
    rubrica_4_nivel_4 = next(f for f in filas[6:] if f[0] == 4 and f[2] == 4)
    assert rubrica_4_nivel_4[1] == "Propicia un ambiente de respeto y proximidad"
    assert rubrica_4_nivel_4[3] == "IV"
    assert rubrica_4_nivel_4[4] == "Además, toma en cuenta la perspectiva de los estudiantes."
    assert niveles.auto_filter.ref == "A6:F26"
    assert niveles.freeze_panes == "A7"

    calendario = list(archivo["Calendario"].values)
    assert calendario[1] == (1, "Primer grado", None, "X", "X", "X", None, None, None, None, None, None)
    assert archivo["Calendario"].freeze_panes == "A2"
    assert archivo["Calendario"].auto_filter.ref == "A1:L3"


def _visita(plan, dia, **niveles):
    return visita_con(
        plan=plan, docente=f"Docente {dia}", grado=2, etapa=1, fecha=date(2024, 5, dia), **niveles
    )


def test_visitas_xlsx_consultas_no_crecen(mundo, client, plan):
    """The visits are loaded once, whatever their number: the counts come from them."""
    client.force_login(mundo["director"])
    url = reverse("exportaciones:exportar", args=["monitoreo.visitas_xlsx"])
    with CaptureQueriesContext(connection) as pocas:
        assert b"".join(client.get(url, {"plan": plan.pk}).streaming_content)
    for dia in range(1, 16):
        _visita(plan, dia, rubrica_1=dia % 4 + 1, rubrica_2=None)
    with CaptureQueriesContext(connection) as muchas:
        contenido = b"".join(client.get(url, {"plan": plan.pk}).streaming_content)
    assert len(muchas) == len(pocas)
    assert len(list(libro(contenido)["Visitas"].values)) == 6 + 2 + 15


@pytest.mark.parametrize("identificador", ["monitoreo.plan_pdf", "monitoreo.visitas_xlsx"])
def test_fuera_de_alcance_es_404(mundo, client, plan, identificador):
    url = reverse("exportaciones:exportar", args=[identificador])
    for rol in ("difoca", "sin_rol"):
        client.force_login(mundo[rol])
        assert client.get(url, {"plan": plan.pk}).status_code == 404
    client.force_login(mundo["dre"])
    assert client.get(url, {"plan": plan.pk}).status_code == 200
