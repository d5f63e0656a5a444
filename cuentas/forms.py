from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from comun.texto import una_linea
from cuentas.models import Usuario


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
