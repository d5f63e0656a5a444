"""The coverage's change numbers move to comun.versiones ("monitoreo.ugel", "monitoreo.rubricas"),
beside the territory's own ("territorio.ugel"): the hand-written triggers of 0010 give way to the
models' declared ones."""

import pgtrigger.compiler
import pgtrigger.migrations
import importlib

from django.db import migrations

_0010 = importlib.import_module("monitoreo.migrations.0010_version_de_la_cobertura")
QUITAR = "\n".join(_0010._quitar(t) for t in _0010.UGELES_DE) + "\nDROP FUNCTION monitoreo_cobertura_subir(bigint[]);"
PONER = _0010.SUBIR + "\n".join(_0010._disparadores(t, c) for t, c in _0010.UGELES_DE.items())


class Migration(migrations.Migration):

    dependencies = [
        ('comun', '0001_versiones'),
        ('monitoreo', '0010_version_de_la_cobertura'),
        ('territorio', '0004_cambios_por_ugel'),
    ]

    operations = [
        migrations.RunSQL(QUITAR, PONER),
        migrations.DeleteModel(
            name='VersionCobertura',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='actividad',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_actividad_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='74b9e17baf0e295dda0433e7f0bc04edc0c16271', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_actividad_ins_8d512', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_actividad', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='actividad',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_actividad_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='df70fe560fc59a8d46221c2c67e87c4b288e517e', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_actividad_upd_92074', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_actividad', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='actividad',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_actividad_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas))::bigint[]); RETURN NULL;", hash='78a8b780886cc529e3985ce71def7a87aef3fec7', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_actividad_del_bc17f', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_actividad', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='celda',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_celda_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='7b199a8b69f1203553c651044d040c04a7c9232b', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_celda_ins_b7408', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_celda', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='celda',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_celda_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='9fa9fb326243f9725cd1a092056c7827d02d4d26', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_celda_upd_a6ec2', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_celda', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='celda',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_celda_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas))::bigint[]); RETURN NULL;", hash='63ae7f092d3575b9fa2fb3f544658e4f89daefe4', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_celda_del_1298f', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_celda', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='enfoque',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_enfoque_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='d9733a1dd1fc6ec509287dc01fc2a857656a90e3', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_enfoque_ins_b9d3b', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_enfoque', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='enfoque',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_enfoque_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='44c71db6b2aa120927ad702654f385290b6fefec', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_enfoque_upd_5507f', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_enfoque', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='enfoque',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_enfoque_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas))::bigint[]); RETURN NULL;", hash='be43d8e854d74e1165cd9a270c4f1e9337e4935e', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_enfoque_del_e4536', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_enfoque', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='etapa',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_etapa_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='0c5aac610374560d87996b190a7da5646c23385a', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_etapa_ins_e2b1e', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_etapa', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='etapa',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_etapa_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='1b78a766499269d0acd77e48174f74b9b4244975', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_etapa_upd_75da8', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_etapa', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='etapa',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_etapa_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas))::bigint[]); RETURN NULL;", hash='671b64e30131e81a8a5ca3db02bb5fd503089022', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_etapa_del_39c33', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_etapa', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='objetivo',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_objetivo_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='9bc6807d70131ad95f3e945aa436672786a3c2c9', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_objetivo_ins_84df5', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_objetivo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='objetivo',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_objetivo_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='1b63eaa471c1da46e0d9d6e3fa9cfa0e1b6b4a46', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_objetivo_upd_94fba', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_objetivo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='objetivo',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_objetivo_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas))::bigint[]); RETURN NULL;", hash='e0dd27fdd15587a29864f2cbb52a357b9e0d3944', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_objetivo_del_8dd48', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_objetivo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='observacion',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_observacion_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id JOIN monitoreo_visita v ON v.plan_id = p.id WHERE v.id IN (SELECT visita_id FROM nuevas))::bigint[]); RETURN NULL;", hash='a0d3aae1e32f7efe5f1939bfcfaaf13cc3534f8c', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_observacion_ins_6fc23', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_observacion', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='observacion',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_observacion_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id JOIN monitoreo_visita v ON v.plan_id = p.id WHERE v.id IN (SELECT visita_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id JOIN monitoreo_visita v ON v.plan_id = p.id WHERE v.id IN (SELECT visita_id FROM nuevas))::bigint[]); RETURN NULL;", hash='cbcd93049633a42ac22fcefa74abfd5ca24a1792', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_observacion_upd_c9f38', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_observacion', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='observacion',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_observacion_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id JOIN monitoreo_visita v ON v.plan_id = p.id WHERE v.id IN (SELECT visita_id FROM viejas))::bigint[]); RETURN NULL;", hash='064c0f30197120b4b20ed17d809f0f31de5bbbe2', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_observacion_del_6b675', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_observacion', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='planmonitoreo',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_plan_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i WHERE i.id IN (SELECT institucion_id FROM nuevas))::bigint[]); RETURN NULL;", hash='b3d9f92aa5fca2236dd3d794bddab0cd77a7dbd3', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_plan_ins_cb6dd', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_planmonitoreo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='planmonitoreo',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_plan_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i WHERE i.id IN (SELECT institucion_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i WHERE i.id IN (SELECT institucion_id FROM nuevas))::bigint[]); RETURN NULL;", hash='66eb437d443a01990dbe6ea830da7416485b9a12', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_plan_upd_26e38', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_planmonitoreo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='planmonitoreo',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_plan_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i WHERE i.id IN (SELECT institucion_id FROM viejas))::bigint[]); RETURN NULL;", hash='ef81aadded63f9aa9f74ac620dda7f33665cc2fc', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_plan_del_19aee', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_planmonitoreo', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='rubrica',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_rubrica', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.rubricas', ARRAY(SELECT 0)::bigint[]); RETURN NULL;", hash='f15ec38c073bc2d94bf771469efb208709487491', level='STATEMENT', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_cobertura_rubrica_17653', table='monitoreo_rubrica', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='visita',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_visita_ins', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='460704768b2f991f57dfa074ad8642650d891701', level='STATEMENT', operation='INSERT', pgid='pgtrigger_cobertura_visita_ins_82727', referencing='REFERENCING NEW TABLE AS nuevas ', table='monitoreo_visita', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='visita',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_visita_upd', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas) UNION SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM nuevas))::bigint[]); RETURN NULL;", hash='65889beb350fda0d9cdeeb4ae316a14ea3d5acaa', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_cobertura_visita_upd_ad267', referencing='REFERENCING OLD TABLE AS viejas  NEW TABLE AS nuevas ', table='monitoreo_visita', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='visita',
            trigger=pgtrigger.compiler.Trigger(name='cobertura_visita_del', sql=pgtrigger.compiler.UpsertTriggerSql(func="PERFORM comun_version_subir('monitoreo.ugel', ARRAY(SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM viejas))::bigint[]); RETURN NULL;", hash='f006ae7d48c76d51cdf239337cf392c722e6611b', level='STATEMENT', operation='DELETE', pgid='pgtrigger_cobertura_visita_del_1fa41', referencing='REFERENCING OLD TABLE AS viejas ', table='monitoreo_visita', when='AFTER')),
        ),
    ]
