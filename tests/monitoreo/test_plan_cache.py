"""The plan page's body kept in the cache under its UGEL's change numbers (comun.versiones, read in
the plan's own query): a second look reads no calendar, visit or list again, and each change, through
the visit's form or a bare update, shows at the next request; the month, and whether the user may
register visits, are in the key."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoreo import services
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


def test_la_pagina_guardada_es_una_consulta(mundo, client):
    """A kept page reads the plan's scope and change numbers in one query (besides the session's),
    and its whole content, header and data included, comes from the cache."""
    plan = plan_de_este_anio(mundo)
    pedir(client, mundo["ugel"], plan)
    client.force_login(mundo["ugel"])
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(f"/monitoreo/planes/{plan.pk}/")
    assert len(consultas.captured_queries) == 2
    assert "comun_version" in consultas.captured_queries[1]["sql"]
    assert "monitoreo/_plan_contenido.html" not in [t.name for t in respuesta.templates]
    assert "<title>Plan " in respuesta.content.decode()


def test_el_encabezado_y_los_datos_se_ven_tras_cada_cambio(mundo, client):
    """The header and general data are kept too: the plan's fields through its service and through
    a model save (the admin's path), the school, its UGEL and DRE by bare updates, and the region
    (no change number: its name is in the key)."""
    from territorio.models import Dre, Region, Ugel

    plan = plan_de_este_anio(mundo)
    pedir(client, mundo["ugel"], plan)
    plan.titulo = "Aprendemos juntos"
    services.plan_guardar(plan=plan, usuario=mundo["director"], celdas={(1, 3, fecha_valida().month)})
    html = pedir(client, mundo["ugel"], plan)[0]
    assert "«Aprendemos juntos»" in html and f"<title>Aprendemos juntos {plan.anio}" in html
    plan.director = "Rosa Quispe"
    plan.save()
    assert "Rosa Quispe" in pedir(client, mundo["ugel"], plan)[0]
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(nombre="I.E. Renombrada")
    assert "I.E. Renombrada" in pedir(client, mundo["ugel"], plan)[0]
    Ugel.objects.filter(pk=mundo["ugel_a1"].pk).update(nombre="UGEL Nueva")
    Dre.objects.filter(pk=mundo["dre_a"].pk).update(nombre="DRE Nueva")
    html = pedir(client, mundo["ugel"], plan)[0]
    assert "UGEL Nueva" in html and "DRE Nueva" in html
    Region.objects.filter(dres=mundo["dre_a"]).update(nombre="Región Renombrada")
    html, sqls = pedir(client, mundo["ugel"], plan)
    assert "Región Renombrada" in html and leidas(sqls)


def test_el_campo_csrf_es_de_cada_sesion(mundo):
    """The copy form's CSRF field is put in at each request: a kept page carries the token of the
    session that asks, which its POST passes, and never another session's."""
    import re

    from django.test import Client

    plan = plan_de_este_anio(mundo)
    tokens = []
    for _sesion in range(2):  # two sessions of the director: the second page is the kept one
        navegador = Client(enforce_csrf_checks=True)
        navegador.force_login(mundo["director"])
        html = navegador.get(f"/monitoreo/planes/{plan.pk}/").content.decode()
        tokens.append((navegador, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]))
    (primero, token_1), (segundo, token_2) = tokens
    copiar = f"/monitoreo/planes/{plan.pk}/copiar/"
    assert segundo.post(copiar, {"csrfmiddlewaretoken": token_1}).status_code == 403  # not its session's
    assert segundo.post(copiar, {"csrfmiddlewaretoken": token_2}).status_code == 302
    assert PlanMonitoreo.objects.filter(institucion=plan.institucion, anio=plan.anio + 1).exists()


def test_otro_ambito_no_lee_el_plan_guardado(mundo, usuarios, client):
    plan = plan_de_este_anio(mundo)
    pedir(client, mundo["director"], plan)
    pedir(client, mundo["ugel"], plan)
    for fuera in ("director_otro", "ugel_otro", "dre_otro", "difoca", "sin_rol"):
        client.force_login(usuarios[fuera])
        assert client.get(f"/monitoreo/planes/{plan.pk}/").status_code == 404, fuera
