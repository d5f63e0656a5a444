"""What balance adds to the menu and the home page (registered from BalanceConfig.ready)."""

from html import escape

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from balance.models import Matriz, dirige_balance
from comun.templatetags.iconos import svg
from territorio.models import Dre

# One link of the home's balance section (templates/balance/_pendientes.html), drawn here: a national
# user has one per campaign with matrices to review (a hundred and more), and a template node, URL
# lookup, icon tag and blocktranslate per link were most of their home's drawing.
ENLACE = '\n    <a class="list-group-item list-group-item-action" href="{}">\n      {}\n      {}\n    </a>'


def en_menu(request: HttpRequest) -> bool:
    """Specialists, and the directors of a CEBA/CETPRO."""
    return request.user.is_authenticated and (request.alcance.especialista or dirige_balance(request.user))


def pendientes(request: HttpRequest) -> dict | None:
    """Where each of the director's matrices stands (to fill, sent, returned, approved) and the
    matrices waiting for the specialist's review."""
    user = request.user
    alcance = request.alcance
    por_completar = (
        list(
            Matriz.objects.propias(user)
            .select_related("campana", "institucion", "aprobada_por")
            .order_by("campana__fecha_limite", "institucion__nombre")
        )
        if alcance.institucion_ids  # a director's: nobody else has matrices of their own
        else []
    )
    por_revisar = (
        list(
            Matriz.objects.por_revisar(user)
            .values_list("campana_id", "campana__titulo", "campana__fecha_limite")
            .annotate(n=Count("id"))
            .order_by("campana__fecha_limite")
        )
        if alcance.nacional or alcance.ugel_ids  # who reviews (Matriz.objects.por_revisar)
        else []
    )
    # A DRE specialist lands here with nothing to fill or review: their way in is the DRE board.
    tableros_dre = (
        list(Dre.objects.filter(pk__in=alcance.dre_ids).order_by("nombre").values_list("pk", "nombre"))
        if alcance.dre_ids
        else []
    )
    if not (por_completar or por_revisar or tableros_dre):
        return None
    return {
        "por_completar": por_completar,
        "enlaces": _enlaces(por_revisar, tableros_dre),
    }


def _enlaces(por_revisar: list[tuple], tableros_dre: list[tuple]) -> SafeString:
    """The section's links to review and to the DRE boards, as HTML in one pass (see ENLACE): one
    reverse() and one icon for all of them, titles and names escaped, counts localized."""
    partes = []
    if por_revisar:
        marca = 987654321  # reverse() once: the address around the campaign's number
        tablero = reverse("balance:tablero", args=[marca]).split(str(marca))
        icono = svg("inbox", "me-1")
        cuantas: dict[int, tuple[str, str]] = {}  # n → its plural form and n localized, once per n
        for campana_id, titulo, _plazo, n in por_revisar:
            if n not in cuantas:
                cuantas[n] = (
                    ngettext(
                        "%(n)s matriz enviada por revisar — %(titulo)s",
                        "%(n)s matrices enviadas por revisar — %(titulo)s",
                        n,
                    ),
                    localize(n),
                )
            forma, numero = cuantas[n]
            texto = forma % {"n": numero, "titulo": titulo}
            url = f"{tablero[0]}{int(campana_id)}{tablero[1]}?situacion=enviada"
            partes.append(ENLACE.format(escape(url), icono, escape(texto)))
    if tableros_dre:
        elegir = reverse("balance:dre_elegir")
        icono = svg("grid-3x3-gap", "me-1")
        for pk, nombre in tableros_dre:
            texto = _("Tablero de la %(dre)s: cómo va el balance en cada UGEL") % {"dre": nombre}
            partes.append(ENLACE.format(escape(f"{elegir}?dre={int(pk)}"), icono, escape(texto)))
    return mark_safe("".join(partes))  # noqa: S308 - addresses and texts escaped, icons from svg()
