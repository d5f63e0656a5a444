from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportacionesConfig(AppConfig):
    name = "exportaciones"
    verbose_name = _("Exportaciones")

    def ready(self):
        from comun.registro import EntradaMenu, con_cuenta, menu

        menu.registrar(
            "exportaciones",
            EntradaMenu(
                "exportaciones",
                _("Mis exportaciones"),
                "exportaciones:lista",
                "download",
                con_cuenta,
                orden=10,
                personal=True,
            ),
        )
