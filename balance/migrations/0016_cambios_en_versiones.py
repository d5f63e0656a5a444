"""Campana.modificaciones moves to comun.versiones ("balance.campana", Campana.marcar_cambio)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('balance', '0015_matrices_enviadas'),
        ('comun', '0001_versiones'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='campana',
            name='edicion_update',
        ),
        migrations.RemoveField(
            model_name='campana',
            name='modificaciones',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='campana',
            trigger=pgtrigger.compiler.Trigger(name='edicion_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "balance_campanacambio" ("abierta", "anio", "creada", "creada_por_id", "dre_id", "fecha_limite", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "titulo", "ugel_id") VALUES (NEW."abierta", NEW."anio", NEW."creada", NEW."creada_por_id", NEW."dre_id", NEW."fecha_limite", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'edicion\', NEW."id", NEW."titulo", NEW."ugel_id"); RETURN NULL;', hash='329f231433beb9a7bc34c3abc5f45880aac68c09', operation='UPDATE', pgid='pgtrigger_edicion_update_a71a7', table='balance_campana', when='AFTER')),
        ),
    ]
