"""A fourth app, installed only by the test settings: it plugs into the menu, the home page and the
demo by registering, with no edit to territorio, cuentas or inicio."""

from django.apps import AppConfig


def es_lector(request) -> bool:
    return request.user.is_authenticated and request.user.username.startswith("lector")


def seccion(request) -> dict | None:
    return {"saludo": "Tienes 3 libros por devolver"} if es_lector(request) else None


def cargar(salida) -> None:
    salida("biblioteca de prueba cargada")


class AppDePruebaConfig(AppConfig):
    name = "tests.app_de_prueba"
    label = "app_de_prueba"

    def ready(self):
        from comun.registro import Demo, EntradaMenu, SeccionInicio, demos, menu, secciones_inicio

        menu.registrar(
            "biblioteca", EntradaMenu("biblioteca", "Biblioteca", "inicio", "lightbulb", es_lector, orden=35)
        )
        secciones_inicio.registrar(
            "biblioteca", SeccionInicio("biblioteca", "app_de_prueba/_seccion.html", seccion, orden=5)
        )
        demos.registrar(
            "biblioteca", Demo("biblioteca", "tests.app_de_prueba.apps.cargar", despues_de=("practicas",))
        )
