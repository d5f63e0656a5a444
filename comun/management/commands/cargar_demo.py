from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comun.registro import orden_demos


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
        # Each app registers its loader with the loaders it needs first (comun.registro.demos):
        # the territory before the users, the users before the records they own.
        with transaction.atomic():
            for demo in orden_demos():
                demo.cargar(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("datos de demostración listos"))
