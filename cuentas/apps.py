from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CuentasConfig(AppConfig):
    name = "cuentas"
    verbose_name = _("Cuentas y roles")

    def ready(self):
        from comun.registro import Demo, EntradaMenu, demos, menu
        from cuentas.permisos import registrar_permiso
        from cuentas.services import (
            CREAR_ESPECIALISTAS,
            GESTIONAR,
            crea_especialistas,
            en_menu_directores,
            gestiona_cuentas,
        )
        from cuentas.sitio import en_menu, entra_al_admin

        registrar_permiso("cuentas.entrar_al_admin", entra_al_admin)
        registrar_permiso(GESTIONAR, gestiona_cuentas)
        registrar_permiso(CREAR_ESPECIALISTAS, crea_especialistas)

        menu.registrar(
            "administracion",
            EntradaMenu(
                "administracion",
                _("Administración"),
                "admin:index",
                "gear",
                en_menu,
                orden=90,
                personal=True,
            ),
        )
        menu.registrar(
            "directores",
            EntradaMenu(
                "directores", _("Directores"), "cuentas:directores", "people", en_menu_directores, orden=60
            ),
        )
        demos.registrar("cuentas", Demo("cuentas", "cuentas.demo.cargar", despues_de=("territorio",)))
