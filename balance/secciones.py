"""What balance adds to the menu and the home page (registered from BalanceConfig.ready)."""

from django.db.models import Count
from django.http import HttpRequest

from balance.models import Matriz, dirige_balance
from territorio.models import Dre


def en_menu(request: HttpRequest) -> bool:
    """Specialists, and the directors of a CEBA/CETPRO."""
    return request.user.is_authenticated and (request.alcance.especialista or dirige_balance(request.user))


def pendientes(request: HttpRequest) -> dict | None:
    """Where each of the director's matrices stands (to fill, sent, returned, approved) and the
    matrices waiting for the specialist's review."""
    user = request.user
    por_completar = list(
        Matriz.objects.propias(user)
        .select_related("campana", "institucion", "aprobada_por")
        .order_by("campana__fecha_limite", "institucion__nombre")
    )
    por_revisar = list(
        Matriz.objects.por_revisar(user)
        .values("campana_id", "campana__titulo", "campana__fecha_limite")
        .annotate(n=Count("id"))
        .order_by("campana__fecha_limite")
    )
    # A DRE specialist lands here with nothing to fill or review: their way in is the DRE board.
    tableros_dre = list(Dre.objects.filter(pk__in=request.alcance.dre_ids).order_by("nombre"))
    if not (por_completar or por_revisar or tableros_dre):
        return None
    return {"por_completar": por_completar, "por_revisar": por_revisar, "tableros_dre": tableros_dre}
