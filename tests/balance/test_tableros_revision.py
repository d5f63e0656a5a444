"""Review of the kept boards (30/11): each test failed on the merge and holds the fix."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from balance.models import CategoriaDificultad, Dificultad, Matriz
from tests.balance.conftest import campana_abierta, llenar


@pytest.fixture
def tablero(mundo):
    campana = campana_abierta(mundo, titulo="Balance 2023 – UGEL A1", ugel=mundo["ugel_a1"])
    return campana, reverse("balance:tablero", args=[campana.pk])


def _con_categoria(mundo, campana, nombre="Conectividad"):
    matriz = llenar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"]), mundo["director"])
    categoria = CategoriaDificultad.objects.get(nombre=nombre)
    Dificultad.objects.filter(fila__matriz=matriz).update(categoria=categoria)
    return categoria


def test_categoria_renombrada_tablero_campana(client, mundo, tablero):
    """The charts' category names were read per request before the merge (graficos_del_balance:
    «an Administrador may rename a category»); now they are kept inside the page's content under a
    key without CAMBIOS_CATEGORIAS."""
    campana, url = tablero
    categoria = _con_categoria(mundo, campana)
    client.force_login(mundo["ugel"])
    assert "Conectividad" in client.get(url).content.decode()
    CategoriaDificultad.objects.filter(pk=categoria.pk).update(nombre="Internet y señal")  # the admin
    html = client.get(url).content.decode()
    assert "Conectividad" not in html, "old category name kept"
    assert "Internet y señal" in html


def test_categoria_renombrada_tablero_dre(client, mundo, tablero):
    campana, _url = tablero
    url = reverse("balance:dre_tablero", args=[mundo["dre_a"].pk, campana.anio])
    categoria = _con_categoria(mundo, campana)
    client.force_login(mundo["dre"])
    assert "Conectividad" in client.get(url).content.decode()
    CategoriaDificultad.objects.filter(pk=categoria.pk).update(nombre="Internet y señal")
    html = client.get(url).content.decode()
    assert "Conectividad" not in html, "old category name kept"
    assert "Internet y señal" in html


def _claves_de_pagina():
    return [k for k in cache._cache if "balance:tablero_pagina:" in k]


def test_ugel_de_19_cifras_crea_una_entrada_por_valor(client, mundo, tablero):
    """?ugel= passes _pagina_pedida (any canonical digits) but entero() reads 19+ digits as None,
    so the page is «all UGELs», guardable, and kept under the junk text: one full page per value."""
    _campana, url = tablero
    client.force_login(mundo["ugel"])
    client.get(url)
    antes = len(_claves_de_pagina())
    for i in range(50):
        assert client.get(url, {"ugel": str(10**20 + i)}).status_code == 200
    assert len(_claves_de_pagina()) - antes == 0, "one default-cache entry per junk ?ugel="


@pytest.mark.parametrize("parametro", ["pagina", "ugel"])
def test_cifras_enormes_no_son_un_500(client, mundo, tablero, parametro):
    _campana, url = tablero
    client.force_login(mundo["ugel"])
    respuesta = client.get(url, {parametro: "9" * 5000})
    assert respuesta.status_code in (200, 400, 404)


def test_memo_de_consultas_con_hilos():
    """_fila_de checks `memo not in consultas`, may clear() the dict past 2000 entries, then reads
    `consultas[memo]`: another thread's clear() in between is a KeyError (a 500) under a threaded
    server (runserver, gunicorn --threads). Any signed-in user fills the memo by asking for ids."""
    import sys
    import threading

    from django.http import Http404

    from balance import views

    consultas: dict = {}
    errores: list = []
    alto = threading.Event()

    def lector():
        while not alto.is_set():
            try:
                views._fila_de(consultas, ("a", 1), lambda: None)  # None: a 404, no database
            except Http404:
                pass
            except KeyError as e:
                errores.append(e)
                return

    def llenador():
        i = 0
        while not alto.is_set() and not errores:
            try:
                views._fila_de(consultas, ("b", i), lambda: None)
            except Http404:
                pass
            except KeyError as e:
                errores.append(e)
                return
            i += 1

    viejo = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        hilos = [threading.Thread(target=lector), threading.Thread(target=llenador)]
        for h in hilos:
            h.start()
        for h in hilos:
            h.join(timeout=5)
        alto.set()
        for h in hilos:
            h.join()
    finally:
        sys.setswitchinterval(viejo)
    assert not errores, f"KeyError from a concurrent clear(): {errores[0]!r}"


def test_dre_con_rol_ugel_no_comparte_lo_guardado(client, mundo, tablero):
    """Sanity (passes): a DRE specialist who also reviews UGEL A1 and a plain DRE specialist have
    different scope keys, so neither gets the other's buttons."""
    from balance.models import Matriz as M
    from cuentas.models import Asignacion, Rol
    from tests.balance.conftest import enviar
    from tests.factories import usuario_con

    campana, url = tablero
    enviar(M.objects.get(campana=campana, institucion=mundo["inst_a1a"]), mundo["director"])
    doble = usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_a"])
    Asignacion.objects.create(usuario=doble, rol=Rol.ESPECIALISTA_UGEL, ugel=mundo["ugel_a1"])
    client.force_login(doble)
    assert "Revisar</a>" in client.get(url).content.decode()
    client.force_login(mundo["dre"])
    html = client.get(url).content.decode()
    assert "Revisar</a>" not in html and "Cerrar campaña" not in html
    client.force_login(mundo["admin"])
    assert "Revisar</a>" in client.get(url).content.decode()
    superusuario = usuario_con(Rol.DIFOCA)
    superusuario.is_superuser = True
    superusuario.save()
    client.force_login(superusuario)
    assert "Revisar</a>" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/balance/campanas/99999999999999999999999/",
        "/balance/dre/99999999999999999999999/2023/",
        "/balance/dre/1/99999999999999999999999/",
    ],
)
def test_ids_enormes_en_la_ruta(client, mundo, url):
    client.force_login(mundo["admin"])
    assert client.get(url).status_code == 404


