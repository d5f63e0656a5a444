"""Charts drawn on the server as SVG (pygal), the same markup for a page and for a PDF.

What every app's charts share: the house style, pygal's configuration without scripts or fetched
files, and ``accesible``, which makes the chart an image for assistive technology (``role="img"``)
named by its ``<title>`` and described by a ``<desc>`` that says every figure in words. Print the
figures as a data table next to the chart too. Each app draws its own charts with these
(practicas/graficos.py, balance/graficos.py).
"""

import hashlib
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from functools import lru_cache

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

TEXTO = "#212529"
FUENTE = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
    '"Liberation Sans", "DejaVu Sans", Arial, sans-serif'
)
ANCHO = 460


def estilo(colores: Sequence[str]) -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground=TEXTO,
        foreground_strong=TEXTO,
        foreground_subtle="#ced4da",
        colors=tuple(colores),
        font_family=FUENTE,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=15,
        value_font_size=13,
        value_colors=(TEXTO,) * len(colores),
        opacity="1",
        opacity_hover="1",
        transition="none",
    )


def configuracion(**extra):
    return {
        "js": [],  # no tooltips script: nothing runs, nothing is fetched
        "disable_xml_declaration": True,
        "explicit_size": False,  # a viewBox: the chart takes the width it is given
        "width": ANCHO,
        "show_y_guides": False,
        "margin": 8,
        "spacing": 10,
        "legend_box_size": 14,
        "truncate_label": -1,  # names whole ("Madre de Dios"), never "Madre d…"
        "truncate_legend": -1,
        "no_data_text": _("Sin datos"),
        **extra,
    }


def accesible(grafico: pygal.graph.graph.Graph, titulo: str, descripcion: str) -> SafeString:
    """The chart as an image with a name and a description. Its id comes from them (two different
    charts on a page do not clash) and the comments go: the same figures give the same markup."""
    raiz = grafico.render_tree()
    base = "grafico-" + hashlib.sha256(f"{titulo}\n{descripcion}".encode()).hexdigest()[:10]
    raiz.set("id", base)
    raiz.set("role", "img")
    raiz.set("aria-labelledby", f"{base}-titulo")
    raiz.set("aria-describedby", f"{base}-desc")
    raiz.set("width", "100%")
    # pygal scopes its embedded style to the chart's id: rename it there too.
    for estilo in raiz.iter("style"):
        estilo.text = re.sub(r"#chart-[0-9a-f-]+", f"#{base}", estilo.text or "")
    # pygal leaves its tooltips' configuration as a script even without them: out, with the comments
    # and the tooltips' empty boxes (hidden by a style attribute, which the CSP would refuse).
    for padre in list(raiz.iter()):
        for hijo in list(padre):
            if hijo.tag is ET.Comment or hijo.tag == "script" or "tooltip" in hijo.get("class", "").split():
                padre.remove(hijo)
    desc = ET.Element("desc", {"id": f"{base}-desc"})
    desc.text = descripcion
    raiz.insert(0, desc)
    nombre = ET.Element("title", {"id": f"{base}-titulo"})
    nombre.text = titulo
    raiz.insert(0, nombre)
    # Text nodes and attributes escaped by ElementTree: a region named "<b>" stays text.
    return mark_safe(ET.tostring(raiz, encoding="unicode"))  # noqa: S308


def marcas(maximo: int) -> list[int]:
    """Whole numbers along the value axis (what is counted comes whole), about eight of them."""
    paso = max(1, math.ceil(maximo / 8))
    return list(range(0, max(maximo, 1) + paso, paso))


# A rule of pygal's embedded stylesheet (flat: selectors, then declarations with no braces inside).
_REGLA = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASES = re.compile(r'\sclass="([^"]*)"')
_CLASE_EN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_NEGACION = re.compile(r":not\([^()]*\)")


@lru_cache(maxsize=64)
def para_imprimir(svg: str) -> SafeString:
    """The chart as it prints (a PDF): the same markup, its stylesheet without the rules that cannot
    match in it, which pygal writes for every kind of chart and for the screen (tooltips, hover,
    maps, gauges, legends it does not draw). Every selector whose classes no element of this chart
    has, or that needs the pointer (``:hover``), goes; a rule with none left goes. What remains
    applies to each element exactly as before, so the chart draws the same: WeasyPrint compiles
    every selector of each chart's stylesheet, which was most of the cost of drawing it.

    Anything but pygal's flat stylesheet (an at-rule, nested braces) is left as it is."""
    clases = {c for valor in _CLASES.findall(svg) for c in valor.split()}

    def podar(m: re.Match) -> str:
        estilo = m.group(2)
        reglas = _REGLA.findall(estilo)
        if not reglas or "@" in estilo or _REGLA.sub("", estilo).strip():
            return m.group(0)
        quedan = []
        for selectores, declaraciones in reglas:
            validos = [
                s
                for s in selectores.split(",")
                if ":hover" not in s
                # the classes it needs (those inside :not() are ones it needs absent)
                and all(c in clases for c in _CLASE_EN_SELECTOR.findall(_NEGACION.sub("", s)))
            ]
            if validos:
                quedan.append(f"{','.join(validos)}{{{declaraciones}}}")
        return f"{m.group(1)}{''.join(quedan)}{m.group(3)}"

    return mark_safe(_ESTILO.sub(podar, svg))  # noqa: S308 - the chart's own markup, marked safe before


_ESTILO = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
