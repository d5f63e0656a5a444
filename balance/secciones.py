"""What balance adds to the menu and the home page (registered from BalanceConfig.ready)."""

import hashlib
from datetime import date, datetime
from html import escape
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from balance.models import CAMBIOS_CAMPANA, ESTADOS_EDITABLES, Estado, dirige_balance
from comun import versiones
from comun.templatetags.iconos import svg
from territorio.models import POR_UGEL as TERRITORIO_POR_UGEL

# One link of the home's balance section (templates/balance/_pendientes.html), drawn here: a national
# user has one per campaign with matrices to review (a hundred and more), and a template node, URL
# lookup, icon tag and blocktranslate per link were most of their home's drawing.
ENLACE = '\n    <a class="list-group-item list-group-item-action" href="{}">\n      {}\n      {}\n    </a>'


def en_menu(request: HttpRequest) -> bool:
    """Specialists, and the directors of a CEBA/CETPRO."""
    return request.user.is_authenticated and (request.alcance.especialista or dirige_balance(request.user))


# The section's figures in fixed statements (the ORM's compiling of a select_related of three tables
# with its annotation, and its model instances, were most of the section's time).
# Matriz.objects.propias: the director's matrices in open campaigns, with the rows the UGEL observed.
PROPIAS = """\
SELECT m.id, m.estado, m.progreso, m.enviada_en, m.aprobada_en, c.fecha_limite, i.nombre,
       u.first_name, u.last_name, u.username,
       (SELECT count(*) FROM balance_fila f WHERE f.matriz_id = m.id
          AND NOT (f.observacion = '' AND f.observacion IS NOT NULL))
FROM balance_matriz m
JOIN balance_campana c ON c.id = m.campana_id
JOIN territorio_institucion i ON i.id = m.institucion_id
LEFT JOIN cuentas_usuario u ON u.id = m.aprobada_por_id
WHERE m.institucion_id = ANY(%s) AND c.abierta
ORDER BY c.fecha_limite, i.nombre, m.id"""
# Matriz.objects.por_revisar: sent matrices, per campaign; a UGEL specialist's those of their UGELs.
# Counted from the partial index of the sent matrices (matriz_enviadas), kept under the numbers read
# by CAMPANAS (see _por_revisar).
POR_REVISAR = "SELECT m.campana_id, count(*) FROM balance_matriz m WHERE m.estado = %s{} GROUP BY 1"
EN_SUS_UGELES = " AND m.institucion_id IN (SELECT id FROM territorio_institucion WHERE ugel_id = ANY(%s))"
# Every campaign with its change number (CAMBIOS_CAMPANA: Matriz's trigger raises it in the statement
# of every write of a matrix's state, campaign or institution, whoever makes it), its title and
# deadline read fresh; for a UGEL specialist, a last row (id 0) with the territory numbers of their
# UGELs (a school moved into or out of one raises it): what the kept counts depend on.
CAMPANAS = "SELECT c.id, c.titulo, c.fecha_limite, coalesce(v.numero, 0) FROM balance_campana c" + (
    versiones.junta("v", CAMBIOS_CAMPANA, "c.id")
)
TERRITORIO = (
    " UNION ALL SELECT 0, "
    + versiones.lista_sql(TERRITORIO_POR_UGEL, "SELECT unnest(%s::bigint[])")
    + ", NULL, 0"
)
TABLEROS_DRE = "SELECT id, nombre FROM territorio_dre WHERE id = ANY(%s) ORDER BY nombre, id"


class Lugar(NamedTuple):
    nombre: str


class Plazo(NamedTuple):
    fecha_limite: date


class Propia(NamedTuple):
    """What the section shows of one of the director's matrices (the names of Matriz's fields)."""

    pk: int
    estado: str
    progreso: int
    enviada_en: datetime | None
    aprobada_en: datetime | None
    campana: Plazo
    institucion: Lugar
    aprobada_por: str | None  # as str(Usuario)
    n_observaciones: int

    @property
    def editable(self) -> bool:  # Matriz.editable: its campaign is open (PROPIAS reads only those)
        return self.estado in ESTADOS_EDITABLES


