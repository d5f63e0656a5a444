"""A mail backend whose server never answers, for the tests of retries."""

from django.core.mail.backends.base import BaseEmailBackend


class CorreoCaido(BaseEmailBackend):
    intentos = 0

    def send_messages(self, mensajes):
        CorreoCaido.intentos += 1
        raise ConnectionRefusedError("the SMTP server is down")
