import pytest
from django.conf import settings
from django.urls import reverse


def test_pagina_de_ingreso_en_castellano(db, client):
    html = client.get("/cuentas/ingresar/").content.decode()
    assert "Ingresar a Chasqui" in html
    assert "Contraseña" in html and "Usuario" in html
    assert 'lang="es-PE"' in html


def test_ingreso_correcto_lleva_al_inicio(mundo, client):
    respuesta = client.post(
        "/cuentas/ingresar/", {"username": "ugel", "password": settings.DEMO_PASSWORD}, follow=True
    )
    assert respuesta.redirect_chain[-1][0] == reverse("inicio")
    assert "UGEL A1" in respuesta.content.decode()


@pytest.mark.parametrize("username, password", [("ugel", "clave-equivocada"), ("nadie.existe", "loquesea")])
def test_ingreso_fallido_dice_por_que(mundo, client, username, password):
    respuesta = client.post("/cuentas/ingresar/", {"username": username, "password": password})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Usuario o contraseña incorrectos" in html
    assert "_auth_user_id" not in client.session


def test_ingreso_con_campos_vacios(db, client):
    html = client.post("/cuentas/ingresar/", {"username": "", "password": ""}).content.decode()
    assert "Este campo es obligatorio" in html


def test_cerrar_sesion(mundo, client):
    client.force_login(mundo["director"])
    respuesta = client.post("/cuentas/salir/")
    assert respuesta.status_code == 302
    assert client.get("/").status_code == 302


def test_cambiar_contrasena(mundo, client):
    client.force_login(mundo["director"])
    assert "Cambiar contraseña" in client.get("/cuentas/clave/").content.decode()
    respuesta = client.post(
        "/cuentas/clave/",
        {"old_password": "mala", "new_password1": "Nueva-clave-2024", "new_password2": "Nueva-clave-2024"},
    )
    assert "contraseña antigua" in respuesta.content.decode().lower()
    respuesta = client.post(
        "/cuentas/clave/",
        {
            "old_password": settings.DEMO_PASSWORD,
            "new_password1": "Nueva-clave-2024",
            "new_password2": "Nueva-clave-2024",
        },
    )
    assert respuesta.status_code == 302
    mundo["director"].refresh_from_db()
    assert mundo["director"].check_password("Nueva-clave-2024")
