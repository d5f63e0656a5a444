"""Accounts managed in scope: who may grant which role where, and the changes a specialist makes.

A UGEL specialist manages the director accounts of the UGEL's institutions; a DRE specialist those of
its UGELs and their UGEL specialists; the Administrador everywhere. Nobody grants a role above their
own: the roles granted here are Director and Especialista UGEL, each only inside the granter's scope.
Every change is one transaction; the history (historial, by triggers) records it with the request's
user.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cuentas.alcance import alcance_de
from cuentas.bloqueo import desbloquear
from cuentas.models import ALCANCE_POR_ROL, Asignacion, Rol, Usuario
from cuentas.permisos import tiene_permiso
from territorio.models import Institucion, Ugel

GESTIONAR = "cuentas.gestionar_cuentas"
CREAR_ESPECIALISTAS = "cuentas.crear_especialistas_ugel"
ROLES_OTORGABLES = (Rol.DIRECTOR, Rol.ESPECIALISTA_UGEL)


def puede_otorgar(user, rol: str, lugar) -> bool:
    """Whether ``user`` may give ``rol`` at ``lugar``: a director's role at an institution of their
    UGEL or DRE, a UGEL specialist's at a UGEL of their DRE (the Administrador, anywhere)."""
    alcance = alcance_de(user)
    if rol == Rol.DIRECTOR and isinstance(lugar, Institucion):
        return alcance.nacional or lugar.ugel_id in alcance.ugel_ids or lugar.ugel.dre_id in alcance.dre_ids
    if rol == Rol.ESPECIALISTA_UGEL and isinstance(lugar, Ugel):
        return alcance.nacional or lugar.dre_id in alcance.dre_ids
    return False


def gestiona_cuentas(user, obj=None) -> bool:
    """The rule of ``"cuentas.gestionar_cuentas"``: at all (the Directores page), over an institution
    (its directors), a UGEL (its accounts) or an account (every role it holds is one the user may
    grant, so nobody changes the account of a peer or of someone above)."""
    alcance = alcance_de(user)
    if obj is None:
        return alcance.nacional or bool(alcance.ugel_ids or alcance.dre_ids)
    if isinstance(obj, Institucion):
        return puede_otorgar(user, Rol.DIRECTOR, obj)
    if isinstance(obj, Ugel):
        return alcance.nacional or obj.pk in alcance.ugel_ids or obj.dre_id in alcance.dre_ids
    if isinstance(obj, Usuario):
        if obj.pk == user.pk:
            return False
        if obj.is_superuser or obj.is_staff:  # the site's keepers: only a national role touches them
            return alcance.nacional
        asignaciones = list(obj.asignaciones.select_related("institucion__ugel", "ugel"))
        return bool(asignaciones) and all(puede_otorgar(user, a.rol, a.lugar) for a in asignaciones)
    return False


def crea_especialistas(user, obj=None) -> bool:
    """The rule of ``"cuentas.crear_especialistas_ugel"``: over a UGEL of the user's DRE (or
    anywhere, as Administrador)."""
    alcance = alcance_de(user)
    if obj is None:
        return alcance.nacional or bool(alcance.dre_ids)
    return puede_otorgar(user, Rol.ESPECIALISTA_UGEL, obj)


def en_menu_directores(request) -> bool:
    return tiene_permiso(request.user, GESTIONAR)


def ugeles_gestionadas(user):
    """The UGELs whose accounts the user manages."""
    alcance = alcance_de(user)
    ugeles = Ugel.objects.select_related("dre")
    if alcance.nacional:
        return ugeles
    return ugeles.filter(Q(pk__in=alcance.ugel_ids) | Q(dre_id__in=alcance.dre_ids))


def _usuario_tomado(dni: str) -> ValidationError:
    return ValidationError(
        {"dni": _("Ya existe una cuenta con el usuario %(dni)s. Búscala en la lista.") % {"dni": dni}}
    )


