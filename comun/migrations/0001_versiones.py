"""The change numbers' table, sequence and function (comun.versiones)."""

from django.db import migrations, models

# Spelled out here, as they were when this migration was written (comun.versiones.CREAR_SQL).
SECUENCIA = "comun_version_numero"
CREAR = f"""
CREATE SEQUENCE {SECUENCIA};
CREATE FUNCTION comun_version_subir(text, bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO comun_version (espacio, clave, numero)
    SELECT $1, c, nextval('{SECUENCIA}')
    FROM (SELECT DISTINCT c FROM unnest($2) AS c WHERE c IS NOT NULL ORDER BY c) AS claves
    ON CONFLICT (espacio, clave) DO UPDATE SET numero = nextval('{SECUENCIA}')
$$;
"""
QUITAR = f"DROP FUNCTION comun_version_subir(text, bigint[]); DROP SEQUENCE {SECUENCIA};"


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Version",
            fields=[
                ("pk", models.CompositePrimaryKey("espacio", "clave", blank=True, editable=False, primary_key=True, serialize=False)),
                ("espacio", models.CharField(max_length=40, verbose_name="espacio")),
                ("clave", models.BigIntegerField(verbose_name="clave")),
                ("numero", models.BigIntegerField(verbose_name="número")),
            ],
            options={"verbose_name": "versión", "verbose_name_plural": "versiones"},
        ),
        migrations.RunSQL(CREAR, QUITAR),
    ]
