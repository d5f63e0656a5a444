from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

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
