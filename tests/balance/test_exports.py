"""Balance exports, downloaded as a user would and read back (openpyxl, pdftotext)."""

import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from balance import services
from balance.models import Fila, Matriz
from tests.factories import InstitucionFactory

from .conftest import enviar, llenar


def descargar(client, identificador, **parametros):
    respuesta = client.get(reverse("exportaciones:exportar", args=[identificador]), parametros)
    assert respuesta.status_code == 200, respuesta
    return b"".join(respuesta.streaming_content)


def texto_pdf(contenido: bytes) -> str:
    """The PDF's text in reading order, with line breaks of wrapped cells folded into spaces."""
    salida = subprocess.run(["pdftotext", "-", "-"], input=contenido, capture_output=True, check=True)
    return " ".join(salida.stdout.decode().split())


def libro(contenido: bytes):
    return openpyxl.load_workbook(io.BytesIO(contenido))


def fila_encabezado(ws) -> int:
    """The header row: the one above the frozen panes (the title block sits above it)."""
    return int(ws.freeze_panes[1:]) - 1


def datos(ws):
    return list(ws.iter_rows(min_row=fila_encabezado(ws) + 1, values_only=True))


@pytest.fixture
def aprobada(matriz, mundo):
    enviar(matriz, mundo["director"])
    services.matriz_aprobar(matriz=matriz, usuario=mundo["ugel"], comentario="Conforme")
    matriz.refresh_from_db()
    return matriz


def test_matriz_pdf(client, mundo, aprobada):
    client.force_login(mundo["director"])
    texto = texto_pdf(descargar(client, "balance.matriz_pdf", matriz=aprobada.pk))
    assert "Balance 2023 – UGEL A1" in texto
    assert aprobada.institucion.nombre in texto
    for nombre in (
        "Aprendizajes para la vida",
        "Certificación Múltiple",
        "Bienestar de la Comunidad Educativa",
    ):
        assert nombre in texto
    assert "ACCIONES REALIZADAS" in texto and "ENLACE de las evidencias" in texto
    assert "42 estudiantes certificados" in texto
    assert "Los logros deben estar descritos de manera cuantitativa y cualitativa" in texto
    assert "Aprobada" in texto and "enviada el" in texto and "Conforme" in texto
    assert "Página 1 de" in texto


def test_matriz_xlsx(client, mundo, aprobada):
    client.force_login(mundo["ugel"])
    wb = libro(descargar(client, "balance.matriz_xlsx", matriz=aprobada.pk))
    assert wb.sheetnames == ["Matriz", "Compromisos", "Historial"]
    ws = wb["Matriz"]
    encabezado = [c.value for c in ws[fila_encabezado(ws)]]
    assert encabezado[:4] == ["N.°", "Lineamiento", "Acciones realizadas", "Logro 1: cifra"]
    filas = datos(ws)
    assert [f[1] for f in filas] == [
        "Aprendizajes para la vida",
        "Certificación Múltiple",
        "Bienestar de la Comunidad Educativa",
    ]
    assert filas[0][3] == 42 and filas[0][4] == "estudiantes certificados"
    historial = datos(wb["Historial"])
    assert [h[2] for h in historial] == ["Borrador", "Enviada", "Aprobada"]


def test_consolidado_xlsx(client, mundo, campana, aprobada):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    llenar(otra, mundo["admin"])
    client.force_login(mundo["ugel"])
    wb = libro(descargar(client, "balance.campana_xlsx", campana=campana.pk))
    assert wb.sheetnames == [
        "Resumen",
        "1. Aprendizajes para la vida",
        "2. Certificación Múltiple",
        "3. Bienestar de la Comunidad…",
        "Compromisos de mejora",
        "Seguimiento de compromisos",
    ]
    resumen = list(wb["Resumen"].iter_rows(min_row=fila_encabezado(wb["Resumen"]), values_only=True))
    assert resumen[0] == ("UGEL", "Sin iniciar", "Borrador", "Enviada", "Observada", "Aprobada", "Total")
    assert resumen[1] == ("UGEL A1", 0, 1, 0, 0, 1, 2)
    assert resumen[-1] == ("Total", 0, 1, 0, 0, 1, 2)
    hoja = wb["2. Certificación Múltiple"]
    assert hoja.cell(fila_encabezado(hoja), 1).font.bold
    filas = datos(hoja)
    assert {f[1] for f in filas} == {"1111111", "1111112"}
    assert {f[4] for f in filas} == {"Aprobada", "Borrador"}
    assert all(f[5] == "Acciones de Certificación Múltiple" for f in filas)


@pytest.mark.parametrize(
    "rol, codigos",
    [("director", {"1111111"}), ("ugel", {"1111111", "1111112"}), ("dre", {"1111111", "1111112"})],
)
def test_consolidado_solo_con_el_alcance(client, mundo, campana, rol, codigos):
    client.force_login(mundo[rol])
    wb = libro(descargar(client, "balance.campana_xlsx", campana=campana.pk))
    assert {f[1] for f in datos(wb["1. Aprendizajes para la vida"])} == codigos


