"""The catalogue's change number moves to comun.versiones: the same triggers, its function."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('comun', '0001_versiones'),
        ('practicas', '0021_cambios_del_catalogo'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='buenapractica',
            name='catalogo_practica',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='instancia',
            name='catalogo_instancia',
        ),
        # The catalogue's number now lives in comun.versiones ("practicas.catalogo").
        migrations.DeleteModel(
            name='Catalogo',
        ),
        migrations.RunSQL(
            "DROP SEQUENCE practicas_catalogo_modificaciones;",
            "CREATE SEQUENCE practicas_catalogo_modificaciones;",
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='buenapractica',
            trigger=pgtrigger.compiler.Trigger(name='catalogo_practica', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('practicas.catalogo', ARRAY(SELECT 0)::bigint[]); RETURN NULL;", hash='3dae03531d5b003d1586aa8e0c519939659b4636', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_catalogo_practica_de640', table='practicas_buenapractica', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='instancia',
            trigger=pgtrigger.compiler.Trigger(name='catalogo_instancia', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('practicas.catalogo', ARRAY(SELECT 0)::bigint[]); RETURN NULL;", hash='aa5befcea257304c220b866290eb58d125830a66', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_catalogo_instancia_fe564', table='practicas_instancia', when='AFTER')),
        ),
    ]
