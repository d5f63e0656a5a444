"""comun.peticion: what a request brings that no form validates (its charset, control characters in
its path, query string and cookies) is refused with a clear 400 or cleaned before any view, the admin
included, never a 500."""

import pytest
from django.contrib import admin
from django.test import override_settings
from django.urls import reverse

INGRESAR = "/cuentas/ingresar/"


def cuerpo(client, charset, datos=b"username=ana%E9&password=x"):
    return client.generic(
        "POST", INGRESAR, data=datos, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )


@pytest.mark.parametrize("charset", ["invalid-xyz", "latin-1", "iso-8859-1", "utf-16", "rot13", "cp037"])
def test_un_cuerpo_en_otro_charset_se_rechaza_con_400_sin_sesion(db, client, charset):
    # With and without DEBUG: with it, Django's error page read the body again and answered 500.
    for debug in (False, True):
        with override_settings(DEBUG=debug):
            respuesta = cuerpo(client, charset)
        assert respuesta.status_code == 400
        html = respuesta.content.decode()
        assert "solo en UTF-8" in html
        assert "Volver al inicio" in html
        assert "css/chasqui" in html  # in the house look, though nothing of the session is read


def test_el_charset_en_multipart_tambien(db, client):
    respuesta = client.generic(
        "POST",
        INGRESAR,
        data=b'--XX\r\nContent-Disposition: form-data; name="username"\r\n\r\nana\r\n--XX--\r\n',
        content_type="multipart/form-data; boundary=XX; charset=rot13",
    )
    assert respuesta.status_code == 400


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8"])
def test_utf8_con_cualquier_grafia_se_lee(mundo, client, charset):
    respuesta = cuerpo(client, charset, b"username=ugel&password=equivocada")
    assert respuesta.status_code == 200
    assert "Usuario o contraseña incorrectos" in respuesta.content.decode()


def test_un_nul_en_la_direccion_es_400(mundo, client):
    client.force_login(mundo["admin"])
    respuesta = client.get("/territorio/instituciones/a%00b/")
    assert respuesta.status_code == 400
    assert "caracteres de control" in respuesta.content.decode()


def test_una_cookie_de_sesion_con_nul_se_ignora(db, client):
    client.cookies["sessionid"] = "\x00aaaaaaaaaaaaaaaa"
    respuesta = client.get(reverse("cuentas:ingresar"))
    assert respuesta.status_code == 200


def test_la_consulta_se_limpia_y_la_busqueda_sigue(mundo, client):
    from tests.factories import practica_publicada

    practica_publicada(titulo="Tutoría flexible en Huancayo")
    respuesta = client.get(reverse("practicas:catalogo"), {"q": "Tutor\x00ía"})
    assert respuesta.status_code == 200
    assert "Tutoría flexible en Huancayo" in respuesta.content.decode()


def filtros(modelo_admin) -> list[str]:
    """The query-string names of a changelist's filters."""
    nombres = []
    for filtro in modelo_admin.list_filter:
        if isinstance(filtro, str):
            nombres += [filtro, f"{filtro}__exact", f"{filtro}__id__exact"]
        elif isinstance(filtro, tuple | list):
            nombres += [filtro[0], f"{filtro[0]}__exact"]
        elif getattr(filtro, "parameter_name", None):
            nombres.append(filtro.parameter_name)
    return nombres


def test_ningun_filtro_ni_busqueda_del_admin_responde_500_con_caracteres_de_control(mundo, client):
    """Every changelist of the admin, registered today or tomorrow, with each of its filters."""
    valor = "a\x00\x01b\x7f"
    client.force_login(mundo["admin"])
    client.raise_request_exception = True
    revisados = 0
    for modelo, modelo_admin in admin.site._registry.items():
        url = reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_changelist")
        for nombre in [*filtros(modelo_admin), "q", valor]:
            respuesta = client.get(url, {nombre: valor})
            assert respuesta.status_code in (200, 302), (url, nombre, respuesta.status_code)
            revisados += 1
    assert revisados > 50  # the admin's filters were really walked
