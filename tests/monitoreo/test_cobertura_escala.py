"""The coverage at national size: the schools with a plan counted through one hashed list, the cells'
visits read for the page's plans only, the levels across schools counted again after every change
(they are kept per process between changes), and bad input answered without a 500."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoreo import services
from monitoreo.models import Observacion
from tests.monitoreo.test_cobertura import ANIO, URL, contexto, datos, visita  # noqa: F401 - fixture


def _niveles(ctx) -> dict[str, list[int]]:
    return {r["nombre"]: [c for _n, _e, c, _p in r["niveles"]] for r in ctx["niveles"]}


def test_los_niveles_se_cuentan_de_nuevo_tras_cada_cambio(mundo, client, datos):  # noqa: F811
    antes = _niveles(contexto(client, mundo["dre"]))
    primera = next(iter(antes))
    assert sum(antes[primera]) == 4  # rubric 1: levels 3, 3, 1 (UGEL A1) and 4 (UGEL A2)
    kept = client.get(URL)  # kept: the same page, drawn once
    assert "monitoreo/_cobertura_contenido.html" not in [t.name for t in kept.templates]
    assert b"Niveles observados" in kept.content
    # A level corrected: counted again.
    observacion = Observacion.objects.filter(visita__plan=datos["a"], nivel=1).get()
    Observacion.objects.filter(pk=observacion.pk).update(nivel=2)
    ahora = _niveles(contexto(client, mundo["dre"]))
    assert ahora[primera][0] == antes[primera][0] - 1 and ahora[primera][1] == antes[primera][1] + 1
    # A new visit, then a visit deleted through its service (its observations go with it).
    nueva = visita(datos["a"], 1, 1, date(ANIO, 4, 25), rubrica_1=4)
    assert _niveles(contexto(client, mundo["dre"]))[primera][3] == ahora[primera][3] + 1
    services.visita_eliminar(visita=nueva, usuario=mundo["director"])
    assert _niveles(contexto(client, mundo["dre"])) == ahora
    # Another scope, another count: the UGEL sees only its own school's levels.
    assert sum(_niveles(contexto(client, mundo["ugel"]))[primera]) == 3


def _planes(client, usuario, url=URL) -> list[list[dict]]:
    """Each query's plan nodes, as the page ran them (JIT off, as the view sets it), with
    sequential scans priced out, as the catalogue's tests do: a Seq Scan is then one no index
    could answer."""
    client.force_login(usuario)
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(url).status_code == 200
    resultado = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for consulta in capturadas.captured_queries:
            sql = consulta["sql"]
            if sql.startswith("SELECT set_config('pghistory"):
                sql = sql.split("true); ", 1)[1]
            if not sql.lstrip("( ").upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            resultado.append((sql, list(_nodos(plan[0]["Plan"]))))
    return resultado


def _nodos(plan: dict):
    yield plan
    for hijo in plan.get("Plans", []):
        yield from _nodos(hijo)


def test_ninguna_consulta_corre_una_subconsulta_por_escuela_ni_lee_todas_las_visitas(mundo, client, datos):  # noqa: F811
    consultas = _planes(client, mundo["admin"])
    conteo = [sql for sql, _n in consultas if "COUNT" in sql and '"con_plan"' in sql]
    # The schools with a plan: an uncorrelated list of the year's planned schools (PostgreSQL
    # hashes it once), not the plan of each school looked up in a subquery per school.
    assert conteo and all('= ("territorio_institucion"."id")' not in sql for sql in conteo), conteo
    # The visits a cell may match are those of the page's plans, through the plans' index.
    celdas = [nodos for sql, nodos in consultas if '"planeadas"' in sql]
    assert celdas
    for nodos in celdas:
        assert not [
            n for n in nodos if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "monitoreo_visita"
        ]


@pytest.mark.parametrize(
    "consulta",
    [
        "pagina=99999999999999999999",
        "pagina=abc",
        "anio=abc",
        "anio=99999",
        "dre=999999&ugel=abc",
        "plan=xyz",
        "plan=sin&pagina=-3",
    ],
)
def test_datos_raros_no_dan_500_ni_mas_consultas(mundo, client, datos, consulta):  # noqa: F811
    client.force_login(mundo["dre"])
    with CaptureQueriesContext(connection) as normal:  # the default year, as the odd ones get
        assert client.get("/monitoreo/cobertura/").status_code == 200
    with CaptureQueriesContext(connection) as raras:
        respuesta = client.get(f"/monitoreo/cobertura/?{consulta}")
    assert respuesta.status_code == 200
    assert len(raras.captured_queries) <= len(normal.captured_queries) + 1  # +1: the DRE looked up
    # The first page, as without the odd page number (kept or drawn).
    limpia = "&".join(p for p in consulta.split("&") if not p.startswith("pagina="))
    esperada = client.get(f"/monitoreo/cobertura/?{limpia}")
    assert respuesta.content.split(b"<main")[1] == esperada.content.split(b"<main")[1]


POR_PAGINA = 2


@pytest.mark.parametrize("plan", ["", "con", "sin"])
def test_las_paginas_leen_solo_sus_ugeles_en_el_orden_de_siempre(mundo, client, datos, monkeypatch, plan):  # noqa: F811
    """A page's rows come from the UGELs the per-UGEL counts place on it (cobertura.Escuelas): page
    after page, the same schools in the same order as the whole filtered list sorted at once, across
    the UGEL and DRE boundaries, with and without the plan filter."""
    from monitoreo import cobertura
    from tests.factories import InstitucionFactory
    from tests.monitoreo.test_cobertura import plan_de

    for ugel, nombres in (("ugel_a1", "ZCBA"), ("ugel_a2", "BDA"), ("ugel_b1", "CA")):
        for n, letra in enumerate(nombres):
            escuela = InstitucionFactory(
                ugel=mundo[ugel], nombre=f"{letra} escuela", modalidad="ebr_primaria"
            )
            if n % 2:
                plan_de(escuela)
    monkeypatch.setattr(cobertura, "POR_PAGINA", POR_PAGINA)
    for usuario in (mundo["admin"], mundo["dre"], mundo["ugel"]):
        client.force_login(usuario)
        filtros = cobertura.leer_filtros(usuario, {"anio": str(ANIO), "plan": plan})
        todas = cobertura.ordenadas(
            cobertura.con_filtro_plan(cobertura.alcance_filtrado(usuario, filtros), filtros)
        )
        esperadas = [i.codigo_modular for i in todas]
        vistas, numero = [], 1
        while True:
            with CaptureQueriesContext(connection) as capturadas:
                ctx = contexto(client, usuario, f"{URL}&plan={plan}&pagina={numero}")
            vistas += [f.institucion.codigo_modular for f, _e in ctx["filas"]]
            if usuario != mundo["ugel"] and numero > 1:
                filas = [
                    q["sql"]
                    for q in capturadas.captured_queries
                    if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]
                ]
                assert filas and all('"territorio_institucion"."ugel_id" IN' in sql for sql in filas), filas
            if not ctx["pagina"].has_next():
                break
            numero += 1
        assert vistas == esperadas and len(esperadas) > POR_PAGINA, (usuario, vistas, esperadas)
