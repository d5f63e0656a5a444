"""The catalogue's search also reads the guest expert's feedback that the public sheet shows (given
outside an event or at a published one): texto_listas written again for every practice with feedback."""

from django.db import migrations
from django.db.models import Q


def llenar(apps, schema_editor):
    """Frozen copy of practicas.contenido.texto_de_listas, as migrations must be."""
    BuenaPractica = apps.get_model("practicas", "BuenaPractica")
    partes: dict[int, list[str]] = {}
    for modelo, campos, filtro in (
        ("Estrategia", ("titulo", "descripcion"), Q()),
        ("Resultado", ("titulo", "cifra", "descripcion"), Q()),
        ("Contacto", ("nombre", "cargo"), Q()),
        ("Enlace", ("texto",), Q()),
        ("Foto", ("leyenda",), Q()),
        (
            "ComentarioExperto",
            ("experto", "cargo", "institucion", "aspectos_clave", "oportunidades_mejora", "recomendaciones"),
            Q(evento__isnull=True) | Q(evento__publicado=True),
        ),
    ):
        filas = (
            apps.get_model("practicas", modelo)
            .objects.filter(filtro)
            .values_list("practica_id", *campos)
            .order_by("practica_id", "pk")
        )
        for practica_id, *valores in filas.iterator():
            partes.setdefault(practica_id, []).append("\n".join(v for v in valores if v))
    # Only the practices with feedback change: the other texts stay as 0013 wrote them.
    comentadas = apps.get_model("practicas", "ComentarioExperto").objects.values("practica_id")
    for practica_id in (
        BuenaPractica.objects.filter(pk__in=comentadas).values_list("pk", flat=True).iterator()
    ):
        texto = "\n".join(t.strip() for t in partes.get(practica_id, []) if t.strip())
        BuenaPractica.objects.filter(pk=practica_id).exclude(texto_listas=texto).update(texto_listas=texto)


class Migration(migrations.Migration):
    dependencies = [
        ("practicas", "0016_documentos_publicos"),
    ]

    operations = [migrations.RunPython(llenar, migrations.RunPython.noop)]
