"""Errors next to their fields in the director's matrix, as the browser shows them: the autosave
marks a refused figure and unmarks it once fixed; a send that cannot go yet marks every missing
field and moves the focus to the summary, whose links take the focus to each field."""

import re
import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from balance.models import Logro

from .test_ingreso import ingresar


@pytest.fixture
def mundo_transaccional(transactional_db, mundo):
    return mundo


def test_el_autoguardado_marca_la_cifra_y_la_desmarca(mundo_transaccional, matriz, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    page.wait_for_load_state("load")  # the autosave script listens from here
    cifra = page.get_by_label("Cifra").first
    id_cifra = cifra.get_attribute("id")

    cifra.fill("doce")
    page.get_by_label("¿Qué cuenta la cifra?").first.fill("docentes capacitados")
    expect(page.locator("#autoguardado")).to_contain_text("por corregir", timeout=10_000)
    expect(cifra).to_have_attribute("aria-invalid", "true")
    expect(cifra).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(cifra).to_have_attribute("aria-describedby", re.compile(f"{id_cifra}_error"))
    expect(page.locator(f"#{id_cifra}_error")).to_be_visible()
    expect(page.locator(f"#{id_cifra}_error")).to_contain_text("Escribe solo la cifra")
    assert Logro.objects.get(fila__matriz=matriz).que_cuenta == "docentes capacitados"

    cifra.fill("1,250")
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    expect(cifra).not_to_have_attribute("aria-invalid", "true")
    expect(cifra).not_to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator(f"#{id_cifra}_error")).to_have_count(0)
    assert str(Logro.objects.get(fila__matriz=matriz).cifra) == "1250.00"
    contexto.close()


def test_enviar_incompleta_lleva_a_cada_campo(mundo_transaccional, matriz, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Enviar a la UGEL").click()
    page.wait_for_load_state("load")
    resumen = page.locator("#faltantes")
    expect(resumen).to_be_focused()
    expect(resumen).to_contain_text("Aún no se puede enviar")
    sugerencias = page.get_by_label("Sugerencias").nth(1)
    expect(sugerencias).to_have_attribute("aria-invalid", "true")

    resumen.get_by_role("link", name=re.compile("2. .* Sugerencias")).click()
    expect(sugerencias).to_be_focused()
    # Filled and autosaved: its mark goes, and the summary no longer lists it.
    sugerencias.fill("Más talleres el próximo año")
    expect(sugerencias).not_to_have_attribute("aria-invalid", "true", timeout=10_000)
    expect(resumen.get_by_role("link", name=re.compile("2. .* Sugerencias"))).to_have_count(0)
    contexto.close()


def test_el_editor_en_un_celular(mundo_transaccional, matriz, navegador, live_server, captura):
    """At 360 × 740: the save bar is one status line and one row of buttons (under 10 % of the
    screen), the «Ir a lineamiento» menu in it takes the director to each lineamiento, nothing
    scrolls sideways, and a focused field is never hidden under the bar."""
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    page.wait_for_load_state("load")
    barra = page.locator(".autoguardado")
    assert barra.bounding_box()["height"] <= 74
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.get_by_role("button", name="Guardar borrador")).to_be_visible()
    expect(page.get_by_role("button", name="Enviar a la UGEL")).to_be_visible()

    page.get_by_text("Ir a lineamiento").click()
    menu = page.get_by_role("navigation", name="Ir a lineamiento")
    expect(menu).to_be_visible()
    captura(page, "balance-editor-celular-menu")
    menu.get_by_role("link", name=re.compile("^2. Certificación")).click()
    expect(menu).to_be_hidden()
    page.wait_for_timeout(800)  # Bootstrap scrolls smoothly
    titulo = page.get_by_role("heading", name=re.compile("^2. Certificación")).bounding_box()
    assert 0 <= titulo["y"] < 200

    # A field just under the bar, focused: scrolled so the bar does not cover it.
    campo = page.get_by_label("Sugerencias").first
    campo.evaluate("c => window.scrollTo(0, c.getBoundingClientRect().top + window.scrollY - 700)")
    campo.focus()
    page.wait_for_timeout(800)
    caja, arriba = campo.bounding_box(), barra.bounding_box()["y"]
    assert caja["y"] + min(caja["height"], 40) <= arriba

    # A status full of errors still fits in one line.
    page.get_by_label("Cifra").first.fill("doce")
    page.get_by_label("Enlace de la evidencia").first.fill("javascript:alert(1)")
    expect(page.locator("#autoguardado")).to_contain_text("por corregir", timeout=10_000)
    assert barra.bounding_box()["height"] <= 74
    captura(page, "balance-editor-celular-error")
    contexto.close()


def test_dos_pestanas_se_juntan_por_campo(mundo_transaccional, matriz, navegador, live_server):
    """Two tabs on one matrix: each autosaves its own field, neither reverts the other, and the
    second shows the first one's text in the field it had not touched."""
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    a = contexto.new_page()
    a.set_default_timeout(15_000)
    ingresar(a, "director", settings.DEMO_PASSWORD)
    b = contexto.new_page()
    b.set_default_timeout(15_000)
    for page in (a, b):
        page.goto(f"/balance/matrices/{matriz.pk}/editar/")
        page.wait_for_load_state("load")

    a.get_by_label("Acciones realizadas").first.fill("Escrito en la pestaña A")
    expect(a.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    b.get_by_label("Sugerencias").first.fill("Escrito en la pestaña B")
    expect(b.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    expect(b.get_by_label("Acciones realizadas").first).to_have_value("Escrito en la pestaña A")

    from balance.models import Fila

    fila = Fila.objects.get(matriz=matriz, lineamiento__orden=1)
    assert fila.acciones == "Escrito en la pestaña A"
    assert fila.sugerencias == "Escrito en la pestaña B"
    # Tab A goes on writing from where it is: B's suggestion stays.
    a.get_by_label("Acciones realizadas").first.fill("A sigue escribiendo")
    for _ in range(100):
        fila.refresh_from_db()
        if fila.acciones == "A sigue escribiendo":
            break
        time.sleep(0.1)
    assert (fila.acciones, fila.sugerencias) == ("A sigue escribiendo", "Escrito en la pestaña B")
    contexto.close()
