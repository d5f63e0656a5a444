"""Who may write what in the balance: the rules behind its named permissions (cuentas.permisos),
registered from ``BalanceConfig.ready()``. Each reads only the user's scope: no query."""

from django.db.models import QuerySet

from balance.models import Campana, Matriz, dirige_balance
from cuentas.alcance import alcance_de
from cuentas.models import Usuario
from cuentas.permisos import registrar_permiso
from territorio.models import Dre, Ugel


def editar_matriz(user: Usuario, matriz: Matriz | None) -> bool:
    """The institution's director (or an Administrador) writes the matrix's content. With no matrix:
    whether the user fills any."""
    alcance = alcance_de(user)
    if matriz is None:
        return alcance.nacional or dirige_balance(user)
    return alcance.nacional or matriz.institucion_id in alcance.institucion_ids


def revisar_matriz(user: Usuario, matriz: Matriz | None) -> bool:
    """The UGEL's specialist (or an Administrador) observes, returns and approves; the DRE only reads.
    Reads ``matriz.institucion.ugel_id``: select the institution with the matrix."""
    alcance = alcance_de(user)
    if matriz is None:
        return alcance.nacional or bool(alcance.ugel_ids)
    return alcance.nacional or matriz.institucion.ugel_id in alcance.ugel_ids


def gestionar_campana(user: Usuario, campana: Campana | None) -> bool:
    """A campaign is managed by its UGEL's specialists, or an Administrador (who alone opens one for a
    whole DRE). With no campaign: whether the user may create one."""
    alcance = alcance_de(user)
    if campana is None:
        return alcance.nacional or bool(alcance.ugel_ids)
    return alcance.nacional or (campana.ugel_id is not None and campana.ugel_id in alcance.ugel_ids)


def ver_tablero_dre(user: Usuario, dre: Dre | None) -> bool:
    """The board across a DRE's UGELs: its DRE specialists, and the national users for any DRE (a UGEL
    specialist reads only their UGEL's campaign board). With no DRE: whether the user has one."""
    alcance = alcance_de(user)
    if dre is None:
        return alcance.nacional or bool(alcance.dre_ids)
    return alcance.nacional or dre.pk in alcance.dre_ids


def ugeles_gestionables(user: Usuario) -> QuerySet[Ugel]:
    """The UGEL whose campaigns the user manages (``gestionar_campana``): the campaign form's choices."""
    alcance = alcance_de(user)
    return Ugel.objects.all() if alcance.nacional else Ugel.objects.filter(pk__in=alcance.ugel_ids)


def registrar() -> None:
    registrar_permiso("balance.editar_matriz", editar_matriz)
    registrar_permiso("balance.revisar_matriz", revisar_matriz)
    registrar_permiso("balance.gestionar_campana", gestionar_campana)
    registrar_permiso("balance.ver_tablero_dre", ver_tablero_dre)
