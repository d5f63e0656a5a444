"""Statements prepared once per database connection (PREPARE), for the few reads made so often that
PostgreSQL planning them cost more than running them (the matrix's key row, balance.paginas; the
autosave's locked read, balance.autoguardado).

A prepared statement lives as long as its session, whatever its transactions do, so each statement
remembers the driver's connections that hold it. The session can lose it or hold a stale one: a
``DISCARD ALL`` or ``DEALLOCATE`` (a pooler), or a migration that changes the type of a column it
returns (PostgreSQL then answers «cached plan must not change result type»). ``Preparada.ejecutar``
mends both: the connection is forgotten, the statement prepared again (whatever of it the session
still holds deallocated first) and run once more. Outside a transaction (a page's GET: requests are
not atomic) that is invisible to the user. Inside one (the autosave) the failed statement has aborted
the transaction: that one request fails, and the next one on the same connection prepares afresh.
(A savepoint around each execution would let it retry there too, for two more round trips on every
save; a lost statement is rare: a deploy's migration, a pooler misconfigured.)
"""

import weakref
from collections.abc import Sequence

from django.db import DatabaseError, connection
from psycopg2 import errors

# What a lost or stale prepared statement raises (26000; 0A000 for a changed result type).
_PERDIDA = (errors.InvalidSqlStatementName, errors.FeatureNotSupported)


class Preparada:
    """One or more statements prepared together (``preparar``: their PREPARE commands) under
    ``nombres``; ``ejecutar`` runs SQL that EXECUTEs them."""

    def __init__(self, nombres: Sequence[str], preparar):
        self.nombres = list(nombres)
        self._preparar = preparar  # a callable: the PREPARE commands' text (built on first use)
        self._conexiones: weakref.WeakSet = weakref.WeakSet()

    def preparar(self, cursor) -> None:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name = ANY(%s)", [self.nombres])
        for (nombre,) in cursor.fetchall():
            cursor.execute(f"DEALLOCATE {nombre}")
        cursor.execute(self._preparar())
        self._conexiones.add(connection.connection)

    def ejecutar(self, cursor, sql: str, parametros) -> None:
        """``cursor.execute(sql, parametros)`` with the statements prepared on this connection."""
        connection.ensure_connection()
        if connection.connection not in self._conexiones:
            self.preparar(cursor)
        try:
            cursor.execute(sql, parametros)
        except DatabaseError as error:
            if not isinstance(error.__cause__, _PERDIDA):
                raise
            self._conexiones.discard(connection.connection)
            if connection.in_atomic_block:
                raise  # the transaction is aborted: the next request prepares again
            self.preparar(cursor)
            cursor.execute(sql, parametros)
