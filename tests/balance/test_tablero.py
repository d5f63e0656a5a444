"""The review board: scope, counts per state, filters, and a bounded number of queries."""

import pytest
from django.urls import reverse

from balance import services
from balance.models import Matriz
from tests.factories import InstitucionFactory

from .conftest import enviar, llenar


def tablero(client, campana, **params):
    return client.get(reverse("balance:tablero", args=[campana.pk]), params)


@pytest.mark.parametrize(
    "rol, estado",
    [("ugel", 200), ("dre", 200), ("admin", 200), ("director", 200), ("difoca", 404), ("sin_rol", 404)],
)
def test_acceso_por_rol(client, mundo, campana, rol, estado):
    client.force_login(mundo[rol])
    assert tablero(client, campana).status_code == estado


def test_el_director_solo_ve_su_fila(client, mundo, campana):
    client.force_login(mundo["director"])
    html = tablero(client, campana).content.decode()
    assert mundo["inst_a1a"].nombre in html
    assert mundo["inst_a1b"].nombre not in html


def test_ugel_de_otra_jurisdiccion_no_ve_la_campana(client, mundo, campana):
    from cuentas.models import Rol
    from tests.factories import usuario_con

    client.force_login(usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_b1"]))
    assert tablero(client, campana).status_code == 404


def test_conteos_y_filtros(client, mundo, campana):
    a, b = (Matriz.objects.get(campana=campana, institucion=mundo[k]) for k in ("inst_a1a", "inst_a1b"))
    enviar(a, mundo["admin"])
    client.force_login(mundo["ugel"])
    html = tablero(client, campana).content.decode()
    assert 'href="?situacion=enviada">Enviada <span class="badge estado-enviada">1</span>' in html
    assert 'href="?situacion=sin_iniciar">Sin iniciar <span class="badge estado-sin_iniciar">1</span>' in html

    html = tablero(client, campana, situacion="enviada").content.decode()
    assert a.institucion.nombre in html and b.institucion.nombre not in html
    html = tablero(client, campana, q=b.institucion.codigo_modular).content.decode()
    assert b.institucion.nombre in html and a.institucion.nombre not in html

    llenar(b, mundo["admin"])
    html = tablero(client, campana, situacion="borrador").content.decode()
    assert b.institucion.nombre in html and a.institucion.nombre not in html


def test_consultas_acotadas(client, mundo, campana, django_assert_max_num_queries):
    client.force_login(mundo["dre"])
    with django_assert_max_num_queries(12) as antes:
        tablero(client, campana)
    for _ in range(30):
        InstitucionFactory(ugel=mundo["ugel_a1"])
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    for m in Matriz.objects.filter(campana=campana)[:10]:
        llenar(m, mundo["admin"])
    with django_assert_max_num_queries(len(antes.captured_queries)):
        respuesta = tablero(client, campana)
    assert respuesta.content.decode().count("font-monospace small") == 32


def test_inicio_de_balance_por_rol(client, mundo, campana):
    client.force_login(mundo["director"])
    html = client.get(reverse("balance:inicio")).content.decode()
    assert "Mis matrices" in html and campana.titulo in html
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:inicio")).content.decode()
    assert "Nueva campaña" in html and campana.titulo in html
    client.force_login(mundo["dre"])
    html = client.get(reverse("balance:inicio")).content.decode()
    assert "Nueva campaña" not in html and campana.titulo in html


def test_pendientes_en_el_inicio(client, mundo, matriz):
    client.force_login(mundo["director"])
    assert "Completar y enviar la matriz de balance" in client.get("/").content.decode()
    enviar(matriz, mundo["director"])
    client.force_login(mundo["ugel"])
    assert "1 matriz enviada por revisar" in client.get("/").content.decode()


def test_filtro_ugel_raro(client, mundo, campana):
    client.force_login(mundo["dre"])
    assert tablero(client, campana, ugel="²").status_code == 200


def test_revisar_solo_para_quien_revisa(client, mundo, campana, matriz):
    enviar(matriz, mundo["director"])
    client.force_login(mundo["ugel"])
    assert ">Revisar</a>" in tablero(client, campana).content.decode()
    client.force_login(mundo["dre"])  # reads, does not review
    html = tablero(client, campana).content.decode()
    assert ">Revisar</a>" not in html and ">Ver</a>" in html


def test_sin_iniciar_lleva_a_la_cuenta_del_director(client, mundo, campana):
    """A matrix nobody started links the UGEL to its Directores page, at that institution."""
    client.force_login(mundo["ugel"])
    html = client.get(f"/balance/campanas/{campana.pk}/?situacion=sin_iniciar").content.decode()
    assert f"/cuentas/directores/?ugel={mundo['ugel_a1'].pk}#institucion-{mundo['inst_a1a'].pk}" in html
    client.force_login(mundo["dre"])  # the DRE manages its UGELs' accounts too
    assert "Cuenta del director" in client.get(f"/balance/campanas/{campana.pk}/").content.decode()
    client.force_login(mundo["admin"])
    directores = client.get(f"/cuentas/directores/?ugel={mundo['ugel_a1'].pk}").content.decode()
    assert f'id="institucion-{mundo["inst_a1a"].pk}"' in directores
