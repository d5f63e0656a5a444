import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comun.subidas import KB, MB, LimitesLibro, revisar_libro
from comun.texto import una_linea
from cuentas.models import Usuario

CORREO_INVALIDO = _("Escribe un correo electrónico válido, por ejemplo nombre@ugel.gob.pe.")


class IngresoForm(AuthenticationForm):
    """Django's login form with the users' words."""

    error_messages = {
        "invalid_login": _(
            "Usuario o contraseña incorrectos. Revisa que las mayúsculas y minúsculas estén bien escritas."
        ),
        "inactive": _("Esta cuenta está desactivada. Pide ayuda al administrador de Chasqui."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Usuario")
        self.fields["password"].label = _("Contraseña")

    def clean_username(self) -> str:
        # Django sets the field's max_length after building it, so no validator checks it: a longer
        # name reached authenticate() and django-axes' record of the failure (255 characters), a 500.
        username = self.cleaned_data["username"]
        maximo = self.fields["username"].max_length
        if maximo and len(username) > maximo:
            raise ValidationError(
                _("Tu usuario tiene hasta %(n)d caracteres: revisa lo que escribiste."), params={"n": maximo}
            )
        return username


class RestablecerForm(PasswordResetForm):
    """Django's reset form: the same answer whether or not the e-mail has an account (the view
    redirects either way; Django logs a mail server that fails instead of showing it). An account
    created by a specialist has no password yet: the reset is how it gets one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Correo electrónico")
        self.fields["email"].help_text = _("El correo registrado en tu cuenta de Chasqui.")
        self.fields["email"].error_messages["invalid"] = CORREO_INVALIDO

    def get_users(self, email):
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)


def validar_dni(valor: str) -> None:
    if not re.fullmatch(r"[0-9]{8}", valor or ""):
        raise ValidationError(
            _("El DNI debe tener exactamente 8 dígitos, sin puntos ni espacios (por ejemplo, 07654321)."),
            code="dni",
        )


class CuentaForm(forms.Form):
    """A new account: the DNI is the username. Validates only; ``services.cuenta_crear`` saves."""

    nombres = forms.CharField(label=_("Nombres"), max_length=150)
    apellidos = forms.CharField(label=_("Apellidos"), max_length=150)
    dni = forms.CharField(
        label=_("DNI"),
        validators=[validar_dni],
        help_text=_("Será su usuario para ingresar."),
    )
    correo = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,  # the column's size
        error_messages={"invalid": CORREO_INVALIDO},
        help_text=_("Le enviaremos ahí el enlace para elegir su contraseña."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            campo.error_messages["required"] = _("Este dato es obligatorio.")
            campo.error_messages["max_length"] = _(
                "Escribe como máximo %(limit_value)d caracteres (tiene %(show_value)d)."
            )

    def clean_nombres(self):
        return una_linea(self.cleaned_data["nombres"])

    def clean_apellidos(self):
        return una_linea(self.cleaned_data["apellidos"])

    def clean_dni(self):
        dni = self.cleaned_data["dni"].strip()
        if get_user_model().objects.filter(username__iexact=dni).exists():
            raise ValidationError(_("Ya existe una cuenta con el usuario %(dni)s."), params={"dni": dni})
        return dni


# What an uploaded list of directors may hold (comun.subidas): up to 3,000 directors (cuentas.lista)
# in five columns, and the sheet of the UGEL's institutions the file comes with. A list of a UGEL of
# 300 institutions weighs about 20 KB and unpacks into about 100 KB.
LIMITES_LISTA = LimitesLibro(
    bytes=2 * MB,
    descomprimido=8 * MB,
    entradas=40,
    estilos=256 * KB,
    formatos=500,
    filas=10_000,
    celdas=50_000,
)


class SubirListaForm(forms.Form):
    archivo = forms.FileField(
        label=_("Lista de directores llena (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": _("Elige el archivo de la lista."), "empty": _("El archivo está vacío.")},
    )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        revisar_libro(archivo, LIMITES_LISTA)  # before anything parses it
        return archivo


class _ClaveNuevaEnTu:
    """Django's password help texts speak as *usted* ("Su contraseña…", "introduzca"): the screens
    say *tú*."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "Al menos 8 caracteres; que no sea solo números, ni una contraseña común, ni parecida a tu "
            "nombre o usuario."
        )
        self.fields["new_password2"].help_text = _("Escribe la misma contraseña otra vez, para comprobarla.")


class ClaveNuevaForm(_ClaveNuevaEnTu, SetPasswordForm):
    """The new password chosen from the e-mailed link. Whoever opened it owns the account's e-mail, so
    the failed logins that locked it out are forgotten too (the lockout message suggests this way)."""

    def save(self, commit=True):
        from cuentas.bloqueo import desbloquear

        usuario = super().save(commit)
        if commit:
            desbloquear(usuario.username)
        return usuario


class CambiarClaveForm(_ClaveNuevaEnTu, PasswordChangeForm):
    """The password change of a signed-in user."""


class PerfilForm(forms.ModelForm):
    """What a user changes about themself: name, e-mail and whether notices also come by e-mail."""

    class Meta:
        model = Usuario
        fields = ["first_name", "last_name", "email", "avisos_por_correo"]
        labels = {
            "first_name": _("Nombres"),
            "last_name": _("Apellidos"),
            "email": _("Correo electrónico"),
            "avisos_por_correo": _("Recibir los avisos también por correo"),
        }
        help_texts = {
            "email": _("Aquí te llegan los avisos y, si la olvidas, el enlace para cambiar tu contraseña."),
            "avisos_por_correo": _(
                "Los avisos siempre quedan en Chasqui, bajo la campana; sin correo, solo ahí."
            ),
        }
        error_messages = {
            "email": {"invalid": _("Escribe un correo válido, por ejemplo nombre@ugel07.gob.pe.")},
            "first_name": {"max_length": _("Escribe como máximo %(limit_value)d caracteres.")},
            "last_name": {"max_length": _("Escribe como máximo %(limit_value)d caracteres.")},
        }

    def clean_first_name(self):
        return una_linea(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return una_linea(self.cleaned_data["last_name"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
