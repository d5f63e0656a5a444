"""«Página N de M» from a few sample pages (exportaciones.numeracion): every page's content is the
one WeasyPrint writes when it lays out every page; WeasyPrint's start-up paid once (preparar_pdf),
and by the background worker when it starts."""

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from exportaciones import base, numeracion
from exportaciones.apps import corre_las_tareas


def maquetadas(numeros, total, horizontal):
    """Every page laid out by WeasyPrint, as before the samples."""
    contexto = {"numeros": numeros, "total": total, "horizontal": horizontal}
    return PdfReader(io.BytesIO(base._pdf_de(render_to_string(numeracion.PLANTILLA, contexto)))).pages


@pytest.mark.parametrize(
    ("numeros", "total", "horizontal"),
    [
        (range(1, 121), 120, True),  # every digit after every digit, one to three digits
        (range(95, 131), 1005, False),  # two to three digits mid-layer, upright, another total
        (range(998, 1010), 1010, True),
        (range(201, 240), 300, True),  # a later layer: its first page's number is lower too
    ],
)
def test_cada_pagina_es_la_que_maqueta_weasyprint(numeros, total, horizontal):
    pdf, contenidos = numeracion.numerar(numeros, total, horizontal)
    muestras = PdfReader(io.BytesIO(pdf)).pages
    assert len(muestras) < 10  # only the samples were laid out
    assert contenidos[0][0] == 0 and all(i for i, _c in contenidos[1:])  # the first page, its own
    for numero, (i, contenido), pagina in zip(
        numeros, contenidos, maquetadas(numeros, total, horizontal), strict=True
    ):
        assert contenido == pagina.get_contents().get_data(), numero
        assert muestras[i].mediabox == pagina.mediabox
        fuente = muestras[i]["/Resources"]["/Font"].get_object()
        assert fuente.keys() == pagina["/Resources"]["/Font"].get_object().keys()
    # The layer's font has every digit (the samples' page with all of them).
    assert "1234567890" in "".join(p.extract_text() for p in muestras)


def test_pocas_paginas_se_maquetan_todas():
    capa = numeracion.numerar(range(1, 4), 3, True)
    assert isinstance(capa, bytes) and len(PdfReader(io.BytesIO(capa)).pages) == 3


def test_una_muestra_inesperada_maqueta_todas_las_paginas(monkeypatch):
    """Another text than the one expected: every page laid out, as before."""
    monkeypatch.setattr(numeracion, "PREFIJO", "Pág. ")
    capa = numeracion.numerar(range(1, 21), 20, True)
    assert isinstance(capa, bytes)
    paginas = PdfReader(io.BytesIO(capa)).pages
    assert [p.extract_text().strip() for p in paginas] == [f"Página {n} de 20" for n in range(1, 21)]


@pytest.mark.parametrize(
    "cuerpo",
    [b"<0033>44<00a3>0<004a>", b"<00330044>", b"<0033>44<00a3>0"],
)
def test_glifos_como_los_escribe_weasyprint(cuerpo):
    glifos = numeracion._glifos(cuerpo)
    assert glifos is not None and numeracion._escrito(glifos) == cuerpo


@pytest.mark.parametrize("cuerpo", [b"", b"12<0033>", b"<0033>1 2<0034>", b"<003>", b"<0033> <0034>"])
def test_glifos_escritos_de_otro_modo(cuerpo):
    assert numeracion._glifos(cuerpo) is None


def test_weasyprint_se_prepara_una_vez_por_proceso(monkeypatch):
    maquetadas = []
    monkeypatch.setattr(base, "_preparado", False)
    monkeypatch.setattr(base, "_pdf_de", maquetadas.append)
    base.preparar_pdf()
    base.preparar_pdf()
    assert len(maquetadas) == 1


@pytest.mark.parametrize(
    ("argv", "entorno", "prepara"),
    [
        (["manage.py", "db_worker", "--no-reload"], {}, True),
        (["manage.py", "db_worker", "--batch"], {}, True),
        (["manage.py", "db_worker"], {"RUN_MAIN": "true"}, True),  # the autoreloader's child
        (["manage.py", "db_worker"], {}, False),  # the autoreloader itself: it runs no task
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, False),
        (["pytest"], {}, False),
    ],
)
def test_el_trabajador_prepara_weasyprint_al_empezar(argv, entorno, prepara):
    assert corre_las_tareas(argv, entorno) is prepara