def cuenta_crear(
    *, por: Usuario, rol: str, lugar, dni: str, nombres: str, apellidos: str, correo: str
) -> Usuario:
    """Create an account (username: the DNI, no password until the person chooses one through the
    reset e-mail) holding ``rol`` at ``lugar``; one transaction, refused outside the granter's reach."""
    if rol not in ROLES_OTORGABLES or not puede_otorgar(por, rol, lugar):
        raise PermissionDenied
    with transaction.atomic():
        if Usuario.objects.filter(username__iexact=dni).exists():
            raise _usuario_tomado(dni)
        usuario = Usuario(username=dni, first_name=nombres, last_name=apellidos, email=correo)
        usuario.set_unusable_password()
        try:
            with transaction.atomic():
                usuario.save()
        except IntegrityError:  # created by someone else in the meantime
            raise _usuario_tomado(dni) from None
        Asignacion.objects.create(usuario=usuario, rol=rol, **{ALCANCE_POR_ROL[Rol(rol)]: lugar})
    return usuario


def _comprobar(por: Usuario, usuario: Usuario) -> None:
    if not tiene_permiso(por, GESTIONAR, usuario):
        raise PermissionDenied


@transaction.atomic
def cuenta_desactivar(*, por: Usuario, usuario: Usuario) -> None:
    """Deactivate an account: it can no longer sign in (its records and history stay)."""
    _comprobar(por, usuario)
    usuario.is_active = False
    usuario.save(update_fields=["is_active"])


@transaction.atomic
def cuenta_reactivar(*, por: Usuario, usuario: Usuario) -> None:
    """Let a deactivated account sign in again."""
    _comprobar(por, usuario)
    usuario.is_active = True
    usuario.save(update_fields=["is_active"])


def cuenta_desbloquear(*, por: Usuario, usuario: Usuario) -> int:
    """Forget the account's failed logins (django-axes), so it may sign in before the cool-off ends."""
    _comprobar(por, usuario)
    return desbloquear(usuario.username)


@dataclass(frozen=True)
class Sitio:
    """Where the e-mailed link points: ``request.get_host()`` and the scheme."""

    dominio: str
    protocolo: str = "https"


def cuenta_enviar_restablecimiento(*, por: Usuario, usuario: Usuario, sitio: Sitio) -> None:
    """E-mail the account a link to choose a password (Django's reset token: works once, expires after
    PASSWORD_RESET_TIMEOUT). Raises ValidationError with no e-mail; a mail server error propagates, so
    the specialist is told it was not sent."""
    _comprobar(por, usuario)
    if not usuario.is_active:
        raise ValidationError(_("La cuenta está desactivada: reactívala antes de enviarle el enlace."))
    if not usuario.email:
        raise ValidationError(_("La cuenta no tiene correo: no hay a dónde enviar el enlace."))
    _correo_restablecimiento(usuario, sitio).send()


def _correo_restablecimiento(usuario: Usuario, sitio: Sitio) -> EmailMessage:
    contexto = {
        "email": usuario.email,
        "domain": sitio.dominio,
        "site_name": "Chasqui",
        "uid": urlsafe_base64_encode(force_bytes(usuario.pk)),
        "user": usuario,
        "token": default_token_generator.make_token(usuario),
        "protocol": sitio.protocolo,
    }
    asunto = "".join(render_to_string("cuentas/correo_restablecer_asunto.txt", contexto).splitlines())
    cuerpo = render_to_string("cuentas/correo_restablecer.txt", contexto)
    return EmailMessage(asunto, cuerpo, settings.DEFAULT_FROM_EMAIL, [usuario.email])


def directores_crear(*, por: Usuario, ugel: Ugel, filas: list[dict]) -> list[Usuario]:
    """Create the director accounts of a checked list (``cuentas.lista.leer``) for this UGEL: all of
    them or, if one is refused (a DNI taken meanwhile, an institution not of the UGEL), none."""
    with transaction.atomic():
        instituciones = Institucion.objects.select_related("ugel__dre").in_bulk(
            [f["institucion"] for f in filas]
        )
        creadas = []
        for fila in filas:
            institucion = instituciones.get(fila["institucion"])
            if institucion is None or institucion.ugel_id != ugel.pk:
                raise PermissionDenied
            creadas.append(
                cuenta_crear(
                    por=por,
                    rol=Rol.DIRECTOR,
                    lugar=institucion,
                    dni=fila["dni"],
                    nombres=fila["nombres"],
                    apellidos=fila["apellidos"],
                    correo=fila["correo"],
                )
            )
    return creadas


def cuentas_enviar_bienvenida(*, usuarios: list[Usuario], sitio: Sitio) -> None:
    """E-mail each new account its link to choose a password, over one connection to the mail
    server. Called after the accounts are saved; an error propagates."""
    with get_connection() as conexion:
        conexion.send_messages([_correo_restablecimiento(u, sitio) for u in usuarios if u.email])
