"""Journey of a UGEL specialist, at a laptop's size and at a phone's: reviews a matrix a director
sent, approves it, and downloads the campaign's consolidated Excel from the board (opened here: the
approved school's row is in it). Every page on the way passes ``revisar`` at both sizes."""

import re

import openpyxl
from django.conf import settings
from playwright.sync_api import expect

from balance.models import Estado, Matriz
from tests.balance.conftest import enviar

from .test_ingreso import ingresar


def test_ugel_revisa_aprueba_y_descarga_el_consolidado(
    transactional_db, mundo, campana, matriz, pestana, revisar, tmp_path
):
    page = pestana
    enviar(matriz, mundo["director"])
    ingresar(page, "ugel", settings.DEMO_PASSWORD)
    revisar(page, "ugel-inicio")

    page.get_by_role("link", name=re.compile("matriz enviada por revisar")).click()
    expect(page.get_by_role("heading", name=campana.titulo)).to_be_visible()
    revisar(page, "ugel-tablero-campana")

    page.get_by_role("link", name="Revisar").click()
    expect(page.get_by_role("button", name="Aprobar")).to_be_visible()
    revisar(page, "ugel-matriz-revision")
    page.get_by_label("Motivo o comentario").fill("Bien sustentada, gracias.")
    page.get_by_role("button", name="Aprobar").click()
    expect(page.get_by_role("button", name="Sí, aprobar")).to_be_visible()
    revisar(page, "ugel-aprobar-confirmar")
    page.get_by_role("button", name="Sí, aprobar").click()
    expect(page.get_by_text("Matriz aprobada.")).to_be_visible()
    revisar(page, "ugel-matriz-aprobada")
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.APROBADA

    page.goto(f"/balance/campanas/{campana.pk}/")
    expect(page.get_by_role("heading", name=campana.titulo)).to_be_visible()
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Consolidado en Excel").click()
    ruta = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(ruta)
    expect(page.get_by_role("status")).to_have_text("Tu Excel está listo.")
    expect(page.get_by_role("link", name="Consolidado en Excel")).not_to_have_attribute(
        "aria-disabled", "true"
    )
    revisar(page, "ugel-tablero-descargado")

    assert ruta.suffix == ".xlsx"
    hoja = openpyxl.load_workbook(ruta, read_only=True)["1. Aprendizajes para la vida"]
    filas = [[c for c in fila if c is not None] for fila in hoja.iter_rows(values_only=True)]
    escuela = next(f for f in filas if mundo["inst_a1a"].codigo_modular in map(str, f))
    assert mundo["inst_a1a"].nombre in escuela
    assert "Aprobada" in escuela
    assert "Acciones de Aprendizajes para la vida" in escuela
