"""The coverage's figures kept in the cache under the version PostgreSQL bumps per UGEL
(comun.versiones): a second look between changes counts nothing again, and every change, through
the services, the admin's path (a model save) or a bare QuerySet.update, shows at the next request;
a change in another UGEL leaves the kept figures alone, and after one only its UGEL is counted again;
another scope never reads the kept sums and rows."""

from datetime import date

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from comun import versiones
from monitoreo.models import POR_UGEL, Celda, Rubrica
from territorio.models import POR_UGEL as TERRITORIO_POR_UGEL
from territorio.models import Institucion, Ugel
from tests.monitoreo.test_cobertura import ANIO, URL, contexto, datos, plan_de, por_nombre, visita  # noqa: F401
from tests.monitoreo.test_visitas import anio_con_visitas, fecha_valida
from tests.monitoreo.test_visitas import datos as datos_de_visita


def pedir(client, usuario, url=URL):
    client.force_login(usuario)
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(url)
    assert respuesta.status_code == 200
    return respuesta, [q["sql"] for q in consultas.captured_queries]


def contados(sqls) -> bool:
    """Whether the request counted the schools (the figures were not kept)."""
    return any('"con_plan"' in sql for sql in sqls)


def test_la_segunda_mirada_no_cuenta_de_nuevo(mundo, client, datos):  # noqa: F811
    primera, sqls = pedir(client, mundo["dre"])
    assert contados(sqls)
    segunda, sqls_kept = pedir(client, mundo["dre"])
    assert not contados(sqls_kept)
    assert len(sqls_kept) <= len(sqls) - 5  # counts, rubrics, levels, UGEL, rows, cells, visits, averages
    # The page kept drawn: the session and the scope's numbers, nothing else.
    assert len(sqls_kept) == 2 and "comun_version" in sqls_kept[1]
    assert segunda.content.split(b"<main")[1] == primera.content.split(b"<main")[1]
    assert "monitoreo/_cobertura_contenido.html" not in [t.name for t in segunda.templates]


def test_una_visita_registrada_por_el_servicio_se_ve(mundo, client, datos):  # noqa: F811
    url = f"/monitoreo/cobertura/?anio={anio_con_visitas()}"
    plan = plan_de(mundo["inst_a1a"], [(1, 3, fecha_valida().month)], anio=anio_con_visitas())
    antes = por_nombre(pedir(client, mundo["dre"], url)[0].context)["1111111"][0]
    assert antes.visitas == 0
    client.force_login(mundo["director"])
    assert client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos_de_visita()).status_code == 302
    respuesta, sqls = pedir(client, mundo["dre"], url)
    assert contados(sqls)
    fila, etapas = por_nombre(respuesta.context)["1111111"]
    assert fila.visitas == 1 and etapas[0] == (1, 1, 1, 1)
    assert respuesta.context["niveles"][0]["niveles"][2][2] == 1  # rubric 1: one observation at level III


def test_cada_cambio_se_ve_en_el_siguiente_pedido(mundo, client, datos):  # noqa: F811
    def filas():
        return por_nombre(pedir(client, mundo["dre"])[0].context)

    assert filas()["1111111"][1][0] == (1, 3, 2, 3)
    # A calendar cell added (a bulk insert, as the plan's service writes them).
    Celda.objects.bulk_create([Celda(plan=datos["a"], etapa=1, grado=5, mes=9)])
    assert filas()["1111111"][1][0] == (1, 4, 2, 3)
    # A school renamed by a bare update (the admin's or a script's path).
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(nombre="Escuela Renombrada")
    html = pedir(client, mundo["dre"])[0].content.decode()
    assert "Escuela Renombrada" in html
    # A school moved to another DRE leaves this DRE's page and counts.
    mundo["inst_a2"].ugel = mundo["ugel_b1"]
    mundo["inst_a2"].save()
    respuesta = pedir(client, mundo["dre"])[0]
    assert set(por_nombre(respuesta.context)) == {"1111111", "1111112"}
    assert respuesta.context["totales"]["total"] == 2
    # A UGEL renamed: its name in the rows and in the filter.
    Ugel.objects.filter(pk=mundo["ugel_a1"].pk).update(nombre="UGEL Nueva")
    respuesta = pedir(client, mundo["dre"])[0]
    assert {u.nombre for u in respuesta.context["ugeles"]} == {"UGEL Nueva", "UGEL A2"}
    assert "UGEL Nueva" in respuesta.content.decode()
    # A rubric renamed (every UGEL shows the rubrics: version 0).
    rubrica = Rubrica.objects.del_anio(ANIO).first()
    Rubrica.objects.filter(pk=rubrica.pk).update(nombre="Rúbrica renombrada")
    assert pedir(client, mundo["dre"])[0].context["niveles"][0]["nombre"] == "Rúbrica renombrada"
    # A plan deleted, with its cells and visits (Django's cascade).
    datos["a"].delete()
    respuesta = pedir(client, mundo["dre"])[0]
    assert respuesta.context["totales"]["con_plan"] == 0
    assert por_nombre(respuesta.context)["1111111"][0].plan_id is None


