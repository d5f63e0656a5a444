"""The boards' pages kept whole (balance.views.campana_tablero, dre_tablero): every change of what
they show appears on the next request, whoever made it and however (a service, a bare UPDATE the
triggers see, an assignment changed), and what belongs to the request (the CSRF field, the CSP
nonce) is never kept."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from balance import services, views
from balance.models import AVANCE_POR_UGEL, Campana, Lineamiento, Matriz
from comun import versiones
from cuentas.models import Asignacion, Rol
from territorio.models import Institucion
from tests.factories import usuario_con

from .conftest import campana_abierta, enviar, llenar


def _dos_veces(client, url):
    """The page twice: drawn, then read from what was kept (the two must agree)."""
    primera = client.get(url)
    segunda = client.get(url)
    assert primera.status_code == segunda.status_code == 200
    return segunda.content.decode()


def _fila_dre(html: str, ugel_nombre: str) -> str:
    m = re.search(
        r"<tr>\s*<th scope=\"row\"[^>]*>(?:(?!</tr>).)*?" + re.escape(ugel_nombre) + r".*?</tr>", html, re.S
    )
    assert m, ugel_nombre
    return m.group(0)


@pytest.fixture
def tablero(mundo):
    campana = campana_abierta(mundo, titulo="Balance 2023 – UGEL A1", ugel=mundo["ugel_a1"])
    return campana, reverse("balance:tablero", args=[campana.pk])


@pytest.fixture
def tablero_dre(mundo, tablero):
    campana, _url = tablero
    return campana, reverse("balance:dre_tablero", args=[mundo["dre_a"].pk, campana.anio])


def test_el_titulo_y_los_lineamientos_escritos_en_sql_se_ven(client, mundo, tablero):
    """What the page shows of the campaign is in the key as read: no number needed."""
    campana, url = tablero
    client.force_login(mundo["ugel"])
    assert "Balance 2023 – UGEL A1" in _dos_veces(client, url)
    Campana.objects.filter(pk=campana.pk).update(titulo="Otro título")
    primero = Lineamiento.objects.filter(campana=campana).order_by("orden").first()
    Lineamiento.objects.filter(pk=primero.pk).update(nombre="Lineamiento renombrado")
    html = _dos_veces(client, url)
    assert "Otro título" in html and "Balance 2023 – UGEL A1" not in html
    assert "Lineamiento renombrado" in html


def test_el_avance_escrito_en_sql_se_ve_en_la_fila(client, mundo, tablero):
    """A kept page's rows read their progress as it is now (an autosave raises no number)."""
    campana, url = tablero
    client.force_login(mundo["ugel"])
    assert 'aria-valuenow="37"' not in _dos_veces(client, url)
    Matriz.objects.filter(campana=campana, institucion=mundo["inst_a1a"]).update(progreso=37)
    assert 'aria-valuenow="37"' in client.get(url).content.decode()


def test_csrf_y_nonce_de_cada_peticion(client, mundo, tablero):
    """The campaign's manager sees a form (CSRF) and the charts (nonce): each request its own."""
    campana, url = tablero
    client.force_login(mundo["ugel"])
    for _vez in range(2):
        respuesta = client.get(url)
        html = respuesta.content.decode()
        assert views.MARCA_CSRF not in html and "nonce7c1e5a9d3b" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        assert token
        nonces = set(re.findall(r'<style nonce="([^"]+)"', html))
        assert nonces == {respuesta.wsgi_request.csp_nonce}


def test_el_permiso_sigue_al_alcance(client, mundo, tablero):
    """The scope is in the key: a DRE specialist reads the campaign (no «Revisar», no manager's
    buttons); given UGEL A1's specialist role too (the same UGELs in scope, the same numbers), the
    next request reviews and manages."""
    campana, url = tablero
    enviar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"]), mundo["director"])
    especialista = usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_a"])
    client.force_login(especialista)
    html = _dos_veces(client, url)
    assert "Revisar</a>" not in html and "Cerrar campaña" not in html
    Asignacion.objects.create(usuario=especialista, rol=Rol.ESPECIALISTA_UGEL, ugel=mundo["ugel_a1"])
    html = _dos_veces(client, url)
    assert "Revisar</a>" in html and "Cerrar campaña" in html


