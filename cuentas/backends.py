from django.contrib.auth.backends import ModelBackend

from cuentas.alcance import alcance_de


class RolBackend(ModelBackend):
    """Django's backend, plus: the Administrador role holds every permission, as a superuser does."""

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and alcance_de(user_obj).nacional:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and alcance_de(user_obj).nacional:
            return True
        return super().has_module_perms(user_obj, app_label)
