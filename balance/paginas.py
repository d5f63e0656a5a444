"""The pages of one matrix (its read and the director's edit page) kept drawn, per matrix.

A GET of either page first reads, in one query that also applies the viewer's scope (out of scope is
404), the few columns of the matrix that decide what the viewer may do on it (its state, round,
campaign, institution) and the change numbers of everything the page shows (comun.versiones):

- the matrix's own (``CAMBIOS_MATRIZ``), raised by the statement triggers of the matrix and of every
  table the page reads of it: rows, logros, dificultades, compromisos, follow-ups, observations of
  past rounds, sends, lineamientos (its state history is written with each change of the matrix);
- those of the previous balance shown beside it (the institution's matrices of the year before, each
  id with its number: a matrix added to or moved out of that year changes the list too);
- the difficulty categories' (``CAMBIOS_CATEGORIAS``) and the users' names' (``cuentas.NOMBRES``:
  who approved it, who changed its state);
- the territory's (``territorio.POR_UGEL``) of the school's UGEL and of the campaign's UGEL or DRE
  (the names of the school, its UGEL and the campaign's scope).

The campaign's columns the page shows or decides by (title, year, deadline, open) go into the key
as they are, with today's date (an expired deadline), the language, the page's address and what the
viewer may do (review, reopen, edit, withdraw: booleans from the scope and those columns). The
content drawn under that key is kept in the cache; what belongs to the request (the CSRF field, the
user's id in the edit page's local copy) is put back at each request at marks left in the drawing.
The rest of the page (base.html: the bar, the messages) is drawn at each request as before.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from balance.models import CAMBIOS_CATEGORIAS, CAMBIOS_MATRIZ, Campana, Matriz
from comun import versiones
from cuentas.models import NOMBRES
from cuentas.permisos import obtener_para_leer
from territorio.models import POR_UGEL as TERRITORIO_POR_UGEL
from territorio.models import Institucion

_M = '"balance_matriz"'
# The numbers the kept pages depend on, as one text read in the row of the matrix (only the base
# table is named: the joins of values_list() and visible_to() may be aliased).
_NUMEROS = "concat_ws(':', {}, {}, {}, {}, {})".format(
    versiones.sql(CAMBIOS_MATRIZ, f"{_M}.id"),
    # The previous balance: every matrix of the school in a campaign of the year before, with its number.
    f"""(SELECT string_agg(p.id || '.' || coalesce(v.numero, 0), ',' ORDER BY p.id)
        FROM balance_matriz p JOIN balance_campana pc ON pc.id = p.campana_id
        LEFT JOIN comun_version v ON v.espacio = '{CAMBIOS_MATRIZ}' AND v.clave = p.id
        WHERE p.institucion_id = {_M}.institucion_id
          AND pc.anio = (SELECT ca.anio FROM balance_campana ca WHERE ca.id = {_M}.campana_id) - 1)""",
    versiones.sql(CAMBIOS_CATEGORIAS, "0"),
    versiones.sql(NOMBRES, "0"),
    versiones.lista_sql(
        TERRITORIO_POR_UGEL,
        f"""SELECT u.id FROM territorio_ugel u
        WHERE u.id = (SELECT i.ugel_id FROM territorio_institucion i WHERE i.id = {_M}.institucion_id)
           OR u.id = (SELECT c.ugel_id FROM balance_campana c WHERE c.id = {_M}.campana_id)
           OR u.dre_id = (SELECT c.dre_id FROM balance_campana c WHERE c.id = {_M}.campana_id)""",
    ),
)

_COLUMNAS = (
    "estado",
    "ronda",
    "revision_abierta_en",
    "institucion_id",
    "institucion__ugel_id",
    "institucion__nombre",
    "campana_id",
    "campana__titulo",
    "campana__anio",
    "campana__fecha_limite",
    "campana__abierta",
    "campana__ugel_id",
    "campana__dre_id",
    "numeros",
)


@dataclass
class Leida:
    """What the key query read: the matrix as a bare object (its state, round, campaign and school's
    UGEL: enough for the permission rules and services.motivo_*), the school's name and the key's
    parts."""

    matriz: Matriz
    partes: tuple

    def clave(self, pagina: str, *viewer) -> str:
        hoy = timezone.localdate()
        partes = (pagina, self.matriz.pk, *self.partes, get_language(), hoy.isoformat(), *viewer)
        return f"balance:{pagina}:" + hashlib.sha256(repr(partes).encode()).hexdigest()


def leer(request: HttpRequest, pk: int) -> Leida:
    """The matrix's key columns in the viewer's scope (404 outside it): one query."""
    qs = Matriz.objects.annotate(numeros=RawSQL(_NUMEROS, (), output_field=TextField())).values_list(
        *_COLUMNAS
    )
    fila = obtener_para_leer(request, qs, pk=pk)
    (estado, ronda, abierta_en, institucion_id, ugel_id, nombre, campana_id, titulo, anio, limite, abierta,
     campana_ugel, campana_dre, numeros) = fila  # fmt: skip
    campana = Campana(
        pk=campana_id, titulo=titulo, anio=anio, fecha_limite=limite, abierta=abierta,
        ugel_id=campana_ugel, dre_id=campana_dre,
    )  # fmt: skip
    institucion = Institucion(pk=institucion_id, ugel_id=ugel_id, nombre=nombre)
    matriz = Matriz(
        pk=pk,
        estado=estado,
        ronda=ronda,
        revision_abierta_en=abierta_en,
        campana=campana,
        institucion=institucion,
    )
    return Leida(matriz, (fila, request.path))


@dataclass(frozen=True)
class Dibujo:
    """A page's content drawn with marks where the request's own values go, and its title's name."""

    nombre: str
    html: str
    marcas: tuple[tuple[str, str], ...]  # (mark, what goes there)

    def poner(self, request: HttpRequest) -> SafeString:
        html = self.html
        for marca, que in self.marcas:
            html = html.replace(marca, get_token(request) if que == "csrf_token" else str(request.user.pk))
        return mark_safe(html)  # noqa: S308  (drawn by the template, escaped there)


def dibujar(request: HttpRequest, plantilla: str, nombre: str, contexto: dict) -> Dibujo:
    """The content template drawn with a fresh random mark (no text of a matrix can hold it) for the
    CSRF token and the user's id."""
    marcas = {"csrf_token": secrets.token_hex(16), "usuario_pk": secrets.token_hex(16)}
    html = render_to_string(plantilla, {**contexto, **marcas}, request=request)
    return Dibujo(nombre, html, tuple((marca, que) for que, marca in marcas.items() if marca in html))


def guardado(clave: str) -> Dibujo | None:
    return cache.get(clave)


def guardar(clave: str, dibujo: Dibujo) -> None:
    cache.set(clave, dibujo)  # the default timeout only frees memory: the key is the data
