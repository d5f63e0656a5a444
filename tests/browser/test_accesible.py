"""Accessible by construction, in a real browser: the character counters speak only near the limit,
the login error takes the focus, every control shows the one focus ring, and no field of the
director's matrix ends up under the sticky save bar when reached with Tab."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .test_ingreso import ingresar

ANILLO = "rgb(8, 66, 152)"  # --chasqui-foco


@pytest.fixture
def mundo_transaccional(transactional_db, mundo):
    return mundo


def foco(page) -> dict:
    # After the buttons' 0.15 s transition (the ring's halo is a box-shadow).
    page.wait_for_timeout(300)
    return page.evaluate(
        """() => { const a = document.activeElement, c = getComputedStyle(a);
        return {id: a.id, role: a.getAttribute('role'), texto: a.textContent.trim(), clase: a.className,
                ancho: c.outlineWidth, estilo: c.outlineStyle, color: c.outlineColor, halo: c.boxShadow}; }"""
    )


def test_el_contador_avisa_solo_al_90_y_al_limite(mundo_transaccional, matriz, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    campo = page.get_by_label("Acciones realizadas").first
    contador = page.locator(".contador").first
    anuncio = page.locator("#anuncio-contador")
    expect(anuncio).to_have_attribute("aria-live", "polite")
    expect(anuncio).to_have_class(re.compile(r"\bvisually-hidden\b"))
    # The visible counter follows every keystroke but is no live region.
    assert contador.get_attribute("aria-live") is None

    campo.fill("a" * 1000)
    expect(contador).to_have_text("1000 / 2000")
    expect(anuncio).to_have_text("")
    campo.fill("a" * 1800)
    expect(anuncio).to_have_text("Quedan 200 de 2000 caracteres en «Acciones realizadas».")
    # Typing on under the limit says nothing new.
    campo.fill("a" * 1850)
    expect(contador).to_have_text("1850 / 2000")
    expect(anuncio).to_have_text("Quedan 200 de 2000 caracteres en «Acciones realizadas».")
    campo.fill("a" * 2000)
    expect(anuncio).to_have_text("Llegaste al límite de 2000 caracteres en «Acciones realizadas».")
    # Back under 90 % and up again: it speaks again.
    campo.fill("a" * 100)
    campo.fill("a" * 1900)
    expect(anuncio).to_have_text("Quedan 100 de 2000 caracteres en «Acciones realizadas».")
    contexto.close()


def test_el_error_de_ingreso_recibe_el_foco_y_cada_control_el_anillo(mundo, pagina):
    ingresar(pagina, "director", "equivocada")
    resumen = pagina.get_by_role("alert")
    expect(resumen).to_contain_text("Usuario o contraseña incorrectos")
    expect(resumen).to_be_focused()

    # Tab goes on from the summary: the fields, then the house-red button, each with the ring.
    pagina.keyboard.press("Tab")
    assert foco(pagina)["id"] == "id_username"
    pagina.keyboard.press("Tab")
    pagina.keyboard.press("Tab")
    boton = foco(pagina)
    assert "btn-chasqui" in boton["clase"]
    assert (boton["ancho"], boton["estilo"], boton["color"]) == ("3px", "solid", ANILLO)
    assert "rgb(255, 255, 255)" in boton["halo"]

    # On the red bar the ring is white.
    ingresar(pagina, "director", settings.DEMO_PASSWORD)
    pagina.keyboard.press("Tab")  # «Ir al contenido»
    pagina.keyboard.press("Tab")  # the brand
    pagina.keyboard.press("Tab")  # the first menu link
    enlace = foco(pagina)
    assert "nav-link" in enlace["clase"]
    assert (enlace["ancho"], enlace["estilo"], enlace["color"]) == ("3px", "solid", "rgb(255, 255, 255)")


@pytest.mark.parametrize("ancho,alto", [(1366, 768), (360, 740)])
def test_ningun_campo_queda_bajo_la_barra_de_guardar(
    mundo_transaccional, matriz, navegador, live_server, ancho, alto
):
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": ancho, "height": alto})
    page = contexto.new_page()
    ingresar(page, "director", settings.DEMO_PASSWORD)
    page.goto(f"/balance/matrices/{matriz.pk}/editar/")
    page.locator("#form-matriz").locator("input:not([type=hidden]), textarea, select").first.focus()
    vistos, ocultos = 0, []
    for _ in range(400):
        # Measured after two frames: the page's correction runs in the frame after the focus.
        estado = page.evaluate(
            """async () => { await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const a = document.activeElement, barra = document.querySelector('.autoguardado');
            const r = a.getBoundingClientRect();
            const campo = a.matches('input, textarea, select') && !barra.contains(a);
            return {id: a.id, nombre: a.name || '', campo: campo,
                    arriba: r.top, abajo: r.bottom, barra: barra.getBoundingClientRect().top}; }"""
        )
        if estado["nombre"] == "enviar":
            break
        if estado["campo"]:
            vistos += 1
            if estado["abajo"] > estado["barra"] + 0.5 or estado["arriba"] < 0:
                ocultos.append(estado["id"])
        page.keyboard.press("Tab")
    assert vistos >= 20
    assert ocultos == []
    contexto.close()
