"""What every signed-in request pays before its view: the session and the user with their scope.

Both are read from the database at every request, never from a per-process cache: several app servers
share the one database, so a logout (the session row deleted), a deactivated account, a changed
password (the session's hash no longer matches) or a changed role assignment takes effect on every
server at the next request. What this module saves is the ORM's work around those reads, and a
round trip:

- ``SessionStore`` (``SESSION_ENGINE = "cuentas.sesion"``): Django's database sessions in the table of
  ``cuentas.Sesion``, Django's columns plus the signed-in user's id (set from the data at every save).
  Its read is one plain statement that brings, with the session's data, its user's row, role
  assignments and registered data (below): the whole floor of a signed-in page in one query. Writes
  stay Django's.
- That statement is also the connection's health check of the request (CONN_HEALTH_CHECKS): a dead
  reused connection is replaced and the statement run again, without Django's ``SELECT 1`` before it.
- ``AutenticacionMiddleware`` (in place of Django's): ``request.user`` is Django's
  ``auth.get_user(request)`` as always (the backend named in the session, its password hash checked,
  an inactive account refused), while ``RolBackend.get_user`` takes the user the session's read
  brought when it is the one asked for, instead of reading it again.
- ``usuario_con_alcance(pk)``: the same user, scope and data by primary key alone (one query), for a
  session whose row held no user.
- ``datos_del_usuario``: what an app above this one reads about the user at every signed-in request
  (avisos: the unread count of the bell) comes in the same statement, as a scalar subquery the app
  registers; ``dato_del_usuario(user, key)`` gives it back for that request (None when the user was
  not read here: the app then asks the database itself). Read at the start of the request, like the
  user: what the request itself changes afterwards shows from the next one.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends.db import SessionStore as SesionBD
from django.db import InterfaceError, OperationalError, connections, router
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

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
    @classmethod
    def get_model_class(cls):
        from cuentas.models import Sesion

        return Sesion

    def create_model_instance(self, data):
        sesion = super().create_model_instance(data)
        usuario = str(data.get(SESSION_KEY, ""))
        sesion.usuario_id = int(usuario) if usuario.isdigit() else None
        return sesion

    def load(self):
        self.usuario_leido = None
        datos = tuple(datos_del_usuario)
        sql, nombres = _consulta(datos, sesion=True)
        alias = router.db_for_read(self.model)
        fila = _primera_lectura(connections[alias], sql, [self.session_key, timezone.now()])
        if fila is None:
            self._session_key = None  # as Django's: a key that does not exist (or expired) is dropped
            return {}
        if fila[1] is not None:  # the user's primary key: the row was joined
            self.usuario_leido = _usuario(alias, nombres, datos, fila[1:])
        return self.decode(fila[0])

    def usuario_de_la_lectura(self, user_id):
        """The user this session's read brought, if it is the one with primary key ``user_id``."""
        usuario = getattr(self, "usuario_leido", None)
        if usuario is not None and str(usuario.pk) == str(user_id):
            return usuario
        return None


def _primera_lectura(conexion, sql: str, parametros: list):
    """The row of one SELECT that is, when it is the request's first statement, its connection's health
    check too (CONN_HEALTH_CHECKS), instead of Django's ``SELECT 1`` round trip before it: if the reused
    connection turns out dead, it is closed and the statement runs once more on a new one, as it would
    after Django's check. Inside a transaction nothing changes (Django checks nothing there either)."""
    revisa = (
        conexion.health_check_enabled
        and not conexion.health_check_done
        and conexion.connection is not None
        and not conexion.in_atomic_block
    )
    if revisa:
        conexion.health_check_done = True
    try:
        with conexion.cursor() as cursor:
            cursor.execute(sql, parametros)
            return cursor.fetchone()
    except (InterfaceError, OperationalError):
        if not revisa:
            raise
    conexion.close()
    with conexion.cursor() as cursor:
        cursor.execute(sql, parametros)
        return cursor.fetchone()


# The session whose data Django's get_user is reading, while it does (AutenticacionMiddleware).
_sesion_autenticando: ContextVar[SessionStore | None] = ContextVar("sesion_autenticando", default=None)


def usuario_de_la_sesion(user_id):
    """For RolBackend.get_user: the user the session being authenticated brought, if it is ``user_id``."""
    sesion = _sesion_autenticando.get()
    if sesion is None or not isinstance(sesion, SessionStore):
        return None
    return sesion.usuario_de_la_lectura(user_id)


def _obtener_usuario(request):
    if not hasattr(request, "_cached_user"):
        marca = _sesion_autenticando.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _sesion_autenticando.reset(marca)  # never seen by another request
    return request._cached_user


class AutenticacionMiddleware(AuthenticationMiddleware):
    """Django's, whose ``request.user`` lets the backend take the user the session's read brought."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _obtener_usuario(request))


@cache
def _consulta(datos: tuple[DatoDelUsuario, ...], sesion: bool) -> tuple[str, tuple[str, ...]]:
    """The SQL that reads the user (by the session's key, with the session's data first, or by the
    user's primary key) and the user's field names in its column order (built once per process from
    the models' metadata and the registered data)."""
    from cuentas.models import Asignacion, Sesion, Usuario
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
    # The user's primary key first: NULL when a session holds no user (or one that no longer exists).
    usuario = f"{usuario_pk}, {columnas}, ({asignaciones}){extras}"
    if sesion:
        s = {f.name: f's."{f.column}"' for f in Sesion._meta.concrete_fields}
        sql = (
            f'SELECT {s["session_data"]}, {usuario} FROM "{Sesion._meta.db_table}" s '
            f'LEFT JOIN "{Usuario._meta.db_table}" u ON {usuario_pk} = {s["usuario"]} '
            f"WHERE {s['session_key']} = %s AND {s['expire_date']} > %s"
        )
    else:
        sql = f'SELECT {usuario} FROM "{Usuario._meta.db_table}" u WHERE {usuario_pk} = %s'
    return sql, tuple(c.attname for c in campos)


def _usuario(alias, nombres, datos, fila):
    """The user object from ``fila`` (the columns _consulta reads after the session's data)."""
    from cuentas.models import Usuario

    n = len(nombres)
    usuario = Usuario.from_db(alias, nombres, fila[1 : n + 1])
    if usuario.is_active:  # an inactive user's scope is empty (alcance_de), never built
        setattr(usuario, CACHE_ATTR, construir_alcance(usuario, fila[n + 1] or ()))
    if datos:
        setattr(
            usuario, DATOS_ATTR, {dato.clave: valor for dato, valor in zip(datos, fila[n + 2 :], strict=True)}
        )
    return usuario


def usuario_con_alcance(pk):
    """The user with this primary key, their scope already on the object; None if there is none. One
    query, whatever the number of assignments."""
    from cuentas.models import Usuario

    datos = tuple(datos_del_usuario)
    sql, nombres = _consulta(datos, sesion=False)
    alias = router.db_for_read(Usuario)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [pk])
        fila = cursor.fetchone()
    return None if fila is None else _usuario(alias, nombres, datos, fila)
