"""The balance in a real browser: autosave as the director types, then the UGEL's review."""

import re
import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from balance.models import Estado, Fila, Matriz
from tests.balance.conftest import llenar

from .conftest import carpeta_capturas
from .test_ingreso import ingresar


@pytest.fixture
def mundo_transaccional(transactional_db, mundo):
    return mundo


def test_el_director_escribe_y_se_guarda_solo(mundo_transaccional, matriz, navegador, live_server, captura):
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("Completar y enviar la matriz")).click()
    page.wait_for_load_state("load")  # the autosave script listens from here (typed before: not saved)

    acciones = page.get_by_label("Acciones realizadas").first
    acciones.fill("Se realizaron 12 sesiones de lectura compartida.")
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    expect(page.locator(".contador").first).to_have_text("48 / 2000")
    captura(page, "balance-director-celular")
    fila = Fila.objects.get(matriz=matriz, lineamiento__orden=1)
    assert fila.acciones == "Se realizaron 12 sesiones de lectura compartida."

    # A bad link: the message says so, the rest keeps saving.
    page.get_by_label("Enlace de la evidencia").first.fill("javascript:alert(1)")
    expect(page.locator("#autoguardado")).to_contain_text("http:// o https://", timeout=10_000)

    page.reload()
    expect(page.get_by_label("Acciones realizadas").first).to_have_value(
        "Se realizaron 12 sesiones de lectura compartida."
    )
    page.get_by_role("button", name="Enviar a la UGEL").click()
    expect(page.locator("#faltantes")).to_contain_text("Registra al menos un logro completo")
    contexto.close()


def test_la_ugel_devuelve_y_el_director_corrige(mundo_transaccional, matriz, pagina, captura):
    mundo = mundo_transaccional
    llenar(matriz, mundo["director"])
    from balance import services

    services.matriz_enviar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["director"])

    ingresar(pagina, "ugel", settings.DEMO_PASSWORD)
    pagina.get_by_role("link", name=re.compile("matriz enviada por revisar")).click()
    pagina.get_by_role("link", name="Revisar").click()
    pagina.get_by_label("Observación sobre «Aprendizajes para la vida»").fill("Indica la fuente de la cifra.")
    pagina.get_by_role("button", name="Devolver con observaciones").click()
    expect(pagina.locator(".invalid-feedback, .alert-danger").first).to_contain_text("Explica al director")
    pagina.get_by_label("Motivo o comentario").fill("Faltan fuentes.")
    captura(pagina, "balance-ugel-revision")
    pagina.get_by_role("button", name="Devolver con observaciones").click()
    expect(pagina.get_by_text("Qué pasa después:")).to_be_visible()
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA  # not before confirming
    pagina.get_by_role("button", name="Sí, devolver").click()
    expect(pagina.get_by_text("Matriz devuelta al director")).to_be_visible()
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.OBSERVADA

    pagina.get_by_role("button", name=re.compile(".+")).filter(has_text="Prueba").click()
    pagina.get_by_role("button", name="Cerrar sesión").click()
    ingresar(pagina, "director", settings.DEMO_PASSWORD)
    pagina.get_by_role("link", name=re.compile("Corregir y reenviar")).click()
    expect(pagina.get_by_text("Indica la fuente de la cifra.")).to_be_visible()
    captura(pagina, "balance-director-observada")
    pagina.get_by_role("button", name="Enviar a la UGEL").click()
    pagina.get_by_role("button", name="Sí, enviar a la UGEL").click()
    expect(pagina.get_by_text("Matriz enviada a la UGEL")).to_be_visible()
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA


