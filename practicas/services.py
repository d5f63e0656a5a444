"""State changes of good practices and events: each one a transaction, history written inside it.

borrador → en revisión → publicada; a practice in review can be returned to borrador with a reason
("devolver"), and a published one withdrawn from the catalogue, back to borrador, with a reason
("retirar"). Only a complete practice (problem, a strategy, a result) goes to review.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import historial
from cuentas.models import Usuario
from cuentas.permisos import tiene_permiso
from practicas import publicos
from practicas.models import BuenaPractica, EstadoPractica, Evento

# The review's actions, each recorded in the history under its name: from → to.
TRANSICIONES = {
    "enviar_a_revision": (EstadoPractica.BORRADOR, EstadoPractica.EN_REVISION),
    "publicar": (EstadoPractica.EN_REVISION, EstadoPractica.PUBLICADA),
    "devolver": (EstadoPractica.EN_REVISION, EstadoPractica.BORRADOR),
    "retirar": (EstadoPractica.PUBLICADA, EstadoPractica.BORRADOR),
}
# Going back needs a reason the author can act on.
CON_MOTIVO = {"devolver", "retirar"}


def _exigir_difoca(usuario: Usuario) -> None:
    if not tiene_permiso(usuario, "practicas.gestionar"):
        raise PermissionDenied(_("Solo DIFOCA gestiona las buenas prácticas y los eventos."))


def faltantes(practica: BuenaPractica) -> list[str]:
    """What a practice still lacks to be reviewed: the problem, a strategy, a result (empty when
    nothing is missing). Two small queries."""
    faltan = []
    if not practica.problema.strip():
        faltan.append(_("Falta el problema: la situación que dio origen a la práctica."))
    if not practica.estrategias.exists():
        faltan.append(_("Falta al menos una estrategia en «¿En qué consiste?»."))
    if not practica.resultados.exists():
        faltan.append(_("Falta al menos un resultado en «¿Qué está logrando?»."))
    return faltan


def _cambiar(
    *, practica: BuenaPractica, usuario: Usuario, accion: str, comentario: str = ""
) -> BuenaPractica:
    _exigir_difoca(usuario)
    de_esperado, a_estado = TRANSICIONES[accion]
    comentario = comentario.strip()
    with transaction.atomic():
        practica = BuenaPractica.objects.select_for_update().get(pk=practica.pk)
        de_estado = practica.estado
        if de_estado != de_esperado:
            if accion == "devolver" and de_estado == EstadoPractica.PUBLICADA:
                mensaje = _("Esta práctica ya está publicada: para sacarla del catálogo, retírala.")
            else:
                mensaje = _("Una práctica «%(de)s» no puede pasar a «%(a)s».") % {
                    "de": EstadoPractica(de_estado).label,
                    "a": EstadoPractica(a_estado).label,
                }
            raise ValidationError(mensaje, code="transicion")
        if accion in CON_MOTIVO and not comentario:
            raise ValidationError(
                {"comentario": _("Explica el motivo: quien registró la práctica lo leerá.")}, code="motivo"
            )
        if accion == "enviar_a_revision" and (faltan := faltantes(practica)):
            raise ValidationError([ValidationError(f, code="incompleta") for f in faltan])
        if de_estado == EstadoPractica.PUBLICADA:
            eventos = list(practica.eventos.publicados().values_list("nombre", flat=True))
            if eventos:
                raise ValidationError(
                    _("La presenta el reporte publicado de «%(eventos)s»: retira primero ese reporte.")
                    % {"eventos": "», «".join(eventos)},
                    code="en_evento_publicado",
                )
        with historial.accion(practica, accion, usuario=usuario, comentario=comentario):
            practica.estado = a_estado
            practica.publicada_en = timezone.now() if a_estado == EstadoPractica.PUBLICADA else None
            practica.save(update_fields=["estado", "publicada_en", "actualizada"])
        if EstadoPractica.PUBLICADA in (de_estado, a_estado):
            # Into or out of the catalogue: its public sheet, and the counts every report prints.
            publicos.cambio_practica(practica.pk, catalogo=True)
    return practica


def practica_enviar_a_revision(*, practica: BuenaPractica, usuario: Usuario) -> BuenaPractica:
    """Mark a draft ready for the team's review before publication; refused, listing what is
    missing, unless it has its problem, a strategy and a result."""
    return _cambiar(practica=practica, usuario=usuario, accion="enviar_a_revision")


def practica_publicar(*, practica: BuenaPractica, usuario: Usuario, comentario: str = "") -> BuenaPractica:
    """Publish a reviewed practice in the public catalogue."""
    return _cambiar(practica=practica, usuario=usuario, accion="publicar", comentario=comentario)


def practica_devolver(*, practica: BuenaPractica, usuario: Usuario, comentario: str) -> BuenaPractica:
    """Send a practice in review back to draft, with the reason."""
    return _cambiar(practica=practica, usuario=usuario, accion="devolver", comentario=comentario)


def practica_retirar(*, practica: BuenaPractica, usuario: Usuario, comentario: str) -> BuenaPractica:
    """Withdraw a published practice from the catalogue (back to draft), with the reason."""
    return _cambiar(practica=practica, usuario=usuario, accion="retirar", comentario=comentario)


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
        publicos.cambio_evento(evento.pk)
        _refrescar_busqueda(evento)
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
        publicos.cambio_evento(evento.pk)
        _refrescar_busqueda(evento)
    return evento


def _refrescar_busqueda(evento: Evento) -> None:
    """The feedback given at the event enters the practices' search words when it is published and
    leaves them when it is withdrawn (practicas.contenido.TEXTO_DE_LISTAS)."""
    from practicas.contenido import refrescar_texto_de_listas  # contenido imports this module

    refrescar_texto_de_listas(evento.comentarios.values("practica_id"))
