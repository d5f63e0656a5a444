import pytest


@pytest.mark.parametrize(
    "rol, estado",
    [("admin", 200), ("director", 302), ("ugel", 302), ("dre", 302), ("difoca", 200), ("sin_rol", 302)],
)
def test_quien_entra_al_admin(mundo, client, rol, estado):
    """The Administrador, and DIFOCA for the good practices (tests/practicas/test_admin.py)."""
    client.force_login(mundo[rol])
    assert client.get("/admin/").status_code == estado


def test_admin_asignacion_con_alcance_equivocado(mundo, client):
    client.force_login(mundo["admin"])
    respuesta = client.post(
        "/admin/cuentas/asignacion/add/",
        {"usuario": mundo["sin_rol"].pk, "rol": "director", "ugel": mundo["ugel_a1"].pk},
    )
    html = respuesta.content.decode()
    assert "Este rol necesita este dato." in html
    assert "Deja este campo vacío para el rol elegido." in html
    assert not mundo["sin_rol"].asignaciones.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/territorio/region/",
        "/admin/territorio/dre/",
        "/admin/territorio/ugel/",
        "/admin/territorio/institucion/",
        "/admin/cuentas/usuario/",
        "/admin/cuentas/asignacion/",
        "/admin/cuentas/usuario/add/",
        "/admin/monitoreo/planmonitoreo/",
        "/admin/monitoreo/planmonitoreo/add/",
    ],
)
def test_paginas_del_admin(mundo, client, url):
    client.force_login(mundo["admin"])
    assert client.get(url).status_code == 200
