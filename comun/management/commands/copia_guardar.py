from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comun.copias import ErrorDeCopia, donde, guardar


class Command(BaseCommand):
    help = (
        "Guarda una copia de seguridad en backups/: la base de datos (pg_dump, formato custom) y los "
        "archivos subidos (la carpeta MEDIA_ROOT o, con S3_BUCKET, los objetos del bucket; .tar.gz), con "
        "la fecha y la hora en el nombre."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--carpeta", default=str(settings.BASE_DIR / "backups"), help="Dónde dejarla.")

    def handle(self, *args, carpeta, **options):
        try:
            copia = guardar(Path(carpeta))
        except ErrorDeCopia as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"[backup] copia guardada (la base y los archivos de {donde()}):")
        )
        for parte in (copia.base, copia.archivos):
            self.stdout.write(f"  {parte}  ({parte.stat().st_size / 1024:.0f} KiB)")
        self.stdout.write(f"Para volver a ella: make restore FILE={copia.base}")
