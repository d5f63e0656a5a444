from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvisosConfig(AppConfig):
    name = "avisos"
    verbose_name = _("Avisos")

    def ready(self):
        from avisos import reglas, secciones
        from comun.registro import EntradaMenu, menu
        from cuentas.sesion import DatoDelUsuario, datos_del_usuario
        from historial.senales import accion_registrada

        datos_del_usuario.registrar(
            secciones.CLAVE, DatoDelUsuario(secciones.CLAVE, secciones.sql_no_leidos())
        )
        accion_registrada.connect(reglas.al_registrar_accion, dispatch_uid="avisos.al_registrar_accion")
        menu.registrar(
            "avisos",
            EntradaMenu(
                "avisos",
                _("Avisos"),
                "avisos:lista",
                "bell",
                secciones.con_cuenta,
                orden=95,
                contador=secciones.no_leidos,
            ),
        )
