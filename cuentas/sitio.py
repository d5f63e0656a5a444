from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from cuentas.alcance import alcance_de


class SitioAdmin(admin.AdminSite):
    """Django admin, open to staff, to whoever holds the Administrador role, and to DIFOCA (who see
    only what their permissions cover: the good practices and events)."""

    def has_permission(self, request):
        user = request.user
        if not user.is_active:
            return False
        alcance = alcance_de(user)
        return user.is_staff or alcance.nacional or alcance.difoca


class ChasquiAdminConfig(AdminConfig):
    default_site = "cuentas.sitio.SitioAdmin"
