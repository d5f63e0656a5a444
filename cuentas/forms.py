from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
