"""The plan page's biggest parts drawn in Python, one pass each (monitoreo/plan.html): the calendar
(stages × grades × months: 180 cells at a school's usual size, four nested tags and two
translations each through the template engine were most of the page's rendering) and each teacher's
chart of levels. Each cell is one of four strings made once per month for the page; every value
from the database is escaped. The same HTML as the templates they replace."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def calendario_html(calendario: list[dict]) -> SafeString:
    """The calendar's head and bodies (PlanMonitoreo.calendario_con_visitas), inside its table."""
    if not calendario:
        return mark_safe("")
    meses = [(c["mes"], str(c["nombre_mes"])) for c in calendario[0]["grados"][0]["celdas"]]
    estados = {
        "hecho": (
            '<td class="hecho" data-label="{}"><span class="marca-celda"><span aria-hidden="true">✓</span>',
            _("planificado y visitado"),
        ),
        "marcado": (
            '<td class="marcado" data-label="{}"><span class="marca-celda"><span aria-hidden="true">✕</span>',
            _("planificado, sin visita"),
        ),
        "fuera": (
            '<td class="fuera-plan" data-label="{}"><span class="marca-celda">'
            '<span aria-hidden="true">•</span>',
            _("visita no planificada"),
        ),
        "vacia": ('<td data-label="{}"><span class="marca-celda">', _("sin marcar")),
    }
    celda = {
        (mes, estado): inicio.format(escape(nombre[:3]))
        + f'<span class="visually-hidden">{escape(nombre)}: {escape(texto)}</span></span></td>'
        for mes, nombre in meses
        for estado, (inicio, texto) in estados.items()
    }
    partes = [
        f'<thead><tr><th scope="col" class="text-start">{escape(_("Etapa / grado"))}</th>',
        *(f'<th scope="col"><abbr title="{escape(n)}">{escape(n[:3])}</abbr></th>' for _m, n in meses),
        "</tr></thead>",
    ]
    for e in calendario:
        nombre = escape(_("Etapa %(n)s") % {"n": e["etapa"]}) + (
            f" · {escape(e['nombre'])}" if e["nombre"] else ""
        )
        partes.append(
            f'<tbody><tr class="table-light tarjeta-cabecera"><th scope="rowgroup" colspan="{len(meses) + 1}"'
            f' class="text-start">{nombre}</th></tr>'
        )
        for g in e["grados"]:
            partes.append(f'<tr><th scope="row" class="text-start fw-normal">{escape(g["nombre"])}</th>')
            partes.extend(
                celda[
                    c["mes"],
                    "hecho"
                    if c["planeada"] and c["visitas"]
                    else "marcado"
                    if c["planeada"]
                    else "fuera"
                    if c["visitas"]
                    else "vacia",
                ]
                for c in g["celdas"]
            )
            partes.append("</tr>")
        partes.append("</tbody>")
    return mark_safe("".join(partes))  # noqa: S308 - built above from escaped values


def grafico_html(d: dict) -> SafeString:
    """One teacher's chart of levels (monitoreo.avance.grafico) as the page shows it: the SVG of
    _grafico_niveles.html (which the PDF still draws), in one pass."""
    g = d["grafico"]
    etapa = _("Etapa %(n)s")
    partes = [
        f'<svg class="grafico-niveles" viewBox="0 0 {g["ancho"]} {g["alto"]}"'
        f' width="{g["ancho"] + g["ancho"]}"'
        f' role="img" aria-label="{escape(d["nombre"])}: {escape(g["resumen"])}"'
        ' xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">',
        *(
            f'<line x1="{g["izq"]}" x2="{g["ancho"]}" y1="{linea["y"]}" y2="{linea["y"]}" stroke="#dee2e6"'
            f' stroke-width="0.5"/><text x="{g["izq"] - 4}" y="{linea["y"] + 3}" font-size="8"'
            ' text-anchor="end"'
            f' fill="#6c757d">{escape(linea["etiqueta"])}</text>'
            for linea in g["lineas"]
        ),
        f'<line x1="{g["izq"]}" x2="{g["ancho"]}" y1="{g["base"]}" y2="{g["base"]}" stroke="#6c757d"'
        ' stroke-width="0.75"/>',
    ]
    for b in g["barras"]:
        if b["nivel"]:
            partes.append(
                f'<rect x="{b["x"]}" y="{b["y"]}" width="{b["ancho"]}" height="{b["alto"]}"'
                f' fill="{b["color"]}">'
                f"<title>{escape(etapa % {'n': b['etapa']})}: {escape(b['texto'])}</title></rect>"
            )
        partes.append(
            f'<text x="{b["xt"]}" y="{g["y_etapa"]}" font-size="7" text-anchor="middle" fill="#6c757d">'
            f"E{b['etapa']}</text>"
        )
    partes.extend(
        f'<text x="{r["x"]}" y="{g["y_rubrica"]}" font-size="9" text-anchor="middle" font-weight="bold">'
        f"<title>{escape(r['nombre'])}</title>{escape(r['etiqueta'])}</text>"
        for r in g["grupos"]
    )
    partes.append("</svg>")
    return mark_safe("".join(partes))  # noqa: S308 - built above from escaped values
