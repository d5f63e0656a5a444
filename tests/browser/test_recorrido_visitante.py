"""Journey of an anonymous visitor, at a laptop's size and at a phone's: searches the public catalogue
typing without accents, opens a practice and downloads its sheet as PDF (opened here: a PDF with the
practice's title). Every page on the way passes ``revisar`` at both sizes."""

import re

from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import RegionFactory, practica_publicada

TITULO = "Puentes para la inclusión, emprendimiento e inserción laboral"


def test_visitante_busca_en_el_catalogo_y_descarga_la_ficha(transactional_db, pestana, revisar, tmp_path):
    page = pestana
    practica_publicada(
        titulo=TITULO,
        slug="puentes",
        region=RegionFactory(nombre="Lima Provincias"),
        instancias="UGEL Huaura",
        problema="Brecha de inserción laboral cercana al 80%.",
    )
    practica_publicada(titulo="Gestión del riesgo de desastres")

    page.goto("/practicas/")
    expect(page.get_by_text("2 prácticas", exact=True)).to_be_visible()
    revisar(page, "visitante-catalogo")
    page.get_by_label("Buscar").fill("insercion laboral")
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_text("1 práctica", exact=True)).to_be_visible()
    revisar(page, "visitante-busqueda")

    page.get_by_role("link", name=TITULO).click()
    expect(page.get_by_role("heading", name=TITULO)).to_be_visible()
    revisar(page, "visitante-ficha")

    # The first visitor asks for a PDF not made yet: a page asks to wait while the worker makes it.
    page.get_by_role("link", name=re.compile("Descargar ficha \\(PDF\\)")).click()
    expect(page.get_by_role("heading", name="El documento se está preparando…")).to_be_visible()
    revisar(page, "visitante-ficha-preparando")
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", verbosity=0
    )
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Intentar de nuevo").click()
    ruta = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(ruta)
    revisar(page, "visitante-ficha-descargada")

    assert ruta.read_bytes().startswith(b"%PDF-")
    texto = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(ruta).pages)
    assert TITULO in texto