def test_cerrar_la_pestana_no_pierde_lo_ultimo(mundo_transaccional, matriz, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    page.get_by_label("Sugerencias").first.fill("Escrito justo antes de cerrar")
    page.close(run_before_unload=True)  # before the autosave delay: only the beacon can carry it
    fila = Fila.objects.get(matriz=matriz, lineamiento__orden=1)
    for _ in range(50):
        fila.refresh_from_db()
        if fila.sugerencias:
            break
        time.sleep(0.1)
    assert fila.sugerencias == "Escrito justo antes de cerrar"
    contexto.close()


def test_sesion_vencida_mientras_escribe(mundo_transaccional, matriz, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    contexto.clear_cookies(name="sessionid")  # the session ends (timeout, logout in another tab)
    page.get_by_label("Acciones realizadas").first.fill("Texto que no debe perderse")
    expect(page.locator("#autoguardado")).to_contain_text("Tu sesión terminó", timeout=10_000)
    expect(page.get_by_label("Acciones realizadas").first).to_have_value("Texto que no debe perderse")
    contexto.close()


def test_sin_conexion_y_pestana_cerrada_se_recupera(
    mundo_transaccional, matriz, navegador, live_server, captura
):
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    contexto.set_offline(True)
    page.get_by_label("Sugerencias").first.fill("Escrito sin conexión")
    expect(page.locator("#autoguardado")).to_contain_text("Sin conexión", timeout=10_000)
    otra = contexto.new_page()
    page.close()  # the beacon cannot leave either
    contexto.set_offline(False)
    assert Fila.objects.get(matriz=matriz, lineamiento__orden=1).sugerencias == ""

    page = otra
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    expect(page.locator("#copia-local")).to_be_visible()
    captura(page, "balance-copia-local")
    page.get_by_role("button", name="Recuperar mi texto").click()
    expect(page.get_by_label("Sugerencias").first).to_have_value("Escrito sin conexión")
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    assert Fila.objects.get(matriz=matriz, lineamiento__orden=1).sugerencias == "Escrito sin conexión"

    page.reload()  # saved now: nothing left to offer
    expect(page.locator("#copia-local")).to_be_hidden()
    contexto.close()


def test_cambiar_de_pestana_guarda_sin_conflicto(mundo_transaccional, matriz, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    page.get_by_label("Acciones realizadas").first.fill("Antes de cambiar de aplicación")
    # The phone switches apps before the 2-second autosave: the page saves at once...
    page.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=5_000)
    # ...and the delayed autosave that follows finds the new version: no conflict with itself.
    page.wait_for_timeout(2_500)
    expect(page.locator("#autoguardado")).not_to_contain_text("otra pestaña")
    assert Fila.objects.get(matriz=matriz, lineamiento__orden=1).acciones == "Antes de cambiar de aplicación"
    contexto.close()


@pytest.mark.parametrize("ancho", [360, 1366])
def test_una_cifra_como_la_escriben_los_directores(
    mundo_transaccional, matriz, navegador, live_server, ancho
):
    """ "1,250" is saved as 1250; "2,353 docentes" is refused naming the lineamiento and the logro, and
    what was typed survives a reload in the browser's copy."""
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": ancho, "height": 844})
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("Completar y enviar la matriz")).click()
    page.wait_for_load_state("load")  # the autosave script listens from here
    cifra = page.get_by_label("Cifra").first

    cifra.fill("1,250")
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    logro = Fila.objects.get(matriz=matriz, lineamiento__orden=1).logros.get()
    assert logro.cifra == 1250

    cifra.fill("2,353 docentes")
    estado = page.locator("#autoguardado")
    expect(estado).to_contain_text("«1. Aprendizajes para la vida» — Logro 1: cifra", timeout=10_000)
    expect(estado).to_contain_text("Escribe solo la cifra, por ejemplo 1250 o 1,250")
    cifra.scroll_into_view_if_needed()  # the field and the status line, as seen
    page.screenshot(path=str(carpeta_capturas() / f"balance-cifra-rechazada-{ancho}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= ancho

    page.reload()
    expect(page.locator("#copia-local")).to_be_visible()
    page.locator("[data-recuperar]").click()
    expect(page.get_by_label("Cifra").first).to_have_value("2,353 docentes")
    contexto.close()
