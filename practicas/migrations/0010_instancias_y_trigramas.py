"""The offices of every practice as rows (from the one line they were typed in), and pg_trgm for the
duplicate check (practicas.contenido.parecidas)."""

import re

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models.functions import Lower


def tipo_de(nombre: str) -> str:
    """The kind of office a name says it is ("UGEL Huaura" → ugel); frozen copy of
    practicas.contenido.tipo_de_instancia, as migrations must be."""
    texto = nombre.strip().upper()
    palabra = texto.split(" ")[0].strip(".,") if texto else ""
    if palabra in {"DRE", "GRE", "DREL", "DRELM", "GREL"} or texto.startswith(
        ("DIRECCIÓN REGIONAL", "DIRECCION REGIONAL", "GERENCIA REGIONAL")
    ):
        return "dre"
    if palabra == "UGEL" or texto.startswith("UNIDAD DE GESTIÓN EDUCATIVA"):
        return "ugel"
    if palabra in {"MUNICIPALIDAD", "GOBIERNO", "MUNI"}:
        return "gobierno_local"
    return "otra"


# Offices were typed in one line: "DRE Callao · UGEL Ventanilla", or with commas, semicolons, or
# " y " before another office ("DRE Junín y sus 13 UGEL" stays one).
SEPARADOR = re.compile(r"\s*[·;,]\s*|\s+y\s+(?=(?:UGEL|DRE|GRE|Municipalidad|Gobierno)\b)", re.IGNORECASE)


def separar(apps, schema_editor):
    BuenaPractica = apps.get_model("practicas", "BuenaPractica")
    Instancia = apps.get_model("practicas", "Instancia")
    filas = []
    for practica in BuenaPractica.objects.exclude(instancias="").only("pk", "instancias"):
        nombres = [n.strip() for n in SEPARADOR.split(practica.instancias) if n and n.strip()]
        filas += [
            Instancia(practica_id=practica.pk, orden=n, tipo=tipo_de(nombre), nombre=nombre[:250])
            for n, nombre in enumerate(nombres, start=1)
        ]
    Instancia.objects.bulk_create(filas)


class Migration(migrations.Migration):
    dependencies = [("practicas", "0009_editor_difoca")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(separar, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="buenapractica",
            index=GinIndex(OpClass(Lower("titulo"), name="gin_trgm_ops"), name="practica_titulo_trigramas"),
        ),
    ]
