"""State changes of good practices and events: each one a transaction, history written inside it.

borrador → en revisión → publicada; a practice in review can be returned to borrador with a reason,
and a published one withdrawn from the catalogue (back to borrador) with a reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import historial
from cuentas.models import Usuario
from cuentas.permisos import tiene_permiso
from practicas.models import BuenaPractica, EstadoPractica, Evento

# from → to: the transitions a DIFOCA user may make.
TRANSICIONES = {
    (EstadoPractica.BORRADOR, EstadoPractica.EN_REVISION),
    (EstadoPractica.EN_REVISION, EstadoPractica.PUBLICADA),
    (EstadoPractica.EN_REVISION, EstadoPractica.BORRADOR),
    (EstadoPractica.PUBLICADA, EstadoPractica.BORRADOR),
}
# Going back needs a reason the author can act on.
CON_MOTIVO = {EstadoPractica.BORRADOR}


def _exigir_difoca(usuario: Usuario) -> None:
    if not tiene_permiso(usuario, "practicas.gestionar"):
        raise PermissionDenied(_("Solo DIFOCA gestiona las buenas prácticas y los eventos."))


# The action each transition is recorded as.
ACCIONES = {
    EstadoPractica.EN_REVISION: "enviar_a_revision",
    EstadoPractica.PUBLICADA: "publicar",
    EstadoPractica.BORRADOR: "devolver",
}


def _cambiar(
    *, practica: BuenaPractica, usuario: Usuario, a_estado: str, comentario: str = ""
) -> BuenaPractica:
    _exigir_difoca(usuario)
    comentario = comentario.strip()
    with transaction.atomic():
        practica = BuenaPractica.objects.select_for_update().get(pk=practica.pk)
        de_estado = practica.estado
        if (de_estado, a_estado) not in TRANSICIONES:
            raise ValidationError(
                _("Una práctica «%(de)s» no puede pasar a «%(a)s».")
                % {"de": EstadoPractica(de_estado).label, "a": EstadoPractica(a_estado).label},
                code="transicion",
            )
        if a_estado in CON_MOTIVO and not comentario:
            raise ValidationError(
                {"comentario": _("Explica el motivo: quien registró la práctica lo leerá.")}, code="motivo"
            )
        if de_estado == EstadoPractica.PUBLICADA:
            eventos = list(practica.eventos.publicados().values_list("nombre", flat=True))
            if eventos:
                raise ValidationError(
                    _("La presenta el reporte publicado de «%(eventos)s»: retira primero ese reporte.")
                    % {"eventos": "», «".join(eventos)},
                    code="en_evento_publicado",
                )
        with historial.accion(practica, ACCIONES[a_estado], usuario=usuario, comentario=comentario):
            practica.estado = a_estado
            practica.publicada_en = timezone.now() if a_estado == EstadoPractica.PUBLICADA else None
            practica.save(update_fields=["estado", "publicada_en", "actualizada"])
    return practica


def practica_enviar_a_revision(*, practica: BuenaPractica, usuario: Usuario) -> BuenaPractica:
    """Mark a draft ready for the team's review before publication."""
    return _cambiar(practica=practica, usuario=usuario, a_estado=EstadoPractica.EN_REVISION)


def practica_publicar(*, practica: BuenaPractica, usuario: Usuario, comentario: str = "") -> BuenaPractica:
    """Publish a reviewed practice in the public catalogue."""
    return _cambiar(
        practica=practica, usuario=usuario, a_estado=EstadoPractica.PUBLICADA, comentario=comentario
    )


def practica_devolver(*, practica: BuenaPractica, usuario: Usuario, comentario: str) -> BuenaPractica:
    """Send a practice in review, or withdraw a published one, back to draft, with the reason."""
    return _cambiar(
        practica=practica, usuario=usuario, a_estado=EstadoPractica.BORRADOR, comentario=comentario
    )


def evento_publicar(*, evento: Evento, usuario: Usuario) -> Evento:
    """Publish an event's report; every practice it presents must be published first."""
    _exigir_difoca(usuario)
    with transaction.atomic():
        evento = Evento.objects.select_for_update().get(pk=evento.pk)
        if evento.publicado:
            raise ValidationError(_("Este reporte ya está publicado."), code="ya_publicado")
        # Locked too: a practice withdrawn meanwhile waits, then sees the published report.
        list(
            BuenaPractica.objects.select_for_update().filter(presentaciones__evento=evento).values_list("pk")
        )
        pendientes = list(
            evento.practicas.exclude(estado=EstadoPractica.PUBLICADA)
            .order_by("titulo")
            .values_list("titulo", flat=True)
        )
        if pendientes:
            raise ValidationError(
                _("Publica primero las prácticas presentadas: %(titulos)s.")
                % {"titulos": "; ".join(pendientes)},
                code="practicas_sin_publicar",
            )
        with historial.accion(evento, "publicar", usuario=usuario):
            evento.publicado = True
            evento.publicado_en = timezone.now()
            evento.save(update_fields=["publicado", "publicado_en"])
    return evento


def evento_retirar(*, evento: Evento, usuario: Usuario) -> Evento:
    """Take an event's report off the public site."""
    _exigir_difoca(usuario)
    with transaction.atomic():
        evento = Evento.objects.select_for_update().get(pk=evento.pk)
        if not evento.publicado:
            raise ValidationError(_("Este reporte no está publicado."), code="no_publicado")
        with historial.accion(evento, "retirar", usuario=usuario):
            evento.publicado, evento.publicado_en = False, None
            evento.save(update_fields=["publicado", "publicado_en"])
    return evento
