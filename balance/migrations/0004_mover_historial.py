"""Every CambioEstado row moves into the matrices' trigger-written history (balance_matrizcambio)."""

from django.db import migrations

from historial.migracion import mover_historial

ACCIONES = {"": "abrir", "enviada": "enviar", "observada": "devolver", "aprobada": "aprobar", "borrador": "reabrir"}


def mover(apps, schema_editor):
    mover_historial(
        apps,
        viejo="balance.CambioEstado",
        objeto="balance.Matriz",
        campo_fk="matriz",
        campo_estado="estado",
        estados={"borrador", "enviada", "observada", "aprobada"},
        de_a=lambda fila: (fila.de_estado, fila.a_estado),
        accion_de=lambda de, a: ACCIONES["" if de == "" else a],
    )


class Migration(migrations.Migration):
    dependencies = [("balance", "0003_historial")]

    operations = [migrations.RunPython(mover, migrations.RunPython.noop)]
