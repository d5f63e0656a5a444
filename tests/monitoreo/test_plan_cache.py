"""The plan page's body kept in the cache under its UGEL's change numbers (comun.versiones, read in
the plan's own query): a second look reads no calendar, visit or list again, and each change, through
the visit's form or a bare update, shows at the next request; the month, and whether the user may
register visits, are in the key."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoreo.models import Actividad, Celda, Etapa, PlanMonitoreo, Rubrica
from territorio.models import Institucion
from tests.monitoreo.test_visitas import anio_con_visitas, fecha_valida
from tests.monitoreo.test_visitas import datos as datos_de_visita


def pedir(client, usuario, plan):
    client.force_login(usuario)
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(f"/monitoreo/planes/{plan.pk}/")
    assert respuesta.status_code == 200
    return respuesta.content.decode(), [q["sql"] for q in consultas.captured_queries]


def leidas(sqls) -> bool:
    """Whether the request read the plan's calendar cells (the body was not kept)."""
    return any('FROM "monitoreo_celda"' in sql for sql in sqls)


def plan_de_este_anio(mundo) -> PlanMonitoreo:
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=anio_con_visitas(), titulo="Plan")
    Celda.objects.create(plan=plan, etapa=1, grado=3, mes=fecha_valida().month)
    return plan


def test_la_segunda_mirada_no_lee_el_cuerpo(mundo, client):
    plan = plan_de_este_anio(mundo)
    primera, sqls = pedir(client, mundo["ugel"], plan)
    assert leidas(sqls)
    segunda, kept = pedir(client, mundo["ugel"], plan)
    assert not leidas(kept) and len(kept) <= len(sqls) - 5
    assert segunda.split("<main")[1] == primera.split("<main")[1]


def test_una_visita_registrada_se_ve_en_el_plan(mundo, client):
    plan = plan_de_este_anio(mundo)
    antes, _s = pedir(client, mundo["ugel"], plan)
    assert "Todavía no hay visitas registradas." in antes
    client.force_login(mundo["director"])
    assert client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos_de_visita()).status_code == 302
    despues, sqls = pedir(client, mundo["ugel"], plan)
    assert leidas(sqls)
    assert "Docente de tercer grado" in despues and "planificado y visitado" in despues


def test_cada_cambio_se_ve_en_el_siguiente_pedido(mundo, client):
    plan = plan_de_este_anio(mundo)
    pedir(client, mundo["ugel"], plan)
    Etapa.objects.update_or_create(plan=plan, orden=1, defaults={"nombre": "Diagnóstico de aula"})
    assert "Etapa 1 · Diagnóstico de aula" in pedir(client, mundo["ugel"], plan)[0]
    Actividad.objects.create(plan=plan, orden=1, actividad="Jornada de reflexión", responsable="Directora")
    assert "Jornada de reflexión" in pedir(client, mundo["ugel"], plan)[0]
    PlanMonitoreo.objects.filter(pk=plan.pk).update(descripcion="Una experiencia nueva.")
    assert "Una experiencia nueva." in pedir(client, mundo["ugel"], plan)[0]
    Celda.objects.filter(plan=plan).delete()
    assert "Sin meses marcados." in pedir(client, mundo["ugel"], plan)[0]
    rubrica = Rubrica.objects.del_anio(plan.anio).first()
    client.force_login(mundo["director"])
    client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos_de_visita())
    Rubrica.objects.filter(pk=rubrica.pk).update(nombre="Rúbrica renombrada")
    assert "Rúbrica renombrada" in pedir(client, mundo["ugel"], plan)[0]
    # The school moved to another UGEL: read under that UGEL's number.
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(ugel=mundo["ugel_a2"])
    assert leidas(pedir(client, mundo["dre"], plan)[1])


def test_quien_registra_ve_sus_enlaces_y_quien_lee_no(mundo, client):
    plan = plan_de_este_anio(mundo)
    lector, _s = pedir(client, mundo["ugel"], plan)
    director, sqls = pedir(client, mundo["director"], plan)
    assert leidas(sqls)  # another key: not the reader's body
    assert "Registrar una visita" in director and "Registrar una visita" not in lector
    assert "Registrar una visita" not in pedir(client, mundo["ugel"], plan)[0]


def test_el_mes_esta_en_la_clave(mundo, client, monkeypatch):
    plan = plan_de_este_anio(mundo)
    mes = fecha_valida().month
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(plan.anio, mes, 1))
    assert 'id="pendientes-mes"' in pedir(client, mundo["ugel"], plan)[0]
    assert "grado sin visita" in pedir(client, mundo["ugel"], plan)[0]
    otro = 3 if mes != 3 else 4
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(plan.anio, otro, 1))
    html, sqls = pedir(client, mundo["ugel"], plan)
    assert leidas(sqls) and "grado sin visita" not in html
