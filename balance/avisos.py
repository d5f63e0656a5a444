"""Who is told about the balance's actions (registered with avisos from BalanceConfig.ready())."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from avisos.reglas import Notificacion, registrar_regla
from balance.models import Campana, Matriz
from cuentas.models import Rol, Usuario
from cuentas.permisos import usuarios_con_rol


def directores_de(instituciones) -> QuerySet[Usuario]:
    """The active directors of these institutions (a queryset of institution ids), in one query."""
    return Usuario.objects.filter(
        is_active=True, asignaciones__rol=Rol.DIRECTOR, asignaciones__institucion__in=instituciones
    ).distinct()


def matriz_enviada(*, objeto: Matriz, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=usuarios_con_rol(Rol.ESPECIALISTA_UGEL, institucion=objeto.institucion_id),
        titulo=_("%(institucion)s envió su matriz para revisión") % {"institucion": objeto.institucion},
        texto=_("Campaña «%(campana)s». Revísala: la puedes aprobar o devolver con observaciones.")
        % {"campana": objeto.campana},
        enlace=reverse("balance:matriz", args=[objeto.pk]),
    )


def matriz_devuelta(*, objeto: Matriz, comentario: str, **_kwargs) -> Notificacion:
    observados = list(
        objeto.filas.exclude(observacion="")
        .order_by("lineamiento__orden")
        .values_list("lineamiento__orden", "lineamiento__nombre")
    )
    texto = _("Motivo: %(motivo)s") % {"motivo": comentario}
    enlace = reverse("balance:matriz_editar", args=[objeto.pk])
    if observados:
        lineamientos = "; ".join(nombre for _orden, nombre in observados)
        texto += "\n" + _("Lineamientos observados: %(lineamientos)s.") % {"lineamientos": lineamientos}
        enlace += f"#lin-{observados[0][0]}"  # where the director starts correcting
    return Notificacion(
        destinatarios=usuarios_con_rol(Rol.DIRECTOR, institucion=objeto.institucion_id),
        titulo=_("Tu UGEL devolvió la matriz de %(institucion)s") % {"institucion": objeto.institucion},
        texto=texto,
        enlace=enlace,
    )


def matriz_aprobada(*, objeto: Matriz, comentario: str, **_kwargs) -> Notificacion:
    texto = _("Campaña «%(campana)s».") % {"campana": objeto.campana}
    if comentario:
        texto += "\n" + _("Comentario: %(comentario)s") % {"comentario": comentario}
    return Notificacion(
        destinatarios=usuarios_con_rol(Rol.DIRECTOR, institucion=objeto.institucion_id),
        titulo=_("Tu UGEL aprobó la matriz de %(institucion)s") % {"institucion": objeto.institucion},
        texto=texto,
        enlace=reverse("balance:matriz", args=[objeto.pk]),
    )


def matriz_reabierta(*, objeto: Matriz, comentario: str, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=usuarios_con_rol(Rol.DIRECTOR, institucion=objeto.institucion_id),
        titulo=_("Tu UGEL reabrió la matriz de %(institucion)s") % {"institucion": objeto.institucion},
        texto=_("Motivo: %(motivo)s\nCorrígela y envíala de nuevo.") % {"motivo": comentario},
        enlace=reverse("balance:matriz_editar", args=[objeto.pk]),
    )


def matriz_retirada(*, objeto: Matriz, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=usuarios_con_rol(Rol.ESPECIALISTA_UGEL, institucion=objeto.institucion_id),
        titulo=_("%(institucion)s retiró su matriz antes de la revisión")
        % {"institucion": objeto.institucion},
        texto=_("Campaña «%(campana)s». La volverás a recibir cuando la envíe de nuevo.")
        % {"campana": objeto.campana},
        enlace=reverse("balance:matriz", args=[objeto.pk]),
    )


def campana_abierta(*, objeto: Campana, **_kwargs) -> Notificacion:
    return Notificacion(
        destinatarios=directores_de(objeto.matrices.values("institucion_id")),
        titulo=_("Se abrió la campaña «%(campana)s»") % {"campana": objeto},
        texto=_("Llena y envía la matriz de tu institución hasta el %(fecha)s.")
        % {"fecha": objeto.fecha_limite.strftime("%d/%m/%Y")},
        enlace=reverse("balance:inicio"),
    )


def registrar() -> None:
    registrar_regla(Matriz, "enviar", matriz_enviada)
    registrar_regla(Matriz, "devolver", matriz_devuelta)
    registrar_regla(Matriz, "aprobar", matriz_aprobada)
    registrar_regla(Matriz, "reabrir", matriz_reabierta)
    registrar_regla(Matriz, "retirar", matriz_retirada)
    registrar_regla(Campana, "abrir", campana_abierta)
