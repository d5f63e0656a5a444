"""The Content-Security-Policy in a real browser: every role's main pages, with the demo's data, report
no violation, and their scripts still work (the matrix's and the sheet's autosave, the calendar
editor, Bootstrap's menu). Chromium reports a violation twice: on the console and as a
`securitypolicyviolation` event; both are collected."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from balance.models import Campana
from cuentas.models import Asignacion
from monitoreo.models import PlanMonitoreo
from practicas.models import BuenaPractica, Evento

from .test_ingreso import ingresar

# Added before any page script runs (Playwright's init scripts are not subject to the page's CSP).
ESCUCHA = """
window.__violaciones = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violaciones.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`);
});
"""


class Navegacion:
    """A role's tab: visits pages and keeps every CSP violation it hears, with the page it was on."""

    def __init__(self, navegador, live_server, usuario=None):
        self.contexto = navegador.new_context(base_url=live_server.url, locale="es-PE")
        self.contexto.add_init_script(ESCUCHA)
        self.page = self.contexto.new_page()
        self.page.set_default_timeout(15_000)
        self.consola = []
        self.page.on(
            "console",
            lambda m: (
                "Content Security Policy" in m.text and self.consola.append(f"{self.page.url}: {m.text}")
            ),
        )
        self.visitadas = []
        if usuario:
            ingresar(self.page, usuario, settings.DEMO_PASSWORD)

    def ir(self, url):
        respuesta = self.page.goto(url)
        assert respuesta.status == 200, (url, respuesta.status)
        politica = respuesta.headers.get("content-security-policy", "")
        assert "default-src 'self'" in politica and "script-src 'self'" in politica, (url, politica)
        self.page.wait_for_load_state("load")
        self.visitadas.append(url)

    def violaciones(self):
        eventos = self.page.evaluate("window.__violaciones || []")
        return [f"{self.page.url}: {v}" for v in eventos] + self.consola

    def cerrar(self):
        self.contexto.close()


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # cargar_demo refuses to run with DEBUG off
    call_command("cargar_demo", stdout=StringIO())
    settings.DEBUG = False


def asignacion(username):
    return Asignacion.objects.select_related("institucion", "ugel", "dre").get(usuario__username=username)


def test_el_detector_oye_una_violacion(transactional_db, navegador, live_server):
    """The check below is not blind: a style attribute put in by a script is reported."""
    tab = Navegacion(navegador, live_server)
    tab.ir("/")
    tab.page.evaluate("document.body.setAttribute('style', 'color: red')")
    expect(tab.page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    tab.page.wait_for_function("window.__violaciones.length > 0")
    assert any("style-src" in v for v in tab.violaciones())
    tab.cerrar()


def test_las_paginas_principales_de_cada_rol_sin_violaciones(demo, navegador, live_server):
    violaciones = []

    # Anonymous: the home page, the login, the catalogue with its charts (the nonce), a sheet, events.
    tab = Navegacion(navegador, live_server)
    practica = BuenaPractica.objects.publicadas().order_by("pk").first()
    evento = Evento.objects.publicados().order_by("pk").first()
    for url in (
        "/",
        "/cuentas/ingresar/",
        reverse("practicas:ficha", args=[practica.slug]),
        reverse("practicas:eventos"),
        reverse("practicas:evento", args=[evento.slug]),
        "/practicas/",
    ):
        tab.ir(url)
    graficos = tab.page.locator("svg.pygal-chart")
    assert graficos.count() >= 2
    # The chart's embedded style carries the page's nonce and applies: its background is white, not
    # the black an SVG rectangle has without it.
    assert graficos.first.locator("style").first.evaluate("e => e.nonce")
    expect(graficos.first.locator("rect.background").first).to_have_css("fill", "rgb(255, 255, 255)")
    violaciones += tab.violaciones()
    tab.cerrar()

    # A director: the home page, the balance, the matrix editor, whose autosave still works.
    tab = Navegacion(navegador, live_server, "director.demo")
    tab.ir("/")
    tab.page.get_by_role("link", name=re.compile("Completar y enviar la matriz")).first.click()
    expect(tab.page).to_have_url(re.compile(r"/balance/matrices/\d+/editar/$"))
    tab.page.get_by_label("Acciones realizadas").first.fill(
        "Se realizaron 12 sesiones de lectura compartida."
    )
    expect(tab.page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    # The progress bars htmx redraws carry their width as a class, and it applies.
    barra = tab.page.locator("[id^=avance-] .progress-bar").first
    expect(barra).to_have_class(re.compile(r"\bancho-\d+\b"))
    violaciones += tab.violaciones()
    # Bootstrap's scripts: on a phone the menu button opens the menu, and the user's menu opens.
    tab.page.set_viewport_size({"width": 360, "height": 800})
    tab.ir(reverse("balance:inicio"))
    tab.page.get_by_role("button", name="Abrir menú").click()
    # Opened, as a person sees it before tapping inside: a tap while the menu still slides open
    # (Bootstrap's "collapsing") could land outside its still-clipped box.
    expect(tab.page.locator("#menu")).to_have_class(re.compile(r"\bshow\b"))
    tab.page.locator("#menu .dropdown-toggle").click()
    expect(tab.page.get_by_role("link", name="Mi perfil")).to_be_visible()
    violaciones += tab.violaciones()
    tab.cerrar()

    # A UGEL specialist: the campaign board with its charts.
    tab = Navegacion(navegador, live_server, "ugel.demo")
    campana = Campana.objects.filter(ugel=asignacion("ugel.demo").ugel).order_by("-anio").first()
    tab.ir(reverse("balance:tablero", args=[campana.pk]))
    expect(tab.page.locator("svg.pygal-chart").first).to_be_visible()
    violaciones += tab.violaciones()
    tab.cerrar()

    # A DRE specialist: the DRE board, /balance/dre/<pk>/<anio>/.
    tab = Navegacion(navegador, live_server, "dre.demo")
    dre = asignacion("dre.demo").dre
    anio = Campana.objects.filter(ugel__dre=dre).order_by("-anio").values_list("anio", flat=True).first()
    tab.ir(reverse("balance:dre_tablero", args=[dre.pk, anio]))
    expect(tab.page.locator("svg.pygal-chart").first).to_be_visible()
    violaciones += tab.violaciones()
    tab.cerrar()

    # DIFOCA: the workspace, a practice's editor (autosave, the editable lists), its gallery, an event.
    tab = Navegacion(navegador, live_server, "difoca.demo")
    tab.ir(reverse("practicas:gestion"))
    tab.ir(reverse("practicas:gestion_editar", args=[practica.pk]))
    tab.page.get_by_role("textbox", name="Problema", exact=True).fill("Escrito con la política puesta.")
    expect(tab.page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    tab.page.get_by_role("button", name="Agregar contacto").click()
    expect(tab.page.locator("#autoguardado")).to_contain_text("Cambios sin guardar")
    violaciones += tab.violaciones()
    tab.ir(reverse("practicas:gestion_galeria", args=[practica.pk]))
    tab.ir(reverse("practicas:gestion_evento", args=[evento.pk]))
    violaciones += tab.violaciones()
    tab.cerrar()

    # A school director: the monitoring plan's calendar and its editor (calendario.js).
    plan = PlanMonitoreo.objects.filter(institucion=asignacion("director.70370").institucion).first()
    tab = Navegacion(navegador, live_server, "director.70370")
    tab.ir(reverse("monitoreo:plan", args=[plan.pk]))
    expect(tab.page.locator(".calendario-leyenda .hecho")).to_have_css(
        "background-color", "rgb(209, 231, 221)"
    )
    violaciones += tab.violaciones()
    tab.ir(reverse("monitoreo:plan_editar", args=[plan.pk]))
    tab.page.get_by_role("button", name=re.compile(r"^Toda la etapa\W+Etapa 1\b")).click()
    expect(tab.page.locator("[data-estado-calendario]")).to_contain_text("marcado")
    violaciones += tab.violaciones()
    tab.cerrar()

    # The administrator: Django's admin.
    tab = Navegacion(navegador, live_server, "admin.demo")
    tab.ir("/admin/")
    tab.ir("/admin/balance/matriz/")
    tab.page.locator("#result_list tbody a").first.click()
    tab.page.wait_for_load_state("load")
    violaciones += tab.violaciones()
    tab.cerrar()

    assert violaciones == []
