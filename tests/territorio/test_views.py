"""Every territorio URL × every role → expected status (out of scope is 404)."""

import pytest
from django.urls import reverse

from tests.factories import InstitucionFactory

ROLES = ["director", "ugel", "dre", "difoca", "admin", "sin_rol"]

# institution → the roles that may open it
VISIBLE = {
    "inst_a1a": {"director", "ugel", "dre", "admin"},
    "inst_a1b": {"ugel", "dre", "admin"},
    "inst_a2": {"dre", "admin"},
    "inst_b1": {"admin"},
}


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("inst", VISIBLE)
def test_detalle_de_institucion(mundo, client, rol, inst):
    client.force_login(mundo[rol])
    url = reverse("territorio:institucion", args=[mundo[inst].codigo_modular])
    respuesta = client.get(url)
    assert respuesta.status_code == (200 if rol in VISIBLE[inst] else 404)
    if respuesta.status_code == 200:
        assert mundo[inst].nombre in respuesta.content.decode()


@pytest.mark.parametrize("rol", ROLES)
def test_lista_muestra_solo_el_alcance(mundo, client, rol):
    client.force_login(mundo[rol])
    html = client.get(reverse("territorio:instituciones")).content.decode()
    for inst, roles in VISIBLE.items():
        assert (mundo[inst].codigo_modular in html) == (rol in roles), inst


def test_anonimo_va_al_ingreso(mundo, client):
    for url in [reverse("territorio:instituciones"), reverse("territorio:institucion", args=["1111111"])]:
        respuesta = client.get(url)
        assert respuesta.status_code == 302
        assert respuesta.url.startswith("/cuentas/ingresar/")


def test_filtros(mundo, client):
    client.force_login(mundo["dre"])
    url = reverse("territorio:instituciones")
    html = client.get(url, {"ugel": mundo["ugel_a2"].pk}).content.decode()
    assert "1222222" in html and "1111111" not in html
    html = client.get(url, {"q": "11111"}).content.decode()
    assert "1111111" in html and "1222222" not in html
    # A UGEL outside the scope filters to nothing rather than leaking its institutions.
    html = client.get(url, {"ugel": mundo["ugel_b1"].pk}).content.decode()
    assert "2111111" not in html
    assert "No hay instituciones" in html


def test_lista_con_consultas_acotadas(mundo, client, django_assert_max_num_queries):
    client.force_login(mundo["admin"])
    url = reverse("territorio:instituciones")
    with django_assert_max_num_queries(8) as antes:
        client.get(url)
    InstitucionFactory.create_batch(40, ugel=mundo["ugel_a1"])
    with django_assert_max_num_queries(len(antes.captured_queries)):
        client.get(url)


def test_paginacion_conserva_los_filtros(mundo, client):
    InstitucionFactory.create_batch(55, ugel=mundo["ugel_a1"], modalidad="cetpro")
    client.force_login(mundo["admin"])
    html = client.get(reverse("territorio:instituciones"), {"modalidad": "cetpro"}).content.decode()
    assert "Página 1 de 2" in html
    assert "modalidad=cetpro&amp;pagina=2" in html


@pytest.mark.parametrize("valor", ["²", "١٢", "-1", "99999999999999999999999", "abc"])
def test_filtro_ugel_raro_no_rompe(mundo, client, valor):
    client.force_login(mundo["dre"])
    assert client.get(reverse("territorio:instituciones"), {"ugel": valor}).status_code == 200
