"""The plan's PDF and its visits' Excel, downloaded and read back."""

from datetime import date

import pytest
from django.urls import reverse

from monitoreo.models import Actividad, Celda, PlanMonitoreo, Visita
from tests.balance.test_exports import descargar, libro, texto_pdf


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
    Visita.objects.create(
        plan=plan,
        docente="Docente de primer grado",
        grado=1,
        etapa=1,
        fecha=date(2024, 4, 18),
        rubrica_1=3,
        rubrica_4=4,
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
        "Avance por etapa",
        "Visitas de aula",
    ):
        posicion = texto.index(seccion, posicion)
    # ...and the tables' content (pdftotext reads table headers in its own order).
    for pieza in (
        "Compromisos de gestión 1, 4",
        "Diagnóstico Equipo Directivo",
        "Etapa 1",
        "Primer grado X X X",
        "Segundo grado X X X",
        "50 %",
        "Docente de primer grado",
    ):
        assert pieza in texto, pieza
    assert "Página 1 de" in texto


def test_visitas_xlsx(mundo, client, plan):
    client.force_login(mundo["director"])
    archivo = libro(descargar(client, "monitoreo.visitas_xlsx", plan=plan.pk))
    visitas = list(archivo["Visitas"].values)
    assert visitas[0][:4] == ("Fecha", "Etapa", "Grado", "Docente")
    assert visitas[1][0].date() == date(2024, 4, 18)
    assert visitas[1][2:9] == (
        "Primer grado",
        "Docente de primer grado",
        "III",
        "No observado",
        "No observado",
        "IV",
        "No observado",
    )
    calendario = list(archivo["Calendario"].values)
    assert calendario[1] == (1, "Primer grado", None, "X", "X", "X", None, None, None, None, None, None)


@pytest.mark.parametrize("identificador", ["monitoreo.plan_pdf", "monitoreo.visitas_xlsx"])
def test_fuera_de_alcance_es_404(mundo, client, plan, identificador):
    url = reverse("exportaciones:exportar", args=[identificador])
    for rol in ("difoca", "sin_rol"):
        client.force_login(mundo[rol])
        assert client.get(url, {"plan": plan.pk}).status_code == 404
    client.force_login(mundo["dre"])
    assert client.get(url, {"plan": plan.pk}).status_code == 200
