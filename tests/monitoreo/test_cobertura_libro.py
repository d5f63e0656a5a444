"""The coverage workbook from the figures the coverage keeps per UGEL (cobertura.cifras_del_libro):
the same workbook as counted afresh, a second download counts no visit or observation again, and
every change (a visit through its form, a level by a bare update, a cell inserted in bulk, a plan
deleted, a school renamed) is in the next download; only the changed UGEL is counted again."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoreo.models import Celda, Observacion, PlanMonitoreo
from territorio.models import Institucion
from tests.monitoreo.test_cobertura import ANIO, datos, leer_xlsx  # noqa: F401 - fixture
from tests.monitoreo.test_visitas import anio_con_visitas, fecha_valida
from tests.monitoreo.test_visitas import datos as datos_de_visita


def valores(libro) -> dict[str, list[tuple]]:
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in libro.worksheets}


def descargar(client, usuario, consulta=f"anio={ANIO}&dre=&ugel=&plan="):
    with CaptureQueriesContext(connection) as consultas:
        libro = leer_xlsx(client, usuario, consulta)
    sqls = [q["sql"] for q in consultas.captured_queries]
    return valores(libro), sqls


def contadas(sqls) -> list[str]:
    """The queries that count visits, cells or observations."""
    return [s for s in sqls if "monitoreo_observacion" in s or "monitoreo_celda" in s]


def fila_de(hojas, codigo):
    encabezado = hojas["Cobertura"][2]
    fila = next(f for f in hojas["Cobertura"][3:] if f[1] == codigo)
    return dict(zip(encabezado, fila, strict=True))


def niveles(hojas):
    return {(r, nivel): n for r, _nombre, nivel, _et, n in hojas["Niveles por rúbrica"][3:]}


def test_lo_guardado_da_el_mismo_libro_sin_contar(mundo, client, datos):  # noqa: F811
    for usuario, consulta in (
        (mundo["dre"], f"anio={ANIO}&dre=&ugel=&plan="),
        (mundo["ugel"], f"anio={ANIO}&dre=&ugel=&plan=con"),
        (mundo["admin"], f"anio={ANIO}&dre={mundo['dre_a'].pk}&ugel=&plan="),
        (mundo["dre"], f"anio={ANIO}&dre=&ugel=&plan=sin"),
    ):
        cache.clear()
        primera, sqls = descargar(client, usuario, consulta)
        segunda, sqls_kept = descargar(client, usuario, consulta)
        assert segunda == primera and not contadas(sqls_kept), consulta
    fila = fila_de(primera := descargar(client, mundo["dre"])[0], "1111111")
    assert fila["Etapa 1: celdas planificadas"] == 3 and fila["Visitas"] == 3
    assert niveles(primera)[(1, 3)] == 2


def test_cada_cambio_esta_en_la_siguiente_descarga(mundo, client, datos):  # noqa: F811
    descargar(client, mundo["dre"])
    # A level corrected by a bare update: only its UGEL (A1) is counted again.
    observacion = Observacion.objects.filter(visita__plan=datos["a"], nivel=1).get()
    Observacion.objects.filter(pk=observacion.pk).update(nivel=2)
    hojas, sqls = descargar(client, mundo["dre"])
    assert niveles(hojas)[(1, 1)] == 0 and niveles(hojas)[(1, 2)] == 1
    assert contadas(sqls) and all(f"IN ({mundo['ugel_a1'].pk})" in s or "ANY" in s for s in contadas(sqls))
    # A cell inserted in bulk (as the plan's service writes them), a school renamed.
    Celda.objects.bulk_create([Celda(plan=datos["a"], etapa=1, grado=5, mes=9)])
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(nombre="Escuela Renombrada")
    fila = fila_de(descargar(client, mundo["dre"])[0], "1111111")
    assert fila["Etapa 1: celdas planificadas"] == 4 and fila["Institución"] == "Escuela Renombrada"
    # A visit registered through its form.
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=anio_con_visitas(), titulo="P")
    Celda.objects.create(plan=plan, etapa=1, grado=3, mes=fecha_valida().month)
    consulta = f"anio={anio_con_visitas()}&dre=&ugel=&plan="
    assert fila_de(descargar(client, mundo["dre"], consulta)[0], "1111111")["Visitas"] == 0
    client.force_login(mundo["director"])
    assert client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos_de_visita()).status_code == 302
    fila = fila_de(descargar(client, mundo["dre"], consulta)[0], "1111111")
    assert fila["Visitas"] == 1 and fila["Etapa 1: celdas con visita"] == 1
    # A plan deleted, with its cells and visits.
    datos["a"].delete()
    hojas = descargar(client, mundo["dre"])[0]
    assert fila_de(hojas, "1111111")["Tiene plan"] == "No" and niveles(hojas)[(1, 3)] == 0


def test_quien_no_abarca_ugeles_enteras_cuenta_directo(mundo, client, datos):  # noqa: F811
    """A specialist who also directs a school elsewhere: counted directly, their scope's rows."""
    from cuentas.models import Asignacion, Rol

    Asignacion.objects.create(usuario=mundo["ugel"], rol=Rol.DIRECTOR, institucion=mundo["inst_b1"])
    hojas = descargar(client, mundo["ugel"])[0]
    assert {f[1] for f in hojas["Cobertura"][3:]} == {"1111111", "1111112", "2111111"}
    assert fila_de(hojas, "2111111")["Visitas"] == 1
