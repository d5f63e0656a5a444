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

from django.core.cache import caches
from django.db import connection
from django.http import Http404, HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from balance.models import CAMBIOS_CATEGORIAS, CAMBIOS_MATRIZ, Campana, Matriz
from comun import versiones
from comun.preparadas import Preparada
from cuentas.models import NOMBRES
from territorio.alcance import como_alcance
from territorio.models import POR_UGEL as TERRITORIO_POR_UGEL
from territorio.models import Institucion

# The numbers the kept pages depend on, as one text read in the row of the matrix `m`.
_NUMEROS = "concat_ws(':', {}, {}, {}, {}, {})".format(
    versiones.sql(CAMBIOS_MATRIZ, "m.id"),
    # The previous balance: every matrix of the school in a campaign of the year before, with its number.
    f"""(SELECT string_agg(p.id || '.' || coalesce(v.numero, 0), ',' ORDER BY p.id)
        FROM balance_matriz p JOIN balance_campana pc ON pc.id = p.campana_id
        LEFT JOIN comun_version v ON v.espacio = '{CAMBIOS_MATRIZ}' AND v.clave = p.id
        WHERE p.institucion_id = m.institucion_id AND pc.anio = c.anio - 1)""",
    versiones.sql(CAMBIOS_CATEGORIAS, "0"),
    versiones.sql(NOMBRES, "0"),
    versiones.lista_sql(
        TERRITORIO_POR_UGEL,
        "SELECT t.id FROM territorio_ugel t"
        " WHERE t.id = i.ugel_id OR t.id = c.ugel_id OR t.dre_id = c.dre_id",
    ),
)

# The matrix's key row, in the viewer's scope: written once, not built by the ORM at each request
# (building that query cost more than everything else a kept page does). The scope's condition is
# InstitucionQuerySet.visible_to's (territorio.models.en_alcance: national, or the school's own id,
# its UGEL's, its UGEL's DRE's), which tests/balance/test_matriz_guardada.py holds it to.
_CLAVE = f"""
SELECT m.estado, m.ronda, m.revision_abierta_en, m.institucion_id, i.ugel_id, i.nombre,
       m.campana_id, c.titulo, c.anio, c.fecha_limite, c.abierta, c.ugel_id, c.dre_id, {_NUMEROS}
FROM balance_matriz m
JOIN territorio_institucion i ON i.id = m.institucion_id
JOIN territorio_ugel u ON u.id = i.ugel_id
JOIN balance_campana c ON c.id = m.campana_id
WHERE m.id = $1 AND ($2 OR m.institucion_id = ANY($3) OR i.ugel_id = ANY($4) OR u.dre_id = ANY($5))"""

# Prepared once per connection (PostgreSQL keeps it for the session, whatever its transactions do):
# planning this query's joins and subqueries cost PostgreSQL four times what running it does.
_NOMBRE = "balance_matriz_clave"
_PREPARADA = Preparada(
    [_NOMBRE], lambda: f"PREPARE {_NOMBRE} (bigint, boolean, bigint[], bigint[], bigint[]) AS {_CLAVE}"
)
_EJECUTAR = f"EXECUTE {_NOMBRE} (%s, %s, %s::bigint[], %s::bigint[], %s::bigint[])"


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
    alcance = como_alcance(request.user)
    with connection.cursor() as cursor:
        _PREPARADA.ejecutar(
            cursor,
            _EJECUTAR,
            [
                pk,
                alcance.nacional,
                list(alcance.institucion_ids),
                list(alcance.ugel_ids),
                list(alcance.dre_ids),
            ],
        )
        fila = cursor.fetchone()
    if fila is None:
        raise Http404
    (estado, ronda, abierta_en, institucion_id, ugel_id, nombre, campana_id, titulo, anio, limite, abierta,
     campana_ugel, campana_dre, _numeros) = fila  # fmt: skip
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
    return caches["matrices"].get(clave)


def guardar(clave: str, dibujo: Dibujo) -> None:
    caches["matrices"].set(clave, dibujo)  # the timeout only frees memory: the key is the data
