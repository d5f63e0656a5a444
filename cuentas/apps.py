from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CuentasConfig(AppConfig):
    name = "cuentas"
    verbose_name = _("Cuentas y roles")
