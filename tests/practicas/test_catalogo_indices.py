"""The catalogue at national size: its search, filter lists and order read practices through their
indexes (asserted on PostgreSQL's plans), and bad input gets a clear answer, no 500, in no more
queries than a normal request."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practicas.models import BuenaPractica, EstadoPractica, Etapa
from tests.factories import RegionFactory, TemaFactory

TABLA = BuenaPractica._meta.db_table
SIN_RESULTADOS = "No hay prácticas que coincidan con la búsqueda"


N = 1200  # enough pages that PostgreSQL prices plans as it does at national size


@pytest.fixture
def catalogo(db):
    """1,200 published practices over four regions, two themes and four years, written at once. As
    in a real catalogue, a search is selective: «gestión» is in a few practices' text and names
    the theme of a few others, so a search for it also matches by name."""
    regiones = [RegionFactory(nombre=n) for n in ("Junín", "Pasco", "Puno", "Áncash")]
    temas = [TemaFactory(nombre="Gestión escolar"), TemaFactory(nombre="Lectura y escritura")]
    ahora = timezone.now()
    BuenaPractica.objects.bulk_create(
        BuenaPractica(
            titulo=f"Práctica {n:04d} de {'tutoría' if n % 2 else 'monitoreo'}",
            slug=f"practica-{n}",
            region=regiones[n % 4],
            tema=temas[0 if n % 100 == 0 else 1],
            etapa=Etapa.values[n % len(Etapa.values)],
            anio=2022 + n % 4,
            instancias="DRE Junín · 13 UGEL",
            problema="Una gestión trimestral." if n % 150 == 7 else "Los docentes no acompañaban.",
            consiste="Reuniones de los docentes con las familias, cada mes, en la institución.",
            estado=EstadoPractica.PUBLICADA,
            publicada_en=ahora,
        )
        for n in range(N)
    )
    with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
        cursor.execute(f"ANALYZE {TABLA}")
    return {"regiones": regiones, "temas": temas}


def _sentencias(sql: str) -> str:
    # The history middleware sends its context in front of the first query of a request.
    if sql.startswith("SELECT set_config('pghistory"):
        sql = sql.split("true); ", 1)[1]
    return sql


def _nodos(plan: dict):
    yield plan
    for hijo in plan.get("Plans", []):
        yield from _nodos(hijo)


def planes(
    client, parametros: dict, url: str = "/practicas/", *, sin_escaneos: bool = False
) -> list[list[dict]]:
    """The plan nodes of each of the catalogue's queries that reads practices, as the page ran
    them: every SQL the request sent, explained after the planner settings the view itself sent
    (``practicas.views.por_indices``: sequential scans priced out, and for a search plain index
    scans too), replayed in the same order. They last until the test's transaction ends.
    ``sin_escaneos`` prices sequential scans out for a page that does not itself. The page is
    drawn from scratch (its drawing and counts are kept in the cache once drawn)."""
    cache.clear()
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(url, parametros).status_code == 200
    resultado = []
    with connection.cursor() as cursor:
        if sin_escaneos:  # a page that does not price scans out itself: as the catalogue's tests do
            cursor.execute("SET LOCAL enable_seqscan = off")
        for consulta in capturadas.captured_queries:
            sql = _sentencias(consulta["sql"])
            if sql.startswith("SET LOCAL"):
                cursor.execute(sql)
                continue
            if not sql.lstrip("( ").upper().startswith("SELECT") or TABLA not in sql:
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            resultado.append(list(_nodos(plan[0]["Plan"])))
    assert resultado, "the page read no practice"
    return resultado


def escaneos(nodos: list[dict]) -> list[dict]:
    return [n for n in nodos if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == TABLA]


def indices(nodos: list[dict]) -> set[str]:
    return {n["Index Name"] for n in nodos if "Index Name" in n}


@pytest.mark.parametrize(
    "parametros",
    [
        {},
        {"pagina": "3"},
        {"q": "tutoría"},
        {"q": "gestion"},  # also a theme's name: the name match joins the text search
        {"q": "trimestral", "anio": "2023"},
        {"region": "__junin__", "etapa": "avanzado"},
    ],
)
def test_ninguna_consulta_del_catalogo_recorre_todas_las_practicas(client, catalogo, parametros):
    """Why EXPLAIN with ``enable_seqscan = off`` on 1,200 rows, not 10,000: on a small table the
    planner may rightly scan it whole, so the plan at test size would say little about the plan
    at national size. With sequential scans priced out, a Seq Scan still appears in a plan only
    when no index can answer that query at all, which is what this asserts never happens for the
    practices' table. It is also the very setting the view runs its queries in
    (``practicas.views.por_indices``, replayed by ``planes``), so these are the plans the page
    gets, at any size; the table is analysed and large enough (some 100 pages) for the choice
    between its indexes to be priced as in production."""
    if parametros.get("region") == "__junin__":
        parametros = {**parametros, "region": str(catalogo["regiones"][0].pk)}
    for nodos in planes(client, parametros):
        assert not escaneos(nodos), [(n["Node Type"], n.get("Relation Name")) for n in nodos]


def test_la_busqueda_usa_el_indice_de_texto_y_el_del_tema_nombrado(client, catalogo):
    consultas = planes(client, {"q": "gestion"})
    usados = set().union(*(indices(nodos) for nodos in consultas))
    assert "practica_busqueda" in usados, [  # the GIN index on the Spanish text vector
        [(n["Node Type"], n.get("Index Name") or n.get("Relation Name")) for n in nodos]
        for nodos in consultas
    ]
    # «gestion» names a theme: its practices come from the theme's index, OR-ed to the text's.
    assert any(i.startswith(f"{TABLA}_tema_id") for i in usados), usados


def test_las_listas_de_filtros_salen_del_indice_de_facetas(client, catalogo):
    """The counts by region, theme, stage and year (the filter lists) come from the index
    practica_facetas (an index-only scan once the table is vacuumed), and the first page in the
    catalogue's order (year, then title in its Spanish collation) from practica_orden, with no
    sort of every practice."""
    consultas = planes(client, {})
    # The counts: an aggregate of the practices alone (the CoP's figures join their offices).
    cubos = [
        nodos
        for nodos in consultas
        if nodos[0]["Node Type"] == "Aggregate" and all(n.get("Relation Name", TABLA) == TABLA for n in nodos)
    ]
    assert cubos and all("practica_facetas" in indices(nodos) for nodos in cubos), [
        [(n["Node Type"], n.get("Index Name") or n.get("Relation Name")) for n in nodos] for nodos in cubos
    ]
    lista = [nodos for nodos in consultas if nodos[0]["Node Type"] == "Limit"]
    assert lista and "practica_orden" in indices(lista[0])
    assert not any(n["Node Type"] == "Sort" for n in lista[0])


# --- bad input: a clear answer, no 500, no more queries than the normal case -----------------------


def _consultas(client, parametros: dict):
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = client.get("/practicas/", parametros)
    assert respuesta.status_code == 200
    return respuesta, len(capturadas.captured_queries)


def test_una_busqueda_de_2000_caracteres(client, catalogo):
    _normal, normal = _consultas(client, {"q": "tutoría monitoreo"})
    larga = ("tutoría monitoreo acompañamiento " * 70)[:2000]
    respuesta, cuantas = _consultas(client, {"q": larga})
    assert cuantas <= normal
    # What was typed is cut to what the search box keeps, and searched: every word must appear.
    assert len(respuesta.context["filtros"]["q"]) <= 200
    assert respuesta.context["pagina"].paginator.count == 0
    assert SIN_RESULTADOS in respuesta.content.decode()
    # The same, with no repeated words: 2,000 characters of distinct words still answer.
    distintas = " ".join(f"palabra{n}" for n in range(250))[:2000]
    respuesta, cuantas = _consultas(client, {"q": distintas})
    assert cuantas <= normal and SIN_RESULTADOS in respuesta.content.decode()


@pytest.mark.parametrize("pagina", ["101", "9999", "99999999999999999999999", "-1", "0", "abc", "2.5"])
def test_una_pagina_fuera_de_rango_da_la_ultima_o_la_primera(client, catalogo, pagina):
    _normal, normal = _consultas(client, {"pagina": "2"})
    respuesta, cuantas = _consultas(client, {"pagina": pagina})
    assert cuantas <= normal
    actual = respuesta.context["pagina"]
    # 1,200 practices, 12 a page: 100 pages. Past the end: the last one; not a number: the first.
    assert actual.number == (1 if pagina in {"abc", "2.5"} else 100)
    assert len(actual.object_list) == 12


@pytest.mark.parametrize(
    "parametros",
    [
        {"region": "999999"},
        {"tema": "999999"},
        {"anio": "1850"},
        {"region": "999999", "q": "tutoría"},
    ],
)
def test_un_filtro_que_no_existe_dice_que_no_hay_practicas(client, catalogo, parametros):
    _normal, normal = _consultas(client, {"region": str(catalogo["regiones"][0].pk), "q": "tutoría"})
    respuesta, cuantas = _consultas(client, parametros)
    assert cuantas <= normal
    assert respuesta.context["pagina"].paginator.count == 0
    assert SIN_RESULTADOS in respuesta.content.decode()


@pytest.mark.parametrize(
    "parametros", [{"region": "junin"}, {"tema": "99999999999999999999999"}, {"etapa": "xyz"}, {"anio": "²"}]
)
def test_un_filtro_que_no_es_un_valor_se_ignora(client, catalogo, parametros):
    """A value that cannot be one (not a number, not a stage) is dropped: the whole catalogue, and
    the form shows the filter empty."""
    respuesta, _cuantas = _consultas(client, parametros)
    assert respuesta.context["pagina"].paginator.count == N
    (clave,) = parametros
    assert respuesta.context["filtros"][clave] == ""


# --- a search ranks a bounded number of candidates ---------------------------------------------


def test_la_busqueda_ordena_por_relevancia_solo_un_numero_acotado_de_candidatas(client, catalogo):
    """«monitoreo» matches 600 practices: the CANDIDATOS first in the catalogue's order are ranked
    by relevance, the rest follow by year; no page repeats or loses a practice; the plan of the
    ranked query reads the candidates, not every match, when it computes the rank."""
    from practicas.views import CANDIDATOS, POR_PAGINA

    esperadas = set(BuenaPractica.objects.filter(titulo__contains="monitoreo").values_list("slug", flat=True))
    vistas = []
    for pagina in range(1, len(esperadas) // POR_PAGINA + 1):
        respuesta = client.get("/practicas/", {"q": "monitoreo", "pagina": pagina})
        vistas += [p.slug for p in respuesta.context["pagina"]]
        if pagina == 1:
            assert respuesta.context["candidatos"] == CANDIDATOS
            assert f"las {CANDIDATOS} más recientes" in respuesta.content.decode()
    assert len(vistas) == len(set(vistas)) and set(vistas) == esperadas
    recientes = list(
        BuenaPractica.objects.filter(titulo__contains="monitoreo")
        .order_by("-anio", "titulo")
        .values_list("slug", flat=True)
    )
    # The ranked ones are the most recent CANDIDATOS; after them, the catalogue's search order.
    assert set(vistas[:CANDIDATOS]) == set(recientes[:CANDIDATOS])
    assert vistas[CANDIDATOS:] == recientes[CANDIDATOS:]
    # The rank is computed over the candidates only: the sort by relevance sorts at most CANDIDATOS.
    consultas = planes(client, {"q": "monitoreo"})
    for nodos in consultas:
        for nodo in nodos:
            if nodo["Node Type"] == "Sort" and any("ts_rank" in k for k in nodo.get("Sort Key", [])):
                assert nodo["Plan Rows"] <= CANDIDATOS, nodo


def test_la_busqueda_pone_primero_lo_que_nombra_el_titulo(client, catalogo):
    """Among the candidates, relevance first: a word in the title (weight A) before one in the
    problem (weight C)."""
    BuenaPractica.objects.filter(slug="practica-1").update(titulo="Práctica trimestral de tutoría", anio=2021)
    respuesta = client.get("/practicas/", {"q": "trimestral"})
    assert respuesta.context["pagina"][0].slug == "practica-1"


# --- the CoP's figures: counted again only after a change --------------------------------------


def test_las_cifras_de_la_cop_se_renuevan_tras_cada_cambio(client, catalogo):
    from practicas.models import Instancia

    def ugel(respuesta) -> int:
        return {etiqueta: n for n, etiqueta in respuesta.context["cifras_lista"]}["UGEL"]

    practica = BuenaPractica.objects.get(slug="practica-3")
    assert ugel(client.get("/practicas/")) == 0
    Instancia.objects.create(practica=practica, tipo="ugel", nombre="UGEL Huancayo", orden=1)
    assert ugel(client.get("/practicas/")) == 1  # a new office
    Instancia.objects.filter(practica=practica).update(nombre="UGEL Chupaca")
    otra = BuenaPractica.objects.get(slug="practica-4")
    Instancia.objects.create(practica=otra, tipo="ugel", nombre="UGEL Huancayo", orden=1)
    assert ugel(client.get("/practicas/")) == 2  # renamed: two distinct offices
    BuenaPractica.objects.filter(pk=otra.pk).update(estado=EstadoPractica.BORRADOR)
    assert ugel(client.get("/practicas/")) == 1  # a practice withdrawn: its office no longer counts


# --- DIFOCA's workspace list, its home section and the events list -------------------------------


@pytest.fixture
def difoca(client, catalogo):
    from cuentas.models import Rol
    from tests.factories import usuario_con

    BuenaPractica.objects.filter(slug__in=["practica-5", "practica-6"]).update(
        estado=EstadoPractica.EN_REVISION
    )
    client.force_login(usuario_con(Rol.DIFOCA, username="difoca"))
    return client


@pytest.mark.parametrize(
    "parametros",
    [
        {"estado": "todas"},
        {},  # the tab "en revisión"
        {"estado": "publicada", "pagina": "3"},
        {"estado": "todas", "q": "gestion"},
        {"estado": "todas", "q": "ctica 012"},  # part of a title: its trigram index
        {"estado": "todas", "region": "__junin__"},
    ],
)
def test_la_lista_de_difoca_no_recorre_todas_las_practicas(difoca, catalogo, parametros):
    if parametros.get("region") == "__junin__":
        parametros = {**parametros, "region": str(catalogo["regiones"][0].pk)}
    consultas = planes(difoca, parametros, "/practicas/gestion/")
    for nodos in consultas:
        assert not escaneos(nodos), [(n["Node Type"], n.get("Relation Name")) for n in nodos]
    usados = set().union(*(indices(nodos) for nodos in consultas))
    if "q" not in parametros:
        # The page in its order, straight from an index: no sort of every practice.
        lista = [n for n in consultas if n[0]["Node Type"] == "Limit" and "practica_gestion" in str(n)]
        assert lista, usados
        assert not any(n["Node Type"] == "Sort" for n in lista[0])
    elif parametros["q"] == "ctica 012":
        assert "practica_titulo_sin_tildes" in usados, usados


def test_la_lista_de_difoca_busca_parte_del_titulo_sin_tildes(difoca):
    respuesta = difoca.get("/practicas/gestion/", {"estado": "todas", "q": "TUTORIA"})
    assert respuesta.context["pagina"].paginator.count == N // 2
    respuesta = difoca.get("/practicas/gestion/", {"estado": "todas", "q": "ctica 0121"})
    assert [p.slug for p in respuesta.context["pagina"]] == ["practica-121"]


def _consultas_en(client, url: str, parametros: dict):
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = client.get(url, parametros)
    assert respuesta.status_code == 200
    return respuesta, len(capturadas.captured_queries)


@pytest.mark.parametrize(
    "parametros",
    [
        {"estado": "todas", "q": ("tutoría monitoreo acompañamiento " * 70)[:2000]},
        {"estado": "todas", "pagina": "99999999999999999999"},
        {"estado": "todas", "pagina": "abc"},
        {"estado": "no-existe"},
        {"estado": "todas", "region": "999999", "tema": "junin"},
    ],
)
def test_la_lista_de_difoca_ante_datos_raros(difoca, parametros):
    _normal, normal = _consultas_en(difoca, "/practicas/gestion/", {"estado": "todas", "q": "tutoría"})
    respuesta, cuantas = _consultas_en(difoca, "/practicas/gestion/", parametros)
    assert cuantas <= normal
    pagina = respuesta.context["pagina"]
    if "q" in parametros or "region" in parametros:
        assert pagina.paginator.count == 0
    elif parametros.get("pagina", "").isdigit():  # past the end: the last page
        assert pagina.number == pagina.paginator.num_pages == -(-N // 25)
    elif "pagina" in parametros:  # not a number: the first
        assert pagina.number == 1 and len(pagina.object_list) == 25
    else:  # a tab that does not exist: what waits for review
        assert respuesta.context["filtros"]["estado"] == EstadoPractica.EN_REVISION
        assert pagina.paginator.count == 2


def test_las_consultas_de_la_lista_de_difoca_no_crecen(difoca, catalogo):
    _r, antes = _consultas_en(difoca, "/practicas/gestion/", {"estado": "todas", "q": "tutoría"})
    BuenaPractica.objects.filter(slug__startswith="practica-1").update(estado=EstadoPractica.BORRADOR)
    _r, despues = _consultas_en(difoca, "/practicas/gestion/", {"estado": "todas", "q": "tutoría"})
    assert despues == antes


def test_el_inicio_de_difoca_y_los_eventos_no_recorren_las_practicas(difoca, client):
    from practicas.models import PracticaPresentada
    from tests.factories import EventoFactory

    evento = EventoFactory(slug="e", publicado=True, publicado_en=timezone.now())
    for n, practica in enumerate(BuenaPractica.objects.order_by("pk")[:5], start=1):
        PracticaPresentada.objects.create(evento=evento, practica=practica, orden=n)
    inicio = planes(difoca, {}, "/", sin_escaneos=True)
    assert inicio and not any(escaneos(nodos) for nodos in inicio)
    respuesta = difoca.get("/")
    # The sections are drawn in the page's own pass ({% seccion %}): their figures are in <main>.
    assert respuesta.context["secciones"] and "2" in respuesta.content.decode().split("<main", 1)[1]
    client.logout()
    eventos = planes(client, {}, "/practicas/eventos/", sin_escaneos=True)
    assert not any(escaneos(nodos) for nodos in eventos)
    assert client.get("/practicas/eventos/").context["pagina"][0].n == 5
