"""Writing notices, and queueing their e-mails for the background worker."""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from avisos.models import Aviso

log = logging.getLogger(__name__)


def avisar(
    *, usuarios: Iterable[Any], titulo: str, texto: str = "", enlace: str = "", actor=None
) -> list[Aviso]:
    """Tell these users (never the actor, never an inactive account) in the app, and queue an e-mail
    for each one who has an address and wants it; the e-mails leave once the transaction commits."""
    destinatarios = {}
    for usuario in usuarios:
        if usuario.is_active and (actor is None or usuario.pk != actor.pk):
            destinatarios.setdefault(usuario.pk, usuario)
    if not destinatarios:
        return []
    avisos = Aviso.objects.bulk_create(
        Aviso(usuario=u, titulo=titulo[:200], texto=texto, enlace=enlace) for u in destinatarios.values()
    )
    por_correo = [a.pk for a in avisos if a.usuario.email and a.usuario.avisos_por_correo]
    if por_correo:
        transaction.on_commit(lambda: _encolar(por_correo))
    return avisos


def _encolar(avisos: list[int]) -> None:
    from avisos.tasks import enviar_correo, enviar_correos

    try:
        # One row in the queue however many people are told (a campaign opened for a whole DRE):
        # the worker, not the request, splits it into one task per e-mail.
        if len(avisos) == 1:
            enviar_correo.enqueue(avisos[0])
        else:
            enviar_correos.enqueue(avisos)
    except Exception:
        # The notices are in the app already; a queue that refuses must not break the action.
        log.exception("could not queue the e-mails of notices %s", avisos)


def aviso_abrir(*, aviso: Aviso) -> Aviso:
    """Mark the notice read (the first time it is opened)."""
    from django.utils import timezone

    if aviso.leido_en is None:
        aviso.leido_en = timezone.now()
        Aviso.objects.filter(pk=aviso.pk, leido_en__isnull=True).update(leido_en=aviso.leido_en)
    return aviso


def avisos_marcar_leidos(*, usuario) -> int:
    """Mark every unread notice of the user read. Returns how many."""
    from django.utils import timezone

    return Aviso.objects.filter(usuario=usuario, leido_en__isnull=True).update(leido_en=timezone.now())
