"""Exports that stand alone: a workbook says whose it is, filters, freezes and prints by itself; the
approved-matrices PDF has its table of contents, approval comments, one bookmark per school, the
column header on every page of a tall lineamiento and evidence links complete in the link."""

import io
import re
import subprocess

import pytest
from django.utils import timezone
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from balance import services
from balance.exports import PAGINAS_DE_ANCHO
from balance.models import Matriz

from .conftest import datos_completos, enviar
from .test_exports import descargar, fila_encabezado, libro

ENLACE = "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789?usp=sharing"


def aprobar(matriz, mundo, comentario):
    enviar(matriz, mundo["director"] if matriz.institucion == mundo["inst_a1a"] else mundo["admin"])
    services.matriz_aprobar(matriz=matriz, usuario=mundo["ugel"], comentario=comentario)
    matriz.refresh_from_db()
    return matriz


def revisar_hoja(ws, encabezado: list[str]):
    """A data sheet that stands alone: title block above, header frozen and filtered, A4 landscape
    fitted to the page's width, the header repeated on each printed page."""
    fila = fila_encabezado(ws)
    assert fila > 2, "a title block above the header"
    assert [c.value for c in ws[fila]][: len(encabezado)] == encabezado
    assert ws.freeze_panes == f"A{fila + 1}"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{fila}:")
    assert str(ws.page_setup.paperSize) == Worksheet.PAPERSIZE_A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) in (1, PAGINAS_DE_ANCHO) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${fila}:${fila}"
    return [ws.cell(n, 1).value for n in range(1, fila - 1)]


def test_libro_de_la_matriz_se_explica_solo(client, mundo, matriz):
    aprobar(matriz, mundo, "Conforme")
    client.force_login(mundo["director"])
    wb = libro(descargar(client, "balance.matriz_xlsx", matriz=matriz.pk))
    hoy = timezone.localdate().strftime("%d/%m/%Y")
    for nombre, encabezado in [
        ("Matriz", ["N.°", "Lineamiento"]),
        ("Compromisos", ["N.°", "Compromiso de mejora"]),
        ("Historial", ["Fecha", "De", "A"]),
    ]:
        titulo = revisar_hoja(wb[nombre], encabezado)
        bloque = " | ".join(titulo)
        i = matriz.institucion
        assert "Balance 2023 – UGEL A1" in titulo[0]
        assert i.nombre in bloque and i.codigo_modular in bloque
        assert f"UGEL: {i.ugel.nombre}" in bloque and i.ugel.dre.nombre in bloque
        assert "Estado: Aprobada" in bloque
        assert f"Exportado el {hoy}" in bloque
        assert wb[nombre]["A1"].font.bold


def test_consolidado_se_explica_solo(client, mundo, campana, matriz):
    aprobar(matriz, mundo, "Conforme")
    client.force_login(mundo["ugel"])
    wb = libro(descargar(client, "balance.campana_xlsx", campana=campana.pk))
    hoy = timezone.localdate().strftime("%d/%m/%Y")
    for ws in wb.worksheets:
        encabezado = ["UGEL"] if ws.title == "Resumen" else ["UGEL", "Código modular", "Institución"]
        bloque = " | ".join(revisar_hoja(ws, encabezado))
        assert "Balance 2023 – UGEL A1" in bloque
        assert "UGEL: UGEL A1" in bloque and "DRE:" in bloque
        assert "Campaña abierta, plazo de entrega" in bloque
        assert f"Exportado el {hoy}" in bloque
    assert "Lineamiento 3: Bienestar de la Comunidad Educativa" in " ".join(
        str(c.value) for c in wb["3. Bienestar de la Comunidad…"]["A"][:4]
    )


def test_nombres_de_hoja_en_palabras_y_unicos(client, mundo):
    largos = [
        "Supervisión, monitoreo y asesoría pedagógica en aula",
        "Supervisión, monitoreo y asesoría pedagógica a distancia",
        "Supervisión, monitoreo y asesoría pedagógica en redes",
    ]
    campana = services.campana_crear(
        usuario=mundo["admin"],
        anio=2024,
        titulo="Balance 2024",
        ugel=mundo["ugel_a1"],
        fecha_limite=timezone.localdate(),
        lineamientos=largos,
    )
    client.force_login(mundo["ugel"])
    wb = libro(descargar(client, "balance.campana_xlsx", campana=campana.pk))
    hojas = wb.sheetnames[1:-2]  # between the summary and the compromisos and their follow-up
    assert hojas == [
        "1. Supervisión, monitoreo y…",
        "2. Supervisión, monitoreo y…",
        "3. Supervisión, monitoreo y…",
    ]
    assert len({h.lower() for h in wb.sheetnames}) == len(wb.sheetnames)
    for hoja, largo in zip(hojas, largos, strict=True):
        assert len(hoja) <= 31
        visibles = re.sub(r" \(\d+\)$", "", hoja).removesuffix("…").split()
        assert visibles == f"{largos.index(largo) + 1}. {largo}".split()[: len(visibles)]
    # Its state is said as it is: not open.
    assert "Campaña no recibe envíos" in " ".join(str(c.value) for c in wb["Resumen"]["A"][:4])


