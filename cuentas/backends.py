from django.contrib.auth.backends import ModelBackend

from cuentas.alcance import alcance_de
from cuentas.permisos import permisos, tiene_permiso


def gestiona_app(user, app_label: str) -> bool:
    """Whether the user holds the app's ``"<app>.gestionar"`` permission (cuentas.permisos), which an
    app registers when some role manages all its records in the admin (DIFOCA the good practices).
    Nothing here names the app."""
    clave = f"{app_label}.gestionar"
    return clave in permisos and tiene_permiso(user, clave)


class RolBackend(ModelBackend):
    """Django's backend, plus: the Administrador role holds every permission, as a superuser does, and
    whoever holds an app's ``"<app>.gestionar"`` every Django permission over that app."""

    def get_user(self, user_id):
        """The session's user, with their scope: the one its session's read brought (cuentas.sesion),
        else one query; None for an inactive account, as Django's."""
        from cuentas.sesion import usuario_con_alcance, usuario_de_la_sesion

        usuario = usuario_de_la_sesion(user_id) or usuario_con_alcance(user_id)
        return usuario if usuario is not None and self.user_can_authenticate(usuario) else None

    def has_perm(self, user_obj, perm, obj=None):
        if user_obj.is_active and (
            alcance_de(user_obj).nacional or gestiona_app(user_obj, perm.split(".", 1)[0])
        ):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and (alcance_de(user_obj).nacional or gestiona_app(user_obj, app_label)):
            return True
        return super().has_module_perms(user_obj, app_label)
