from django.core.management.base import BaseCommand

from exportaciones.services import exportaciones_limpiar


class Command(BaseCommand):
    help = "Borra los archivos de exportación vencidos (corre a diario, p. ej. con cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"exportaciones vencidas borradas: {exportaciones_limpiar()}")
