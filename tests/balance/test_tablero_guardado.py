"""The campaign board keeps, per campaign change numbers, scope, filters and order, its groups and
the order of its matrices' ids (balance.views._grupos_y_filas): every change of what they hold shows
on the next request, whoever made it and however (the services, a bare UPDATE where a trigger
raises the numbers, an assignment changed), and a page's rows are read as they are now."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from balance import services
from balance.models import Matriz
from cuentas.models import Asignacion, Rol
from territorio.models import Institucion, Ugel
from tests.factories import usuario_con

from .conftest import campana_abierta, enviar, llenar


def _filas(html: str) -> list[str]:
    """The institutions' names in the board's rows, in their order."""
    return re.findall(r'<th scope="row" class="fw-normal celda-nombre">(.*?) <span', html)


def _chip(html: str, situacion: str) -> int:
    return int(re.search(rf'<span class="badge estado-{situacion}">(\d+)</span>', html).group(1))


@pytest.fixture
def tablero(mundo):
    campana = campana_abierta(mundo, titulo="Balance 2023 – DRE A", dre=mundo["dre_a"])
    return campana, reverse("balance:tablero", args=[campana.pk])


def _leer(client, url, **params):
    """The page twice: the first may count, the second reads what was kept (and must agree)."""
    primera = client.get(url, params).content.decode()
    segunda = client.get(url, params).content.decode()
    assert _filas(primera) == _filas(segunda)
    return segunda


def test_la_segunda_lectura_solo_trae_su_pagina(client, mundo, tablero):
    campana, url = tablero
    client.force_login(mundo["admin"])
    client.get(url)
    with CaptureQueriesContext(connection) as consultas:
        client.get(url)
    matrices = [q["sql"] for q in consultas.captured_queries if '"balance_matriz"' in q["sql"]]
    assert len(matrices) == 1
    assert "= ANY(" in matrices[0] and "WITH m" not in matrices[0]  # by the page's ids, not the CTE


def test_enviar_aprobar_y_editar_por_los_servicios(client, mundo, tablero):
    campana, url = tablero
    client.force_login(mundo["admin"])
    inst = mundo["inst_a2"]
    html = _leer(client, url)
    assert _chip(html, "enviada") == 0
    matriz = Matriz.objects.get(campana=campana, institucion=inst)
    enviar(matriz, mundo["admin"])
    html = _leer(client, url)
    assert _chip(html, "enviada") == 1
    assert _filas(html)[0] == inst.nombre  # the sent one first (the default order)
    assert _filas(_leer(client, url, situacion="enviada")) == [inst.nombre]
    services.matriz_aprobar(matriz=matriz, usuario=mundo["admin"])
    html = _leer(client, url)
    assert _chip(html, "enviada") == 0 and _chip(html, "aprobada") == 1
    assert _filas(html)[-1] == inst.nombre  # approved: last
    assert _filas(_leer(client, url, situacion="enviada")) == []
    # A first edit: «sin iniciar» becomes «borrador».
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    assert mundo["inst_a1b"].nombre in _filas(_leer(client, url, situacion="sin_iniciar"))
    llenar(otra, mundo["admin"])
    assert mundo["inst_a1b"].nombre not in _filas(_leer(client, url, situacion="sin_iniciar"))
    assert mundo["inst_a1b"].nombre in _filas(_leer(client, url, situacion="borrador"))


def test_un_autoguardado_se_ve_sin_contar_de_nuevo(client, mundo, tablero):
    """An autosave raises no number: the kept order stays, the row shows the new progress."""
    campana, url = tablero
    client.force_login(mundo["admin"])
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    llenar(matriz, mundo["director"])
    antes = _leer(client, url)
    assert 'aria-valuenow="100"' in antes
    matriz.refresh_from_db()
    fila = matriz.filas.first()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={fila.pk: services.DatosFila(acciones="")},
    )
    despues = client.get(url).content.decode()
    assert _filas(despues) == _filas(antes)
    assert 'aria-valuenow="100"' not in despues


def test_una_escuela_movida_o_renombrada_por_un_update_suelto(client, mundo, tablero):
    """territorio.ugel's triggers: a school moved to another UGEL leaves its specialist's board,
    and a school renamed moves in the order by name, at once."""
    campana, url = tablero
    client.force_login(mundo["ugel"])  # UGEL A1: inst_a1a, inst_a1b
    a, b = mundo["inst_a1a"], mundo["inst_a1b"]
    Institucion.objects.filter(pk=a.pk).update(nombre="AAA primero")
    Institucion.objects.filter(pk=b.pk).update(nombre="BBB segundo")
    for orden in ("", "institucion"):
        assert _filas(_leer(client, url, orden=orden)) == ["AAA primero", "BBB segundo"]
    Institucion.objects.filter(pk=a.pk).update(nombre="ZZZ último")
    for orden in ("", "institucion"):
        assert _filas(_leer(client, url, orden=orden)) == ["BBB segundo", "ZZZ último"]
    Institucion.objects.filter(pk=b.pk).update(ugel=mundo["ugel_b1"])
    for orden in ("", "institucion"):
        assert _filas(_leer(client, url, orden=orden)) == ["ZZZ último"]


def test_una_asignacion_cambiada_cambia_las_filas(client, mundo, tablero):
    """The scope is in the key: a specialist moved to another UGEL sees that UGEL's rows at once,
    never the ones kept for their former scope."""
    campana, url = tablero
    especialista = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a1"])
    client.force_login(especialista)
    assert set(_filas(_leer(client, url))) == {mundo["inst_a1a"].nombre, mundo["inst_a1b"].nombre}
    Asignacion.objects.filter(usuario=especialista).update(ugel=mundo["ugel_a2"])
    assert _filas(_leer(client, url)) == [mundo["inst_a2"].nombre]
    assert _filas(_leer(client, url, orden="institucion")) == [mundo["inst_a2"].nombre]
    # The DRE specialist, next to it: the whole DRE, from its own key.
    client.force_login(mundo["dre"])
    assert len(_filas(_leer(client, url))) == 3


def test_otra_campana_otro_alcance_otras_filas(client, mundo, tablero):
    """Two campaigns and two scopes never share what is kept."""
    campana, url = tablero
    otra = campana_abierta(mundo, titulo="Balance 2023 – UGEL A2", ugel=mundo["ugel_a2"], anio=2024)
    client.force_login(mundo["admin"])
    assert len(_filas(_leer(client, url))) == 3
    assert _filas(_leer(client, reverse("balance:tablero", args=[otra.pk]))) == [mundo["inst_a2"].nombre]
    client.force_login(mundo["ugel"])
    assert mundo["inst_a2"].nombre not in _filas(_leer(client, url))
    assert client.get(reverse("balance:tablero", args=[otra.pk])).status_code == 404


def test_consultas_de_los_tableros(client, mundo, tablero, django_assert_num_queries):
    """The campaign board kept: the session, the campaign with its numbers, its page's rows'
    progress and last change. The DRE year board kept: the session, the DRE with its campaigns'
    and UGELs' numbers."""
    campana, url = tablero
    client.force_login(mundo["dre"])
    assert client.get(url).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    url_dre = reverse("balance:dre_tablero", args=[mundo["dre_a"].pk, campana.anio])
    assert client.get(url_dre).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(url_dre).status_code == 200


