"""Journey of a DRE specialist, at a laptop's size and at a phone's: from the home page to the board of
the whole DRE (/balance/dre/<dre>/<año>/), and from there into one UGEL's campaign. Every page on the
way passes ``revisar`` at both sizes."""

import re

from django.conf import settings
from playwright.sync_api import expect

from balance import services
from tests.balance.conftest import enviar

from .test_ingreso import ingresar


def test_dre_lee_el_tablero_de_toda_la_dre(transactional_db, mundo, campana, matriz, pestana, revisar):
    page = pestana
    services.matriz_aprobar(matriz=enviar(matriz, mundo["director"]), usuario=mundo["ugel"])
    ingresar(page, "dre", settings.DEMO_PASSWORD)
    revisar(page, "dre-inicio")

    page.get_by_role("link", name=re.compile("Tablero de la DRE A")).click()
    expect(page).to_have_url(re.compile(rf"/balance/dre/{mundo['dre_a'].pk}/2023/$"))
    expect(page.get_by_role("heading", name="Balance 2023 de la DRE A")).to_be_visible()
    fila = page.locator("table.tablero-dre tbody tr", has_text="UGEL A1")
    expect(fila).to_contain_text("50")  # one of its two matrices approved: half the way
    revisar(page, "dre-tablero")

    page.get_by_role("link", name="UGEL A1").click()
    expect(page.get_by_role("heading", name=campana.titulo)).to_be_visible()
    expect(page.get_by_text(mundo["inst_a1a"].nombre)).to_be_visible()
    revisar(page, "dre-tablero-campana")
