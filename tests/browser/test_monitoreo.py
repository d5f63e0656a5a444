"""A school director, on a phone, records a classroom visit and sees the stage's progress move."""

from django.conf import settings
from playwright.sync_api import expect

from monitoreo.models import Celda, PlanMonitoreo, Visita
from tests.monitoreo.test_visitas import anio_con_visitas, fecha_valida

from .test_ingreso import ingresar


def test_el_director_registra_una_visita_en_el_celular(mundo, navegador, live_server, captura):
    anio = anio_con_visitas()
    mundo["inst_a1a"].modalidad = "ebr_primaria"  # a school: CEBA/CETPRO report through the balance
    mundo["inst_a1a"].save()
    plan = PlanMonitoreo.objects.create(
        institucion=mundo["inst_a1a"], anio=anio, titulo="Buscando la excelencia docente"
    )
    for grado in (1, 2):
        Celda.objects.create(plan=plan, etapa=1, grado=grado, mes=4)

    contexto = navegador.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="es-PE"
    )
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/monitoreo/planes/{plan.pk}/")
    expect(page.get_by_role("progressbar", name="Avance de la etapa 1")).to_have_attribute(
        "aria-valuenow", "0"
    )
    page.get_by_role("link", name="Registrar una visita").click()

    page.get_by_label("Fecha").fill(fecha_valida().isoformat())
    page.get_by_label("Grado").select_option(label="Segundo grado")
    page.get_by_label("Docente").fill("Docente de segundo grado")
    expect(page.get_by_role("group", name="Rúbricas de observación de aula")).to_be_visible()
    page.locator("#id_rubrica_1_3").check()  # level III
    page.get_by_label("Compromisos asumidos").fill("Usar los cuadernos de trabajo.")
    captura(page, "monitoreo-visita-celular")
    page.get_by_role("button", name="Guardar la visita").click()

    expect(page.get_by_text("Visita registrada.")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Avance de la etapa 1")).to_have_attribute(
        "aria-valuenow", "50"
    )
    visita = Visita.objects.get()
    assert visita.grado == 2 and visita.rubrica_1 == 3 and visita.rubrica_2 is None
    contexto.close()
