from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComunConfig(AppConfig):
    """The ground floor: helpers every app shares. It imports no project module."""

    name = "comun"
    verbose_name = _("Común")
