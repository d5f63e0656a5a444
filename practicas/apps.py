from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticasConfig(AppConfig):
    name = "practicas"
    verbose_name = _("Buenas prácticas")

    def ready(self):
        from practicas import exports  # noqa: F401  (registers the exporters)
