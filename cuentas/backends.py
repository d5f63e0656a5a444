from django.contrib.auth.backends import ModelBackend

from cuentas.alcance import alcance_de

# Apps whose records DIFOCA manages, national in scope (through /admin/ until they have their screens).
APPS_DIFOCA = {"practicas"}


class RolBackend(ModelBackend):
    """Django's backend, plus: the Administrador role holds every permission, as a superuser does, and
    DIFOCA every permission over the good practices and events."""

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active:
            alcance = alcance_de(user_obj)
            if alcance.nacional or (alcance.difoca and perm.split(".", 1)[0] in APPS_DIFOCA):
                return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active:
            alcance = alcance_de(user_obj)
            if alcance.nacional or (alcance.difoca and app_label in APPS_DIFOCA):
                return True
        return super().has_module_perms(user_obj, app_label)
