"""Coverage versions per UGEL, bumped by statement triggers on every table the coverage page and
the plan page's body read (see VersionCobertura)."""

from django.db import migrations, models

# Each table: how its changed rows (the statement's transition table "filas") name their UGEL.
UGELES_DE = {
    "territorio_institucion": "SELECT ugel_id FROM filas",
    "territorio_ugel": "SELECT id FROM filas",
    "territorio_dre": "SELECT u.id FROM territorio_ugel u WHERE u.dre_id IN (SELECT id FROM filas)",
    "monitoreo_planmonitoreo": (
        "SELECT i.ugel_id FROM territorio_institucion i WHERE i.id IN (SELECT institucion_id FROM filas)"
    ),
    "monitoreo_celda": (
        "SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p"
        " ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM filas)"
    ),
    "monitoreo_visita": (
        "SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p"
        " ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM filas)"
    ),
    "monitoreo_observacion": (
        "SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p"
        " ON p.institucion_id = i.id JOIN monitoreo_visita v ON v.plan_id = p.id"
        " WHERE v.id IN (SELECT visita_id FROM filas)"
    ),
    "monitoreo_rubrica": "SELECT 0",
    # The plan page keeps its body under the same numbers: its stages' names and its lists too.
    **{
        tabla: (
            "SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p"
            " ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM filas)"
        )
        for tabla in ("monitoreo_etapa", "monitoreo_actividad", "monitoreo_enfoque", "monitoreo_objetivo")
    },
}

SUBIR = """
CREATE FUNCTION monitoreo_cobertura_subir(ugeles bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO monitoreo_versioncobertura (ugel_id, numero)
    SELECT DISTINCT u, 1 FROM unnest(ugeles) u WHERE u IS NOT NULL ORDER BY u
    ON CONFLICT (ugel_id) DO UPDATE SET numero = monitoreo_versioncobertura.numero + 1
$$;
"""


def _disparadores(tabla: str, consulta: str) -> str:
    funcion = f"{tabla}_cobertura"
    sql = [
        f"""CREATE FUNCTION {funcion}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM monitoreo_cobertura_subir(ARRAY({consulta}));
    RETURN NULL;
END $$;"""
    ]
    # The old rows of an update or delete (a school moved away, a visit deleted) and the new rows
    # of an insert or update (its new UGEL), each through its own transition table.
    for momento, referencia in (
        ("INSERT", "NEW TABLE AS filas"),
        ("UPDATE", "NEW TABLE AS filas"),
        ("UPDATE", "OLD TABLE AS filas"),
        ("DELETE", "OLD TABLE AS filas"),
    ):
        nombre = f"{tabla}_cob_{momento.lower()}_{referencia.split()[0].lower()}"
        sql.append(
            f"CREATE TRIGGER {nombre} AFTER {momento} ON {tabla} REFERENCING {referencia}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {funcion}();"
        )
    return "\n".join(sql)


def _quitar(tabla: str) -> str:
    return f"DROP FUNCTION IF EXISTS {tabla}_cobertura() CASCADE;"


class Migration(migrations.Migration):
    dependencies = [
        ("monitoreo", "0009_etapas_con_nombre_y_grados_por_nivel"),
        ("territorio", "0002_orden_en_castellano"),
    ]

    operations = [
        migrations.CreateModel(
            name="VersionCobertura",
            fields=[
                ("ugel_id", models.PositiveIntegerField(primary_key=True, serialize=False)),
                ("numero", models.PositiveBigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "versión de la cobertura",
                "verbose_name_plural": "versiones de la cobertura",
            },
        ),
        migrations.RunSQL(SUBIR, "DROP FUNCTION monitoreo_cobertura_subir(bigint[]);"),
        *[migrations.RunSQL(_disparadores(t, c), _quitar(t)) for t, c in UGELES_DE.items()],
    ]
