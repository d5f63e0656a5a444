"""What a user may see, computed once per user object from their role assignments.

Every scoped queryset (``Institucion.objects.visible_to(user)`` and friends) starts here, so the
rule lives in one place.
"""

from dataclasses import dataclass, field

CACHE_ATTR = "_chasqui_alcance"


@dataclass(frozen=True)
class Alcance:
    nacional: bool = False  # every institution (Administrador, superuser)
    difoca: bool = False  # national good practices and events
    dre_ids: frozenset[int] = field(default_factory=frozenset)
    ugel_ids: frozenset[int] = field(default_factory=frozenset)
    institucion_ids: frozenset[int] = field(default_factory=frozenset)
    # Of those, the CEBA/CETPRO: they fill the balance; the other schools write a monitoring plan.
    balance_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def vacio(self) -> bool:
        return not (self.nacional or self.difoca or self.dre_ids or self.ugel_ids or self.institucion_ids)

    @property
    def dirige_balance(self) -> bool:
        return bool(self.balance_ids)

    @property
    def escuela_ids(self) -> frozenset[int]:
        """The directed schools that write a monitoring plan (all but the CEBA/CETPRO)."""
        return self.institucion_ids - self.balance_ids

    @property
    def dirige_escuela(self) -> bool:
        return bool(self.escuela_ids)

    @property
    def especialista(self) -> bool:
        """Reviews institutions of a UGEL or DRE (or everything, as Administrador)."""
        return self.nacional or bool(self.dre_ids or self.ugel_ids)


def alcance_de(user) -> Alcance:
    """The user's scope; one query the first time, cached on the user object after."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Alcance()
    cached = getattr(user, CACHE_ATTR, None)
    if cached is not None:
        return cached

    from cuentas.models import Rol
    from territorio.models import MODALIDADES_BALANCE

    dres, ugeles, instituciones, balance, roles = set(), set(), set(), set(), set()
    nacional = user.is_superuser
    for rol, dre_id, ugel_id, institucion_id, modalidad in user.asignaciones.values_list(
        "rol", "dre_id", "ugel_id", "institucion_id", "institucion__modalidad"
    ):
        roles.add(rol)
        if rol == Rol.ADMINISTRADOR:
            nacional = True
        elif rol == Rol.ESPECIALISTA_DRE:
            dres.add(dre_id)
        elif rol == Rol.ESPECIALISTA_UGEL:
            ugeles.add(ugel_id)
        elif rol == Rol.DIRECTOR:
            instituciones.add(institucion_id)
            if modalidad in MODALIDADES_BALANCE:
                balance.add(institucion_id)
    if user.is_superuser:
        roles.add(Rol.ADMINISTRADOR)
    alcance = Alcance(
        nacional=nacional,
        difoca=nacional or Rol.DIFOCA in roles,
        dre_ids=frozenset(dres),
        ugel_ids=frozenset(ugeles),
        institucion_ids=frozenset(instituciones),
        balance_ids=frozenset(balance),
        roles=frozenset(roles),
    )
    setattr(user, CACHE_ATTR, alcance)
    return alcance
