from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportacionesConfig(AppConfig):
    name = "exportaciones"
    verbose_name = _("Exportaciones")