def test_dre_campana_nueva_borrada_y_ugel_movida(client, mundo, tablero):
    """Sanity (passes): the DRE board follows a campaign added, a campaign deleted, a UGEL moved."""
    from balance.models import Campana
    from territorio.models import Ugel

    campana, _url = tablero
    url = reverse("balance:dre_tablero", args=[mundo["dre_a"].pk, campana.anio])
    client.force_login(mundo["dre"])
    assert "Balance 2023 – UGEL A2" not in client.get(url).content.decode()
    otra = campana_abierta(mundo, titulo="Balance 2023 – UGEL A2", ugel=mundo["ugel_a2"], abrir=False)
    html = client.get(url).content.decode()
    assert f"/balance/campanas/{otra.pk}/" in html
    Campana.objects.filter(pk=otra.pk).delete()
    html = client.get(url).content.decode()
    assert f"/balance/campanas/{otra.pk}/" not in html
    Ugel.objects.filter(pk=mundo["ugel_a2"].pk).update(dre=mundo["dre_b"])
    assert "UGEL A2" not in client.get(url).content.decode()


def test_titulo_con_la_marca_de_filas(client, mundo, tablero):
    """MARCA_FILAS is split at its first occurrence: a title (free text a UGEL specialist writes)
    holding it puts the rows inside the <h1>, for every viewer of the kept page."""
    from balance.models import Campana

    campana, url = tablero
    Campana.objects.filter(pk=campana.pk).update(titulo="Balance filas3f9a61c0d7e24b58 <!--chasqui:filas-->")
    client.force_login(mundo["ugel"])
    html = client.get(url).content.decode()
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "<tr>" not in h1
