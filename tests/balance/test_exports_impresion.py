"""The balance workbooks print readably: the wide sheets go several A4 landscape pages across, read
across then down, each page starting with whose row it is; read back with openpyxl."""

import pytest
from openpyxl.utils import column_index_from_string

from balance.exports import PAGINAS_DE_ANCHO

from .test_exports import descargar, fila_encabezado, libro

A4_APAISADO = 11.69  # inches


def _pulgadas(ws, letra: str) -> float:
    # Excel's column width in characters of the default font → pixels at 96 dpi → inches.
    return (ws.column_dimensions[letra].width * 7 + 5) / 96


def escala(ws) -> float:
    """The print scale Excel reaches fitting the sheet's columns into ``fitToWidth`` pages across,
    with its repeated columns on each page and page breaks between columns."""
    margenes = ws.page_margins.left + ws.page_margins.right
    ancho_pagina = A4_APAISADO - margenes
    letras = [c.column_letter for c in ws[fila_encabezado(ws)]]
    anchos = [_pulgadas(ws, letra) for letra in letras]
    repetidas = 0.0
    if ws.print_title_cols:
        primera, ultima = (column_index_from_string(x.strip("$")) for x in ws.print_title_cols.split(":"))
        repetidas = sum(anchos[primera - 1 : ultima])

    def paginas(s: float) -> int:
        cabe, n, usado = ancho_pagina / s, 1, 0.0
        for ancho in anchos:
            if usado + ancho > cabe:
                n, usado = n + 1, repetidas
            usado += ancho
        return n

    s = 1.0
    while s > 0.05 and paginas(s) > (
        ws.page_setup.fitToWidth or 1
    ):  # absent means 1 (ECMA-376); XlsxWriter leaves it out
        s -= 0.01
    return s


@pytest.fixture
def consolidado(client, mundo, campana):
    client.force_login(mundo["ugel"])
    return libro(descargar(client, "balance.campana_xlsx", campana=campana.pk))


def test_hojas_anchas_en_varias_paginas_legibles(consolidado):
    hojas = [ws for ws in consolidado.worksheets if ws.title[0].isdigit()]
    assert len(hojas) == 3
    for ws in hojas:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == PAGINAS_DE_ANCHO and ws.page_setup.fitToHeight == 0
        assert ws.page_setup.pageOrder == "overThenDown"
        fila = fila_encabezado(ws)
        assert ws.print_title_rows == f"${fila}:${fila}"
        assert ws.print_title_cols == "$C:$C"
        assert ws.cell(fila, 3).value == "Institución"
        assert ws.oddFooter.left.text == "&A" and ws.oddFooter.right.text == "Página &P de &N"
        # Readable: about 80 % of the size, where one page wide printed at about a fifth.
        assert escala(ws) >= 0.75
        ws.page_setup.fitToWidth = 1
        assert escala(ws) < 0.25
        # Long text wraps in sensible widths.
        acciones = ws.cell(fila + 1, 6) if ws.max_row > fila else None
        assert ws.column_dimensions["F"].width == 50
        if acciones is not None:
            assert acciones.alignment.wrap_text


def test_hojas_estrechas_en_una_pagina(consolidado):
    for nombre in ("Resumen", "Compromisos de mejora"):
        ws = consolidado[nombre]
        assert (ws.page_setup.fitToWidth or 1) == 1 and not ws.print_title_cols
        assert escala(ws) >= 0.8


def test_matriz_en_varias_paginas_con_el_lineamiento(client, mundo, matriz):
    client.force_login(mundo["director"])
    ws = libro(descargar(client, "balance.matriz_xlsx", matriz=matriz.pk))["Matriz"]
    assert ws.page_setup.fitToWidth == PAGINAS_DE_ANCHO and ws.print_title_cols == "$B:$B"
    assert ws.cell(fila_encabezado(ws), 2).value == "Lineamiento"
    assert escala(ws) >= 0.7
