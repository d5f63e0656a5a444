"""The profile page: name, e-mail, e-mail notices on or off."""

import pytest

from cuentas.models import Usuario


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def test_el_perfil_se_ve_con_sus_datos_y_el_enlace_a_la_clave(director):
    html = director.get("/cuentas/perfil/").content.decode()
    assert "Mi perfil" in html and 'name="email"' in html
    assert 'name="avisos_por_correo"' in html and 'href="/cuentas/clave/"' in html


def test_guardar_nombre_correo_y_apagar_los_correos(director, mundo):
    respuesta = director.post(
        "/cuentas/perfil/",
        {"first_name": "  Rosa   María ", "last_name": "Quispe", "email": " Rosa@UGEL07.gob.pe "},
        follow=True,
    )
    assert "Guardamos tu perfil." in respuesta.content.decode()
    usuario = Usuario.objects.get(pk=mundo["director"].pk)
    assert (usuario.first_name, usuario.last_name, usuario.email) == (
        "Rosa María",
        "Quispe",
        "rosa@ugel07.gob.pe",
    )
    assert usuario.avisos_por_correo is False  # an unchecked box


def test_un_correo_mal_escrito_se_explica_junto_al_campo(director, mundo):
    respuesta = director.post(
        "/cuentas/perfil/", {"first_name": "Rosa", "email": "rosa-arroba-ugel", "avisos_por_correo": "on"}
    )
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Escribe un correo válido, por ejemplo nombre@ugel07.gob.pe." in html
    assert 'id="id_email"' in html and "is-invalid" in html
    assert Usuario.objects.get(pk=mundo["director"].pk).first_name == "Prueba"  # nothing saved


def test_el_perfil_es_solo_el_propio(director, mundo):
    director.post(
        "/cuentas/perfil/", {"first_name": "Otro", "email": "", "username": "ugel", "is_staff": "on"}
    )
    usuario = Usuario.objects.get(pk=mundo["director"].pk)
    assert usuario.username == "director" and not usuario.is_staff
    assert Usuario.objects.get(pk=mundo["ugel"].pk).first_name == "Prueba"


def test_anonimo_va_a_ingresar(client, db):
    assert client.get("/cuentas/perfil/").url.startswith("/cuentas/ingresar/")
