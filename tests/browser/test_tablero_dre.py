"""The DRE board in a real browser: from the home page to the board and into a UGEL, at a phone's
width and a laptop's, with no sideways scroll (on the phone each UGEL's row is a card)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .test_ingreso import ingresar


@pytest.mark.parametrize("ancho", [360, 1366])
def test_del_inicio_al_tablero_de_la_dre_y_a_una_ugel(
    transactional_db, mundo, campana, navegador, live_server, captura, ancho
):
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": ancho, "height": 800})
    page = contexto.new_page()
    ingresar(page, "dre", settings.DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("Tablero de la DRE A")).click()
    expect(page.get_by_role("heading", name="Balance 2023 de la DRE A")).to_be_visible()
    captura(page, f"balance-tablero-dre-{ancho}")
    assert page.evaluate("document.documentElement.scrollWidth") <= ancho

    region = page.get_by_role("region", name=re.compile("Matrices de balance 2023 por UGEL"))
    assert region.get_attribute("tabindex") == "0"
    # The main columns come first: the UGEL, its progress, its campaign and deadline.
    encabezados = page.locator("table.tablero-dre thead th").all_inner_texts()
    assert [e.strip() for e in encabezados[:3]] == ["UGEL", "Avance promedio", "Campaña y plazo"]
    # On a phone each UGEL is a card (.tabla-tarjetas): nothing scrolls sideways, not even in the box.
    assert not region.evaluate("e => e.scrollWidth > e.clientWidth")
    tarjeta = page.locator("table.tablero-dre tbody tr", has_text="UGEL A1")
    assert (tarjeta.evaluate("e => getComputedStyle(e).display") == "flex") == (ancho == 360)

    page.get_by_role("link", name="UGEL A1").click()
    expect(page.get_by_role("heading", name=campana.titulo)).to_be_visible()
    expect(page.get_by_role("link", name="Tablero de la DRE")).to_be_visible()
    contexto.close()
