from functools import cache

from django.apps import apps
from django.contrib.auth.backends import ModelBackend

from cuentas.alcance import alcance_de


@cache
def apps_difoca() -> frozenset[str]:
    """The apps whose records DIFOCA manages nationally: those whose AppConfig sets
    ``gestiona_difoca = True``. Nothing here names them."""
    return frozenset(c.label for c in apps.get_app_configs() if getattr(c, "gestiona_difoca", False))


class RolBackend(ModelBackend):
    """Django's backend, plus: the Administrador role holds every permission, as a superuser does, and
    DIFOCA every permission over the apps that declare themselves DIFOCA's."""

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active:
            alcance = alcance_de(user_obj)
            if alcance.nacional or (alcance.difoca and perm.split(".", 1)[0] in apps_difoca()):
                return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active:
            alcance = alcance_de(user_obj)
            if alcance.nacional or (alcance.difoca and app_label in apps_difoca()):
                return True
        return super().has_module_perms(user_obj, app_label)
