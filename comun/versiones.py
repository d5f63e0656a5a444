"""Change numbers: one mechanism for «has what this cache keeps changed since?».

A cache entry that must be current on every app server (each keeps its own LocMem cache) carries in
its key the change number of what it depends on, read from the database in the same request, before
or with what it keys. The number is written in the transaction of every change of that thing, so an
entry is never read again once its data changed, and a reader never keeps older data under a newer
number. The numbers live in one table (``comun.Version``: espacio, clave → numero), written only by
the SQL function ``comun_version_subir(espacio, claves)``, which takes each new number from one
sequence: a number is never given twice, even by a transaction that rolled back, so no two states
of one thing share a number.

Two ways to write them, the same function underneath:

- ``disparadores(…)`` in a model's ``Meta.triggers``: PostgreSQL raises the number in the statement
  of every insert, update or delete of the table, whatever wrote it (a service, the admin, a bulk
  update, a data migration). Preferred.
- ``subir(espacio, *claves)`` from a service, when only some changes count (the boards' charts do
  not change with an autosave of other text).

Reading: ``numero(espacio, clave)`` (one query), ``de(espacio, OuterRef(…))`` (a subquery to
annotate the row being read anyway), ``sql(espacio, clave_sql)`` (the same in raw SQL),
``lista_sql(…)`` (several keys' numbers as one text) or ``junta(…)`` (a join, for raw SQL reading
many keys). A missing row reads as no change since the table was made: rows are never deleted (a
trigger refuses it; see comun.models.Version). A key
over several things keeps each number (a tuple), never a sum or a maximum: two numbers taken in one
order may commit in the other.

The row of one (espacio, clave) stays locked until its transaction commits: writers of the same
thing queue for that long. ``comun_version_subir`` locks several keys in ascending order.
"""

import re

import pgtrigger
from django.db import connection
from django.db.models import BigIntegerField, Expression, Subquery, Value
from django.db.models.functions import Coalesce

from comun.models import Version

# Created by the migration comun 0001 (spelled out there).
FUNCION = "comun_version_subir"

_ESPACIO = re.compile(r"[a-z_]+\.[a-z_]+")


def _espacio(espacio: str) -> str:
    # Spelled into SQL literals (triggers, raw readers): only "app.cosa".
    if not _ESPACIO.fullmatch(espacio) or len(espacio) > 40:
        raise ValueError(f"Espacio de versiones no válido: {espacio!r}")
    return espacio


def subir(espacio: str, *claves: int) -> None:
    """A new number for each of ``claves`` of ``espacio``, in the current transaction (call it
    inside the transaction of the change, last, so its rows stay locked only until the commit)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {FUNCION}(%s, %s::bigint[])", [_espacio(espacio), list(claves)])


def numero(espacio: str, clave: int = 0) -> int:
    """The current number (0 when it never changed): one query."""
    fila = Version.objects.filter(espacio=_espacio(espacio), clave=clave).values_list("numero", flat=True)
    return fila.first() or 0


def de(espacio: str, clave) -> Expression:
    """The number as an expression of the row being read: ``clave`` an OuterRef, a field or a
    value (0 when it never changed)."""
    numeros = Version.objects.filter(espacio=_espacio(espacio), clave=clave).values("numero")
    return Coalesce(Subquery(numeros), Value(0), output_field=BigIntegerField())


def sql(espacio: str, clave_sql: str) -> str:
    """The same in raw SQL: ``clave_sql`` an SQL expression (a column of the query, a literal)."""
    return (
        f"coalesce((SELECT numero FROM comun_version WHERE espacio = '{_espacio(espacio)}'"
        f" AND clave = {clave_sql}), 0)"
    )


def lista_sql(espacio: str, claves_sql: str) -> str:
    """The numbers of several keys as one text («clave.numero,…» in key order; NULL while none
    changed), in raw SQL: ``claves_sql`` a query of the keys. It changes whenever one of them does."""
    return (
        "(SELECT string_agg(v.clave || '.' || v.numero, ',' ORDER BY v.clave) FROM comun_version v"
        f" WHERE v.espacio = '{_espacio(espacio)}' AND v.clave IN ({claves_sql}))"
    )


def junta(alias: str, espacio: str, clave_sql: str) -> str:
    """A LEFT JOIN of the numbers for raw SQL that reads many keys at once (cheaper than ``sql``
    per row); the number then reads ``coalesce(<alias>.numero, 0)``."""
    return (
        f" LEFT JOIN comun_version {alias} ON {alias}.espacio = '{_espacio(espacio)}'"
        f" AND {alias}.clave = {clave_sql}"
    )


def disparadores(
    nombre: str, espacio: str, claves: str | None = None, *, si_cambia: str | None = None
) -> list[pgtrigger.Trigger]:
    """The statement triggers that raise ``espacio``'s numbers on every insert, update and delete of
    the model's table, for ``Meta.triggers``. ``claves``: an SQL query of the keys the changed rows
    touch, reading them from ``{filas}`` (the statement's old rows of an update or delete, its new
    rows of an insert or update: a row moved from one key to another raises both); None when the
    space has the one key 0. ``si_cambia``: on an update, only the rows where this condition on the
    old row ``v`` and the new one ``n`` (matched by ``id``) holds count, e.g. "v.estado IS DISTINCT
    FROM n.estado" (an update that changes nothing the space counts raises nothing)."""
    llamada = "PERFORM {funcion}('{espacio}', ARRAY({claves})::bigint[]); RETURN NULL;"
    if claves is None:
        return [
            pgtrigger.Trigger(
                name=nombre,
                when=pgtrigger.After,
                level=pgtrigger.Statement,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=llamada.format(funcion=FUNCION, claves="SELECT 0", espacio=_espacio(espacio)),
            )
        ]
    # PostgreSQL allows transition tables only on a trigger of one event: one trigger per event.
    eventos = (
        ("ins", pgtrigger.Insert, pgtrigger.Referencing(new="nuevas"), ("nuevas",)),
        ("upd", pgtrigger.Update, pgtrigger.Referencing(old="viejas", new="nuevas"), ("viejas", "nuevas")),
        ("del", pgtrigger.Delete, pgtrigger.Referencing(old="viejas"), ("viejas",)),
    )
    if si_cambia:
        cambiadas = (
            "(SELECT {fila}.* FROM viejas v JOIN nuevas n ON n.id = v.id WHERE " + si_cambia + ") cambiadas"
        )
        eventos = (
            eventos[0],
            (*eventos[1][:3], tuple(cambiadas.format(fila=fila) for fila in ("v", "n"))),
            eventos[2],
        )
    return [
        pgtrigger.Trigger(
            name=f"{nombre}_{sufijo}",
            when=pgtrigger.After,
            level=pgtrigger.Statement,
            operation=operacion,
            referencing=referencia,
            func=llamada.format(
                funcion=FUNCION,
                claves=" UNION ".join(claves.format(filas=filas) for filas in tablas),
                espacio=_espacio(espacio),
            ),
        )
        for sufijo, operacion, referencia, tablas in eventos
    ]
