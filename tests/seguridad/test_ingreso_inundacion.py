"""A flood of login attempts is refused before the password hasher runs (cuentas.bloqueo): a
locked-out username and address, and an address that failed too often with any usernames."""

from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import override_settings

INGRESAR = "/cuentas/ingresar/"


@contextmanager
def hashes():
    """Counts the hasher's work: verify (a user that exists) and encode (the dummy hash Django runs
    for a username that does not, so that both cost the same)."""
    md5 = MD5PasswordHasher
    with (
        mock.patch.object(md5, "verify", autospec=True, side_effect=md5.verify) as v,
        mock.patch.object(md5, "encode", autospec=True, side_effect=md5.encode) as e,
    ):
        yield lambda: v.call_count + e.call_count


def intentar(client, username, password="equivocada", direccion="10.0.0.1"):
    return client.post(INGRESAR, {"username": username, "password": password}, REMOTE_ADDR=direccion)


def test_un_intento_bloqueado_no_calcula_ningun_hash(mundo, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        intentar(client, "ugel")
    with hashes() as calculados:
        assert intentar(client, "dre").status_code == 200  # not locked: the hasher runs
        assert calculados() >= 1
        antes = calculados()
        for _ in range(5):
            respuesta = intentar(client, "ugel", settings.DEMO_PASSWORD)
            assert respuesta.status_code == 429
        assert calculados() == antes


@override_settings(LOGIN_FAILURE_LIMIT_PER_ADDRESS=8)
def test_una_inundacion_con_usuarios_distintos_se_corta_antes_del_hash(mundo, client):
    with hashes() as calculados:
        for n in range(8):
            assert intentar(client, f"nadie{n}").status_code == 200
        assert calculados() == 8
        for n in range(8, 30):
            respuesta = intentar(client, f"nadie{n}")
            assert respuesta.status_code == 429
        assert calculados() == 8  # twenty-two attempts refused, no hash computed
    html = respuesta.content.decode()
    assert "Demasiados intentos fallidos desde tu conexión" in html
    assert "espera 30 minutos" in html
    # Even the right password waits from that address; from another one the user gets in.
    assert intentar(client, "ugel", settings.DEMO_PASSWORD).status_code == 429
    assert intentar(client, "ugel", settings.DEMO_PASSWORD, direccion="10.0.0.2").status_code == 302


def test_un_usuario_mas_largo_que_el_registro_de_axes_se_rechaza_junto_al_campo(db, client):
    # 5000 characters reached authenticate() and axes' record of the failure (255): a 500.
    respuesta = intentar(client, "x" * 5000)
    assert respuesta.status_code == 200
    assert "Tu usuario tiene hasta 150 caracteres" in respuesta.content.decode()
