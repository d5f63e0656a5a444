from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def en_menu(request) -> bool:
    """Specialists and directors: the institutions in their scope."""
    alcance = request.alcance
    return request.user.is_authenticated and (alcance.especialista or bool(alcance.institucion_ids))


class TerritorioConfig(AppConfig):
    name = "territorio"
    verbose_name = _("Territorio")

    def ready(self):
        from comun.registro import Demo, EntradaMenu, demos, menu

        menu.registrar(
            "territorio",
            EntradaMenu(
                "territorio", _("Instituciones"), "territorio:instituciones", "building", en_menu, orden=20
            ),
        )
        demos.registrar("territorio", Demo("territorio", "territorio.demo.cargar"))
