"""Pages compressed by the app (comun.compresion): HTML, fragments and open data go out gzipped to a
client that accepts it; downloads already compressed (XLSX, PDF) go out as they are."""

import gzip
import io

from django.urls import reverse
from openpyxl import load_workbook

from comun.compresion import comprimible
from practicas import datos

GZIP = {"accept-encoding": "gzip, deflate, br"}


def test_una_pagina_pedida_con_gzip_llega_comprimida_y_se_lee_entera(db, client):
    normal = client.get(reverse("cuentas:ingresar"))
    respuesta = client.get(reverse("cuentas:ingresar"), headers=GZIP)
    assert respuesta.status_code == 200
    assert respuesta["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in respuesta["Vary"]
    html = gzip.decompress(respuesta.content).decode()
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert 'name="username"' in html and 'name="password"' in html
    assert len(respuesta.content) < len(normal.content) / 2
    # The CSP and the other headers are still there.
    assert "default-src 'self'" in respuesta["Content-Security-Policy"]


def test_sin_gzip_la_pagina_llega_tal_cual(db, client):
    respuesta = client.get(reverse("cuentas:ingresar"))
    assert not respuesta.has_header("Content-Encoding")
    assert respuesta.content.decode().startswith("<!doctype html>")


def test_los_datos_abiertos_en_partes_llegan_comprimidos(db, client):
    respuesta = client.get("/practicas/datos/practicas.csv", headers=GZIP)
    assert respuesta.status_code == 200 and respuesta.streaming
    assert respuesta["Content-Encoding"] == "gzip"
    contenido = gzip.decompress(b"".join(respuesta.streaming_content)).decode("utf-8-sig")
    assert contenido.splitlines()[0].split(",") == datos.COLUMNAS_CSV


def test_un_xlsx_sale_tal_cual_con_su_largo(mundo, client):
    client.force_login(mundo["ugel"])
    respuesta = client.get(
        "/exportaciones/monitoreo.cobertura_xlsx/?anio=2024&dre=&ugel=&plan=", headers=GZIP
    )
    assert respuesta.status_code == 200
    assert not respuesta.has_header("Content-Encoding")
    contenido = b"".join(respuesta.streaming_content)
    assert int(respuesta["Content-Length"]) == len(contenido)
    assert "Cobertura" in load_workbook(io.BytesIO(contenido)).sheetnames


def test_que_se_comprime():
    assert comprimible("text/html; charset=utf-8") and comprimible("text/csv")
    assert comprimible("application/json; charset=utf-8") and comprimible("image/svg+xml")
    assert not comprimible("application/pdf")
    assert not comprimible("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert not comprimible("image/jpeg") and not comprimible("application/zip") and not comprimible("")
