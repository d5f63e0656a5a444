from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from cuentas.alcance import alcance_de


class SitioAdmin(admin.AdminSite):
    """Django admin, open to staff and to whoever holds the Administrador role."""

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or alcance_de(user).nacional)


class ChasquiAdminConfig(AdminConfig):
    default_site = "cuentas.sitio.SitioAdmin"
