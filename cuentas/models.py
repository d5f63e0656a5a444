"""Users and the roles they hold, each in a scope."""

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from comun import versiones
from cuentas.alcance import alcance_de
from territorio.alcance import como_alcance


class Rol(models.TextChoices):
    DIRECTOR = "director", _("Director(a)")
    ESPECIALISTA_UGEL = "especialista_ugel", _("Especialista UGEL")
    ESPECIALISTA_DRE = "especialista_dre", _("Especialista DRE")
    DIFOCA = "difoca", _("DIFOCA")
    ADMINISTRADOR = "administrador", _("Administrador(a)")


# Which scope field each role needs; the others must be empty.
ALCANCE_POR_ROL = {
    Rol.DIRECTOR: "institucion",
    Rol.ESPECIALISTA_UGEL: "ugel",
    Rol.ESPECIALISTA_DRE: "dre",
    Rol.DIFOCA: None,
    Rol.ADMINISTRADOR: None,
}
CAMPOS_ALCANCE = ("institucion", "ugel", "dre")


class UsuarioQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The accounts a user may see: those holding a role at an institution or UGEL the user sees
        (every account for the Administrador). Whether they may change one is a named permission
        (``"cuentas.gestionar_cuentas"``)."""
        from territorio.models import Institucion, Ugel

        alcance = como_alcance(user)
        if alcance.nacional:
            return self.all()
        asignaciones = Asignacion.objects.filter(
            models.Q(institucion__in=Institucion.objects.visible_to(alcance))
            | models.Q(ugel__in=Ugel.objects.visible_to(alcance))
        )
        return self.filter(pk__in=asignaciones.values("usuario_id"))


# Counted once (key 0, comun.versiones): some user's name (first, last, username) changed.
NOMBRES = "cuentas.nombres"


class Usuario(AbstractUser):
    cargo = models.CharField(_("cargo"), max_length=120, blank=True)
    avisos_por_correo = models.BooleanField(
        _("avisos por correo"),
        default=True,
        help_text=_("Recibe por correo los avisos de Chasqui, además de verlos en la aplicación."),
    )

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["username"]
        # Pages kept drawn with people's names in them (who approved a matrix, who changed its
        # state) key on this number: a name changed, whoever changed it (a login changes none).
        triggers = versiones.disparadores(
            "usuario_nombres",
            NOMBRES,
            "SELECT 0 FROM {filas}",
            si_cambia="v.first_name IS DISTINCT FROM n.first_name OR v.last_name IS DISTINCT FROM n.last_name"
            " OR v.username IS DISTINCT FROM n.username",
        )

    def __str__(self):
        return self.get_full_name() or self.username

    @classmethod
    def cuentas(cls) -> UsuarioQuerySet:
        """Every account, as a queryset that knows ``visible_to(user)`` (for ``obtener_para_leer``).
        Not a manager: ``objects`` stays Django's UserManager, and the migrations stay as they are."""
        return UsuarioQuerySet(cls)

    @property
    def alcance(self):
        """What this user may see (territorio.alcance.Alcance), computed once per user object."""
        return alcance_de(self)


def _condicion_alcance():
    """One CHECK: each role carries exactly the scope it needs."""
    condicion = models.Q()
    for rol, campo in ALCANCE_POR_ROL.items():
        campos = {f"{c}__isnull": c != campo for c in CAMPOS_ALCANCE}
        condicion |= models.Q(rol=rol, **campos)
    return condicion


class Asignacion(models.Model):
    usuario = models.ForeignKey(
        Usuario, models.CASCADE, related_name="asignaciones", verbose_name=_("usuario")
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    institucion = models.ForeignKey(
        "territorio.Institucion",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="asignaciones",
        verbose_name=_("institución"),
    )
    ugel = models.ForeignKey(
        "territorio.Ugel",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="asignaciones",
        verbose_name=_("UGEL"),
    )
    dre = models.ForeignKey(
        "territorio.Dre",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="asignaciones",
        verbose_name=_("DRE"),
    )
    creada = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("asignación de rol")
        verbose_name_plural = _("asignaciones de rol")
        ordering = ["usuario", "rol"]
        constraints = [
            models.CheckConstraint(
                condition=_condicion_alcance(),
                name="asignacion_alcance_segun_rol",
                violation_error_message=_("El alcance no corresponde al rol."),
            ),
            models.UniqueConstraint(
                fields=["usuario", "rol", "institucion", "ugel", "dre"],
                nulls_distinct=False,
                name="asignacion_unica",
                violation_error_message=_("El usuario ya tiene esa asignación."),
            ),
        ]

    def __str__(self):
        lugar = self.lugar
        return f"{self.get_rol_display()} — {lugar}" if lugar else self.get_rol_display()

    @property
    def lugar(self):
        """Where the role holds: the institution, UGEL or DRE (None for the national roles). Not to be
        confused with ``Usuario.alcance``, everything a user may see."""
        campo = ALCANCE_POR_ROL.get(self.rol)
        return getattr(self, campo) if campo else None

    def clean(self):
        campo = ALCANCE_POR_ROL.get(self.rol)
        errores = {}
        for c in CAMPOS_ALCANCE:
            valor = getattr(self, f"{c}_id")
            if c == campo and valor is None:
                errores[c] = _("Este rol necesita este dato.")
            elif c != campo and valor is not None:
                errores[c] = _("Deja este campo vacío para el rol elegido.")
        if errores:
            raise ValidationError(errores)


class Sesion(AbstractBaseSession):
    """Django's database session (same columns, read and written by cuentas.sesion.SessionStore) with
    the signed-in user's id beside its data, so that a signed-in request reads its session and its user
    in one statement. Kept in step with the data at every save; a session row never outlives its user."""

    usuario = models.ForeignKey(
        "cuentas.Usuario",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        # Only for the join and to delete a deleted user's sessions: a session saved by a request
        # that raced the user's deletion must not fail at commit.
        db_constraint=False,
        verbose_name=_("usuario"),
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "cuentas_sesion"

    @classmethod
    def get_session_store_class(cls):
        from cuentas.sesion import SessionStore

        return SessionStore
