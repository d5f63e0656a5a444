from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticasConfig(AppConfig):
    name = "practicas"
    verbose_name = _("Buenas prácticas")

    def ready(self):
        from comun.registro import Demo, EntradaMenu, SeccionInicio, demos, menu, secciones_inicio
        from practicas import avisos, exports, permisos, secciones  # noqa: F401  (exports registers the exporters)

        permisos.registrar()
        avisos.registrar()

        menu.registrar(
            "practicas",
            EntradaMenu(
                "practicas",
                _("Buenas prácticas"),
                "practicas:catalogo",
                "lightbulb",
                secciones.en_menu,
                orden=40,
            ),
        )
        menu.registrar(
            "practicas_gestion",
            EntradaMenu(
                "practicas_gestion",
                _("Gestión de prácticas"),
                "practicas:gestion",
                "kanban",
                secciones.gestiona,
                orden=41,
            ),
        )
        secciones_inicio.registrar(
            "practicas",
            SeccionInicio(
                "practicas", "practicas/_en_revision.html", secciones.por_publicar, orden=30, por_datos=True
            ),
        )
        demos.registrar("practicas", Demo("practicas", "practicas.demo.cargar", despues_de=("cuentas",)))
