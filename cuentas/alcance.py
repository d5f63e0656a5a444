"""What a user may see, computed once per user object from their role assignments.

Every scoped queryset (``Institucion.objects.visible_to(user)`` and friends) reads it through
``user.alcance``; ``AlcanceMiddleware`` puts it on the request as ``request.alcance``.
"""

from django.utils.functional import SimpleLazyObject

from territorio.alcance import SIN_ALCANCE, Alcance

CACHE_ATTR = "_chasqui_alcance"


def alcance_de(user) -> Alcance:
    """The user's scope; one query the first time, cached on the user object after. The request's
    user comes with it already (cuentas.sesion reads the assignments with the user's row)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return SIN_ALCANCE
    cached = getattr(user, CACHE_ATTR, None)
    if cached is not None:
        return cached

    filas = user.asignaciones.values_list(
        "rol", "dre_id", "ugel_id", "institucion_id", "institucion__modalidad"
    )
    alcance = construir_alcance(user, filas)
    setattr(user, CACHE_ATTR, alcance)
    return alcance


def construir_alcance(user, filas) -> Alcance:
    """The scope from the user's assignments, as (rol, dre_id, ugel_id, institucion_id, the
    institution's modalidad) rows: no query (cuentas.sesion reads the rows with the user)."""
    from cuentas.models import Rol

    dres, ugeles, instituciones, modalidades, roles = set(), set(), set(), set(), set()
    nacional = user.is_superuser
    for rol, dre_id, ugel_id, institucion_id, modalidad in filas:
        roles.add(rol)
        if rol == Rol.ADMINISTRADOR:
            nacional = True
        elif rol == Rol.ESPECIALISTA_DRE:
            dres.add(dre_id)
        elif rol == Rol.ESPECIALISTA_UGEL:
            ugeles.add(ugel_id)
        elif rol == Rol.DIRECTOR:
            instituciones.add(institucion_id)
            modalidades.add((institucion_id, modalidad))
    return Alcance(
        nacional=nacional,
        difoca=nacional or Rol.DIFOCA in roles,
        dre_ids=frozenset(dres),
        ugel_ids=frozenset(ugeles),
        institucion_ids=frozenset(instituciones),
        modalidades=frozenset(modalidades),
    )


class AlcanceMiddleware:
    """Sets ``request.alcance``: the user's scope, built at most once per request (lazily, so pages
    that never ask pay nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.alcance = SimpleLazyObject(lambda: alcance_de(request.user))
        return self.get_response(request)
