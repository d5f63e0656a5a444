"""The one permission vocabulary: named permissions, the view decorator and the read/write fetch pair.

A feature app registers its permissions from its ``AppConfig.ready()`` (``registrar_permiso(
"balance.editar_matriz", regla)``), each rule a function ``(user, obj) -> bool``; nothing here names
an app. Views name the permission (``@permiso_requerido`` for a page without an object,
``obtener_para_escribir`` for one with it) and services re-check through ``tiene_permiso``.

The rule of every lookup (STYLE.md): out of the user's scope is 404, never a hint that the record
exists; in scope but not allowed to write is 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse

from comun.registro import Registro
from territorio.alcance import obtener_para_leer

if TYPE_CHECKING:  # models are imported where used: cuentas.sitio loads this module before them
    from django.contrib.auth.models import AnonymousUser

    from cuentas.models import Usuario
    from territorio.models import Dre, Institucion, Ugel

__all__ = [
    "PermisoDesconocido",
    "obtener_para_escribir",
    "obtener_para_leer",  # the read half lives with the scope (territorio.alcance): one implementation
    "permiso_requerido",
    "permisos",
    "registrar_permiso",
    "tiene_permiso",
    "usuarios_con_rol",
]

M = TypeVar("M", bound=models.Model)
Regla = Callable[[Any, Any], bool]
Vista = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Permiso:
    """A named permission: ``regla(user, obj)`` says whether the user holds it (over ``obj``, or at
    all when ``obj`` is None)."""

    clave: str
    regla: Regla


class PermisoDesconocido(LookupError):
    """A permission name nobody registered: a typo or a missing ``ready()``, never a silent no."""


permisos: Registro[Permiso] = Registro("permisos")


def registrar_permiso(clave: str, regla: Regla) -> Permiso:
    """Register a named permission (``"<app>.<verb>_<thing>"``) from an ``AppConfig.ready()``."""
    if "." not in clave:
        raise ValueError(f"permission {clave!r}: name it '<app>.<action>'")
    return permisos.registrar(clave, Permiso(clave, regla))


def obtener_permiso(clave: str) -> Permiso:
    permiso = permisos.obtener(clave)
    if permiso is None:
        raise PermisoDesconocido(f"unknown permission {clave!r}: is its app's ready() registering it?")
    return permiso


def tiene_permiso(user: "Usuario | AnonymousUser | None", permiso: str, obj: Any = None) -> bool:
    """Whether the user holds the named permission (over ``obj``). Anonymous and inactive users hold
    none; an unknown name raises ``PermisoDesconocido``."""
    regla = obtener_permiso(permiso).regla
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(regla(user, obj))


def permiso_requerido(permiso: str) -> Callable[[Vista], Vista]:
    """View decorator for a page without an object: anonymous users go to the login page, users
    without the permission get 403. The name is checked when the view first runs (and by the test
    that walks every URL)."""

    def decorador(vista: Vista) -> Vista:
        @wraps(vista)
        def envuelta(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not tiene_permiso(request.user, permiso):
                raise PermissionDenied
            return vista(request, *args, **kwargs)

        envuelta = login_required(envuelta)
        envuelta.permiso = permiso  # read by the test that checks every named permission exists
        return envuelta

    return decorador


def obtener_para_escribir(
    request: HttpRequest, queryset_o_modelo: type[M] | models.QuerySet, permiso: str, **lookup: Any
) -> M:
    """The object the user is about to change: 404 outside the scope, 403 in scope but without the
    named permission over it."""
    obtener_permiso(permiso)  # an unknown name fails before any lookup, whatever the object
    obj = obtener_para_leer(request, queryset_o_modelo, **lookup)
    if not tiene_permiso(request.user, permiso, obj):
        raise PermissionDenied
    return obj


def usuarios_con_rol(
    rol: str,
    *,
    institucion: "Institucion | int | None" = None,
    ugel: "Ugel | int | None" = None,
    dre: "Dre | int | None" = None,
) -> "models.QuerySet[Usuario]":
    """The active users who hold ``rol`` over this institution, UGEL or DRE (one query).

    A role holds over a place when its scope contains it: a director over their institution, a UGEL
    specialist over the UGEL and its institutions, a DRE specialist over the DRE, its UGEL and their
    institutions; the national roles (DIFOCA, Administrador) over everything. With no place, every
    active holder of the role.
    """
    from cuentas.models import ALCANCE_POR_ROL, Asignacion, Rol, Usuario

    if rol not in Rol.values:
        raise ValueError(f"unknown role {rol!r}")
    if sum(lugar is not None for lugar in (institucion, ugel, dre)) > 1:
        raise TypeError("usuarios_con_rol: name one place (institucion, ugel or dre), not several")
    asignaciones = Asignacion.objects.filter(rol=rol)
    if ALCANCE_POR_ROL[Rol(rol)] is not None:
        # The CHECK constraint leaves only the role's own scope field set, so the other branches
        # never match for this role.
        if institucion is not None:
            asignaciones = asignaciones.filter(
                models.Q(institucion=institucion)
                | models.Q(ugel__instituciones=institucion)
                | models.Q(dre__ugeles__instituciones=institucion)
            )
        elif ugel is not None:
            asignaciones = asignaciones.filter(models.Q(ugel=ugel) | models.Q(dre__ugeles=ugel))
        elif dre is not None:
            asignaciones = asignaciones.filter(dre=dre)
    return Usuario.objects.filter(is_active=True, pk__in=asignaciones.values("usuario_id"))
