"""Journey of DIFOCA, at a laptop's size and at a phone's: records a good practice in its workspace
(/practicas/gestion/), looks at the preview, sends it to review and publishes it. Every page on the
way passes ``revisar`` at both sizes."""

import re

from django.conf import settings
from playwright.sync_api import expect

from practicas.models import BuenaPractica, EstadoPractica
from tests.factories import RegionFactory, TemaFactory

from .test_ingreso import ingresar

TITULO = "Puentes para la inclusión, emprendimiento e inserción laboral"


def test_difoca_registra_una_practica_y_la_publica(transactional_db, mundo, pestana, revisar):
    page = pestana
    RegionFactory(nombre="Lima Provincias")
    TemaFactory(nombre="Inclusión y empleabilidad")
    ingresar(page, "difoca", settings.DEMO_PASSWORD)
    page.goto("/practicas/gestion/")
    revisar(page, "difoca-gestion")

    page.get_by_role("link", name="Nueva práctica").first.click()
    revisar(page, "difoca-nueva")
    page.get_by_label("Título").fill(TITULO)
    page.get_by_label("Región").select_option(label="Lima Provincias")
    page.get_by_label("Tema").select_option(label="Inclusión y empleabilidad")
    page.get_by_label("Estadio de madurez").select_option(label="Avanzado")
    page.get_by_label("Año").fill("2025")
    page.get_by_role("button", name="Crear y seguir con el contenido").click()
    expect(page.get_by_role("heading", name=TITULO)).to_be_visible()

    page.get_by_role("textbox", name="Problema", exact=True).fill(
        "Brecha de inserción laboral cercana al 80%."
    )
    page.get_by_role("textbox", name=re.compile("^¿en qué consiste\\?", re.I)).fill(
        "Alianzas del CETPRO con empresas de la provincia para prácticas y empleo."
    )
    page.get_by_role("button", name="Agregar estrategia").click()
    page.locator('[data-lista="estrategias"] [data-fila]').last.get_by_label("Descripción").fill(
        "Convenios con empresas locales."
    )
    page.get_by_role("button", name="Agregar resultado").click()
    page.locator('[data-lista="resultados"] [data-fila]').last.get_by_label("Descripción").fill(
        "Seis de cada diez egresados trabajan en su especialidad."
    )
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.get_by_text("Cambios guardados.")).to_be_visible()
    revisar(page, "difoca-editor")

    page.get_by_role("link", name="Vista previa").click()
    expect(page.get_by_text("Vista previa: así se verá en el catálogo")).to_be_visible()
    revisar(page, "difoca-vista-previa")

    page.get_by_role("link", name=re.compile("^Enviar a revisión")).click()
    revisar(page, "difoca-enviar-a-revision")
    page.get_by_role("button", name="Sí, enviar a revisión").click()
    page.get_by_role("link", name=re.compile("^Publicar")).click()
    revisar(page, "difoca-publicar")
    page.get_by_role("button", name="Sí, publicar").click()
    expect(page.get_by_text(re.compile("publicada", re.I)).first).to_be_visible()
    revisar(page, "difoca-publicada")

    practica = BuenaPractica.objects.get(titulo=TITULO)
    assert practica.estado == EstadoPractica.PUBLICADA
    assert practica.estrategias.count() == 1 and practica.resultados.count() == 1
