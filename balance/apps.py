from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BalanceConfig(AppConfig):
    name = "balance"
    verbose_name = _("Balance de lineamientos")

    def ready(self):
        from balance import avisos, exports, permisos, secciones  # noqa: F401  (exports registers the exporters)
        from comun.registro import Demo, EntradaMenu, SeccionInicio, demos, menu, secciones_inicio

        permisos.registrar()
        avisos.registrar()

        menu.registrar(
            "balance",
            EntradaMenu(
                "balance", _("Balance"), "balance:inicio", "clipboard-check", secciones.en_menu, orden=10
            ),
        )
        secciones_inicio.registrar(
            "balance",
            SeccionInicio(
                "balance", "balance/_pendientes.html", secciones.pendientes, orden=10, por_datos=True
            ),
        )
        demos.registrar(
            "balance", Demo("balance", "balance.demo.cargar", despues_de=("cuentas", "territorio"))
        )
