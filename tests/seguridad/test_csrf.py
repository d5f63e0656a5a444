"""A POST without its CSRF token: Chasqui's own page (Django's has an inline style the CSP blocks)."""

from django.test import Client
from django.urls import reverse


def test_un_envio_sin_token_explica_en_castellano(db, usuarios):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(usuarios["director"])
    respuesta = cliente.post(reverse("cuentas:perfil"), {"first_name": "Otro"})
    html = respuesta.content.decode()
    assert respuesta.status_code == 403
    assert "La página venció" in html and "Lo que ya habías guardado no cambió" in html
    assert "<style" not in html and "style=" not in html
    usuarios["director"].refresh_from_db()
    assert usuarios["director"].first_name != "Otro"
