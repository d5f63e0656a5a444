from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cuentas.alcance import alcance_de
from cuentas.permisos import tiene_permiso

if TYPE_CHECKING:  # loaded as an app config, before the models
    from cuentas.models import Usuario


def entra_al_admin(user: "Usuario", obj: object = None) -> bool:
    """The rule of ``"cuentas.entrar_al_admin"``: staff, whoever holds the Administrador role, and
    DIFOCA (who see only what their permissions cover: the apps they manage, cuentas.backends)."""
    alcance = alcance_de(user)
    return user.is_staff or alcance.nacional or alcance.difoca


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