def _nombre(nombres: str | None, apellidos: str | None, usuario: str | None) -> str | None:
    """str(Usuario): the full name, else the username (None without a user)."""
    return None if usuario is None else (f"{nombres} {apellidos}".strip() or usuario)


def pendientes(request: HttpRequest) -> dict | None:
    """Where each of the director's matrices stands (to fill, sent, returned, approved) and the
    matrices waiting for the specialist's review."""
    alcance = request.alcance
    por_completar, por_revisar, tableros_dre = [], [], []
    with connection.cursor() as cursor:
        if alcance.institucion_ids:  # a director's: nobody else has matrices of their own
            cursor.execute(PROPIAS, [sorted(alcance.institucion_ids)])
            por_completar = [
                Propia(
                    pk,
                    estado,
                    progreso,
                    enviada,
                    aprobada,
                    Plazo(plazo),
                    Lugar(lugar),
                    _nombre(*quien),
                    n,
                )
                for pk, estado, progreso, enviada, aprobada, plazo, lugar, *quien, n in cursor.fetchall()
            ]
        if alcance.nacional or alcance.ugel_ids:
            por_revisar = _por_revisar(cursor, alcance)
        # A DRE specialist lands here with nothing to fill or review: their way in is the DRE board.
        if alcance.dre_ids:
            cursor.execute(TABLEROS_DRE, [sorted(alcance.dre_ids)])
            tableros_dre = cursor.fetchall()
    if not (por_completar or por_revisar or tableros_dre):
        return None
    return {"por_completar": por_completar, "enlaces": _enlaces_guardados(por_revisar, tableros_dre)}


def _por_revisar(cursor, alcance) -> list[tuple]:
    """The sent matrices to review per campaign, as (campaign, title, deadline, count) rows ordered
    by deadline and campaign: the Administrador's all (Matriz.objects.por_revisar), the UGEL
    specialist's those of their UGELs. The counts are kept in the cache under the campaigns' change
    numbers and, for a UGEL specialist, their UGELs' territory numbers (CAMPANAS, read first, in one
    query), with the scope: a visit between changes counts nothing; any write of a matrix's state,
    a school moved, a campaign added or deleted is a new key. Titles and deadlines are read on every
    visit."""
    ugeles = [] if alcance.nacional else sorted(alcance.ugel_ids)
    if alcance.nacional:
        cursor.execute(CAMPANAS)
    else:
        cursor.execute(CAMPANAS + TERRITORIO, [ugeles])
    campanas = cursor.fetchall()
    clave = (
        "balance:inicio:por_revisar:"
        + hashlib.sha256(
            # A campaign's number; the territory numbers' text (row 0, in the title's column).
            repr(
                (alcance.nacional, ugeles, [(pk, numero if pk else t) for pk, t, _f, numero in campanas])
            ).encode()
        ).hexdigest()
    )
    conteos = cache.get(clave)
    if conteos is None:
        if alcance.nacional:
            cursor.execute(POR_REVISAR.format(""), [Estado.ENVIADA.value])
        else:
            cursor.execute(POR_REVISAR.format(EN_SUS_UGELES), [Estado.ENVIADA.value, ugeles])
        conteos = dict(cursor.fetchall())
        cache.set(clave, conteos, None)  # an entry never read again once a number changed
    filas = [(pk, titulo, plazo, conteos[pk]) for pk, titulo, plazo, _n in campanas if pk and pk in conteos]
    return sorted(filas, key=lambda fila: (fila[2], fila[0]))  # ORDER BY fecha_limite, id


def _enlaces_guardados(por_revisar: list[tuple], tableros_dre: list[tuple]) -> SafeString:
    """``_enlaces`` kept in the cache under the very rows it draws and the language (a national
    user's hundred links and more): nothing to invalidate, since any change of a count, a title, a
    deadline or a name is a change of the key. The rows are read on every visit; only the drawing
    is saved."""
    clave = (
        "balance:inicio:enlaces:"
        + hashlib.sha256(repr((get_language(), por_revisar, tableros_dre)).encode()).hexdigest()
    )
    enlaces = cache.get(clave)
    if enlaces is None:
        enlaces = _enlaces(por_revisar, tableros_dre)
        cache.set(clave, enlaces)  # the default timeout only frees memory: the key is the data
    return enlaces


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
