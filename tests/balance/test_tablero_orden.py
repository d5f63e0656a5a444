"""The board's counts follow every filter but the state; rows come by state priority (what awaits the
UGEL first) then name, or by the order chosen; the export links say when a file is being prepared."""

import pytest
from django.urls import reverse

from balance import services
from balance.models import Matriz
from territorio.models import Institucion, Modalidad
from tests.factories import InstitucionFactory

from .conftest import enviar, llenar


def tablero(client, campana, **params):
    return client.get(reverse("balance:tablero", args=[campana.pk]), params).content.decode()


def chip(html, valor):
    """The number on one state's chip."""
    inicio = html.index(f'situacion={valor}"')
    marca = f'<span class="badge estado-{valor}">'
    desde = html.index(marca, inicio) + len(marca)
    return int(html[desde : html.index("<", desde)])


def todas(html):
    marca = '<span class="badge text-bg-light">'
    desde = html.index(marca) + len(marca)
    return int(html[desde : html.index("<", desde)])


@pytest.fixture
def cuatro(mundo, campana):
    """Four schools of UGEL A1 in four situations: A sent, B approved, C (a CETPRO) not started,
    D a draft; named so that the alphabet and the state priority disagree."""
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(nombre="CEBA Delta")
    Institucion.objects.filter(pk=mundo["inst_a1b"].pk).update(nombre="CEBA Alfa")
    InstitucionFactory(ugel=mundo["ugel_a1"], nombre="CETPRO Beta", modalidad=Modalidad.CETPRO)
    InstitucionFactory(ugel=mundo["ugel_a1"], nombre="CEBA Gamma")
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    por_nombre = {
        m.institucion.nombre: m for m in Matriz.objects.filter(campana=campana).select_related("institucion")
    }
    enviar(por_nombre["CEBA Delta"], mundo["admin"])
    enviar(por_nombre["CEBA Alfa"], mundo["admin"])
    services.matriz_aprobar(matriz=Matriz.objects.get(pk=por_nombre["CEBA Alfa"].pk), usuario=mundo["admin"])
    llenar(por_nombre["CEBA Gamma"], mundo["admin"])
    return por_nombre


def test_los_conteos_siguen_a_la_modalidad_y_la_busqueda(client, mundo, campana, cuatro):
    client.force_login(mundo["ugel"])
    html = tablero(client, campana)
    assert (todas(html), chip(html, "enviada"), chip(html, "sin_iniciar")) == (4, 1, 1)

    html = tablero(client, campana, modalidad=Modalidad.CETPRO)
    assert todas(html) == 1
    assert (chip(html, "sin_iniciar"), chip(html, "enviada"), chip(html, "aprobada")) == (1, 0, 0)
    # Each chip keeps the other filters, so its number and its list agree.
    assert f'href="?modalidad={Modalidad.CETPRO}&amp;situacion=enviada"' in html
    assert f'href="?modalidad={Modalidad.CETPRO}"' in html  # «Todas»

    html = tablero(client, campana, modalidad=Modalidad.CEBA, q="Alfa")
    assert (todas(html), chip(html, "aprobada"), chip(html, "sin_iniciar")) == (1, 1, 0)

    # The state filter itself does not shrink the counts of the other states.
    html = tablero(client, campana, modalidad=Modalidad.CEBA, situacion="enviada")
    assert (todas(html), chip(html, "enviada"), chip(html, "aprobada"), chip(html, "borrador")) == (
        3,
        1,
        1,
        1,
    )
    assert "CEBA Delta" in html and "CEBA Alfa</" not in html


def test_sin_coincidencias_lo_dice(client, mundo, campana, cuatro):
    client.force_login(mundo["ugel"])
    html = tablero(client, campana, q="no existe")
    assert todas(html) == 0 and "Ninguna matriz coincide con los filtros." in html


def nombres(html):
    return [
        n
        for _pos, n in sorted(
            (html.index(f">{n} <"), n) for n in ("CEBA Alfa", "CETPRO Beta", "CEBA Delta", "CEBA Gamma")
        )
    ]


def test_orden_por_prioridad_y_luego_nombre(client, mundo, campana, cuatro):
    client.force_login(mundo["ugel"])
    # Sent (to review), not started (to chase), draft, approved.
    assert nombres(tablero(client, campana)) == ["CEBA Delta", "CETPRO Beta", "CEBA Gamma", "CEBA Alfa"]
    assert nombres(tablero(client, campana, orden="institucion")) == [
        "CEBA Alfa",
        "CEBA Delta",
        "CEBA Gamma",
        "CETPRO Beta",
    ]
    por_avance = nombres(tablero(client, campana, orden="avance"))
    assert por_avance[0] == "CETPRO Beta"  # 0 %
    # An unknown order falls back to the default, the chosen one is kept in the chips and the select.
    assert nombres(tablero(client, campana, orden="'; drop")) == nombres(tablero(client, campana))
    html = tablero(client, campana, orden="institucion")
    assert 'href="?orden=institucion&amp;situacion=enviada"' in html
    assert '<option value="institucion" selected>' in html


def test_las_descargas_avisan_que_se_preparan(client, mundo, campana, matriz):
    client.force_login(mundo["ugel"])
    html = tablero(client, campana)
    assert html.count('data-descarga="Preparando el PDF…"') == 1
    assert html.count('data-descarga="Preparando el Excel…"') == 1
    assert "/static/js/descarga.js" in html
    pagina = client.get(reverse("balance:matriz", args=[matriz.pk])).content.decode()
    assert 'data-descarga="Preparando el PDF…"' in pagina and "/static/js/descarga.js" in pagina