@pytest.mark.parametrize("rol", ["difoca", "sin_rol"])
def test_fuera_del_alcance_es_404(client, mundo, campana, matriz, rol):
    client.force_login(mundo[rol])
    for identificador, parametros in [
        ("balance.campana_xlsx", {"campana": campana.pk}),
        ("balance.campana_pdf", {"campana": campana.pk}),
        ("balance.matriz_pdf", {"matriz": matriz.pk}),
        ("balance.matriz_xlsx", {"matriz": matriz.pk}),
    ]:
        assert (
            client.get(reverse("exportaciones:exportar", args=[identificador]), parametros).status_code == 404
        )


def test_director_no_exporta_la_matriz_de_otro(client, mundo, campana):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    client.force_login(mundo["director"])
    url = reverse("exportaciones:exportar", args=["balance.matriz_pdf"])
    assert client.get(url, {"matriz": otra.pk}).status_code == 404
    assert client.get(url, {"matriz": "x"}).status_code == 404
    assert client.get(url).status_code == 404


def test_consolidado_pdf_solo_aprobadas(client, mundo, campana, aprobada):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    llenar(otra, mundo["admin"])
    client.force_login(mundo["dre"])
    texto = texto_pdf(descargar(client, "balance.campana_pdf", campana=campana.pk))
    assert "Resumen por UGEL" in texto
    assert aprobada.institucion.nombre in texto
    assert otra.institucion.nombre not in texto
    assert "Página 1 de" in texto


def test_consolidado_xlsx_con_consultas_acotadas(mundo, campana, django_assert_max_num_queries):
    from exportaciones.base import obtener

    def exportar():
        exportador = obtener("balance.campana_xlsx")(mundo["dre"], {"campana": str(campana.pk)})
        exportador.generar(io.BytesIO())

    with django_assert_max_num_queries(40) as antes:
        exportar()
    for _ in range(25):
        InstitucionFactory(ugel=mundo["ugel_a1"])
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    for m in Matriz.objects.filter(campana=campana):
        llenar(m, mundo["admin"])
    mundo["dre"] = type(mundo["dre"]).objects.get(pk=mundo["dre"].pk)
    with django_assert_max_num_queries(len(antes.captured_queries)):
        exportar()


def test_caracteres_de_control_guardados_no_rompen_el_excel(client, mundo, campana, matriz):
    Fila.objects.filter(matriz=matriz).update(acciones="uno\x01dos", sugerencias="=SUMA(A1:A2)")
    client.force_login(mundo["ugel"])
    wb = libro(descargar(client, "balance.campana_xlsx", campana=campana.pk))
    fila = next(f for f in wb["1. Aprendizajes para la vida"].iter_rows(min_row=2) if f[1].value == "1111111")
    assert fila[5].value == "unodos"
    sugerencia = fila[5 + 4 * 3 + 3 * 2 + 1]  # acciones, 3 logros, 3 dificultades with their category
    assert sugerencia.value == "=SUMA(A1:A2)" and sugerencia.data_type == "s"


@pytest.mark.parametrize("valor", ["²", "١", "99999999999999999999999"])
def test_parametro_raro_es_404(client, mundo, valor):
    client.force_login(mundo["ugel"])
    url = reverse("exportaciones:exportar", args=["balance.matriz_pdf"])
    assert client.get(url, {"matriz": valor}).status_code == 404


def test_consolidado_pdf_por_partes_numera_todo_el_documento(client, mundo, campana, aprobada, monkeypatch):
    from pypdf import PdfReader

    from balance.exports import CampanaPdf

    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    enviar(otra, mundo["admin"])
    services.matriz_aprobar(matriz=otra, usuario=mundo["ugel"])
    monkeypatch.setattr(CampanaPdf, "por_parte", 1)  # cover, then one part per matrix
    monkeypatch.setattr(CampanaPdf, "paginas_por_capa", 2)  # numbers laid over two pages at a time
    client.force_login(mundo["ugel"])
    contenido = descargar(client, "balance.campana_pdf", campana=campana.pk)
    paginas = PdfReader(io.BytesIO(contenido)).pages
    total = len(paginas)
    assert total >= 4  # cover, summary, and at least a page per matrix
    for numero, pagina in enumerate(paginas, start=1):
        texto = pagina.extract_text()
        assert f"Página {numero} de {total}" in texto
        assert texto.count("Página ") == 1  # the parts' own numbering is off
    todo = texto_pdf(contenido)
    assert aprobada.institucion.nombre in todo and otra.institucion.nombre in todo


def test_consolidado_pdf_sin_aprobadas(client, mundo, campana):
    client.force_login(mundo["ugel"])
    contenido = descargar(client, "balance.campana_pdf", campana=campana.pk)
    texto = texto_pdf(contenido)
    assert "Resumen por UGEL" in texto and "Página 2 de 2" in texto
