"""Who is told about the good practices' actions (registered with avisos from PracticasConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext as _

from avisos.reglas import Notificacion, registrar_regla
from cuentas.models import Rol
from cuentas.permisos import usuarios_con_rol
from practicas.models import BuenaPractica


def _quien_la_registro(practica: BuenaPractica):
    """Whoever registered the practice; when nobody is on record (loaded data), DIFOCA."""
    if practica.creada_por_id is not None:
        return [practica.creada_por]
    return usuarios_con_rol(Rol.DIFOCA)


def _en_gestion(practica: BuenaPractica) -> str:
    """The practice in DIFOCA's workspace."""
    return reverse("practicas:gestion_editar", args=[practica.pk])


def practica_a_revision(*, objeto: BuenaPractica, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=usuarios_con_rol(Rol.DIFOCA),
        titulo=_("La práctica «%(practica)s» espera revisión") % {"practica": objeto.titulo},
        texto=_("Revísala y publícala, o devuélvela a borrador con el motivo."),
        enlace=_en_gestion(objeto),
    )


def practica_publicada(*, objeto: BuenaPractica, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=_quien_la_registro(objeto),
        titulo=_("Se publicó la práctica «%(practica)s»") % {"practica": objeto.titulo},
        texto=_("Ya está en el catálogo público de buenas prácticas."),
        enlace=reverse("practicas:ficha", args=[objeto.slug]),
    )


def practica_devuelta(*, objeto: BuenaPractica, comentario: str, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=_quien_la_registro(objeto),
        titulo=_("Se devolvió a borrador la práctica «%(practica)s»") % {"practica": objeto.titulo},
        texto=_("Motivo: %(motivo)s") % {"motivo": comentario},
        enlace=_en_gestion(objeto),
    )


def practica_retirada(*, objeto: BuenaPractica, comentario: str, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=_quien_la_registro(objeto),
        titulo=_("Se retiró del catálogo la práctica «%(practica)s»") % {"practica": objeto.titulo},
        texto=_("Motivo: %(motivo)s") % {"motivo": comentario},
        enlace=_en_gestion(objeto),
    )


def registrar() -> None:
    registrar_regla(BuenaPractica, "enviar_a_revision", practica_a_revision)
    registrar_regla(BuenaPractica, "publicar", practica_publicada)
    registrar_regla(BuenaPractica, "devolver", practica_devuelta)
    registrar_regla(BuenaPractica, "retirar", practica_retirada)
