"""The UGEL's and DRE's coverage of monitoring: figures, scope, bounded queries, the XLSX read back."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from monitoreo.models import Celda, PlanMonitoreo, Visita
from tests.factories import InstitucionFactory
from tests.monitoreo.niveles import visita_con

ANIO = 2024
URL = f"/monitoreo/cobertura/?anio={ANIO}"


def plan_de(institucion, celdas=(), anio=ANIO):
    plan = PlanMonitoreo.objects.create(institucion=institucion, anio=anio, titulo="Plan")
    Celda.objects.bulk_create(Celda(plan=plan, etapa=e, grado=g, mes=m) for e, g, m in celdas)
    return plan


def visita(plan, etapa, grado, fecha, **niveles):
    return visita_con(plan=plan, docente="Ana", etapa=etapa, grado=grado, fecha=fecha, **niveles)


@pytest.fixture
def datos(mundo):
    """inst_a1a: a plan with 3 cells in stage 1 (two visited) and 1 in stage 2; inst_a1b: no plan;
    inst_a2 (other UGEL of DRE A): a plan with one cell, visited; inst_b1 (DRE B): a plan."""
    a = plan_de(mundo["inst_a1a"], [(1, 1, 4), (1, 2, 4), (1, 3, 5), (2, 1, 8)])
    visita(a, 1, 1, date(ANIO, 4, 10), rubrica_1=3, rubrica_2=2)
    visita(a, 1, 2, date(ANIO, 4, 20), rubrica_1=3, rubrica_2=4)
    visita(a, 1, 3, date(ANIO, 6, 2), rubrica_1=1)  # grade 3 visited in June: its May cell is not done
    b = plan_de(mundo["inst_a2"], [(1, 4, 5)])
    visita(b, 1, 4, date(ANIO, 5, 5), rubrica_1=4)
    c = plan_de(mundo["inst_b1"], [(1, 1, 4)])
    visita(c, 1, 1, date(ANIO, 4, 1), rubrica_5=2)
    plan_de(mundo["inst_a1b"], [(1, 1, 4)], anio=ANIO - 1)  # last year's does not count
    return {"a": a, "b": b, "c": c}


def contexto(client, usuario, url=URL):
    client.force_login(usuario)
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    return respuesta.context


def por_nombre(ctx):
    return {f.institucion.codigo_modular: (f, etapas) for f, etapas in ctx["filas"]}


def test_cobertura_de_la_ugel(mundo, client, datos):
    ctx = contexto(client, mundo["ugel"])
    filas = por_nombre(ctx)
    assert set(filas) == {"1111111", "1111112"}  # its UGEL's schools only, with or without plan
    assert ctx["totales"] == {"total": 2, "con_plan": 1, "sin_plan": 1}
    fila, etapas = filas["1111111"]
    # (stage, planned cells, cells with a visit in their month, visits)
    assert etapas == [(1, 3, 2, 3), (2, 1, 0, 0)]
    assert fila.visitas == 3 and fila.ultima == date(ANIO, 6, 2)
    assert fila.promedios[:3] == [pytest.approx(7 / 3, abs=0.01), 3.0, None]
    sin_plan, etapas = filas["1111112"]
    assert sin_plan.plan_id is None and sin_plan.visitas == 0 and etapas == [(1, 0, 0, 0), (2, 0, 0, 0)]
    r1 = ctx["niveles"][0]
    assert [c for _n, _e, c, _p in r1["niveles"]] == [1, 0, 2, 0] and r1["total"] == 3
    assert ctx["ugeles"] == []  # one UGEL: no filter to offer


def test_cobertura_de_la_dre_y_filtros(mundo, client, datos):
    ctx = contexto(client, mundo["dre"])
    assert set(por_nombre(ctx)) == {"1111111", "1111112", "1222222"}
    assert ctx["totales"] == {"total": 3, "con_plan": 2, "sin_plan": 1}
    assert [c for _n, _e, c, _p in ctx["niveles"][0]["niveles"]] == [1, 0, 2, 1]
    assert {u.nombre for u in ctx["ugeles"]} == {"UGEL A1", "UGEL A2"}
    ctx = contexto(client, mundo["dre"], f"{URL}&ugel={mundo['ugel_a2'].pk}")
    assert set(por_nombre(ctx)) == {"1222222"}
    assert por_nombre(ctx)["1222222"][1] == [(1, 1, 1, 1)]
    ctx = contexto(client, mundo["dre"], f"{URL}&plan=sin")
    assert set(por_nombre(ctx)) == {"1111112"}
    assert ctx["totales"]["total"] == 3  # the counts are before the with/without filter
    # A UGEL of another DRE is ignored: the DRE's own schools, the page kept without the filter.
    sin_filtro = client.get(URL).content.split(b"<main")[1]
    otra = client.get(f"{URL}&ugel={mundo['ugel_b1'].pk}")
    assert otra.status_code == 200 and otra.content.split(b"<main")[1] == sin_filtro
    assert all(codigo in sin_filtro for codigo in (b"1111111", b"1111112", b"1222222"))


def test_otro_anio_sin_planes(mundo, client, datos):
    ctx = contexto(client, mundo["ugel"], "/monitoreo/cobertura/?anio=2023")
    assert ctx["totales"] == {"total": 2, "con_plan": 1, "sin_plan": 1}  # inst_a1b's 2023 plan
    assert ctx["niveles"][0]["total"] == 0


@pytest.mark.parametrize(
    "rol, estado",
    [
        ("director", 404),
        ("director_otro", 404),
        ("ugel", 200),
        ("ugel_otro", 200),
        ("dre", 200),
        ("dre_otro", 200),
        ("difoca", 404),
        ("admin", 200),
        ("sin_rol", 404),
    ],
)
def test_quien_ve_la_cobertura(usuarios, client, datos, rol, estado):
    client.force_login(usuarios[rol])
    respuesta = client.get(URL)
    assert respuesta.status_code == estado
    xlsx = client.get(f"/exportaciones/monitoreo.cobertura_xlsx/?anio={ANIO}&dre=&ugel=&plan=")
    assert xlsx.status_code == estado
    if rol == "ugel_otro":  # only its own UGEL (DRE B), never DRE A's schools
        assert set(por_nombre(respuesta.context)) == {"2111111"}
    if rol == "admin":
        assert len(por_nombre(respuesta.context)) == 4


def test_anonimo_va_al_ingreso(db, client):
    respuesta = client.get("/monitoreo/cobertura/")
    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("cuentas:ingresar"))


def test_inicio_solo_para_especialistas(usuarios, client, datos):
    for rol, ve in (("ugel", True), ("dre", True), ("admin", True), ("director", False), ("difoca", False)):
        client.force_login(usuarios[rol])
        html = client.get("/").content.decode()
        assert ('href="/monitoreo/cobertura/"' in html) is ve, rol
    client.force_login(usuarios["ugel"])
    html = " ".join(client.get("/").content.decode().split())
    assert "0 de 2 escuelas de tu ámbito tienen su plan" in html  # this year: none yet


def consultas(client, usuario):
    client.force_login(usuario)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_consultas_acotadas(mundo, client, datos):
    """3 schools or 30, each with a plan and visits: the same number of queries."""
    pocas = consultas(client, mundo["dre"])
    for n in range(27):
        escuela = InstitucionFactory(
            ugel=mundo["ugel_a1"], codigo_modular=f"3{n:06d}", modalidad="ebr_primaria"
        )
        plan = plan_de(escuela, [(1, 1, 4), (2, 2, 8)])
        visita(plan, 1, 1, date(ANIO, 4, 3), rubrica_1=2)
        visita(plan, 2, 2, date(ANIO, 8, 3), rubrica_2=3)
    assert consultas(client, mundo["dre"]) == pocas


def leer_xlsx(client, usuario, consulta=f"anio={ANIO}&dre=&ugel=&plan="):
    client.force_login(usuario)
    respuesta = client.get(f"/exportaciones/monitoreo.cobertura_xlsx/?{consulta}")
    assert respuesta.status_code == 200
    return load_workbook(BytesIO(b"".join(respuesta.streaming_content)))


def test_xlsx_de_la_cobertura(mundo, client, datos):
    libro = leer_xlsx(client, mundo["ugel"])
    ws = libro["Cobertura"]
    assert "2024" in ws["A1"].value and "UGEL A1" in ws["A1"].value and "DRE A" in ws["A1"].value
    encabezado = [c.value for c in ws[3]]
    assert encabezado[:5] == ["UGEL", "Código modular", "Institución", "Distrito", "Tiene plan"]
    assert ws.auto_filter.ref.startswith("A3:")
    assert ws.freeze_panes == "D4"  # the header and whose row it is (UGEL, code, school) stay in sight
    assert ws["A1"].font.bold and "Niveles de rúbrica: I = 1" in ws["A2"].value
    assert ws.column_dimensions["C"].width == 36 and ws["A3"].font.bold and ws["A3"].alignment.wrap_text
    assert ws.page_setup.orientation == "landscape" and (ws.page_setup.fitToWidth or 1) == 1
    filas = {fila[1]: fila for fila in ws.iter_rows(min_row=4, values_only=True)}
    assert set(filas) == {"1111111", "1111112"}
    fila = dict(zip(encabezado, filas["1111111"], strict=True))
    assert fila["Tiene plan"] == "Sí"
    assert fila["Etapa 1: celdas planificadas"] == 3 and fila["Etapa 1: celdas con visita"] == 2
    assert fila["Etapa 2: celdas planificadas"] == 1 and fila["Visitas"] == 3
    assert fila["Última visita"].date() == date(ANIO, 6, 2)
    r2 = next(k for k in encabezado if k.startswith("Rúbrica 2"))
    assert fila[r2] == 3  # a number, averageable: (2 + 4) / 2
    assert dict(zip(encabezado, filas["1111112"], strict=True))["Tiene plan"] == "No"
    niveles = libro["Niveles por rúbrica"]
    assert niveles.auto_filter.ref.startswith("A3:")
    conteo = {(r, nivel): n for r, _nombre, nivel, _et, n in niveles.iter_rows(min_row=4, values_only=True)}
    assert conteo[(1, 1)] == 1 and conteo[(1, 3)] == 2 and conteo[(2, 4)] == 1
    assert all(isinstance(nivel, int) and 1 <= nivel <= 4 for _r, nivel in conteo)


def test_xlsx_de_la_dre_filtrado(mundo, client, datos):
    libro = leer_xlsx(client, mundo["dre"], f"anio={ANIO}&dre=&ugel={mundo['ugel_a2'].pk}&plan=con")
    ws = libro["Cobertura"]
    assert "UGEL A2" in ws["A1"].value and "con plan" in ws["A1"].value
    assert [fila[1] for fila in ws.iter_rows(min_row=4, values_only=True)] == ["1222222"]


# --- the plan page's progress --------------------------------------------------------------------


def test_avance_del_plan_por_etapa_grado_y_docente(mundo, client, datos):
    from monitoreo import avance

    plan = PlanMonitoreo.objects.prefetch_related("celdas", "visitas").get(pk=datos["a"].pk)
    visita(plan, 1, 1, date(ANIO, 4, 25), rubrica_1=4)  # Ana again in stage 1: averaged
    visita(plan, 2, 1, date(ANIO, 8, 3), rubrica_1=2)
    Visita.objects.create(plan=plan, docente="  Luis   Quispe ", etapa=1, grado=5, fecha=date(ANIO, 5, 2))
    plan = PlanMonitoreo.objects.prefetch_related("celdas", "visitas").get(pk=plan.pk)
    etapas = avance.por_etapa_y_grado(plan)
    uno = {g.grado: g for g in etapas[0].grados}
    assert (etapas[0].planeadas, etapas[0].hechas) == (3, 2)
    assert uno[3].meses == [5] and uno[3].hechos == [] and uno[3].pendientes == ["Mayo"]
    assert uno[1].visitas == 2 and uno[1].porcentaje == 100
    assert uno[5].meses == [] and uno[5].visitas == 1  # a grade the stage did not plan
    assert (etapas[1].planeadas, etapas[1].hechas) == (1, 1)
    # This month: April of the plan's year; grade 3's cell is in May, so none pending in April.
    assert avance.pendientes_del_mes(plan, date(ANIO, 4, 30)) == []
    assert avance.pendientes_del_mes(plan, date(ANIO, 5, 3)) == [(1, "Tercer grado")]
    assert avance.pendientes_del_mes(plan, date(ANIO + 1, 5, 3)) is None  # another year
    docentes = {d["nombre"]: d for d in avance.por_docente(plan)}
    assert set(docentes) == {"Ana", "Luis Quispe"}
    ana = docentes["Ana"]
    assert ana["etapas"] == [1, 2] and ana["visitas"] == 5
    r1 = ana["niveles"][0][1]
    assert r1 == [round((3 + 3 + 1 + 4) / 4, 1), 2]
    barras = [b for b in ana["grafico"]["barras"] if b["nivel"]]
    assert len(barras) == 3  # R1 in both stages, R2 in stage 1, none elsewhere
    assert "R1: E1 2.8, E2 II" in ana["grafico"]["resumen"]


def test_la_pagina_del_plan_muestra_el_avance(mundo, client, datos):
    client.force_login(mundo["ugel"])
    html = client.get(f"/monitoreo/planes/{datos['a'].pk}/").content.decode()
    assert "3 de 3 grados visitados" in html and "(100 %)" in html  # grade 3 visited, in June
    assert "2 de 3 visitas planificadas hechas en su mes" in html
    assert "0 de 1 grados visitados" in html and "0 de 1 visitas planificadas" in html
    assert html.count('class="grafico-niveles"') == 1 and "Ana: R1: E1 2.3" in html
    assert 'id="pendientes-mes"' not in html  # the plan is not of this year
    inicio = html.index('class="grafico-niveles"')
    svg = html[inicio : html.index("</svg>", inicio)]  # the chart's own (the icons are <svg> too)
    assert 'x="29.0"' in svg and ",0" not in svg  # coordinates never in the locale's decimal comma


def test_la_demo_da_a_la_ugel_el_collao_escuelas_que_comparar(db, client, settings):
    settings.DEBUG = True  # cargar_demo refuses to run otherwise
    from io import StringIO

    from django.core.management import call_command

    from cuentas.models import Usuario

    call_command("cargar_demo", stdout=StringIO())
    ctx = contexto(client, Usuario.objects.get(username="ugel.collao"), "/monitoreo/cobertura/?anio=2024")
    assert ctx["totales"] == {"total": 3, "con_plan": 2, "sin_plan": 1}
    filas = por_nombre(ctx)
    assert filas["9070401"][1] == [(1, 12, 3, 3), (2, 12, 1, 1), (3, 0, 0, 0)]
    assert filas["9070402"][0].plan_id is None


def test_las_paginas_conservan_los_filtros(mundo, client, datos, monkeypatch):
    from monitoreo import cobertura

    monkeypatch.setattr(cobertura, "POR_PAGINA", 2)
    client.force_login(mundo["dre"])
    respuesta = client.get(f"{URL}&plan=")
    assert len(respuesta.context["filas"]) == 2
    html = respuesta.content.decode()
    assert f"?anio={ANIO}&amp;dre=&amp;ugel=&amp;plan=&amp;pagina=2" in html
    segunda = client.get(f"{URL}&pagina=2")
    assert set(por_nombre(segunda.context)) == {"1222222"}  # ordered by UGEL, then name
