from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cuentas.alcance import alcance_de
from cuentas.permisos import permisos, tiene_permiso

if TYPE_CHECKING:  # loaded as an app config, before the models
    from cuentas.models import Usuario


def entra_al_admin(user: "Usuario", obj: object = None) -> bool:
    """The rule of ``"cuentas.entrar_al_admin"``: staff, whoever holds the Administrador role, and
    whoever manages some app's records (its ``"<app>.gestionar"``, as DIFOCA the good practices),
    who then sees only those apps (cuentas.backends). Nothing here names a role's app."""
    if user.is_staff or alcance_de(user).nacional:
        return True
    return any(tiene_permiso(user, p.clave) for p in permisos if p.clave.endswith(".gestionar"))


def en_menu(request: HttpRequest) -> bool:
    return tiene_permiso(request.user, "cuentas.entrar_al_admin")


class SitioAdmin(admin.AdminSite):
    """Django admin, open to those ``entra_al_admin`` lets in."""

    site_header = _("Chasqui — administración")
    site_title = _("Chasqui")
    index_title = _("Administración de Chasqui")

    def has_permission(self, request: HttpRequest) -> bool:
        return tiene_permiso(request.user, "cuentas.entrar_al_admin")


class ChasquiAdminConfig(AdminConfig):
    default_site = "cuentas.sitio.SitioAdmin"
