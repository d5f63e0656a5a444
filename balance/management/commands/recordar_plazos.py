from django.core.management.base import BaseCommand

from balance.recordatorios import recordar_plazos


class Command(BaseCommand):
    help = (
        "Recuerda el plazo de cada campaña abierta 7 días y 1 día antes a los directores que no enviaron "
        "su matriz, con un resumen a su UGEL. Se puede repetir: nunca envía dos veces el mismo recordatorio "
        "(corre a diario, p. ej. con cron)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"avisos de plazo escritos: {recordar_plazos()}")
