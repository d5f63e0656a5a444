import re

from django.conf import settings
from django.core import mail

OLVIDADA = "/cuentas/clave/olvidada/"


def enlace(correo):
    return re.search(r"https?://[^/]+(/cuentas/clave/nueva/\S+/)", correo.body).group(1)


def test_la_pagina_de_ingreso_lleva_al_restablecimiento(db, client):
    html = client.get("/cuentas/ingresar/").content.decode()
    assert f'href="{OLVIDADA}"' in html
    assert "Pide a tu especialista de UGEL o al administrador que la restablezca" not in html
    assert "Restablecer tu contraseña" in client.get(OLVIDADA).content.decode()


def test_el_enlace_del_correo_sirve_una_sola_vez(mundo, client):
    director = mundo["director"]
    director.email = "directora@example.pe"
    director.save()

    respuesta = client.post(OLVIDADA, {"email": "Directora@Example.pe"})
    assert respuesta.status_code == 302
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["directora@example.pe"]
    assert "Chasqui" in correo.subject
    assert "Tu usuario: director" in correo.body

    url = enlace(correo)
    respuesta = client.get(url, follow=True)
    html = respuesta.content.decode()
    assert "Elige tu contraseña nueva" in html
    assert "Su contraseña" not in html and "introduzca" not in html.lower()  # tú, not usted
    formulario = respuesta.redirect_chain[-1][0]
    respuesta = client.post(
        formulario, {"new_password1": "Otra-clave-2026", "new_password2": "Otra-clave-2026"}
    )
    assert respuesta.status_code == 302
    director.refresh_from_db()
    assert director.check_password("Otra-clave-2026")

    # The second time the link is refused, and the password stays.
    respuesta = client.get(url, follow=True)
    assert "Este enlace ya no sirve" in respuesta.content.decode()
    respuesta = client.post(
        respuesta.redirect_chain[-1][0] if respuesta.redirect_chain else url,
        {"new_password1": "Tercera-clave-2026", "new_password2": "Tercera-clave-2026"},
    )
    director.refresh_from_db()
    assert director.check_password("Otra-clave-2026")


def test_un_correo_desconocido_recibe_la_misma_respuesta(mundo, client):
    mundo["director"].email = "directora@example.pe"
    mundo["director"].save()
    conocido = client.post(OLVIDADA, {"email": "directora@example.pe"}, follow=True)
    desconocido = client.post(OLVIDADA, {"email": "nadie@example.pe"}, follow=True)
    assert conocido.redirect_chain == desconocido.redirect_chain
    sin_token = lambda r: re.sub(r'csrf[^"]*"[^"]*"|"X-CSRFToken": "[^"]*"', "", r.content.decode())  # noqa: E731
    assert sin_token(conocido) == sin_token(desconocido)
    assert len(mail.outbox) == 1


def test_un_correo_mal_escrito_se_explica(db, client):
    html = client.post(OLVIDADA, {"email": "no-es-correo"}).content.decode()
    assert "Escribe un correo electrónico válido" in html


def test_el_enlace_vence(mundo, client, settings):
    mundo["director"].email = "directora@example.pe"
    mundo["director"].save()
    client.post(OLVIDADA, {"email": "directora@example.pe"})
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert "Este enlace ya no sirve" in client.get(enlace(mail.outbox[0]), follow=True).content.decode()


def test_un_servidor_de_correo_caido_no_cambia_la_respuesta(mundo, client, settings, caplog):
    mundo["director"].email = "directora@example.pe"
    mundo["director"].save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = 1  # nothing listens there
    respuesta = client.post(OLVIDADA, {"email": "directora@example.pe"})
    assert respuesta.status_code == 302
    assert "Failed to send password reset email" in caplog.text


def test_expira_en_horas(db):
    assert 60 * 60 <= settings.PASSWORD_RESET_TIMEOUT <= 24 * 60 * 60


def test_elegir_contrasena_por_el_enlace_desbloquea(mundo, client):
    from cuentas.bloqueo import usuario_bloqueado
    from tests.cuentas.test_bloqueo import intentar

    mundo["director"].email = "directora@example.pe"
    mundo["director"].save()
    for _ in range(5):
        intentar(client, "director", "equivocada")
    assert usuario_bloqueado("director")
    client.post(OLVIDADA, {"email": "directora@example.pe"})
    formulario = client.get(enlace(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(formulario, {"new_password1": "Otra-clave-2026", "new_password2": "Otra-clave-2026"})
    assert not usuario_bloqueado("director")
    assert intentar(client, "director", "Otra-clave-2026").status_code == 302