def test_tablero_dre_un_autoguardado_por_el_servicio_cambia_el_avance(client, mundo, tablero_dre):
    campana, url = tablero_dre
    client.force_login(mundo["dre"])
    nombre = mundo["ugel_a1"].nombre
    matriz = llenar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"]), mundo["director"])
    assert "50 %" in _fila_dre(_dos_veces(client, url), nombre)
    # An autosave after the first edit (the campaign's number stays): a row emptied, less progress.
    matriz.refresh_from_db()
    fila = matriz.filas.first()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={fila.pk: services.DatosFila(acciones="")},
    )
    matriz.refresh_from_db()
    assert 0 < matriz.progreso < 100
    assert f"{round(matriz.progreso / 2)} %" in _fila_dre(_dos_veces(client, url), nombre)


def test_tablero_dre_avance_y_revision_escritos_en_sql(client, mundo, tablero_dre):
    """The trigger on the matrices raises their UGEL's number: a progress and an opened review
    written in plain SQL show at once."""
    campana, url = tablero_dre
    client.force_login(mundo["dre"])
    nombre = mundo["ugel_a1"].nombre
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    enviar(matriz, mundo["director"])
    fila = _fila_dre(_dos_veces(client, url), nombre)
    assert "?situacion=enviada" in fila
    with connection.cursor() as cursor:
        cursor.execute("UPDATE balance_matriz SET progreso = 40 WHERE id = %s", [matriz.pk])
    assert "20 %" in _fila_dre(_dos_veces(client, url), nombre)
    Matriz.objects.filter(pk=matriz.pk).update(revision_abierta_en=timezone.now())
    fila = _fila_dre(_dos_veces(client, url), nombre)
    celdas = re.findall(r'<td class="text-end[^"]*" data-label="([^"]+)">(.*?)</td>', fila)
    assert dict(celdas)["En revisión"].endswith(">1</a>")


def test_tablero_dre_una_escuela_que_sale_de_la_dre(client, mundo, tablero_dre):
    campana, url = tablero_dre
    client.force_login(mundo["dre"])
    nombre = mundo["ugel_a1"].nombre
    assert '<td class="text-end fw-semibold" data-label="Matrices">2</td>' in _fila_dre(
        _dos_veces(client, url), nombre
    )
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(ugel=mundo["ugel_b1"])
    assert '<td class="text-end fw-semibold" data-label="Matrices">1</td>' in _fila_dre(
        _dos_veces(client, url), nombre
    )


def test_tablero_dre_el_alcance_esta_en_la_clave(client, mundo, tablero_dre):
    """A DRE specialist moved to DRE B: A's board is out of scope at once; B's is B's."""
    _campana, url = tablero_dre
    especialista = usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_a"])
    client.force_login(especialista)
    assert mundo["ugel_a1"].nombre in _dos_veces(client, url)
    Asignacion.objects.filter(usuario=especialista).update(dre=mundo["dre_b"])
    assert client.get(url).status_code == 404


def test_un_guardado_que_no_cambia_el_avance_no_sube_el_numero(mundo, tablero):
    campana, _url = tablero
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    ugel = mundo["ugel_a1"].pk
    Matriz.objects.filter(pk=matriz.pk).update(progreso=10, editada_en=timezone.now())
    numero = versiones.numero(AVANCE_POR_UGEL, ugel)
    Matriz.objects.filter(pk=matriz.pk).update(progreso=10, editada_en=timezone.now(), version=7)
    assert versiones.numero(AVANCE_POR_UGEL, ugel) == numero
    Matriz.objects.filter(pk=matriz.pk).update(progreso=20)
    assert versiones.numero(AVANCE_POR_UGEL, ugel) > numero


def test_un_autoguardado_por_el_servicio_sin_cambio_de_avance(mundo, tablero):
    campana, _url = tablero
    matriz = llenar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"]), mundo["director"])
    matriz.refresh_from_db()
    numero = versiones.numero(AVANCE_POR_UGEL, mundo["ugel_a1"].pk)
    fila = matriz.filas.first()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={fila.pk: services.DatosFila(acciones=fila.acciones + " y algo más")},
    )
    assert versiones.numero(AVANCE_POR_UGEL, mundo["ugel_a1"].pk) == numero
