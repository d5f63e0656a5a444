from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from cuentas.alcance import alcance_de


def entra_al_admin(user) -> bool:
    """Staff, whoever holds the Administrador role, and DIFOCA (who see only what their permissions
    cover: the apps that open their admin to DIFOCA)."""
    if not user.is_authenticated or not user.is_active:
        return False
    alcance = alcance_de(user)
    return user.is_staff or alcance.nacional or alcance.difoca


def en_menu(request) -> bool:
    return entra_al_admin(request.user)


class SitioAdmin(admin.AdminSite):
    """Django admin, open to those ``entra_al_admin`` lets in."""

    site_header = _("Chasqui — administración")
    site_title = _("Chasqui")
    index_title = _("Administración de Chasqui")

    def has_permission(self, request):
        return entra_al_admin(request.user)


class ChasquiAdminConfig(AdminConfig):
    default_site = "cuentas.sitio.SitioAdmin"
