from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoreoConfig(AppConfig):
    name = "monitoreo"
    verbose_name = _("Monitoreo pedagógico")

    def ready(self):
        from monitoreo import exports  # noqa: F401  (registers the exporters)
