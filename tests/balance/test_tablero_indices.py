"""The boards at national size: the campaign board reads matrices through their indexes (asserted on
PostgreSQL's plans), its charts' figures are counted once per change of the campaign's matrices
(Campana.marcar_cambio, comun.versiones) and are current after every change, and its queries do not
grow with the data."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balance import services
from balance.models import CAMBIOS_CAMPANA, Matriz
from comun import versiones
from cuentas.models import Rol
from territorio.models import Institucion, Modalidad
from tests.factories import UgelFactory, usuario_con

from .conftest import LINEAMIENTOS, campana_abierta, enviar, llenar

TABLA = Matriz._meta.db_table
POR_UGEL = 40  # 20 UGEL × 40 CEBA × 4 years: 3,200 matrices, priced as at national size


@pytest.fixture
def nacional(mundo):
    """A DRE of 20 UGEL with 800 CEBA, and its DRE-wide campaigns of four years, all open."""
    dre = mundo["dre_a"]
    ugeles = [UgelFactory(dre=dre, nombre=f"UGEL {n:02d}") for n in range(20)]
    Institucion.objects.bulk_create(
        Institucion(
            codigo_modular=f"{5000000 + n:07d}",
            nombre=f"CEBA {n:04d}",
            modalidad=Modalidad.CEBA,
            ugel=ugeles[n % len(ugeles)],
        )
        for n in range(POR_UGEL * len(ugeles))
    )
    campanas = [
        campana_abierta(mundo, anio=a, titulo=f"Balance {a}", dre=dre) for a in (2020, 2021, 2022, 2023)
    ]
    with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
        cursor.execute("ANALYZE")
    cache.clear()
    return {"campana": campanas[-1], "dre": dre, "ugel": ugeles[0]}


def _sentencia(sql: str) -> str:
    # The history middleware sends its context in front of the first query of a request.
    return sql.split("true); ", 1)[1] if sql.startswith("SELECT set_config('pghistory") else sql


def _nodos(plan: dict):
    yield plan
    for hijo in plan.get("Plans", []):
        yield from _nodos(hijo)


def consultas(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(url).status_code == 200
    return [_sentencia(q["sql"]) for q in capturadas.captured_queries]


def test_el_tablero_lee_las_matrices_por_sus_indices(client, mundo, nacional):
    client.force_login(mundo["admin"])
    url = reverse("balance:tablero", args=[nacional["campana"].pk])
    client.get(url)  # the charts counted once
    # Without a search the counts and the page are one statement (a CTE: the scope written once);
    # a search counts what it finds apart.
    for consulta, sentencias in (("", 1), ("?q=CEBA", 3)):
        leidas = 0
        with connection.cursor() as cursor:
            for sql in consultas(client, url + consulta):
                if not sql.upper().startswith(("SELECT", "WITH")) or f'"{TABLA}"' not in sql:
                    continue
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                nodos = list(_nodos(cursor.fetchone()[0][0]["Plan"]))
                secuenciales = [
                    n for n in nodos if n["Node Type"] == "Seq Scan" and n["Relation Name"] == TABLA
                ]
                assert not secuenciales, sql  # one campaign of four: by its index, not every matrix
                leidas += 1
        assert leidas == sentencias, consulta


def test_los_graficos_se_cuentan_una_vez_por_cambio(client, mundo, nacional):
    client.force_login(mundo["admin"])
    url = reverse("balance:tablero", args=[nacional["campana"].pk])
    client.get(url)
    segunda = consultas(client, url)
    assert not any("balance_dificultad" in sql for sql in segunda)  # kept from the first
    # The DRE board: the same, over the year's campaigns.
    url_dre = reverse("balance:dre_tablero", args=[nacional["dre"].pk, 2023])
    client.get(url_dre)
    assert not any("balance_dificultad" in sql for sql in consultas(client, url_dre))


def _cifra(html: str, grafico: str, fila: str) -> int:
    """A figure of a chart's data table (the chart's text alternative)."""
    seccion = html.split(f'id="grafico-{grafico}"', 1)[1].split("</figure>", 1)[0]
    return int(re.search(rf">{re.escape(fila)}</th><td class=\"text-end\">(\d+)<", seccion).group(1))


def test_los_graficos_siguen_cada_cambio(client, mundo, nacional):
    """Every change of a matrix, by any app server (here the services, as another process would),
    shows on the next board: the key the figures are kept under is read from the database."""
    campana = nacional["campana"]
    client.force_login(mundo["admin"])
    url = reverse("balance:tablero", args=[campana.pk])
    html = client.get(url).content.decode()
    assert _cifra(html, "estados", "Enviada") == 0
    assert "Sin categoría" not in html.split('id="grafico-dificultades"', 1)[1].split("</figure>")[0]
    director = mundo["director"]
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    antes = versiones.numero(CAMBIOS_CAMPANA, campana.pk)
    enviar(matriz, director)  # a save (its difficulties) and a send
    assert versiones.numero(CAMBIOS_CAMPANA, campana.pk) not in (0, antes)  # a new number
    html = client.get(url).content.decode()
    assert _cifra(html, "estados", "Enviada") == 1
    assert _cifra(html, "dificultades", "Sin categoría") == len(LINEAMIENTOS)
    services.matriz_aprobar(matriz=matriz, usuario=mundo["admin"])
    html = client.get(url).content.decode()
    assert _cifra(html, "estados", "Enviada") == 0
    assert _cifra(html, "estados", "Aprobada") == 1


def test_un_autoguardado_de_otro_texto_no_cuenta(mundo, nacional):
    """What the charts count did not change: their figures stay kept (a busy campaign autosaves
    all day; its board is not counted again for each of them)."""
    campana = nacional["campana"]
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    matriz = llenar(matriz, mundo["director"])
    antes = versiones.numero(CAMBIOS_CAMPANA, campana.pk)
    fila = matriz.filas.first()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={fila.pk: services.DatosFila(acciones="Otro texto")},
    )
    assert versiones.numero(CAMBIOS_CAMPANA, campana.pk) == antes
    matriz.refresh_from_db()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={fila.pk: services.DatosFila(dificultades=["Asistencia irregular", "Sin señal"])},
    )
    assert versiones.numero(CAMBIOS_CAMPANA, campana.pk) not in (0, antes)


def test_cada_alcance_sus_propias_cifras(client, mundo, nacional):
    """The figures are kept per scope: a UGEL specialist's board counts only their UGEL's matrices,
    even right after a national user's board counted the whole campaign."""
    campana = nacional["campana"]
    for matriz in Matriz.objects.filter(campana=campana, institucion__ugel=nacional["ugel"])[:2]:
        llenar(matriz, mundo["admin"])
    url = reverse("balance:tablero", args=[campana.pk])
    client.force_login(mundo["admin"])
    html = client.get(url).content.decode()
    assert _cifra(html, "dificultades", "Sin categoría") == 2 * len(LINEAMIENTOS)
    client.force_login(usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"]))
    html = client.get(url).content.decode()
    assert "Sin categoría" not in html.split('id="grafico-dificultades"', 1)[1].split("</figure>")[0]
    assert (
        _cifra(html, "estados", "Sin iniciar")
        == Matriz.objects.filter(campana=campana, institucion__ugel=mundo["ugel_a2"]).count()
    )


def test_una_escuela_movida_de_ugel_sale_de_las_cifras_de_su_especialista(client, mundo, nacional):
    """Which matrices a UGEL specialist's board counts follows where each school is: a school moved
    to another UGEL by a bare update (no balance service runs) leaves the kept figures at once."""
    campana, ugel = nacional["campana"], nacional["ugel"]
    llenas = list(Matriz.objects.filter(campana=campana, institucion__ugel=ugel)[:2])
    for matriz in llenas:
        llenar(matriz, mundo["admin"])
    url = reverse("balance:tablero", args=[campana.pk])
    client.force_login(usuario_con(Rol.ESPECIALISTA_UGEL, ugel))
    html = client.get(url).content.decode()
    assert _cifra(html, "dificultades", "Sin categoría") == 2 * len(LINEAMIENTOS)
    Institucion.objects.filter(pk=llenas[0].institucion_id).update(ugel=mundo["ugel_a2"])
    html = client.get(url).content.decode()
    assert _cifra(html, "dificultades", "Sin categoría") == len(LINEAMIENTOS)


def test_consultas_del_tablero_dre_no_crecen(client, mundo, nacional, django_assert_max_num_queries):
    """220 rows or 20: the DRE board's queries are the same (the rows drawn from two aggregates)."""
    client.force_login(mundo["admin"])
    url_dre = reverse("balance:dre_tablero", args=[nacional["dre"].pk, 2023])
    client.get(url_dre)
    with CaptureQueriesContext(connection) as antes:
        client.get(url_dre)
    # Counted now: the connection's query log is a bounded deque that the next writes shift.
    cuantas = len(antes.captured_queries)
    UgelFactory.create_batch(30, dre=nacional["dre"])
    client.get(url_dre)  # the DRE's territory changed: its charts are counted again once
    with django_assert_max_num_queries(cuantas):
        assert client.get(url_dre).status_code == 200
