from django.urls import reverse
from django.utils.translation import gettext as _

from cuentas.alcance import alcance_de


def navegacion(request):
    """The menu entries the user's roles give access to."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    alcance = alcance_de(user)
    items = [(_("Inicio"), reverse("inicio"), "house")]
    if alcance.especialista or alcance.dirige_balance:
        items.append((_("Balance"), reverse("balance:inicio"), "clipboard-check"))
    if alcance.especialista or alcance.institucion_ids:
        items.append((_("Instituciones"), reverse("territorio:instituciones"), "building"))
    if alcance.especialista or alcance.dirige_escuela:
        items.append((_("Monitoreo"), reverse("monitoreo:planes"), "calendar3"))
    items.append((_("Buenas prácticas"), reverse("practicas:catalogo"), "lightbulb"))
    # Personal and tool pages live in the user's dropdown, so the bar fits a 1024-pixel screen.
    personal = [(_("Mis exportaciones"), reverse("exportaciones:lista"), "download")]
    if user.is_staff or alcance.nacional or alcance.difoca:
        personal.append((_("Administración"), reverse("admin:index"), "gear"))
    return {"menu": items, "menu_personal": personal, "alcance": alcance}
