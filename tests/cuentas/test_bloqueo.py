from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import override_settings

from cuentas.bloqueo import desbloquear, usuario_bloqueado

INGRESAR = "/cuentas/ingresar/"


def intentar(client, username, password, **extra):
    return client.post(INGRESAR, {"username": username, "password": password}, **extra)


def test_el_sexto_intento_fallido_se_rechaza_con_la_espera_y_queda_registrado(mundo, client):
    for _ in range(4):
        respuesta = intentar(client, "ugel", "equivocada")
        assert respuesta.status_code == 200
        assert "Usuario o contraseña incorrectos" in respuesta.content.decode()
    intentar(client, "ugel", "equivocada")  # the fifth: the limit

    respuesta = intentar(client, "ugel", "equivocada")
    assert respuesta.status_code == 429
    html = respuesta.content.decode()
    assert "Demasiados intentos fallidos" in html
    assert "espera 30 minutos" in html
    assert 'value="ugel"' in html  # the login page again, with what was typed
    assert AccessFailureLog.objects.filter(username="ugel").count() == 6
    assert AccessAttempt.objects.get(username="ugel").failures_since_start >= 5
    assert usuario_bloqueado("ugel")


def test_la_contrasena_correcta_no_entra_hasta_desbloquear(mundo, client):
    for _ in range(5):
        intentar(client, "ugel", "equivocada")
    respuesta = intentar(client, "ugel", settings.DEMO_PASSWORD)
    assert respuesta.status_code == 429
    assert "_auth_user_id" not in client.session

    assert desbloquear("ugel") >= 1
    assert not usuario_bloqueado("ugel")
    respuesta = intentar(client, "ugel", settings.DEMO_PASSWORD)
    assert respuesta.status_code == 302
    assert client.session["_auth_user_id"] == str(mundo["ugel"].pk)


def test_el_bloqueo_es_por_usuario_y_direccion(mundo, client):
    for _ in range(5):
        intentar(client, "ugel", "equivocada", REMOTE_ADDR="10.0.0.1")
    # Another user behind the same address, and the same user from another address, still get in.
    assert intentar(client, "dre", settings.DEMO_PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 302
    client.logout()
    assert intentar(client, "ugel", settings.DEMO_PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302


@override_settings(NUM_PROXIES=1)
def test_detras_de_un_proxy_cuenta_la_direccion_del_cliente(mundo, client):
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    for _ in range(5):
        intentar(client, "ugel", "equivocada", HTTP_X_FORWARDED_FOR="200.1.1.1", **proxy)
    assert AccessAttempt.objects.get(username="ugel").ip_address == "200.1.1.1"
    # The same username from another client behind the same proxy is not locked out.
    respuesta = intentar(client, "ugel", settings.DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="200.2.2.2", **proxy)
    assert respuesta.status_code == 302
    # A forged header in front of the proxy's own entry does not change who is counted.
    client.logout()
    respuesta = intentar(
        client, "ugel", settings.DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="200.2.2.2, 200.1.1.1", **proxy
    )
    assert respuesta.status_code == 429


def test_sin_pedido_no_se_cuenta(mundo, client):
    # The test client's login (scripts, the shell) authenticates without a request.
    assert client.login(username="ugel", password=settings.DEMO_PASSWORD)
