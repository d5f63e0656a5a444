"""The catalogue's charts as SVG made on the server (pygal), the same markup for the page and for a PDF.

Plain functions: counts in, SVG markup out (a ``SafeString`` to print as it is, in a template or in
the HTML given to WeasyPrint). The SVG carries no script, no external stylesheet and no web font: its
style is embedded and its fonts are the system's, so WeasyPrint draws it as the browser does. Each
chart is an image for assistive technology (``role="img"``) named by its ``<title>`` and described by
a ``<desc>`` that says every figure in words; print the data table next to it too (``filas_tabla``).

    from practicas import cifras, graficos
    conteos = cifras.por_region_y_etapa()           # {"Junín": {"inicial": 1, ...}, ...}
    graficos.por_region_y_etapa(conteos)           # stacked bars: a bar per region, by stage
    graficos.por_etapa(graficos.totales_por_etapa(conteos))  # a bar per stage
    graficos.filas_tabla(conteos)                  # the same figures as table rows, with totals
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pygal
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from comun.graficos import accesible as _accesible
from comun.graficos import configuracion as _configuracion
from comun.graficos import estilo as _estilo
from comun.graficos import marcas as _marcas
from practicas.models import Etapa

# The stages as the catalogue's badges tell them (static/css/chasqui.css, .etapa-*), in tones that
# hold 3:1 against white (WCAG's non-text contrast) and 4.5:1 for white text.
COLORES_ETAPA = {
    Etapa.INICIAL: "#0d6efd",
    Etapa.INTERMEDIO: "#946c00",
    Etapa.AVANZADO: "#198754",
}


def _etiqueta(etapa: str) -> str:
    return str(Etapa(etapa).label)


def por_region_y_etapa(
    conteos: Mapping[str, Mapping[str, int]], *, titulo: str | None = None, descripcion: str | None = None
) -> SafeString:
    """A horizontal bar per region (in the order given), split by maturity stage, each region's
    total in its label. ``conteos``: region name → {stage value ("inicial"…): practices}."""
    filas = tuple((region, tuple(sorted(fila.items()))) for region, fila in conteos.items())
    return _region_y_etapa(filas, titulo, descripcion, get_language())


# The same figures draw the same markup: the last charts drawn are kept (pygal takes some 10 ms a
# chart, and the catalogue's changes only when a practice is published or withdrawn). The language
# is part of the key: the labels are translated.
@lru_cache(maxsize=32)
def _region_y_etapa(
    filas: tuple, titulo: str | None, descripcion: str | None, idioma: str | None
) -> SafeString:
    conteos = {region: dict(fila) for region, fila in filas}
    titulo = titulo or _("Prácticas por región y estadio de madurez")
    regiones = list(conteos)
    grafico = pygal.HorizontalStackedBar(
        **_configuracion(
            height=90 + 30 * max(len(regiones), 1),
            legend_at_bottom=True,
            show_legend=True,
            print_values=False,
        ),
        style=_estilo([COLORES_ETAPA[e] for e in Etapa.values]),
    )
    # pygal draws the first label at the bottom of a horizontal chart: reversed, the list reads down.
    regiones.reverse()
    grafico.x_labels = [f"{region} · {sum(conteos[region].values())}" for region in regiones]
    grafico.y_labels = _marcas(max((sum(fila.values()) for fila in conteos.values()), default=0))
    for etapa in Etapa.values:
        grafico.add(_etiqueta(etapa), [conteos[region].get(etapa, 0) or None for region in regiones])
    return _accesible(grafico, titulo, descripcion or describir_region_y_etapa(conteos))


def por_etapa(conteos: Mapping[str, int], *, titulo: str | None = None) -> SafeString:
    """A vertical bar per maturity stage, its figure over it. ``conteos``: stage value → practices
    (a stage left out counts 0)."""
    return _por_etapa(tuple(sorted(conteos.items())), titulo, get_language())


@lru_cache(maxsize=32)
def _por_etapa(filas: tuple, titulo: str | None, idioma: str | None) -> SafeString:
    conteos = dict(filas)
    titulo = titulo or _("Prácticas por estadio de madurez")
    # A stacked chart whose series each hold one stage: every bar in its stage's colour, full width,
    # with no inline style (WeasyPrint reads the embedded stylesheet, not per-bar style attributes).
    grafico = pygal.StackedBar(
        **_configuracion(
            width=400,  # a narrow chart, set beside the other: its text stays readable
            height=300,
            show_legend=False,
            print_values=True,
            print_values_position="top",
            print_zeroes=False,  # the stages left empty: their figure is in the description and the table
        ),
        style=_estilo([COLORES_ETAPA[e] for e in Etapa.values]),
    )
    grafico.x_labels = [_etiqueta(e) for e in Etapa.values]
    grafico.y_labels = _marcas(max(conteos.values(), default=0))
    for etapa in Etapa.values:
        grafico.add(_etiqueta(etapa), [conteos.get(etapa, 0) if e == etapa else None for e in Etapa.values])
    partes = [f"{_etiqueta(e)}: {conteos.get(e, 0)}" for e in Etapa.values]
    return _accesible(grafico, titulo, f"{titulo}. " + "; ".join(partes) + ".")


def totales_por_etapa(conteos: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """The region × stage counts summed by stage."""
    return {e: sum(fila.get(e, 0) for fila in conteos.values()) for e in Etapa.values}


def describir_region_y_etapa(conteos: Mapping[str, Mapping[str, int]]) -> str:
    """Every figure of the region chart in words, for its ``<desc>``."""
    total = sum(sum(fila.values()) for fila in conteos.values())
    if not total:
        return _("No hay prácticas que contar.")
    partes = []
    for region, fila in conteos.items():
        detalle = ", ".join(f"{fila[e]} {_etiqueta(e).lower()}" for e in Etapa.values if fila.get(e))
        partes.append(f"{region}: {sum(fila.values())} ({detalle})")
    inicio = ngettext("%(n)d práctica en %(r)d región", "%(n)d prácticas en %(r)d regiones", total) % {
        "n": total,
        "r": len(conteos),
    }
    return f"{inicio}. " + "; ".join(partes) + "."


@dataclass(frozen=True)
class FilaTabla:
    region: str
    por_etapa: tuple[int, ...]  # in the order of Etapa.values
    total: int

    @property
    def con_etapas(self) -> list[tuple[str, int]]:
        """(stage, count) pairs: each cell names its column when the table reflows into cards."""
        return list(zip(Etapa.labels, self.por_etapa, strict=True))


def filas_tabla(conteos: Mapping[str, Mapping[str, int]]) -> tuple[list[FilaTabla], FilaTabla]:
    """The chart's figures as the rows of its data table (one per region, the stages in their
    order) and the totals row."""
    etapas = Etapa.values  # built anew at each read: once, not once per region
    filas = [
        FilaTabla(region, tuple(fila.get(e, 0) for e in etapas), sum(fila.values()))
        for region, fila in conteos.items()
    ]
    totales = totales_por_etapa(conteos)
    return filas, FilaTabla(_("Total"), tuple(totales.values()), sum(totales.values()))
