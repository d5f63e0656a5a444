"""What every signed-in request pays before its view: the session and the user with their scope.

Both are read from the database at every request, never from a per-process cache: several app servers
share the one database, so a logout (the session row deleted), a deactivated account, a changed
password (the session's hash no longer matches) or a changed role assignment takes effect on every
server at the next request. What this module saves is the ORM's work around those reads:

- ``SessionStore`` (``SESSION_ENGINE = "cuentas.sesion"``): Django's database sessions, same table and
  same rows (servers with either engine share them), whose read is one prepared statement instead of
  a queryset built, compiled and turned into a model per request. Writes stay Django's.
- ``usuario_con_alcance(pk)``: the user's row and their role assignments in one query (the assignments
  aggregated by a subquery), the scope (cuentas.alcance) built from it and kept on the user object, so
  ``request.alcance`` costs no query of its own. ``RolBackend.get_user`` uses it; Django's
  ``get_user`` still checks the session's password hash and ``is_active`` as always.
"""

from functools import cache

from django.contrib.sessions.backends.db import SessionStore as SesionBD
from django.db import connections, router
from django.utils import timezone

from cuentas.alcance import CACHE_ATTR, construir_alcance


class SessionStore(SesionBD):
    def load(self):
        modelo = self.model
        alias = router.db_for_read(modelo)
        with connections[alias].cursor() as cursor:
            cursor.execute(_sql_sesion(modelo._meta.db_table), [self.session_key, timezone.now()])
            fila = cursor.fetchone()
        if fila is None:
            self._session_key = None  # as Django's: a key that does not exist (or expired) is dropped
            return {}
        return self.decode(fila[0])


@cache
def _sql_sesion(tabla: str) -> str:
    return f'SELECT "session_data" FROM "{tabla}" WHERE "session_key" = %s AND "expire_date" > %s'


@cache
def _consulta_usuario() -> tuple[str, tuple[str, ...]]:
    """The SQL of ``usuario_con_alcance`` and the user's field names in its column order (built once
    per process from the models' metadata)."""
    from cuentas.models import Asignacion, Usuario
    from territorio.models import Institucion

    campos = Usuario._meta.concrete_fields
    columnas = ", ".join(f'u."{c.column}"' for c in campos)
    a = {f.name: f'a."{f.column}"' for f in Asignacion._meta.concrete_fields}
    modalidad = f'i."{Institucion._meta.get_field("modalidad").column}"'
    institucion_pk = f'i."{Institucion._meta.pk.column}"'
    usuario_pk = f'u."{Usuario._meta.pk.column}"'
    fila = ", ".join([a["rol"], a["dre"], a["ugel"], a["institucion"], modalidad])  # construir_alcance's
    asignaciones = (
        f"SELECT json_agg(json_build_array({fila})) "
        f'FROM "{Asignacion._meta.db_table}" a '
        f'LEFT JOIN "{Institucion._meta.db_table}" i ON {institucion_pk} = {a["institucion"]} '
        f"WHERE {a['usuario']} = {usuario_pk}"
    )
    sql = f'SELECT {columnas}, ({asignaciones}) FROM "{Usuario._meta.db_table}" u WHERE {usuario_pk} = %s'
    return sql, tuple(c.attname for c in campos)


def usuario_con_alcance(pk):
    """The user with this primary key, their scope already on the object; None if there is none. One
    query, whatever the number of assignments."""
    from cuentas.models import Usuario

    sql, nombres = _consulta_usuario()
    alias = router.db_for_read(Usuario)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [pk])
        fila = cursor.fetchone()
    if fila is None:
        return None
    usuario = Usuario.from_db(alias, nombres, fila[:-1])
    if usuario.is_active:  # an inactive user's scope is empty (alcance_de), never built
        setattr(usuario, CACHE_ATTR, construir_alcance(usuario, fila[-1] or ()))
    return usuario
