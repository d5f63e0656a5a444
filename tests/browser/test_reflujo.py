"""At 360 × 740 every table page reflows into cards (.tabla-tarjetas, static/css/chasqui.css): no page
scrolls sideways, nor any box inside it, and the key controls («Revisar», the plan's calendar cells) are
on screen and 44 px or more; every other control in the cards is 24 px or has room around it. With
hostile data: names as long as the data allows with no space to break them (200 characters for an
institution, 3,000 for a compromiso), 300 institutions, an empty state and a failed export. At 1366 px
the same pages are still tables."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from balance.models import Compromiso, Matriz
from cuentas.models import Rol
from exportaciones.models import Exportacion
from monitoreo.models import Celda, Etapa, PlanMonitoreo
from tests.balance.conftest import enviar
from tests.factories import InstitucionFactory, practica_publicada, usuario_con
from tests.monitoreo.test_visitas import anio_con_visitas

from .test_ingreso import ingresar

ANCHO, ALTO = 360, 740


def sin_espacios(n: int, base: str = "Interculturalidad") -> str:
    """A word of n characters: nothing to break it at."""
    return (base * (n // len(base) + 1))[:n]


def sin_desborde(page, ancho=ANCHO):
    """Nothing scrolls sideways: not the page, not a box inside it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= ancho, page.url
    cajas = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => {
             const x = getComputedStyle(e).overflowX;
             return (x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1;
           }).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '/' + e.clientWidth)"""
    )
    assert cajas == [], (page.url, cajas)


def en_pantalla(locator, minimo=44):
    """Visible without scrolling sideways, and at least minimo × minimo px."""
    expect(locator).to_be_visible()
    caja = locator.bounding_box()
    assert caja["x"] >= 0 and caja["x"] + caja["width"] <= ANCHO, caja
    assert caja["width"] >= minimo and caja["height"] >= minimo, caja


def controles_de_las_tarjetas(page):
    """Every link, button and field in a card is 24 × 24 px, or a 24 px circle on its centre touches
    no other control (WCAG 2.5.8's spacing exception: a lone «1» in a card's line)."""
    pequenos = page.evaluate(
        """() => {
          const controles = '.tabla-tarjetas :is(a, button, input, select, textarea)';
          const visibles = [...document.querySelectorAll(controles)]
            .map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width > 0 && r.height > 0);
          return visibles.filter(([e, r]) => {
            if (r.width >= 24 && r.height >= 24) return false;
            const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
            return visibles.some(([o, q]) => o !== e && !o.contains(e) && !e.contains(o)
              && q.left < cx + 12 && q.right > cx - 12 && q.top < cy + 12 && q.bottom > cy - 12);
          }).map(([e, r]) => e.outerHTML.slice(0, 80) + ' ' + Math.round(r.width) + 'x'
                             + Math.round(r.height));
        }"""
    )
    assert pequenos == [], (page.url, pequenos)


def es_tarjeta(page, selector="table.tabla-tarjetas tbody tr"):
    return page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "flex"


@pytest.fixture
def hostil(transactional_db, mundo, request):
    """mundo with its worst: UGEL A1 with 300 more CEBA and one whose name is 200 characters with no
    space (the most the field holds), its campaign open with that one's matrix sent (so «Revisar»),
    a 3,000-character compromiso, a school with a three-stage plan whose title has no space, a
    published practice with a 250-character title, and a failed export with a long name."""
    ugel_a1 = mundo["ugel_a1"]
    mundo["inst_a1a"].nombre = sin_espacios(200, "CEBAInterculturalidad")
    mundo["inst_a1a"].save()
    InstitucionFactory.create_batch(300, ugel=ugel_a1)
    campana = request.getfixturevalue("campana")
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    enviar(matriz, mundo["director"])
    Compromiso.objects.create(
        matriz=matriz, orden=1, que=sin_espacios(3000), responsable=sin_espacios(150, "Equipo")
    )

    escuela = InstitucionFactory(ugel=ugel_a1, modalidad="ebr_primaria", nombre=sin_espacios(200, "IEP"))
    usuario_con(Rol.DIRECTOR, escuela, username="director_escuela")
    plan = PlanMonitoreo.objects.create(
        institucion=escuela, anio=anio_con_visitas(), titulo=sin_espacios(200)
    )
    for orden, meses in ((1, [3, 4, 5, 6]), (2, [7, 8, 9]), (3, [10, 11, 12])):
        Etapa.objects.create(plan=plan, orden=orden, nombre=sin_espacios(100, "Etapa"), meses=meses)
        Celda.objects.bulk_create(Celda(plan=plan, etapa=orden, grado=g, mes=meses[0]) for g in range(1, 7))

    practica_publicada(titulo=sin_espacios(250, "Gestión"))
    Exportacion.objects.create(
        usuario=mundo["ugel"],
        identificador="balance.campana_xlsx",
        nombre=sin_espacios(200, "Consolidado"),
        estado="error",
        error="Falló",
    )
    return {"campana": campana, "matriz": matriz, "plan": plan}


def abrir(navegador, live_server, usuario, ancho=ANCHO):
    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": ancho, "height": ALTO})
    page = contexto.new_page()
    if usuario:
        ingresar(page, usuario, settings.DEMO_PASSWORD)
    return contexto, page


def test_la_ugel_revisa_desde_el_celular(hostil, navegador, live_server, captura):
    campana, matriz, plan = hostil["campana"], hostil["matriz"], hostil["plan"]
    contexto, page = abrir(navegador, live_server, "ugel")

    # The campaign board: each institution a card, «Revisar» on screen and 44 px.
    page.goto(f"/balance/campanas/{campana.pk}/")
    sin_desborde(page)
    assert es_tarjeta(page)
    assert page.locator("table.tablero tbody tr").count() == 100  # a page of the 302 matrices
    tarjeta = page.locator("table.tablero tbody tr").first
    expect(tarjeta.get_by_role("rowheader")).to_contain_text(sin_espacios(200, "CEBAInterculturalidad"))
    for texto in ("Estado", "Avance", "Último cambio"):  # the important lines, before UGEL and code
        expect(tarjeta.locator(f"td[data-label='{texto}']")).to_be_visible()
    en_pantalla(tarjeta.get_by_role("link", name="Revisar"))
    for celda in ("Estado", "Avance", "Último cambio"):
        caja = tarjeta.locator(f"td[data-label='{celda}']").bounding_box()
        assert caja["y"] < tarjeta.locator("td[data-label='UGEL']").bounding_box()["y"]
    controles_de_las_tarjetas(page)
    captura(page, "reflujo-tablero-360")

    # Its empty state, and the review page with the 3,000-character compromiso.
    page.goto(f"/balance/campanas/{campana.pk}/?q=ninguna")
    expect(page.get_by_text("Ninguna matriz coincide con los filtros.")).to_be_visible()
    sin_desborde(page)
    page.goto(f"/balance/matrices/{matriz.pk}/")
    expect(page.locator("#compromisos").get_by_role("rowheader")).to_be_visible()
    sin_desborde(page)
    controles_de_las_tarjetas(page)

    # Every other table page of the specialist, with its 300 institutions.
    for url in (
        "/",
        "/balance/",
        "/territorio/instituciones/",
        "/cuentas/directores/",
        "/monitoreo/",
        "/monitoreo/cobertura/",
        f"/monitoreo/planes/{plan.pk}/",
        "/exportaciones/",
    ):
        page.goto(url)
        sin_desborde(page)
        if page.locator("table.tabla-tarjetas").first.is_visible():
            assert es_tarjeta(page), url
        controles_de_las_tarjetas(page)
    page.goto("/cuentas/directores/")
    assert page.get_by_role("link", name="Crear cuenta").count() >= 300
    en_pantalla(page.get_by_role("link", name="Crear cuenta").first)
    page.goto("/exportaciones/")
    expect(page.get_by_role("rowheader", name=re.compile("^Consolidado"))).to_be_visible()
    contexto.close()


def test_el_director_de_escuela_marca_su_calendario_en_el_celular(hostil, navegador, live_server, captura):
    plan = hostil["plan"]
    contexto, page = abrir(navegador, live_server, "director_escuela")
    for url in ("/", "/monitoreo/", f"/monitoreo/planes/{plan.pk}/"):
        page.goto(url)
        sin_desborde(page)
    # The plan's calendar: one card per grade, each month a 44 px cell under its name.
    calendario = page.locator("section[aria-labelledby=t-calendario]")
    assert es_tarjeta(page, "table.calendario tbody tr:not(.tarjeta-cabecera)")
    marcada = calendario.locator("td.marcado").first
    expect(marcada).to_have_attribute("data-label", "Mar")
    en_pantalla(marcada.locator(".marca-celda"))

    page.goto(f"/monitoreo/planes/{plan.pk}/editar/")
    sin_desborde(page)
    for etiqueta in (
        "Etapa 1, Primer grado, marzo",
        "Etapa 1, Sexto grado, junio",
        "Etapa 3, Sexto grado, diciembre",
    ):
        en_pantalla(page.get_by_label(etiqueta, exact=True))
    casilla = page.get_by_label("Etapa 2, Tercer grado, agosto", exact=True)
    expect(casilla).not_to_be_checked()
    casilla.click()
    expect(casilla).to_be_checked()
    en_pantalla(page.get_by_role("button", name=re.compile(r"^Toda la etapa\W+Etapa 1\b")))
    en_pantalla(page.get_by_role("button", name=re.compile(r"^Tercer grado\W+Etapa 2: marcar")))
    captura(page, "reflujo-calendario-360")
    contexto.close()


def test_dre_difoca_director_y_visitante_en_el_celular(hostil, mundo, navegador, live_server):
    matriz = hostil["matriz"]
    casos = {
        "dre": ["/", f"/balance/dre/{mundo['dre_a'].pk}/2023/", "/cuentas/directores/", "/balance/"],
        "director": ["/", "/balance/", f"/balance/matrices/{matriz.pk}/"],
        "difoca": ["/", "/practicas/gestion/"],
        "admin": ["/", "/balance/", "/territorio/instituciones/"],
        None: ["/practicas/"],
    }
    for usuario, urls in casos.items():
        contexto, page = abrir(navegador, live_server, usuario)
        for url in urls:
            page.goto(url)
            sin_desborde(page)
            if page.locator("table.tabla-tarjetas").first.is_visible():
                assert es_tarjeta(page), url
            controles_de_las_tarjetas(page)
        if usuario is None:  # the catalogue's chart as a table: a card per region
            page.get_by_text("Ver los datos del gráfico en una tabla").click()
            sin_desborde(page)
            assert es_tarjeta(page)
        if usuario == "dre":
            page.goto(f"/balance/dre/{mundo['dre_a'].pk}/2023/")
            fila = page.locator("table.tablero-dre tbody tr", has_text="UGEL A1")
            expect(fila.locator("td[data-label='Avance promedio']")).to_be_visible()
        contexto.close()


def test_en_el_escritorio_siguen_siendo_tablas(hostil, navegador, live_server):
    campana = hostil["campana"]
    contexto, page = abrir(navegador, live_server, "ugel", ancho=1366)
    page.goto(f"/balance/campanas/{campana.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert not es_tarjeta(page)
    expect(page.locator("table.tablero thead")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Último cambio")).to_be_visible()
    expect(page.get_by_role("link", name="Revisar")).to_be_visible()
    page.goto(f"/monitoreo/planes/{hostil['plan'].pk}/")
    assert not es_tarjeta(page, "table.calendario tbody tr:not(.tarjeta-cabecera)")
    contexto.close()