def test_un_cambio_en_otra_ugel_no_cuenta_de_nuevo(mundo, client, datos):  # noqa: F811
    pedir(client, mundo["ugel"])
    visita(datos["c"], 1, 1, date(ANIO, 5, 1), rubrica_1=2)  # a school of DRE B
    assert not contados(pedir(client, mundo["ugel"])[1])  # UGEL A1: kept
    visita(datos["b"], 1, 4, date(ANIO, 6, 1))  # UGEL A2, same DRE A, not UGEL A1
    assert not contados(pedir(client, mundo["ugel"])[1])
    assert contados(pedir(client, mundo["dre"])[1])


def test_otro_ambito_no_lee_lo_guardado(mundo, client, datos):  # noqa: F811
    pedir(client, mundo["dre"])
    pedir(client, mundo["admin"])
    respuesta, _sqls = pedir(client, mundo["ugel"])
    # Each UGEL's counts are shared (UGEL A1's are the same in any scope), the sums and rows not.
    assert respuesta.context["totales"] == {"total": 2, "con_plan": 1, "sin_plan": 1}
    assert set(por_nombre(respuesta.context)) == {"1111111", "1111112"}
    assert "1222222" not in respuesta.content.decode() and "2111111" not in respuesta.content.decode()


def test_la_version_sube_en_la_transaccion_del_cambio(mundo, datos):  # noqa: F811
    def numero(ugel):
        return (versiones.numero(TERRITORIO_POR_UGEL, ugel.pk), versiones.numero(POR_UGEL, ugel.pk))

    antes = numero(mundo["ugel_a1"])
    try:
        with transaction.atomic():
            visita(datos["a"], 2, 1, date(ANIO, 8, 3), rubrica_1=4)
            assert numero(mundo["ugel_a1"]) != antes  # in the change's transaction
            raise RuntimeError
    except RuntimeError:
        pass
    assert numero(mundo["ugel_a1"]) == antes  # rolled back with it
    otra = numero(mundo["ugel_b1"])
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(ugel=mundo["ugel_b1"])
    assert numero(mundo["ugel_a1"]) != antes and numero(mundo["ugel_b1"]) != otra  # left and joined


def test_tras_un_cambio_solo_se_cuenta_de_nuevo_su_ugel(mundo, client, datos):  # noqa: F811
    antes = pedir(client, mundo["dre"])[0].context
    visita(datos["b"], 1, 4, date(ANIO, 6, 1), rubrica_1=2)  # UGEL A2
    respuesta, sqls = pedir(client, mundo["dre"])
    cuentas = [sql for sql in sqls if '"con_plan"' in sql or '"nivel"' in sql and "COUNT" in sql]
    assert len(cuentas) == 2  # the schools and the levels, each of UGEL A2 alone
    for sql in cuentas:
        assert f"IN ({mundo['ugel_a2'].pk})" in sql and str(mundo["ugel_a1"].pk) not in sql.split(" IN (")[-1]
    # The sums: UGEL A1's kept figures and UGEL A2's new ones.
    assert respuesta.context["totales"] == antes["totales"]
    nivel_ii = [r["niveles"][1][2] for r in respuesta.context["niveles"]]
    assert nivel_ii[0] == antes["niveles"][0]["niveles"][1][2] + 1


