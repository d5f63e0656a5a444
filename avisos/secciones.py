"""What the menu shows of the notices: the bell and its unread count."""

from django.db import connections, router
from django.http import HttpRequest

from avisos.models import Aviso
from comun.registro import con_cuenta
from cuentas.sesion import dato_del_usuario

__all__ = ["con_cuenta", "no_leidos", "sql_no_leidos"]


CLAVE = "avisos.no_leidos"


def sql_no_leidos() -> str:
    """The count as the scalar subquery cuentas.sesion reads with the session's user (registered in
    AvisosConfig.ready): no statement of its own on a signed-in page. Through the partial index
    ``aviso_no_leido``, never the user's read notices."""
    tabla = Aviso._meta.db_table
    return f'(SELECT COUNT(*) FROM "{tabla}" WHERE "usuario_id" = {{usuario}} AND "leido_en" IS NULL)'


def no_leidos(request: HttpRequest) -> int:
    """How many notices the user has not opened yet: read with the user at the start of the request
    (cuentas.sesion), else one query per request, however many templates of the page run the context
    processors."""
    if not hasattr(request, "_avisos_no_leidos"):
        cuenta = dato_del_usuario(request.user, CLAVE)
        request._avisos_no_leidos = _contar_no_leidos(request.user.pk) if cuenta is None else cuenta
    return request._avisos_no_leidos


def _contar_no_leidos(usuario_id: int) -> int:
    """``Aviso.objects.filter(usuario=…, leido_en__isnull=True).count()`` as one plain statement: it is
    on every signed-in page (the bell), where building the queryset cost more than running it. Read
    through the partial index ``aviso_no_leido``, never the user's read notices."""
    tabla = Aviso._meta.db_table
    with connections[router.db_for_read(Aviso)].cursor() as cursor:
        cursor.execute(
            f'SELECT COUNT(*) FROM "{tabla}" WHERE "usuario_id" = %s AND "leido_en" IS NULL', [usuario_id]
        )
        return cursor.fetchone()[0]
