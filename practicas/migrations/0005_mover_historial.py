"""Every CambioPractica and CambioEvento row moves into the trigger-written history of its record."""

from django.db import migrations

from historial.migracion import mover_historial

ACCIONES = {"en_revision": "enviar_a_revision", "publicada": "publicar", "borrador": "devolver"}


def mover(apps, schema_editor):
    mover_historial(
        apps,
        viejo="practicas.CambioPractica",
        objeto="practicas.BuenaPractica",
        campo_fk="practica",
        campo_estado="estado",
        estados={"borrador", "en_revision", "publicada"},
        de_a=lambda fila: (fila.de_estado, fila.a_estado),
        accion_de=lambda de, a: "crear" if de == "" else ACCIONES[a],
    )
    mover_historial(
        apps,
        viejo="practicas.CambioEvento",
        objeto="practicas.Evento",
        campo_fk="evento",
        campo_estado="publicado",
        estados={True, False},
        de_a=lambda fila: (not fila.publicado, fila.publicado),
        accion_de=lambda de, a: "publicar" if a else "retirar",
    )


class Migration(migrations.Migration):
    dependencies = [("practicas", "0004_historial")]

    operations = [migrations.RunPython(mover, migrations.RunPython.noop)]
