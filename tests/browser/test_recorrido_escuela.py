"""Journey of a school director, at a laptop's size and at a phone's: opens this year's monitoring
plan from the home page, marks its calendar (a whole stage with one tap, one cell off again), saves
it, and records a classroom visit. Every page on the way passes ``revisar`` at both sizes."""

import re

from django.conf import settings
from playwright.sync_api import expect

from monitoreo.models import Etapa, PlanMonitoreo, Visita
from tests.monitoreo.test_visitas import anio_con_visitas, fecha_valida

from .test_ingreso import ingresar

MESES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "setiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip


def test_director_de_escuela_marca_el_calendario_y_registra_una_visita(
    transactional_db, mundo, pestana, revisar
):
    page = pestana
    escuela = mundo["inst_a1a"]
    escuela.modalidad = "ebr_primaria"  # a school: CEBA/CETPRO report through the balance
    escuela.save()
    plan = PlanMonitoreo.objects.create(
        institucion=escuela, anio=anio_con_visitas(), titulo="Buscando la excelencia docente"
    )
    mes = fecha_valida().month
    Etapa.objects.create(plan=plan, orden=1, nombre="Visita de este mes", meses=[mes])

    ingresar(page, "director", settings.DEMO_PASSWORD)
    revisar(page, "escuela-inicio")
    page.get_by_role("link", name=re.compile("«Buscando la excelencia docente»")).click()
    expect(page.get_by_role("heading", name=re.compile("Buscando la excelencia docente"))).to_be_visible()
    revisar(page, "escuela-plan")

    page.get_by_role("link", name="Editar el plan y su calendario").click()
    page.wait_for_load_state("load")  # the calendar's script listens from here
    caja = page.get_by_role("region", name="Calendario: etapas, grados y meses")
    expect(caja).to_be_visible()
    revisar(page, "escuela-plan-editar")
    page.get_by_role("button", name=re.compile(r"^Toda la etapa\W+Etapa 1\b")).click()
    celda = page.get_by_label(f"Etapa 1, Tercer grado, {MESES[mes - 1]}", exact=True)
    expect(celda).to_be_checked()
    celda.click()  # this grade is visited another month
    expect(celda).not_to_be_checked()
    revisar(page, "escuela-calendario-marcado")
    page.get_by_role("button", name="Guardar el plan").click()
    expect(page.get_by_text("Plan guardado.")).to_be_visible()
    assert plan.celdas.count() == 5
    revisar(page, "escuela-plan-guardado")

    page.get_by_role("link", name="Registrar una visita").click()
    page.get_by_label("Fecha").fill(fecha_valida().isoformat())
    page.get_by_label("Grado").select_option(label="Segundo grado")
    page.get_by_label("…o escribe un docente nuevo").fill("Docente de segundo grado")
    page.locator("#id_rubrica_1_3").check()  # level III of the first rubric
    page.get_by_label("Fortalezas observadas").fill("Buen clima de aula.")
    page.get_by_label("Compromisos asumidos").fill("Usar los cuadernos de trabajo.")
    revisar(page, "escuela-visita-nueva")
    page.get_by_role("button", name="Guardar la visita").click()
    expect(page.get_by_text("Visita registrada.")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Avance de la etapa 1")).to_have_attribute(
        "aria-valuenow", "20"
    )
    revisar(page, "escuela-plan-con-visita")

    visita = Visita.objects.get()
    assert visita.grado == 2 and visita.etapa == 1 and visita.fortalezas == "Buen clima de aula."
