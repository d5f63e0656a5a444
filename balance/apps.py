from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BalanceConfig(AppConfig):
    name = "balance"
    verbose_name = _("Balance de lineamientos")

    def ready(self):
        from balance import exports  # noqa: F401  (registers the exporters)