def test_el_anio_por_defecto_sigue_a_los_planes_de_este_anio(mundo, client, datos):  # noqa: F811
    """Without a year the page opens on this one when a school in scope has its plan of this year,
    else on the latest with plans: read from this year's kept per-UGEL counts (no query of its own
    while they are kept), and a plan of this year saved through the service, then deleted, moves it
    at the next request."""
    from django.utils import timezone

    from cuentas.models import Rol
    from monitoreo import services
    from monitoreo.models import PlanMonitoreo
    from tests.factories import usuario_con

    hoy = timezone.localdate().year
    assert contexto(client, mundo["dre"], "/monitoreo/cobertura/")["filtros"].anio == ANIO  # 2024's plans
    plan = PlanMonitoreo(institucion=mundo["inst_a1a"], anio=hoy, titulo="Plan de este año")
    services.plan_guardar(plan=plan, usuario=mundo["director"], celdas={(1, 1, 4)})
    for usuario in (mundo["dre"], mundo["admin"]):
        respuesta, sqls = pedir(client, usuario, "/monitoreo/cobertura/")
        assert respuesta.context["filtros"].anio == hoy
        _, sqls = pedir(client, usuario, "/monitoreo/cobertura/")  # kept: no query for the year
        assert not [sql for sql in sqls if "monitoreo_planmonitoreo" in sql], sqls
    # UGEL A2's specialist has no plan of this year in scope: still 2024.
    otra = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"])
    assert contexto(client, otra, "/monitoreo/cobertura/")["filtros"].anio == ANIO
    plan.delete()
    assert contexto(client, mundo["dre"], "/monitoreo/cobertura/")["filtros"].anio == ANIO


def test_el_anio_de_hoy_esta_en_la_clave(mundo, client, datos, monkeypatch):  # noqa: F811
    """The year choices follow today's year: a page kept last year is not shown this year."""
    import re

    def anios():
        html = pedir(client, mundo["dre"])[0].content.decode()
        return [
            int(a) for a in re.findall(r'value="(\d+)"', html.split('id="f-anio"')[1].split("</select>")[0])
        ]

    hoy = date.today().year
    assert anios() == sorted({ANIO, *range(hoy - 5, hoy + 2)}, reverse=True)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(hoy + 3, 3, 1))
    assert anios() == sorted({ANIO, *range(hoy - 2, hoy + 5)}, reverse=True)


def test_cada_pagina_se_guarda_con_su_numero(mundo, client, datos, monkeypatch):  # noqa: F811
    """Each page is kept under the number it shows: one past the end or below 1 shows the last
    page, a page number that is not a number the first (as Paginator.get_page reads them); a
    change shows on every page at the next request."""
    from monitoreo import cobertura

    monkeypatch.setattr(cobertura, "POR_PAGINA", 2)  # DRE A's three schools: two pages

    def cuerpo(pagina):
        respuesta, sqls = pedir(client, mundo["dre"], f"{URL}&pagina={pagina}")
        return respuesta.content.decode().split("<main")[1], sqls

    primera, segunda = cuerpo(1)[0], cuerpo(2)[0]
    assert "Página 1 de 2" in primera and "Página 2 de 2" in segunda
    guardada, sqls = cuerpo(2)
    assert guardada == segunda and len(sqls) == 2
    for pasada in ("99", "0", "-3"):
        assert cuerpo(pasada)[0] == segunda, pasada
    for rara in ("abc", "2.5", ""):
        assert cuerpo(rara)[0] == primera, rara
    codigo = next(c for c in ("1111111", "1111112", "1222222") if c in segunda)
    Institucion.objects.filter(codigo_modular=codigo).update(nombre="Escuela de la página dos")
    assert "Escuela de la página dos" in cuerpo(2)[0]
    assert "Escuela de la página dos" not in cuerpo(1)[0]
