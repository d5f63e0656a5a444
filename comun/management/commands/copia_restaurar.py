import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comun.copias import ErrorDeCopia, donde, en_disco, estado_de_la_base, restaurar, ubicar, verificar


def _en_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


class Command(BaseCommand):
    help = (
        "Restaura una copia de make backup: reemplaza la base de datos y los archivos subidos (la carpeta "
        "MEDIA_ROOT; con S3_BUCKET, sube cada archivo de la copia al bucket, sin borrar otros). "
        "Si la base tiene datos, primero guarda una copia de ellos en backups/ y pide confirmación "
        "(no la pide con --confirmar ni en CI)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="El .dump (o el -media.tar.gz) de la copia.")
        parser.add_argument("--confirmar", action="store_true", help="No preguntar antes de reemplazar.")
        parser.add_argument(
            "--carpeta-resguardo",
            default=str(settings.BASE_DIR / "backups"),
            help="Dónde guardar la copia de lo que se reemplaza.",
        )

    def handle(self, *args, archivo, confirmar, carpeta_resguardo, **options):
        nombre = settings.DATABASES["default"]["NAME"]
        try:
            copia = ubicar(archivo)
            verificar(copia)
            estado = estado_de_la_base()
            if estado == "con datos" and not (confirmar or _en_ci()):
                self._confirmar(nombre)
            resguardo = restaurar(copia, Path(carpeta_resguardo))
        except ErrorDeCopia as error:
            raise CommandError(str(error)) from None
        if resguardo:
            self.stdout.write(
                f"[restore] lo que había quedó en {resguardo.base} (y {resguardo.archivos.name})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"[restore] base «{nombre}» y archivos ({donde()}) restaurados de {copia.base}"
            )
        )

    def _confirmar(self, nombre: str) -> None:
        aviso = (
            f"La base «{nombre}» tiene datos y {donde()}, archivos: la copia los reemplazará (antes se "
            "guarda una copia de lo actual en backups/)."
        )
        if not en_disco():
            aviso += " En el bucket se escriben los archivos de la copia; los demás objetos quedan."
        if not sys.stdin.isatty():
            raise CommandError(f"{aviso} Para seguir sin que te pregunte: make restore FILE=… CONFIRMAR=si.")
        respuesta = input(f"{aviso}\nEscribe «si» para seguir: ").strip().lower()
        if respuesta not in {"si", "sí"}:
            raise CommandError("No se restauró nada.")
