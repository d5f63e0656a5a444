"""A school director, on a phone, records a classroom visit, corrects it, deletes it, and sees the
stage's progress move."""

from django.conf import settings
from playwright.sync_api import expect

from monitoreo.models import Celda, PlanMonitoreo, Visita
from tests.conftest import sembrar_rubricas
from tests.monitoreo.niveles import niveles_de
from tests.monitoreo.test_visitas import anio_con_visitas, fecha_valida

from .test_ingreso import ingresar


def test_el_director_registra_una_visita_en_el_celular(mundo, navegador, live_server, captura):
    sembrar_rubricas()  # a transactional test before this one may have emptied the database
    anio = anio_con_visitas()
    mundo["inst_a1a"].modalidad = "ebr_primaria"  # a school: CEBA/CETPRO report through the balance
    mundo["inst_a1a"].save()
    plan = PlanMonitoreo.objects.create(
        institucion=mundo["inst_a1a"], anio=anio, titulo="Buscando la excelencia docente"
    )
    for grado in (1, 2):
        # The stage's month is the visit's: its stage is proposed from the date.
        Celda.objects.create(plan=plan, etapa=1, grado=grado, mes=fecha_valida().month)

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
    page.get_by_label("…o escribe un docente nuevo").fill("Docente de segundo grado")
    expect(page.get_by_role("group", name="Rúbricas de observación de aula")).to_be_visible()
    page.locator("#id_rubrica_1_3").check()  # level III
    page.get_by_label("Fortalezas observadas").fill("Buen clima de aula.")
    page.get_by_label("Compromisos asumidos").fill("Usar los cuadernos de trabajo.")
    captura(page, "monitoreo-visita-celular")
    page.get_by_role("button", name="Guardar la visita").click()

    expect(page.get_by_text("Visita registrada.")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Avance de la etapa 1")).to_have_attribute(
        "aria-valuenow", "50"
    )
    visita = Visita.objects.get()
    assert visita.grado == 2 and niveles_de(visita) == [3, None, None, None, None]
    assert visita.fortalezas == "Buen clima de aula."
    assert visita.etapa == 1 and visita.profesor.nombre == "Docente de segundo grado"

    # Corrected: the teacher is now on the list, picked there.
    page.get_by_role("link", name="Corregir la visita").click()
    expect(page.get_by_label("Docente observado")).to_have_value(str(visita.profesor_id))
    page.get_by_label("Grado").select_option(label="Primer grado")
    page.get_by_role("button", name="Guardar los cambios").click()
    expect(page.get_by_text("Visita corregida.")).to_be_visible()
    visita.refresh_from_db()
    assert visita.grado == 1

    # Deleted, after its confirmation: the progress goes back.
    page.get_by_role("link", name="Eliminar la visita").click()
    page.get_by_role("button", name="Sí, eliminar la visita").click()
    expect(page.get_by_text("Visita eliminada")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Avance de la etapa 1")).to_have_attribute(
        "aria-valuenow", "0"
    )
    assert not Visita.objects.exists()
    contexto.close()