# --- the approved-matrices PDF --------------------------------------------------------------------


def pagina_texto(contenido: bytes, pagina: int) -> str:
    """The text of one page (1-based), as pdftotext reads it."""
    salida = subprocess.run(
        ["pdftotext", "-f", str(pagina), "-l", str(pagina), "-layout", "-", "-"],
        input=contenido,
        capture_output=True,
        check=True,
    )
    return " ".join(salida.stdout.decode().split())


@pytest.fixture
def consolidado(mundo, campana, matriz):
    """Two approved matrices, the first with a lineamiento taller than a page."""
    matriz.refresh_from_db()
    filas = datos_completos(matriz)
    fila = matriz.filas.get(lineamiento__orden=2)
    alta = filas[fila.pk]
    alta.acciones = "\n".join(
        f"Acción {n}: taller de certificación con estudiantes del ciclo." for n in range(28)
    )
    alta.sugerencias = "Más talleres de certificación. " * 45
    alta.enlace_evidencias = ENLACE
    alta.logros = [
        {
            "cifra": 40 + n,
            "que_cuenta": "estudiantes",
            "cualitativo": "Mejoró su empleabilidad. " * 38,
            "evidencia": ENLACE,
        }
        for n in range(3)
    ]
    director = mundo["director"]
    guardada = services.matriz_guardar(matriz=matriz, usuario=director, version=matriz.version, filas=filas)
    services.matriz_enviar(matriz=guardada, usuario=director)
    services.matriz_aprobar(
        matriz=matriz,
        usuario=mundo["ugel"],
        comentario="Conforme, buen trabajo con los certificados.",
    )
    otra = aprobar(
        Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"]), mundo, "Sin observaciones."
    )
    return campana, matriz, otra


def test_consolidado_pdf_con_indice_aprobaciones_y_encabezados(client, mundo, consolidado, monkeypatch):
    from balance.exports import CampanaPdf

    campana, alta, otra = consolidado
    monkeypatch.setattr(CampanaPdf, "por_parte", 1)  # the index numbers pages of later parts
    client.force_login(mundo["ugel"])
    contenido = descargar(client, "balance.campana_pdf", campana=campana.pk)
    lector = PdfReader(io.BytesIO(contenido))

    # One bookmark per school, after the index, the summary and the charts.
    marcadores = [(str(m.title), lector.get_destination_page_number(m) + 1) for m in lector.outline]
    nombres = [alta.institucion.nombre, otra.institucion.nombre]
    assert [t for t, _p in marcadores] == [
        "Índice",
        "Resumen por UGEL",
        "Lo que muestra el año",
        *sorted(nombres),
    ]
    pagina_de = dict(marcadores)

    # The index's page numbers are those where each school's matrix begins.
    indice = pagina_texto(contenido, pagina_de["Índice"])
    for nombre in nombres:
        m = re.search(re.escape(nombre) + r" \(\d+\) · UGEL A1 (\d+)", indice)
        assert m, indice
        assert int(m.group(1)) == pagina_de[nombre]
        assert nombre in pagina_texto(contenido, int(m.group(1)))
    assert re.search(r"Resumen por UGEL (\d+)", indice).group(1) == str(pagina_de["Resumen por UGEL"])

    # Each approval comment, as the history records it.
    todo = " ".join(pagina_texto(contenido, n) for n in range(1, len(lector.pages) + 1))
    assert "Comentario de la aprobación: Conforme, buen trabajo con los certificados." in todo
    assert "Comentario de la aprobación: Sin observaciones." in todo

    # The tall lineamiento continues on the next page under its column header.
    inicio = pagina_de[alta.institucion.nombre]
    fin = (
        pagina_de[otra.institucion.nombre]
        if pagina_de[otra.institucion.nombre] > inicio
        else len(lector.pages) + 1
    )
    continuaciones = [
        pagina_texto(contenido, n)
        for n in range(inicio + 1, fin)
        if "Acción 2" in pagina_texto(contenido, n) or "Mejoró su empleabilidad" in pagina_texto(contenido, n)
    ]
    assert continuaciones, "the tall lineamiento spans more than one page"
    for texto in continuaciones:
        assert "Lineamientos" in texto and "ACCIONES REALIZADAS" in texto and "SUGERENCIAS" in texto

    # Evidence links: short on the page, whole in the link.
    # Wrapped, if at all, at "/…/": each piece whole on its line.
    assert "drive.google.com/…/" in todo and "1AbCdEfGhIj…" in todo
    assert "usp=sharing" not in todo and "1AbCdEfGhIjK lMn" not in todo
    enlaces = [
        a.get_object()["/A"]["/URI"]
        for p in lector.pages
        for a in p.get("/Annots", [])
        if "/URI" in a.get_object().get("/A", {})
    ]
    # Three logros and the row's link (a link wrapped over two lines has an area on each): every
    # one of them carries the whole address.
    assert enlaces.count(ENLACE) >= 4
    assert {e for e in enlaces if "google" in e} == {ENLACE}


