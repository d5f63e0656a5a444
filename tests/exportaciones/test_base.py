"""The exporter bases, through small exporters defined here; files are read back with openpyxl/pypdf."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from exportaciones.base import Columna, ExportadorDocumento, ExportadorFilas, Hoja, nombre_hoja


class Filas(ExportadorFilas):
    identificador = "prueba.filas"
    nombre = "Prueba"

    def hojas(self):
        yield Hoja(
            "Lineamiento: Supervisión, Monitoreo y Asesoría Pedagógica",
            [
                Columna("Texto largo", 40, True),
                Columna("Fecha", 12),
                Columna("Cifra", 8),
                Columna("Momento", 18),
            ],
            [
                ['=HYPERLINK("http://malo.example","clic")', dt.date(2024, 3, 31), Decimal("12.50"), None],
                ["ñandú acentuación", None, 3, dt.datetime(2024, 5, 1, 15, 30, tzinfo=dt.UTC)],
            ],
        )
        yield Hoja("Lineamiento: Supervisión, Monitoreo y Asesoría Pedagógica", [Columna("x")], [["y"]])


def leer(exportador):
    salida = io.BytesIO()
    exportador.generar(salida)
    salida.seek(0)
    return openpyxl.load_workbook(salida)


def test_xlsx_legible_con_encabezado_fijo_y_tipos(db):
    libro = leer(Filas(None, {}))
    # Cut on a word boundary, marked, and unique.
    assert libro.sheetnames == ["Lineamiento Supervisión…", "Lineamiento Supervisión… (2)"]
    ws = libro.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["Texto largo", "Fecha", "Cifra", "Momento"]
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["A"].width == 40
    texto, fecha, cifra, momento = ws[2][0], ws[2][1], ws[2][2], ws[3][3]
    assert texto.data_type == "s" and texto.value.startswith("=HYPERLINK")  # text, not a formula
    assert texto.alignment.wrap_text
    assert fecha.is_date and fecha.value == dt.datetime(2024, 3, 31) and fecha.number_format == "DD/MM/YYYY"
    assert cifra.value == 12.5
    assert ws[3][0].value == "ñandú acentuación"
    assert momento.value == dt.datetime(2024, 5, 1, 10, 30)  # Lima time, no zone: Excel has none


@pytest.mark.parametrize(
    "nombre, esperado",
    [
        ("Resumen", "Resumen"),
        ("a/b:c*d?e[f]g\\h", "a b c d e f g h"),
        ("x" * 40, "x" * 30 + "…"),
        ("''", "Hoja"),
        ("3. Bienestar de la Comunidad Educativa", "3. Bienestar de la Comunidad…"),
        ("Gestión escolar: convivencia y participación", "Gestión escolar convivencia y…"),
        ("Uno dos tres cuatro cinco seis siete", "Uno dos tres cuatro cinco seis…"),
        ("Treinta y un caracteres exactos", "Treinta y un caracteres exactos"),
    ],
)
def test_nombre_de_hoja(nombre, esperado):
    assert nombre_hoja(nombre, set()) == esperado


def test_nombre_de_hoja_acortado_en_palabras_y_unico():
    usados: set[str] = set()
    largo = "Lineamiento de Supervisión, Monitoreo y Asesoría"
    nombres = [nombre_hoja(largo, usados) for _ in range(12)]
    assert len({n.lower() for n in nombres}) == 12
    for n in nombres:
        assert len(n) <= 31
        palabras = n.split(" (")[0].removesuffix("…").split()
        # Every word shown is a whole word of the original name.
        assert palabras == largo.replace(",", "").split()[: len(palabras)]
    assert nombres[11] == "Lineamiento de… (12)"


def test_nombre_de_hoja_repetido():
    usados = set()
    assert [nombre_hoja("Resumen", usados) for _ in range(3)] == ["Resumen", "Resumen (2)", "Resumen (3)"]


class Documento(ExportadorDocumento):
    identificador = "prueba.documento"
    nombre = "Documento de prueba"
    plantilla = "exportaciones/documento.html"

    def pie(self):
        return "CEBA Señor de la Caridad"


def test_pdf_con_pie_y_paginas(db):
    salida = io.BytesIO()
    Documento(None, {}).generar(salida)
    salida.seek(0)
    lector = PdfReader(salida)
    texto = lector.pages[0].extract_text()
    assert "CEBA Señor de la Caridad" in texto
    assert "Página 1 de 1" in texto
    fuentes = {
        f["/BaseFont"]
        for f in [
            lector.pages[0]["/Resources"]["/Font"][k].get_object()
            for k in lector.pages[0]["/Resources"]["/Font"]
        ]
    }
    assert any("DejaVu" in f for f in fuentes)


def test_nombre_de_archivo():
    assert Filas(None, {}).nombre_archivo().startswith("prueba-")
    assert Filas(None, {}).nombre_archivo().endswith(".xlsx")


def _falla():
    raise ValueError("sin papel")


def test_en_otro_proceso_devuelve_el_resultado_o_el_error():
    """A long PDF's parts are laid out in a forked process each (its memory goes back when it ends):
    the result comes back, and so does an error, as an error here."""
    import os

    from exportaciones.base import en_otro_proceso

    assert en_otro_proceso(os.getpid) != os.getpid()
    assert en_otro_proceso(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(RuntimeError, match="ValueError: sin papel"):
        en_otro_proceso(_falla)


def test_xlsx_celda_vacia_con_formato_de_su_columna(db):
    """An empty text is an empty cell that keeps its column's wrapping; None is no cell at all."""

    class Vacias(ExportadorFilas):
        identificador = "prueba.vacias"
        nombre = "Vacías"

        def hojas(self):
            yield Hoja("Hoja", [Columna("Texto", 30, True), Columna("Otro")], [["", None], ["x", 1]])

    ws = leer(Vacias(None, {})).worksheets[0]
    assert ws["A2"].value is None and ws["A2"].alignment.wrap_text
    assert ws["B2"].value is None and not ws["B2"].has_style
    assert ws["A3"].value == "x" and ws["B3"].value == 1
    assert ws.auto_filter.ref == "A1:B3"
