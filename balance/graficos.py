"""What the year teaches, drawn: the difficulties by category and the matrices by state, for any
set of matrices (a UGEL's campaign, a whole DRE), as SVG made on the server (comun.graficos), the
same markup for the board and for the consolidated PDF.

    from balance.graficos import graficos_del_balance
    graficos = graficos_del_balance(matrices)     # two aggregate queries, whatever the matrices
    graficos = graficos_del_balance(matrices, clave=…, situaciones=…)   # a board: see the function
    {{ graficos_html }}   # on a page, each chart followed by its table: dibujados(request, graficos)
    {% include "balance/pdf/_graficos.html" %}    # in a PDF
"""

import base64
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache

import pygal
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balance.models import CategoriaDificultad, Dificultad, Matriz, Situacion
from comun.graficos import accesible, configuracion, estilo, marcas, para_imprimir

# The states as the board's badges tell them (static/css/chasqui.css, .estado-*), in tones that
# hold 3:1 against white (WCAG's non-text contrast): the badges' yellow and orange do not.
COLORES_SITUACION = {
    Situacion.SIN_INICIAR: "#6c757d",
    Situacion.BORRADOR: "#946c00",
    Situacion.ENVIADA: "#0d6efd",
    Situacion.OBSERVADA: "#b4530a",
    Situacion.APROBADA: "#198754",
}
COLOR_CATEGORIA = "#a4161a"  # the house red


@dataclass(frozen=True)
class Grafico:
    """A chart and the figures it draws, for its data table (the chart's text alternative)."""

    identificador: str
    titulo: str
    svg: SafeString
    encabezado: str  # the table's first column
    unidad: str  # what the figures count
    filas: tuple[tuple[str, int], ...]
    total: int
    nota: str = ""

    @property
    def imagen_impresa(self) -> str:
        """The chart as a PDF draws it, for an <img src>: the same SVG with less stylesheet
        (comun.graficos.para_imprimir), as a data: address. WeasyPrint draws it as it draws the
        chart inline, without parsing its markup as HTML and running the document's stylesheets
        over each of its elements first."""
        return "data:image/svg+xml;base64," + base64.b64encode(para_imprimir(self.svg).encode()).decode()


def graficos_del_balance(
    matrices: QuerySet[Matriz] | Callable[[], QuerySet[Matriz]],
    *,
    clave: Hashable | None = None,
    situaciones: dict[str, int] | None = None,
) -> list[Grafico]:
    """The two charts of a set of matrices (the queryset the caller scoped, or a function that
    builds it, called only when something is counted): difficulties by
    category and matrices by state. Two aggregate queries, or fewer for a board:

    - `situaciones`: the matrices per Situacion, when the caller has already counted them;
    - `clave`: what identifies the set and its content, read from the database before this call
      (the campaigns' change numbers, `Campana.objects.con_modificaciones()`, raised in the
      transaction of every change of what is counted of their matrices, with the scope and the
      number of matrices): the difficulties per category are then
      counted once per `clave` and kept in the cache (each process's own by default: correct with
      several app servers, since a change anywhere changes the key everyone reads). The categories'
      names and order are read each time (a short list an Administrador may edit)."""

    def ids() -> QuerySet:
        # A board's matrices are built only when counted (when its figures are not kept).
        return (matrices() if callable(matrices) else matrices).values("pk")

    if clave is None:
        # One query: the counts with the categories' names and order.
        categorias = (
            Dificultad.objects.filter(fila__matriz__in=ids())
            .values_list("categoria__nombre", "categoria__orden")
            .annotate(n=Count("id"))
            .order_by("categoria__orden", "categoria__nombre")
        )
        con_categoria = [(nombre, n) for nombre, _orden, n in categorias if nombre is not None]
        sin = sum(n for nombre, _orden, n in categorias if nombre is None)
    else:
        resumen = hashlib.sha256(repr(clave).encode()).hexdigest()
        por_categoria, contadas = cache.get_or_set(
            f"balance:graficos:{resumen}",
            lambda: (
                _por_categoria(ids()),
                situaciones if situaciones is not None else _por_situacion(ids()),
            ),
            3600,
        )
        situaciones = contadas
        # The names and order as they are now (an Administrador may rename a category).
        # Sorted here, by the same keys as Meta.ordering; one statement written once (the ORM took
        # longer to build it than PostgreSQL to run it, on every board).
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT id, orden, nombre FROM "{CategoriaDificultad._meta.db_table}" WHERE id = ANY(%s)',
                [[pk for pk in por_categoria if pk is not None]],
            )
            nombres = {pk: (orden, nombre) for pk, orden, nombre in cursor.fetchall()}
        con_categoria = [
            (nombres[pk][1], n)
            for pk, n in sorted(
                ((pk, n) for pk, n in por_categoria.items() if pk in nombres),
                key=lambda par: nombres[par[0]],
            )
        ]
        sin = por_categoria.get(None, 0)
    filas_categoria = tuple(con_categoria + ([(_("Sin categoría"), sin)] if sin else []))

    if situaciones is None:
        situaciones = _por_situacion(ids())
    filas_situacion = tuple(
        (str(etiqueta), situaciones.get(valor, 0)) for valor, etiqueta in Situacion.choices
    )
    idioma = get_language()
    return [
        _grafico_categorias(filas_categoria, idioma),
        _grafico_situaciones(filas_situacion, idioma),
    ]


