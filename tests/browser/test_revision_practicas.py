"""DIFOCA on a phone: finds what waits for review in the workspace's list, returns it to draft with
a reason (refused first without one), by keyboard; no page scrolls sideways."""

import re

from django.conf import settings
from playwright.sync_api import expect

from practicas.models import BuenaPractica, EstadoPractica
from tests.factories import practica_completa

from .test_ingreso import ingresar


def sin_desborde(page):
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_difoca_devuelve_una_practica_desde_el_celular(
    transactional_db, mundo, navegador, live_server, captura
):
    practica = practica_completa(titulo="Gestión articulada", estado=EstadoPractica.EN_REVISION)
    practica_completa(titulo="Otra en borrador")
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 360, "height": 780})
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "difoca", settings.DEMO_PASSWORD)

    page.goto("/practicas/gestion/")
    expect(page.get_by_role("link", name=re.compile("En revisión 1"))).to_have_attribute(
        "aria-current", "page"
    )
    sin_desborde(page)
    captura(page, "practicas-gestion-celular")
    page.get_by_role("link", name="Gestión articulada").click()
    page.get_by_role("link", name="Devolver a borrador…").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="¿Devolver a borrador?")).to_be_visible()
    sin_desborde(page)

    page.get_by_role("button", name="Sí, devolver a borrador").click()
    motivo = page.get_by_label("Motivo")
    expect(motivo).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#e-comentario")).to_have_text(
        "Explica el motivo: quien registró la práctica lo leerá."
    )
    sin_desborde(page)
    captura(page, "practicas-devolver-sin-motivo-celular")
    motivo.fill("Faltan las cifras de 2025.")
    page.get_by_role("button", name="Sí, devolver a borrador").click()
    expect(page.get_by_text("La práctica volvió a borrador.")).to_be_visible()
    assert BuenaPractica.objects.get(pk=practica.pk).estado == EstadoPractica.BORRADOR
    contexto.close()
