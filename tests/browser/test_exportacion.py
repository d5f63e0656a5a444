"""A background export in a real browser: queued, the worker runs, the page shows the download."""

import io

import openpyxl
from django.core.management import call_command
from playwright.sync_api import expect

from .test_ingreso import ingresar


def test_exportacion_en_segundo_plano(
    transactional_db, mundo, campana, navegador, live_server, tmp_path, captura, settings
):
    settings.MEDIA_ROOT = tmp_path  # pytest-django's fixture: restored after the test
    contexto = navegador.new_context(base_url=live_server.url, accept_downloads=True)
    page = contexto.new_page()
    ingresar(page, "ugel", settings.DEMO_PASSWORD)
    page.goto(f"/exportaciones/balance.campana_xlsx/?campana={campana.pk}&fondo=1")
    page.get_by_role("button", name="Preparar el archivo").click()
    expect(page.get_by_text("En cola")).to_be_visible()
    captura(page, "exportacion-en-cola")

    # The worker runs here (it needs the main thread for its signals); the page keeps polling meanwhile.
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", verbosity=0
    )
    expect(page.get_by_text("Tu archivo está listo.")).to_be_visible(timeout=15_000)
    captura(page, "exportacion-lista")
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Descargar").click()
    ruta = tmp_path / "descargado.xlsx"
    descarga.value.save_as(ruta)
    libro = openpyxl.load_workbook(io.BytesIO(ruta.read_bytes()))
    assert libro.sheetnames[0] == "Resumen"
    contexto.close()
