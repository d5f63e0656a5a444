"""The home's counts of the specialists and national users kept in the cache under each UGEL's
change numbers (comun.versiones, read by monitoreo.cobertura.version_del_pedido): a
second visit between changes counts no institution, and every change of what they count (an
institution added by a model save, moved or changed by a bare update, a plan of the year added or
deleted, a UGEL renamed) shows at the next request; another scope never reads another's counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cuentas.models import Rol
from monitoreo.models import PlanMonitoreo, Visita
from territorio.models import Dre, Institucion, Ugel
from tests.factories import InstitucionFactory, usuario_con


@pytest.fixture(autouse=True)
def cache_vacia():
    cache.clear()


def pedir(client, usuario):
    client.force_login(usuario)
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = client.get("/")
    assert respuesta.status_code == 200
    sqls = [q["sql"] for q in capturadas.captured_queries]
    return " ".join(respuesta.content.decode().split()), sqls


def contadas(sqls) -> bool:
    """Whether the request counted institutions (per UGEL and modality, or schools with a plan)."""
    return any(
        'FROM "territorio_institucion"' in sql and ("COUNT(*)" in sql or '"con_plan"' in sql) for sql in sqls
    )


def por_modalidad(sqls) -> int:
    """How many of the request's queries counted institutions per UGEL and modality (the table)."""
    return sum('FROM "territorio_institucion"' in sql and "COUNT(*)" in sql for sql in sqls)


def fila(html, ugel) -> str:
    inicio = html.index(f'?ugel={ugel.pk}">')
    return html[inicio : html.index("</tr>", inicio)]


def test_la_segunda_visita_no_cuenta_y_cada_cambio_se_ve(client, mundo):
    escuela = InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ebr_primaria", nombre="Escuela Uno")
    html, sqls = pedir(client, mundo["dre"])
    assert contadas(sqls)
    assert "0 de 1 escuela de tu ámbito tiene su plan" in html
    assert 'data-label="Instituciones">3</td>' in fila(html, mundo["ugel_a1"])
    segunda, sqls = pedir(client, mundo["dre"])
    assert not contadas(sqls)
    assert segunda.split("<main")[1] == html.split("<main")[1]
    # An institution added (a model save: the admin's path).
    InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="cetpro")
    html, sqls = pedir(client, mundo["dre"])
    assert contadas(sqls)
    assert 'data-label="Instituciones">4</td>' in fila(html, mundo["ugel_a1"])
    # A plan of this year (its school's UGEL's number goes up).
    plan = PlanMonitoreo.objects.create(institucion=escuela, anio=timezone.localdate().year, titulo="Plan")
    assert "1 de 1 escuela de tu ámbito tiene su plan" in pedir(client, mundo["dre"])[0]
    plan.delete()
    assert "0 de 1 escuela de tu ámbito tiene su plan" in pedir(client, mundo["dre"])[0]
    # A modality changed and a school moved to the other UGEL of the DRE, by bare updates.
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(modalidad="cetpro")
    Institucion.objects.filter(pk=escuela.pk).update(ugel=mundo["ugel_a2"])
    html = pedir(client, mundo["dre"])[0]
    assert 'data-label="Instituciones">3</td>' in fila(html, mundo["ugel_a1"])
    assert "CEBA: 1</span>" in fila(html, mundo["ugel_a1"]) and "CETPRO: 2</span>" in fila(
        html, mundo["ugel_a1"]
    )
    assert 'data-label="Instituciones">2</td>' in fila(html, mundo["ugel_a2"])
    assert "0 de 1 escuela de tu ámbito tiene su plan" in html
    # A school moved out of the DRE.
    Institucion.objects.filter(pk=escuela.pk).update(ugel=mundo["ugel_b1"])
    html = pedir(client, mundo["dre"])[0]
    assert "escuela de tu ámbito" not in html and "escuelas de tu ámbito" not in html
    # A UGEL renamed.
    Ugel.objects.filter(pk=mundo["ugel_a2"].pk).update(nombre="UGEL Renombrada")
    assert '">UGEL Renombrada</a>' in pedir(client, mundo["dre"])[0]
    # Its DRE renamed (every UGEL of the DRE shows the name).
    Dre.objects.filter(pk=mundo["dre_a"].pk).update(nombre="DRE Renombrada")
    assert '<td data-label="DRE">DRE Renombrada</td>' in fila(
        pedir(client, mundo["dre"])[0], mundo["ugel_a1"]
    )


