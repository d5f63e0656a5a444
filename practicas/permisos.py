"""Who manages good practices and events: the rule behind ``"practicas.gestionar"``
(cuentas.permisos), registered from ``PracticasConfig.ready()``. Holding it also opens this app's
admin (cuentas.backends)."""

from cuentas.alcance import alcance_de
from cuentas.models import Usuario
from cuentas.permisos import registrar_permiso


def gestionar(user: Usuario, obj: object | None = None) -> bool:
    """DIFOCA (and the Administrador) record, review and publish every practice and event, nationally."""
    return alcance_de(user).difoca


def registrar() -> None:
    registrar_permiso("practicas.gestionar", gestionar)
