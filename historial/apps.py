from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistorialConfig(AppConfig):
    name = "historial"
    verbose_name = _("Historial")
