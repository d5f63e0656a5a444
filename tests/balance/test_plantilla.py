"""The Excel round trip: download the template, fill it offline, upload, preview, confirm."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from balance import plantilla, services
from balance.models import Fila, Matriz

from .conftest import LINEAMIENTOS, llenar


def bajar(client, matriz):
    respuesta = client.get(
        reverse("exportaciones:exportar", args=["balance.plantilla_xlsx"]), {"matriz": matriz.pk}
    )
    assert respuesta.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))


def fila_de(libro, clave):
    ws = libro[plantilla.HOJA]
    for row in ws.iter_rows():
        if row[3].value == clave:
            return row[1]
    raise KeyError(clave)


def como_archivo(libro, nombre="plantilla.xlsx"):
    salida = io.BytesIO()
    libro.save(salida)
    return SimpleUploadedFile(nombre, salida.getvalue())


def subir(client, matriz, archivo):
    return client.post(reverse("balance:matriz_importar", args=[matriz.pk]), {"archivo": archivo})


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def test_la_plantilla_trae_la_institucion_y_lo_escrito(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    libro = bajar(director, matriz)
    assert libro.sheetnames == ["Matriz", "_listas", "_chasqui"]
    assert libro["_chasqui"].sheet_state == "hidden"
    ws = libro["Matriz"]
    assert ws["A1"].value == "Balance 2023 – UGEL A1"
    assert "1111111" in ws["A2"].value
    titulos = [c.value for c in ws["A"] if c.value]
    for n, nombre in enumerate(LINEAMIENTOS, 1):
        assert f"{n}. {nombre}" in titulos
    p = f"f{matriz.filas.get(lineamiento__orden=1).pk}"
    assert fila_de(libro, f"{p}-acciones").value == "Acciones de Aprendizajes para la vida"
    assert fila_de(libro, f"{p}-l1-cifra").value == 42
    assert any(dv.type == "textLength" for dv in ws.data_validations.dataValidation)


def test_subir_vista_previa_y_confirmar(director, matriz):
    libro = bajar(director, matriz)
    p = f"f{matriz.filas.get(lineamiento__orden=2).pk}"
    fila_de(libro, f"{p}-acciones").value = "Convenio con dos CETPRO"
    fila_de(libro, f"{p}-l1-cifra").value = 12.5
    fila_de(libro, f"{p}-l1-que_cuenta").value = "% más de certificados"
    fila_de(libro, "c1-plazo").value = timezone.datetime(2024, 3, 31)
    respuesta = subir(director, matriz, como_archivo(libro))
    html = respuesta.content.decode()
    assert "La plantilla cambia 4 campos" in html
    assert "Convenio con dos CETPRO" in html and "12,5" in html and "31/03/2024" in html
    assert Fila.objects.get(pk=int(p[1:])).acciones == ""  # nothing saved before confirming

    respuesta = director.post(reverse("balance:matriz_importar", args=[matriz.pk]), {"confirmar": "1"})
    assert respuesta.status_code == 302
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.acciones == "Convenio con dos CETPRO"
    assert str(fila.logros.get().cifra) == "12.50"
    assert matriz.compromisos.get().plazo.isoformat() == "2024-03-31"
    matriz.refresh_from_db()
    assert matriz.version == 2


def test_confirmar_despues_de_otro_cambio(director, matriz, mundo):
    libro = bajar(director, matriz)
    p = f"f{matriz.filas.get(lineamiento__orden=1).pk}"
    fila_de(libro, f"{p}-acciones").value = "Desde Excel"
    subir(director, matriz, como_archivo(libro))
    llenar(matriz, mundo["director"])  # someone saves in the browser meanwhile
    respuesta = director.post(
        reverse("balance:matriz_importar", args=[matriz.pk]), {"confirmar": "1"}, follow=True
    )
    assert "La matriz cambió desde que subiste la plantilla" in respuesta.content.decode()
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Acciones de Aprendizajes para la vida"


def errores(respuesta):
    return respuesta.content.decode()


def test_texto_demasiado_largo_nombra_hoja_y_celda(director, matriz):
    libro = bajar(director, matriz)
    p = f"f{matriz.filas.get(lineamiento__orden=1).pk}"
    celda = fila_de(libro, f"{p}-acciones")
    celda.value = "x" * 2001
    fila_de(libro, f"{p}-l1-evidencia").value = "javascript:alert(1)"
    fila_de(libro, f"{p}-sugerencias").value = "válida"
    html = errores(subir(director, matriz, como_archivo(libro)))
    assert "No se guardó nada" in html
    assert f"Hoja «Matriz», celda {celda.coordinate}" in html and "2000" in html
    assert html.count("http:// o https://") == 1  # said once, not once per validator
    assert not Fila.objects.filter(sugerencias="válida").exists()


def test_plantilla_de_otra_institucion(director, campana, matriz, mundo):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    salida = io.BytesIO()
    plantilla.escribir(Matriz.objects.con_contenido().get(pk=otra.pk), salida)
    html = errores(subir(director, matriz, SimpleUploadedFile("x.xlsx", salida.getvalue())))
    assert "La plantilla es de otra institución" in html


def test_plantilla_de_otra_campana(director, matriz, mundo):
    siguiente = services.campana_siguiente(usuario=mundo["admin"], campana=matriz.campana)
    siguiente.fecha_limite = timezone.localdate() + timedelta(days=5)
    siguiente.save()
    services.campana_abrir(usuario=mundo["admin"], campana=siguiente)
    nueva = Matriz.objects.con_contenido().get(campana=siguiente, institucion=matriz.institucion)
    salida = io.BytesIO()
    plantilla.escribir(nueva, salida)
    html = errores(subir(director, matriz, SimpleUploadedFile("x.xlsx", salida.getvalue())))
    assert "La plantilla es de otra campaña" in html


def test_hoja_renombrada(director, matriz):
    libro = bajar(director, matriz)
    libro["Matriz"].title = "Mi balance"
    html = errores(subir(director, matriz, como_archivo(libro)))
    assert "No se encontró la hoja «Matriz»" in html and "Mi balance" in html


def test_filas_borradas(director, matriz):
    libro = bajar(director, matriz)
    libro["Matriz"].delete_rows(10, 3)
    assert "no borres filas" in errores(subir(director, matriz, como_archivo(libro)))


def test_firma_alterada(director, matriz):
    libro = bajar(director, matriz)
    libro["_chasqui"]["B1"].value = libro["_chasqui"]["B1"].value[:-3] + "abc"
    assert "fue alterada" in errores(subir(director, matriz, como_archivo(libro)))


def test_excel_cualquiera(director, matriz):
    libro = openpyxl.Workbook()
    assert "no es la plantilla de Chasqui" in errores(subir(director, matriz, como_archivo(libro)))


@pytest.mark.parametrize(
    "contenido, mensaje",
    [
        (b"", "El archivo está vacío."),
        (b"codigo;nombre\n1;CEBA\n", "no es un Excel .xlsx"),
        (b"PK\x03\x04" + b"\x00" * 100, "no es un Excel .xlsx"),
        (b"x" * (1024 * 1024 + 1), "el máximo es 1 MB"),
    ],
)
def test_archivos_que_no_son_la_plantilla(director, matriz, contenido, mensaje):
    html = errores(subir(director, matriz, SimpleUploadedFile("x.xlsx", contenido)))
    assert mensaje in html
    matriz.refresh_from_db()
    assert matriz.version == 1


def test_sin_archivo(director, matriz):
    assert "Elige el archivo de la plantilla." in errores(
        director.post(reverse("balance:matriz_importar", args=[matriz.pk]))
    )


def test_confirmar_sin_subir(director, matriz):
    respuesta = director.post(
        reverse("balance:matriz_importar", args=[matriz.pk]), {"confirmar": "1"}, follow=True
    )
    assert "No hay una plantilla por confirmar" in respuesta.content.decode()


def test_otra_institucion_no_importa(director, campana, mundo):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    assert director.get(reverse("balance:matriz_importar", args=[otra.pk])).status_code == 404


def test_especialista_no_importa(client, mundo, matriz):
    client.force_login(mundo["ugel"])
    assert client.get(reverse("balance:matriz_importar", args=[matriz.pk])).status_code == 403


def test_plantilla_vieja_no_borra_lo_guardado_despues(director, matriz, mundo):
    libro = bajar(director, matriz)  # version 1
    llenar(matriz, mundo["director"])  # then edited online: version 2
    p = f"f{matriz.filas.get(lineamiento__orden=1).pk}"
    fila_de(libro, f"{p}-sugerencias").value = "desde el Excel viejo"
    html = errores(subir(director, matriz, como_archivo(libro)))
    assert "Desde que descargaste esta plantilla, la matriz cambió" in html
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Acciones de Aprendizajes para la vida"


def test_texto_que_empieza_con_igual_vuelve_igual(director, matriz, mundo):
    p = f"f{matriz.filas.get(lineamiento__orden=1).pk}"
    Fila.objects.filter(pk=int(p[1:])).update(acciones="=> 3 talleres", sugerencias="Más\x0btalleres")
    libro = bajar(director, matriz)
    celda = fila_de(libro, f"{p}-acciones")
    assert celda.data_type == "s" and celda.value == "=> 3 talleres"
    assert fila_de(libro, f"{p}-sugerencias").value == "Mástalleres"
    fila_de(libro, f"{p}-sugerencias").value = "Más talleres"
    html = errores(subir(director, matriz, como_archivo(libro)))
    assert "La plantilla cambia 1 campo" in html  # the "=" text came back as it was


def test_datos_muy_abajo(director, matriz):
    libro = bajar(director, matriz)
    libro["Matriz"]["B1048576"] = "x"
    assert "La hoja tiene datos en la fila 1048576" in errores(subir(director, matriz, como_archivo(libro)))


def test_cifra_enorme(director, matriz):
    libro = bajar(director, matriz)
    p = f"f{matriz.filas.get(lineamiento__orden=1).pk}"
    celda = fila_de(libro, f"{p}-l1-cifra")
    celda.value = 1e28
    html = errores(subir(director, matriz, como_archivo(libro)))
    assert f"celda {celda.coordinate}" in html


def test_xlsx_con_xml_roto(director, matriz):
    import zipfile

    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        z.writestr("[Content_Types].xml", "<Types><<roto")
        z.writestr("xl/workbook.xml", "<workbook")
    html = errores(subir(director, matriz, SimpleUploadedFile("x.xlsx", salida.getvalue())))
    assert "no es un Excel .xlsx" in html


def test_filas_solo_con_formato_abajo_no_molestan(director, matriz):
    from openpyxl.styles import Font

    libro = bajar(director, matriz)
    libro["Matriz"]["B1000"].font = Font(bold=True)  # formatting only, as other spreadsheet programs leave
    p = f"f{matriz.filas.get(lineamiento__orden=1).pk}"
    fila_de(libro, f"{p}-acciones").value = "Con formato abajo"
    assert "La plantilla cambia 1 campo" in errores(subir(director, matriz, como_archivo(libro)))


def test_plantilla_sin_version_es_de_antes(director, matriz):
    from django.core import signing

    libro = bajar(director, matriz)
    vieja = {"m": matriz.pk, "c": matriz.campana_id, "i": matriz.institucion_id}
    libro["_chasqui"]["B1"].value = signing.dumps(vieja, salt=plantilla.SAL)
    assert "de una versión anterior de Chasqui" in errores(subir(director, matriz, como_archivo(libro)))
