"""What the catalogue and DIFOCA's list count, counted once per change of the catalogue.

The counts (the filter lists with how many practices each option would show, the published practices
by region and stage for the chart, the CoP's figures, DIFOCA's tabs) are kept in Django's cache under
the catalogue's change number (comun.versiones, "practicas.catalogo"): PostgreSQL writes a new one
in the transaction of every insert, update or delete of a practice or of an office it involves (the
triggers of ``practicas.models.CATALOGO``). Each request reads that number first, with the region and
theme names, in one query; then takes the counts kept under it, or counts them and keeps them. So a
practice published, edited or withdrawn is counted on the next request, by every app server, and
an entry counted by a request that read the number before a change committed only ever holds
figures as new as that number or newer (never older figures under a newer number). The names are
read each time (an Administrador may rename a region or a theme); only ids are cached.

Cached with the default timeout: it only frees memory; a stale entry is never read, since the number
in its key is not read again once it changed.
"""

import hashlib
from collections.abc import Hashable

from django.core.cache import cache, caches
from django.db import connection
from django.db.models import Count, QuerySet

from comun import versiones
from practicas.models import CATALOGO, EVENTOS, EstadoPractica

# The filter lists, and the column each counts by.
FACETAS = ("region_id", "tema_id", "etapa", "anio")


def estado_actual() -> tuple[int, dict[str, dict[int, str]]]:
    """The catalogue's change number (0 before its first change) and the names of every region and
    theme (26 regions, a few dozen themes): one query."""
    numeros, nombres = _numeros_y_nombres()
    return numeros.get(CATALOGO, 0), nombres


def estado_con_eventos() -> tuple[int, int, dict[str, dict[int, str]]]:
    """``estado_actual`` and the events' change number (EVENTOS), in the same one query."""
    numeros, nombres = _numeros_y_nombres()
    return numeros.get(CATALOGO, 0), numeros.get(EVENTOS, 0), nombres


# Raw SQL: the ORM's union compiled for every request cost more than the query itself.
_SQL_ESTADO = (
    "SELECT 'region', id, nombre FROM territorio_region"
    " UNION ALL SELECT 'tema', id, nombre FROM practicas_tema"
    " UNION ALL SELECT espacio, numero, '' FROM comun_version"
    " WHERE espacio IN (%s, %s) AND clave = 0"
)


def _numeros_y_nombres() -> tuple[dict[str, int], dict[str, dict[int, str]]]:
    nombres: dict[str, dict[int, str]] = {"region": {}, "tema": {}}
    numeros: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(_SQL_ESTADO, [CATALOGO, EVENTOS])
        for clave, pk, nombre in cursor.fetchall():
            if clave in nombres:
                nombres[clave][pk] = nombre
            else:
                numeros[clave] = pk
    return numeros, nombres


def numero_actual() -> int:
    """The catalogue's change number alone (see ``estado_actual``): one probe of its key."""
    return versiones.numero(CATALOGO)


def guardado(numero: int, partes: tuple[Hashable, ...], contar, *, escrito: bool = False):
    """``contar()``, kept in the cache under the change number and ``partes`` (what else the
    figures depend on: who sees drafts, the search, the filters). ``escrito``: ``partes`` carry what
    the visitor typed (a search, filters, a page), any number of keys: kept in the cache of its own
    ("busquedas"), whose culling leaves every other cache alone."""
    resumen = hashlib.sha256(repr((numero, *partes)).encode()).hexdigest()
    return (caches["busquedas"] if escrito else cache).get_or_set(f"practicas:catalogo:{resumen}", contar)


def contar_facetas(practicas: QuerySet, elegidos: dict) -> dict:
    """How many of these practices each filter option would show given the other chosen filters
    (not its own), and how many match them all: one grouped query (GROUPING SETS) whose rows are
    the options, whatever the number of practices. ``elegidos``: facet ("region", "tema", "etapa",
    "anio") → the chosen value or None. Returns {"region": {id: n}, "tema": …, "etapa": …,
    "anio": …, "total": n}; an option whose count is 0 is left out."""
    columnas = dict(zip(("region", "tema", "etapa", "anio"), FACETAS, strict=True))
    interior, parametros = (
        practicas.order_by().values_list(*FACETAS).query.sql_with_params()
    )  # the practices' own conditions (visibility, search), their indexes chosen by the planner
    condiciones = {f: (f"t.{columnas[f]} = %s", v) for f, v in elegidos.items() if v is not None}

    def filtro(salvo: str | None) -> tuple[str, list]:
        partes = [(sql, v) for f, (sql, v) in condiciones.items() if f != salvo]
        if not partes:
            return "count(*)", []
        return "count(*) FILTER (WHERE {})".format(" AND ".join(s for s, _v in partes)), [
            v for _s, v in partes
        ]

    cuentas, valores = [], []
    for faceta in (*columnas, None):
        sql, vs = filtro(faceta)
        cuentas.append(sql)
        valores += vs
    sql = (
        "SELECT GROUPING(t.region_id, t.tema_id, t.etapa, t.anio), t.region_id, t.tema_id, t.etapa, t.anio, "
        + ", ".join(cuentas)
        + f" FROM ({interior}) t(region_id, tema_id, etapa, anio)"
        " GROUP BY GROUPING SETS ((t.region_id), (t.tema_id), (t.etapa), (t.anio), ())"
    )
    # GROUPING's bits, region first: a 0 where the row is grouped by that column.
    conjuntos = {
        0b0111: ("region", 1, 5),
        0b1011: ("tema", 2, 6),
        0b1101: ("etapa", 3, 7),
        0b1110: ("anio", 4, 8),
    }
    resultado: dict = {"region": {}, "tema": {}, "etapa": {}, "anio": {}, "total": 0}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*valores, *parametros])
        for fila in cursor.fetchall():
            if fila[0] == 0b1111:
                resultado["total"] = fila[9]
            else:
                faceta, columna, cuenta = conjuntos[fila[0]]
                if fila[cuenta]:
                    resultado[faceta][fila[columna]] = fila[cuenta]
    return resultado


def publicadas_por_region_y_etapa(practicas: QuerySet) -> list[tuple[int, str, int]]:
    """(region id, stage, published practices): the chart's and the CoP's figures. One grouped
    query answered by the index practica_facetas alone."""
    return list(
        practicas.filter(estado=EstadoPractica.PUBLICADA)
        .order_by()
        .values_list("region_id", "etapa")
        .annotate(n=Count("*"))
    )
