from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InicioConfig(AppConfig):
    """The top floor: the home page, the menu and the health check, built from what each app
    registers in ``comun.registro``; it names no feature app."""

    name = "inicio"
    verbose_name = _("Inicio")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from comun.registro import EntradaMenu, SeccionInicio, menu, secciones_inicio
        from inicio import secciones

        menu.registrar(
            "inicio",
            EntradaMenu("inicio", _("Inicio"), "inicio", "house", secciones.autenticado, orden=0),
        )
        secciones_inicio.registrar(
            "roles", SeccionInicio("roles", "inicio/_roles.html", secciones.roles, orden=80, por_datos=True)
        )
        secciones_inicio.registrar(
            "instituciones",
            SeccionInicio("instituciones", "inicio/_instituciones.html", secciones.instituciones, orden=90),
        )