# --- found in review: scope, writes outside the services, keys from typed numbers -------------------


@pytest.mark.parametrize("como", ["escuela", "ugel"])
def test_una_escuela_que_sale_del_alcance_sale_del_tablero(client, mundo, como):
    """A campaign of UGEL A1, read by DRE A's specialist. The school moves to A2 (both raised: still
    DRE A), then leaves DRE A: moved to B1, or its UGEL A2 moved to DRE B. Neither raises A1's
    number, but the key carries the numbers of the specialist's UGELs: the school leaves the rows
    and the counts at once."""
    campana = campana_abierta(mundo, ugel=mundo["ugel_a1"])
    url = reverse("balance:tablero", args=[campana.pk])
    escuela = mundo["inst_a1a"]
    client.force_login(mundo["dre"])
    Institucion.objects.filter(pk=escuela.pk).update(ugel=mundo["ugel_a2"])
    antes = _leer(client, url)
    assert escuela.nombre in _filas(antes)
    if como == "escuela":
        Institucion.objects.filter(pk=escuela.pk).update(ugel=mundo["ugel_b1"])
    else:
        Ugel.objects.filter(pk=mundo["ugel_a2"].pk).update(dre=mundo["dre_b"])
    despues = _leer(client, url)
    assert escuela.nombre not in _filas(despues)
    assert len(_filas(despues)) == len(_filas(antes)) - 1
    assert _chip(despues, "sin_iniciar") == _chip(antes, "sin_iniciar") - 1


def test_una_matriz_borrada_en_el_admin_deja_de_contarse(client, mundo, tablero):
    """The admin's delete calls no service: the trigger on the matrices raises the campaign."""
    campana, url = tablero
    client.force_login(mundo["admin"])
    antes = _leer(client, url)
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a2"])
    respuesta = client.post(reverse("admin:balance_matriz_delete", args=[matriz.pk]), {"post": "yes"})
    assert respuesta.status_code == 302 and not Matriz.objects.filter(pk=matriz.pk).exists()
    despues = _leer(client, url)
    assert len(_filas(despues)) == len(_filas(antes)) - 1
    assert _chip(despues, "sin_iniciar") == _chip(antes, "sin_iniciar") - 1


def test_un_estado_escrito_en_sql_se_ve(client, mundo, tablero):
    """A data fix in plain SQL (no service): the trigger raises the campaign's number."""
    campana, url = tablero
    client.force_login(mundo["admin"])
    assert _filas(_leer(client, url, situacion="aprobada")) == []
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a2"])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE balance_matriz SET estado = 'aprobada' WHERE id = %s", [matriz.pk])
    assert _filas(_leer(client, url, situacion="aprobada")) == [mundo["inst_a2"].nombre]


def test_un_autoguardado_no_sube_el_numero_de_la_campana(mundo, tablero):
    """The trigger counts only what the boards keep: a matrix's text and progress saved again (an
    autosave after the first edit) leaves the campaign's number alone; its state raises it."""
    from comun import versiones

    campana, _url = tablero
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a2"])
    Matriz.objects.filter(pk=matriz.pk).update(editada_en=timezone.now(), progreso=10)
    numero = versiones.numero("balance.campana", campana.pk)
    Matriz.objects.filter(pk=matriz.pk).update(editada_en=timezone.now(), progreso=20)
    assert versiones.numero("balance.campana", campana.pk) == numero
    Matriz.objects.filter(pk=matriz.pk).update(estado="enviada")
    assert versiones.numero("balance.campana", campana.pk) > numero


def test_un_numero_de_ugel_inventado_no_se_guarda(client, mundo, tablero):
    """?ugel= takes any number; only a UGEL the board has is kept under its own key."""
    _campana, url = tablero
    client.force_login(mundo["ugel"])
    client.get(url)
    antes = len(cache._cache)
    for n in range(30):
        respuesta = client.get(url, {"ugel": 10_000_000 + n})
        assert respuesta.status_code == 200 and _filas(respuesta.content.decode()) == []
    assert len(cache._cache) == antes
    client.get(url, {"ugel": mundo["ugel_a1"].pk})
    assert len(cache._cache) == antes + 2  # its ids and groups, and its page