def _por_situacion(ids) -> dict[str, int]:
    """The matrices `ids` (a values("pk") queryset) per Situacion. One aggregate query."""
    return dict(
        Matriz.objects.filter(pk__in=ids)
        .con_situacion()
        .values_list("situacion")
        .annotate(n=Count("id"))
        .order_by()
    )


def _por_categoria(ids) -> dict[int | None, int]:
    """The difficulties of the matrices `ids` (a values("pk") queryset) per category id (None: with
    no category). One aggregate query over the rows of those matrices."""
    return dict(
        Dificultad.objects.filter(fila__matriz__in=ids)
        .values_list("categoria_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def _describir(titulo: str, filas: tuple[tuple[str, int], ...], unidad: str) -> str:
    if not any(n for _nombre, n in filas):
        return _("%(titulo)s: aún no hay %(unidad)s que contar.") % {"titulo": titulo, "unidad": unidad}
    partes = "; ".join(f"{nombre}: {n}" for nombre, n in filas)
    return f"{titulo}. {partes}."


def _barras(filas: tuple[tuple[str, int], ...], colores: list[str], titulo: str, unidad: str) -> SafeString:
    """A horizontal bar per row (in the order given, top to bottom), its figure in its label (dark
    text on white, whatever the bar's colour). One series per row, each holding only its own bar:
    every bar in its colour, with no inline style."""
    # pygal draws the first label at the bottom: reversed, the list reads down.
    nombres = [f"{nombre} · {n}" for nombre, n in filas][::-1]
    grafico = pygal.HorizontalStackedBar(
        **configuracion(
            height=70 + 34 * max(len(filas), 1),
            show_legend=False,
            print_values=False,
            show_x_guides=False,
        ),
        style=estilo(colores[::-1]),
    )
    grafico.x_labels = nombres
    if any(n for _nombre, n in filas):  # with nothing to draw pygal says so (no_data_text)
        grafico.y_labels = marcas(max(n for _nombre, n in filas))
    for i, (nombre, n) in enumerate(reversed(filas)):
        grafico.add(nombre, [n or None if j == i else None for j in range(len(filas))])
    return accesible(grafico, titulo, _describir(titulo, filas, unidad))


@lru_cache(maxsize=64)
def _grafico_categorias(filas: tuple[tuple[str, int], ...], idioma: str | None) -> Grafico:
    titulo = _("Dificultades por categoría")
    unidad = _("dificultades")
    return Grafico(
        identificador="dificultades",
        titulo=titulo,
        svg=_barras(filas, [COLOR_CATEGORIA] * len(filas), titulo, unidad),
        encabezado=_("Categoría"),
        unidad=_("Dificultades"),
        filas=filas,
        total=sum(n for _nombre, n in filas),
        nota=_(
            "Cuenta las dificultades escritas en todas las matrices, también las de borradores. "
            "La categoría la elige cada director y es opcional."
        ),
    )


@lru_cache(maxsize=64)
def _grafico_situaciones(filas: tuple[tuple[str, int], ...], idioma: str | None) -> Grafico:
    titulo = _("Matrices por estado")
    return Grafico(
        identificador="estados",
        titulo=titulo,
        svg=_barras(filas, list(COLORES_SITUACION.values()), titulo, _("matrices")),
        encabezado=_("Estado"),
        unidad=_("Matrices"),
        filas=filas,
        total=sum(n for _nombre, n in filas),
    )


# What the charts' <style> tags carry in place of the request's CSP nonce while drawn once (see
# dibujados): letters and digits, which escaping leaves as they are and no chart contains.
MARCA_NONCE = "nonce7c1e5a9d3b"


def dibujados(request, graficos: list[Grafico]) -> SafeString:
    """balance/_graficos.html for these charts (a page's): drawn once per charts and language and
    kept by this process, as the charts themselves are (a pure function of their figures and names,
    which are the key: nothing read from the database behind it), the request's CSP nonce put in
    each time ({% grafico %} gives each <style> the nonce: 60 KB of SVG run through a regex)."""
    return con_nonce(request, _dibujados(tuple(graficos), get_language()))


def con_nonce(request, html: str) -> SafeString:
    """Markup drawn with MARCA_NONCE for the nonce (dibujados for ``sin_nonce``), with the request's
    CSP nonce put in (or the attribute taken out when the request has none)."""
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None:
        return mark_safe(html.replace(f' nonce="{MARCA_NONCE}"', ""))  # noqa: S308 - drawn by the template
    return mark_safe(html.replace(MARCA_NONCE, escape(str(nonce))))  # noqa: S308 - drawn by the template


class _ConMarca:
    """A request as {% grafico %} reads it: only its nonce, the mark."""

    csp_nonce = MARCA_NONCE


# What dibujados() takes in place of a request to leave the mark in (a page kept with its charts,
# the nonce put in at each request by con_nonce).
sin_nonce = _ConMarca()


@lru_cache(maxsize=64)
def _dibujados(graficos: tuple[Grafico, ...], idioma: str | None) -> str:
    return render_to_string("balance/_graficos.html", {"graficos": graficos, "request": _ConMarca()})
