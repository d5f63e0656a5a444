from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Carga los datos de demostración (idempotente). Se niega a correr con DEBUG apagado sin --forzar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--forzar",
            action="store_true",
            help="Cargar aunque DEBUG esté apagado (p. ej. en un servidor de prueba).",
        )

    def handle(self, *args, forzar=False, **options):
        if not settings.DEBUG and not forzar:
            raise CommandError(
                "DEBUG está apagado: esto parece producción. Los datos de demostración crean "
                "usuarios con una contraseña conocida. Si de verdad los quieres aquí, usa --forzar."
            )
        # Each app may ship a demo module; they load in INSTALLED_APPS order, so the territory comes
        # before the users and the users before the records they own. No app imports another's demo.
        with transaction.atomic():
            for config in apps.get_app_configs():
                nombre = f"{config.name}.demo"
                if find_spec(config.name) and find_spec(nombre):
                    import_module(nombre).cargar(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("datos de demostración listos"))