@pytest.mark.parametrize("previstas", [1, 5])
def test_un_indice_de_largo_mal_previsto_se_maqueta_otra_vez(
    client, mundo, consolidado, monkeypatch, previstas
):
    """The table of contents is laid out once, at the end, with the numbers its foretold length
    gives (ConsolidadoPdf.paginas_indice); foretold wrong, it is laid out again with the numbers of
    the length it came out with, and the document is the same."""
    from balance.exports import CampanaPdf
    from exportaciones import base

    campana, _alta, _otra = consolidado
    monkeypatch.setattr(CampanaPdf, "por_parte", 1)
    client.force_login(mundo["ugel"])
    maquetados = []
    lanzar = base.lanzar

    def contar(funcion, *args):
        if funcion is base.maquetar and 'id="indice"' in args[0]:
            maquetados.append(args[0])
        return lanzar(funcion, *args)

    monkeypatch.setattr(base, "lanzar", contar)
    bien = descargar(client, "balance.campana_pdf", campana=campana.pk)
    assert len(maquetados) == 1, "foretold right: laid out once"
    monkeypatch.setattr(CampanaPdf, "paginas_indice", lambda self, contexto: previstas)
    mal = descargar(client, "balance.campana_pdf", campana=campana.pk)
    assert len(maquetados) == 3, "foretold wrong: laid out again"
    # Its numbers as foretold, then the right ones (when it was made: the minute may have turned).
    primero, otra_vez, bien_maquetado = (re.sub(r"\d\d:\d\d", "", h) for h in maquetados)
    assert otra_vez != primero and bien_maquetado == primero
    paginas = len(PdfReader(io.BytesIO(bien)).pages)
    assert len(PdfReader(io.BytesIO(mal)).pages) == paginas
    for n in range(1, paginas + 1):
        assert re.sub(r"\d\d:\d\d", "", pagina_texto(mal, n)) == re.sub(
            r"\d\d:\d\d", "", pagina_texto(bien, n)
        )


@pytest.mark.parametrize("entradas", [3, 24, 25, 50, 51, 80])
def test_el_largo_previsto_del_indice_es_el_que_sale(mundo, consolidado, entradas):
    """ConsolidadoPdf.paginas_indice foretells the cover and its table of contents as laid out (one
    line per entry), so the table is laid out once."""
    from django.conf import settings
    from weasyprint import HTML

    from balance.exports import CampanaPdf

    campana, alta, _otra = consolidado
    exportador = CampanaPdf(mundo["ugel"], {"campana": str(campana.pk)})
    exportador.generado = timezone.localtime()
    portada = next(iter(exportador.partes()))
    etiqueta = (
        f"{alta.institucion.nombre} ({alta.institucion.codigo_modular}) · {alta.institucion.ugel.nombre}"
    )
    portada["indice"] = [(f"matriz-{n}", etiqueta) for n in range(entradas)]
    portada["indice_paginas"] = [(a, e, 1234) for a, e in portada["indice"]]
    html = exportador._texto_html(portada, numerar=False)
    paginas = len(HTML(string=html, base_url=str(settings.BASE_DIR)).render().pages)
    assert exportador.paginas_indice(portada) == paginas


def test_matriz_pdf_con_comentario_de_aprobacion(client, mundo, matriz):
    aprobar(matriz, mundo, "Conforme con lo presentado.")
    client.force_login(mundo["director"])
    contenido = descargar(client, "balance.matriz_pdf", matriz=matriz.pk)
    texto = " ".join(pagina_texto(contenido, 1).split())
    assert "Comentario de la aprobación: Conforme con lo presentado." in texto
    lector = PdfReader(io.BytesIO(contenido))
    assert [str(m.title) for m in lector.outline] == [matriz.institucion.nombre]
