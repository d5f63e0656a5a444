"""The board at national size: each row drawn inline (no template include per row), the same markup
as balance/_estado.html and balance/_progreso.html, and a UGEL filter that lists only the UGELs of
the campaign's matrices."""

from django.urls import reverse

from balance import services
from balance.graficos import _dibujados
from balance.models import Matriz
from tests.factories import InstitucionFactory, UgelFactory

from .conftest import enviar, llenar


def tablero(client, campana, **params):
    return client.get(reverse("balance:tablero", args=[campana.pk]), params)


def test_cada_fila_con_su_estado_avance_y_enlace(client, mundo, campana_dre):
    a = Matriz.objects.get(campana=campana_dre, institucion=mundo["inst_a1a"])
    enviar(a, mundo["admin"])
    a.refresh_from_db()
    client.force_login(mundo["ugel"])  # who reviews UGEL A1's matrices
    html = tablero(client, campana_dre).content.decode()
    url = reverse("balance:matriz", args=[a.pk])
    assert (
        '<td class="tarjeta-primero" data-label="Estado"><span class="badge estado-enviada">Enviada</span>'
        in html
    )
    assert f'title="{a.progreso} % completado"' in html
    assert f'aria-valuenow="{a.progreso}"' in html and f"ancho-{a.progreso}" in html
    assert f'<a class="btn btn-sm btn-chasqui" href="{url}">Revisar</a>' in html
    assert '<span class="badge estado-sin_iniciar">Sin iniciar</span>' in html
    assert '<span class="small text-body-secondary">· CEBA</span>' in html
    assert html.count('data-label="UGEL"') == 2 and html.count('data-label="Avance"') == 2
    client.force_login(mundo["dre"])  # reads every UGEL of the DRE, reviews none of them
    html = tablero(client, campana_dre).content.decode()
    assert f'<a class="btn btn-sm btn-outline-secondary" href="{url}">Ver</a>' in html
    assert html.count('data-label="UGEL"') == 3


def test_ninguna_plantilla_por_fila(client, mundo, campana_dre):
    """The number of templates drawn does not grow with the rows (an include per row did)."""
    client.force_login(mundo["dre"])
    _dibujados.cache_clear()  # the charts drawn by their template in both requests
    antes = len(tablero(client, campana_dre).templates)
    for _ in range(20):
        InstitucionFactory(ugel=mundo["ugel_a2"])
    services.campana_abrir(usuario=mundo["admin"], campana=campana_dre)
    for m in Matriz.objects.filter(campana=campana_dre)[:5]:
        llenar(m, mundo["admin"])
    _dibujados.cache_clear()
    respuesta = tablero(client, campana_dre)
    assert respuesta.content.decode().count("font-monospace small") == 23
    assert len(respuesta.templates) == antes


def test_filtro_de_ugel_solo_las_de_la_campana(client, mundo, campana_dre):
    UgelFactory(nombre="UGEL A3 sin CEBA", dre=mundo["dre_a"])  # in the DRE, with no matrix
    client.force_login(mundo["dre"])
    a1, a2 = mundo["ugel_a1"], mundo["ugel_a2"]
    html = tablero(client, campana_dre).content.decode()
    opciones = html[html.index('id="f-ugel"') : html.index("</select>", html.index('id="f-ugel"'))]
    assert f'<option value="{a1.pk}">UGEL A1</option><option value="{a2.pk}">UGEL A2</option>' in opciones
    assert "UGEL A3" not in opciones and "UGEL B1" not in opciones

    html = tablero(client, campana_dre, ugel=a2.pk).content.decode()
    assert f'<option value="{a2.pk}" selected>UGEL A2</option>' in html
    assert f'<option value="{a1.pk}">UGEL A1</option>' in html
    assert mundo["inst_a2"].nombre in html and mundo["inst_a1a"].nombre not in html


def test_filtro_de_ugel_inexistente_no_marca_ninguna(client, mundo, campana_dre):
    client.force_login(mundo["dre"])
    for valor in ("999999", "abc"):
        respuesta = tablero(client, campana_dre, ugel=valor)
        assert respuesta.status_code == 200
        assert " selected>UGEL" not in respuesta.content.decode()


def test_una_sola_ugel_sin_filtro(client, mundo, campana_dre):
    client.force_login(mundo["ugel"])  # UGEL A1 only: nothing to choose
    assert 'id="f-ugel"' not in tablero(client, campana_dre).content.decode()
