"""The e-mail of a notice, sent by the background worker: never inside a request."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from avisos.models import Aviso

log = logging.getLogger(__name__)

INTENTOS = 4  # the first try and three retries
ESPERA = timedelta(minutes=2)  # grows with each retry: 2, 4, 6 minutes


def correo_de(aviso: Aviso) -> EmailMultiAlternatives:
    """The notice as an e-mail in Spanish: plain text and HTML, with the link to the record."""
    sitio = settings.SITE_URL.rstrip("/")
    enlace = f"{sitio}{aviso.enlace}" if aviso.enlace else sitio
    contexto = {
        "aviso": aviso,
        "enlace": enlace,
        "perfil": f"{sitio}{reverse('cuentas:perfil')}",
        "usuario": aviso.usuario,
    }
    correo = EmailMultiAlternatives(
        subject=_("Chasqui: %(titulo)s") % {"titulo": aviso.titulo},
        body=render_to_string("avisos/correo.txt", contexto),
        to=[aviso.usuario.email],
    )
    correo.attach_alternative(render_to_string("avisos/correo.html", contexto), "text/html")
    return correo


@task()
def enviar_correo(aviso_id: int, intento: int = 1) -> None:
    """Send one notice by e-mail; a failure is logged and tried again later, a few times."""
    aviso = Aviso.objects.select_related("usuario").filter(pk=aviso_id).first()
    if aviso is None or aviso.correo_enviado_en is not None:
        return
    if not (aviso.usuario.email and aviso.usuario.avisos_por_correo and aviso.usuario.is_active):
        return
    try:
        correo_de(aviso).send()
    except Exception:
        if intento >= INTENTOS:
            log.exception("e-mail of notice %s failed %s times; giving up", aviso_id, intento)
            return
        log.warning("e-mail of notice %s failed (try %s of %s)", aviso_id, intento, INTENTOS, exc_info=True)
        reintento = enviar_correo
        if enviar_correo.get_backend().supports_defer:
            reintento = enviar_correo.using(run_after=timezone.now() + ESPERA * intento)
        reintento.enqueue(aviso_id, intento + 1)
        return
    Aviso.objects.filter(pk=aviso_id).update(correo_enviado_en=timezone.now())


@task()
def enviar_correos(avisos: list[int]) -> None:
    """Split a batch of notices into one e-mail task each, so that each is retried on its own."""
    for aviso_id in avisos:
        enviar_correo.enqueue(aviso_id)
