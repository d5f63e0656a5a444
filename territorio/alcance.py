"""The territorial scope a user works in: a plain value, computed by ``cuentas`` from the user's role
assignments and read here by the scoped querysets, so ``territorio`` needs nothing above it.

Feature words (balance, school plans) are not in it: each app derives its own from the directed
institutions and their modalities (``instituciones_de``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Alcance:
    nacional: bool = False  # every institution (Administrador, superuser)
    difoca: bool = False  # national good practices and events
    dre_ids: frozenset[int] = field(default_factory=frozenset)
    ugel_ids: frozenset[int] = field(default_factory=frozenset)
    institucion_ids: frozenset[int] = field(default_factory=frozenset)
    # The directed institutions with their modality: (id, modalidad) pairs.
    modalidades: frozenset[tuple[int, str]] = field(default_factory=frozenset)

    @property
    def vacio(self) -> bool:
        return not (self.nacional or self.difoca or self.dre_ids or self.ugel_ids or self.institucion_ids)

    @property
    def especialista(self) -> bool:
        """Reviews institutions of a UGEL or DRE (or everything, as Administrador)."""
        return self.nacional or bool(self.dre_ids or self.ugel_ids)

    def instituciones_de(self, modalidades: Iterable[str]) -> frozenset[int]:
        """The directed institutions of these modalities."""
        buscadas = set(modalidades)
        return frozenset(pk for pk, modalidad in self.modalidades if modalidad in buscadas)


SIN_ALCANCE = Alcance()


def como_alcance(quien) -> Alcance:
    """The scope of a user (``user.alcance``, set by ``cuentas``), or the scope value itself. An
    anonymous or inactive user sees nothing."""
    if isinstance(quien, Alcance):
        return quien
    alcance = getattr(quien, "alcance", None)
    return alcance if isinstance(alcance, Alcance) else SIN_ALCANCE


def obtener_para_leer(request: HttpRequest, queryset_o_modelo: type[M] | models.QuerySet, **lookup: Any) -> M:
    """The object from the model's ``visible_to(request.user)`` queryset, or 404 outside the scope
    (never a hint that it exists). Pass the queryset unscoped, with its ``select_related`` and friends:
    the scope is applied here. The read half of ``cuentas.permisos``' fetch pair, kept with the scope
    so that territorio's own views use it too."""
    return obtener_visible(request.user, queryset_o_modelo, **lookup)


def obtener_visible(quien: Any, queryset_o_modelo: type[M] | models.QuerySet, **lookup: Any) -> M:
    """``obtener_para_leer`` for code that holds a user (or a scope value) but no request: the
    exporters, the background tasks. 404 outside the scope."""
    qs = (
        queryset_o_modelo._default_manager.all() if isinstance(queryset_o_modelo, type) else queryset_o_modelo
    )
    if not hasattr(qs, "visible_to"):
        raise TypeError(f"{qs.model.__name__} has no visible_to(user): it cannot be fetched in scope")
    return get_object_or_404(qs.visible_to(quien), **lookup)
