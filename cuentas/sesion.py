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
- ``datos_del_usuario``: what an app above this one reads about the user at every signed-in request
  (avisos: the unread count of the bell) comes in the same statement, as a scalar subquery the app
  registers; ``dato_del_usuario(user, key)`` gives it back for that request (None when the user was
  not read here: the app then asks the database itself). Read at the start of the request, like the
  user: what the request itself changes afterwards shows from the next one.
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.sessions.backends.db import SessionStore as SesionBD
from django.db import connections, router
from django.utils import timezone

from comun.registro import Registro
from cuentas.alcance import CACHE_ATTR, construir_alcance

DATOS_ATTR = "_chasqui_datos"


@dataclass(frozen=True)
class DatoDelUsuario:
    """A value read with the session's user: ``sql`` is a scalar SQL expression (a subquery) in which
    ``{usuario}`` stands for the user's primary key column."""

    clave: str
    sql: str


datos_del_usuario: Registro[DatoDelUsuario] = Registro("datos del usuario")


def dato_del_usuario(usuario, clave: str):
    """The value ``clave`` read with this user object (usuario_con_alcance), or None."""
    return getattr(usuario, DATOS_ATTR, {}).get(clave)


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
def _consulta_usuario(datos: tuple[DatoDelUsuario, ...]) -> tuple[str, tuple[str, ...]]:
    """The SQL of ``usuario_con_alcance`` and the user's field names in its column order (built once
    per process from the models' metadata and the registered data)."""
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
    extras = "".join(f", {dato.sql.format(usuario=usuario_pk)}" for dato in datos)
    sql = (
        f'SELECT {columnas}, ({asignaciones}){extras} FROM "{Usuario._meta.db_table}" u '
        f"WHERE {usuario_pk} = %s"
    )
    return sql, tuple(c.attname for c in campos)


def usuario_con_alcance(pk):
    """The user with this primary key, their scope already on the object; None if there is none. One
    query, whatever the number of assignments."""
    from cuentas.models import Usuario

    datos = tuple(datos_del_usuario)
    sql, nombres = _consulta_usuario(datos)
    alias = router.db_for_read(Usuario)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [pk])
        fila = cursor.fetchone()
    if fila is None:
        return None
    n = len(nombres)
    usuario = Usuario.from_db(alias, nombres, fila[:n])
    if usuario.is_active:  # an inactive user's scope is empty (alcance_de), never built
        setattr(usuario, CACHE_ATTR, construir_alcance(usuario, fila[n] or ()))
    if datos:
        setattr(
            usuario, DATOS_ATTR, {dato.clave: valor for dato, valor in zip(datos, fila[n + 1 :], strict=True)}
        )
    return usuario
