"""On a phone (360 × 740): the director copies last year's plan, marks a whole stage with one tap,
records a visit, corrects it, and sees the progress move; the page never scrolls sideways."""

import re

from django.conf import settings
from playwright.sync_api import expect

from monitoreo.models import Etapa, PlanMonitoreo, Visita
from tests.monitoreo.test_visitas import anio_con_visitas, fecha_valida

from .test_ingreso import ingresar


def sin_scroll_lateral(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_el_director_copia_su_plan_y_marca_una_etapa_en_el_celular(mundo, navegador, live_server, captura):
    anio = anio_con_visitas()
    mundo["inst_a1a"].modalidad = "ebr_primaria"
    mundo["inst_a1a"].save()
    anterior = PlanMonitoreo.objects.create(
        institucion=mundo["inst_a1a"], anio=anio - 1, titulo="Buscando la excelencia docente"
    )
    mes = fecha_valida().month
    Etapa.objects.create(plan=anterior, orden=1, nombre="Visita de este mes", meses=[mes])

    contexto = navegador.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="es-PE"
    )
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/monitoreo/planes/{anterior.pk}/")
    page.get_by_role("button", name=f"Copiar este plan a {anio}").click()
    expect(page.get_by_text(f"Copiaste el plan de {anio - 1} en {anio}")).to_be_visible()
    plan = PlanMonitoreo.objects.get(anio=anio)

    # The grid scrolls in its own box; the page does not.
    caja = page.get_by_role("region", name="Calendario: etapas, grados y meses")
    expect(caja).to_be_visible()
    sin_scroll_lateral(page)
    celda = page.get_by_label(f"Etapa 1, Tercer grado, {_mes(mes)}", exact=True)
    expect(celda).not_to_be_checked()
    caja_celda = celda.bounding_box()
    assert caja_celda["width"] >= 44 and caja_celda["height"] >= 44

    # One tap marks the whole stage; a tap on a cell unmarks it; a tap on its grade marks it again.
    page.get_by_role("button", name=re.compile(r"^Toda la etapa\W+Etapa 1\b")).click()
    for grado in ("Primer grado", "Sexto grado"):
        expect(page.get_by_label(f"Etapa 1, {grado}, {_mes(mes)}", exact=True)).to_be_checked()
    celda.click()
    expect(celda).not_to_be_checked()
    page.get_by_role("button", name=re.compile(r"^Tercer grado\W+Etapa 1: marcar")).click()
    expect(celda).to_be_checked()
    captura(page, "calendario-editor-celular")
    page.get_by_role("button", name="Guardar el plan").click()
    expect(page.get_by_text("Plan guardado.")).to_be_visible()
    assert plan.celdas.count() == 6

    barra = page.get_by_role("progressbar", name="Avance de la etapa 1")
    expect(barra).to_have_attribute("aria-valuenow", "0")
    sin_scroll_lateral(page)

    # A visit: the progress moves, and its cell shows as done on the calendar.
    page.get_by_role("link", name="Registrar una visita").click()
    page.get_by_label("Fecha").fill(fecha_valida().isoformat())
    page.get_by_label("Grado").select_option(label="Segundo grado")
    page.get_by_label("…o escribe un docente nuevo").fill("Docente de segundo grado")
    page.locator("#id_rubrica_1_3").check()
    page.get_by_role("button", name="Guardar la visita").click()
    expect(page.get_by_text("Visita registrada.")).to_be_visible()
    expect(barra).to_have_attribute("aria-valuenow", "17")
    calendario = page.locator("section[aria-labelledby=t-calendario]")
    expect(calendario.locator("td.hecho")).to_have_count(1)

    # Corrected to another grade: still one grade done, now the first.
    page.get_by_role("link", name="Corregir la visita").click()
    page.get_by_label("Grado").select_option(label="Primer grado")
    page.get_by_role("button", name="Guardar los cambios").click()
    expect(page.get_by_text("Visita corregida.")).to_be_visible()
    expect(barra).to_have_attribute("aria-valuenow", "17")
    assert Visita.objects.get().grado == 1
    primera = calendario.locator("tr", has_text="Primer grado")
    expect(primera.locator("td.hecho")).to_have_count(1)
    expect(calendario.locator("tr", has_text="Segundo grado").locator("td.hecho")).to_have_count(0)
    sin_scroll_lateral(page)
    captura(page, "calendario-plan-celular")
    contexto.close()


def _mes(mes: int) -> str:
    return {3: "marzo", 4: "abril", 5: "mayo", 6: "junio", 7: "julio", 8: "agosto", 9: "setiembre"}.get(
        mes, {10: "octubre", 11: "noviembre", 12: "diciembre"}.get(mes, "")
    )
