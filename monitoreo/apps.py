from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoreoConfig(AppConfig):
    name = "monitoreo"
    verbose_name = _("Monitoreo pedagógico")

    def ready(self):
        from comun.registro import Demo, EntradaMenu, SeccionInicio, demos, menu, secciones_inicio
        from monitoreo import cobertura, exports, exports_cobertura, permisos, secciones  # noqa: F401  (exports* register the exporters)

        permisos.registrar()

        menu.registrar(
            "monitoreo",
            EntradaMenu(
                "monitoreo", _("Monitoreo"), "monitoreo:planes", "calendar3", secciones.en_menu, orden=30
            ),
        )
        secciones_inicio.registrar(
            "monitoreo",
            SeccionInicio(
                "monitoreo",
                "monitoreo/_plan_del_anio.html",
                secciones.plan_del_anio,
                orden=20,
                por_datos=True,
            ),
        )
        secciones_inicio.registrar(
            "monitoreo_cobertura",
            SeccionInicio(
                "monitoreo_cobertura",
                "monitoreo/_cobertura_inicio.html",
                cobertura.en_inicio,
                orden=21,
                por_datos=True,
            ),
        )
        demos.registrar(
            "monitoreo", Demo("monitoreo", "monitoreo.demo.cargar", despues_de=("cuentas", "territorio"))
        )
        demos.registrar(
            "monitoreo_cobertura",
            Demo("monitoreo_cobertura", "monitoreo.demo_cobertura.cargar", despues_de=("monitoreo",)),
        )
