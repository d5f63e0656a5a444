"""Downloading a PDF that takes seconds, in a real browser: the link says «Preparando el PDF…» until
the file arrives, then saves it under the server's name and is a link again."""

from django.conf import settings
from playwright.sync_api import expect

from .test_ingreso import ingresar


def test_el_pdf_avisa_mientras_se_prepara(
    transactional_db, mundo, campana, matriz, navegador, live_server, captura
):
    contexto = navegador.new_context(base_url=live_server.url, accept_downloads=True)
    page = contexto.new_page()
    ingresar(page, "ugel", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/")
    # Hold the file's answer, to look at the link while it is being prepared.
    retenidas = []
    page.route("**/exportaciones/balance.matriz_pdf/**", lambda route: retenidas.append(route))
    enlace = page.locator("a[data-descarga]").filter(has_text="PDF")
    enlace.click()
    expect(enlace).to_have_text("Preparando el PDF…")
    expect(enlace).to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("status")).to_have_text("Preparando el PDF…")
    captura(page, "balance-pdf-preparando")
    expect(enlace).to_be_disabled()
    enlace.dispatch_event("click")  # a second click while waiting asks nothing more
    assert len(retenidas) == 1

    with page.expect_download() as descarga:
        retenidas[0].continue_()
    assert descarga.value.suggested_filename.endswith(".pdf")
    assert descarga.value.suggested_filename.startswith("matriz-de-balance-2023")
    expect(enlace).to_have_text("PDF")
    expect(enlace).not_to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("status")).to_have_text("Tu PDF está listo.")
    contexto.close()
