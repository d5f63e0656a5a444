"""The autosave's own read: the matrix locked and read with its content in one round trip.

What the matrix's pages read (``Matriz.objects.con_contenido_junto``) goes through the ORM, which
compiles the scoped, locked query with its joins on every request; the autosave is the request made
most often (every pause in the typing of every director), so it sends the same two statements as
fixed SQL instead: the row lock, then — in a second statement, so that its snapshot is taken once
the lock is held and the content read is what the lock protects — the matrix, its campaign and its
content, into the same objects and caches (``_poner_junto``). Both are prepared once per database
connection (PREPARE): PostgreSQL plans the content's subqueries once, not at every keystroke's save.
"""

from functools import cache

from django.db import connection

from balance.models import Campana, Matriz, _poner_junto, _sql_junto
from comun.preparadas import Preparada

_BLOQUEO, _LECTURA = "chasqui_autoguardado_bloqueo", "chasqui_autoguardado_lectura"


@cache
def _preparar() -> str:
    """The PREPARE of the lock and the read of matrix $1, if it is of one of the institutions $2
    (NULL: any)."""
    donde = "m.id = $1 AND ($2::bigint[] IS NULL OR m.institucion_id = ANY($2))"
    m_cols = ", ".join(f'm."{f.column}"' for f in Matriz._meta.concrete_fields)
    c_cols = ", ".join(f'c."{f.column}"' for f in Campana._meta.concrete_fields)
    contenido = ", ".join(_sql_junto("m", False))
    # of=self: not the campaign's row, so other schools keep saving meanwhile.
    return (
        f"PREPARE {_BLOQUEO}(bigint, bigint[]) AS"
        f" SELECT 1 FROM {Matriz._meta.db_table} m WHERE {donde} FOR UPDATE OF m; "
        f"PREPARE {_LECTURA}(bigint, bigint[]) AS"
        f" SELECT {m_cols}, {c_cols}, {contenido} FROM {Matriz._meta.db_table} m"
        f" JOIN {Campana._meta.db_table} c ON c.id = m.campana_id WHERE {donde}"
    ).replace("%", "%%")  # sent with the parameters of nothing: no placeholder in it


_PREPARADAS = Preparada([_BLOQUEO, _LECTURA], _preparar)


@cache
def _nombres() -> tuple[list[str], list[str]]:
    return (
        [f.attname for f in Matriz._meta.concrete_fields],
        [f.attname for f in Campana._meta.concrete_fields],
    )


def matriz_bloqueada(pk: int, institucion_ids: frozenset[int] | None) -> Matriz | None:
    """The matrix `pk` under its row lock (in the caller's transaction), with its campaign and its
    content (as con_contenido_junto() leaves them, follow-ups included); `institucion_ids`: only if
    it is of one of them (None: any). None when there is no such matrix: nothing is locked then."""
    ids = sorted(institucion_ids) if institucion_ids is not None else None
    with connection.cursor() as cursor:
        # Two statements in one message: the second's snapshot is taken after the first got the lock.
        # In the save's transaction: a statement the session lost fails this one save, and the next
        # prepares again (comun.preparadas).
        _PREPARADAS.ejecutar(
            cursor,
            f"EXECUTE {_BLOQUEO}(%s, %s); EXECUTE {_LECTURA}(%s, %s)",
            [pk, ids, pk, ids],
        )
        fila = cursor.fetchone()
    if fila is None:
        return None
    de_matriz, de_campana = _nombres()
    n, c = len(de_matriz), len(de_campana)
    matriz = Matriz.from_db(connection.alias, de_matriz, fila[:n])
    campana = Campana.from_db(connection.alias, de_campana, fila[n : n + c])
    Matriz._meta.get_field("campana").set_cached_value(matriz, campana)
    _poner_junto(matriz, list(fila[n + c :]), connection.alias)
    return matriz
