import re

from django.conf import settings
from playwright.sync_api import expect


def ingresar(page, username, password):
    page.goto("/cuentas/ingresar/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    # Wait for the answer (home page or the form with its error) before going on.
    with page.expect_navigation():
        page.get_by_role("button", name="Ingresar").click()


def test_director_ingresa_ve_su_institucion_y_sale(mundo, pagina, captura):
    pagina.goto("/cuentas/ingresar/")
    captura(pagina, "ingresar")
    ingresar(pagina, "director", "equivocada")
    expect(pagina.get_by_text("Usuario o contraseña incorrectos")).to_be_visible()
    captura(pagina, "ingresar-error")

    ingresar(pagina, "director", settings.DEMO_PASSWORD)
    pagina.wait_for_url("**/")
    expect(pagina.get_by_role("heading", name="Hola, Prueba")).to_be_visible()
    captura(pagina, "inicio-director")

    pagina.get_by_role("link", name="Ver mi institución").click()
    expect(pagina.get_by_role("heading", name=mundo["inst_a1a"].nombre)).to_be_visible()

    pagina.get_by_role("button", name="Prueba").click()
    pagina.get_by_role("button", name="Cerrar sesión").click()
    pagina.wait_for_url("**/cuentas/ingresar/")
    pagina.goto("/")
    expect(pagina).to_have_url(re.compile(r"/cuentas/ingresar/"))


def test_especialista_filtra_instituciones_en_el_celular(mundo, navegador, live_server, captura):
    context = navegador.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    ingresar(page, "dre", settings.DEMO_PASSWORD)
    page.wait_for_url("**/")
    captura(page, "inicio-dre-celular")
    page.get_by_label("Abrir menú").click()
    page.get_by_role("link", name="Instituciones").click()
    page.get_by_label("UGEL").select_option(label="UGEL A2")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("link", name=mundo["inst_a2"].nombre)).to_be_visible()
    assert page.get_by_text(mundo["inst_a1a"].codigo_modular).count() == 0
    captura(page, "instituciones-dre-celular")
    context.close()