def test_un_cambio_en_otra_ugel_no_cuenta_de_nuevo(client, mundo):
    pedir(client, mundo["ugel"])  # UGEL A1
    InstitucionFactory(ugel=mundo["ugel_a2"], modalidad="cetpro")
    assert not contadas(pedir(client, mundo["ugel"])[1])
    assert contadas(pedir(client, mundo["dre"])[1])  # A2 counted again; A1 kept


def test_cada_ambito_ve_solo_lo_suyo(client, mundo):
    """The national user's visit keeps every UGEL's counts; a UGEL's specialist then reads only
    their UGEL's; one who also directs a school elsewhere counts their own scope."""
    InstitucionFactory.create_batch(2, ugel=mundo["ugel_b1"], modalidad="cetpro")
    nacional = pedir(client, mundo["admin"])[0]
    assert f'?ugel={mundo["ugel_b1"].pk}"' in nacional
    html, sqls = pedir(client, mundo["ugel"])
    assert not contadas(sqls)
    assert f'?ugel={mundo["ugel_a1"].pk}"' in html
    assert f'?ugel={mundo["ugel_a2"].pk}"' not in html and f'?ugel={mundo["ugel_b1"].pk}"' not in html
    mixto = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"])
    mixto.asignaciones.create(rol=Rol.DIRECTOR, institucion=mundo["inst_b1"])
    html = pedir(client, mixto)[0]
    assert 'data-label="Instituciones">1</td>' in fila(html, mundo["ugel_b1"])  # their school only
    assert 'data-label="Instituciones">1</td>' in fila(html, mundo["ugel_a2"])


def test_un_cambio_del_monitoreo_no_vuelve_a_contar_la_tabla(client, mundo):
    """The table of institutions keys on each UGEL's territory number alone: a plan or a visit (the
    UGEL's monitoring number) is shown by the coverage section without counting the institutions
    again; a change of the institutions by plain SQL is counted again, in its UGEL only."""
    escuela = InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ebr_primaria", nombre="Escuela Uno")
    html, sqls = pedir(client, mundo["dre"])
    assert por_modalidad(sqls) == 1
    tabla = html[html.index("Instituciones a tu cargo") :]
    # A plan of this year (a model save) and a visit to it (another statement trigger).
    plan = PlanMonitoreo.objects.create(institucion=escuela, anio=timezone.localdate().year, titulo="Plan")
    html, sqls = pedir(client, mundo["dre"])
    assert "1 de 1 escuela de tu ámbito tiene su plan" in html
    assert por_modalidad(sqls) == 0 and html[html.index("Instituciones a tu cargo") :] == tabla
    Visita.objects.create(plan=plan, docente="Ana Pérez", grado=1, etapa=1, fecha=timezone.localdate())
    html, sqls = pedir(client, mundo["dre"])
    assert por_modalidad(sqls) == 0 and html[html.index("Instituciones a tu cargo") :] == tabla
    # An institution's modality changed by plain SQL: its UGEL is counted again, and only it.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE territorio_institucion SET modalidad = 'cetpro' WHERE id = %s", [escuela.pk])
    html, capturadas = pedir(client, mundo["dre"])
    contadas_ahora = [
        sql for sql in capturadas if 'FROM "territorio_institucion"' in sql and "COUNT(*)" in sql
    ]
    assert len(contadas_ahora) == 1 and f"IN ({mundo['ugel_a1'].pk})" in contadas_ahora[0]
    assert "CEBA: 2</span>" in fila(html, mundo["ugel_a1"]) and "CETPRO: 1</span>" in fila(
        html, mundo["ugel_a1"]
    )
    assert "Primaria" not in fila(html, mundo["ugel_a1"]) and "Primaria" in tabla
