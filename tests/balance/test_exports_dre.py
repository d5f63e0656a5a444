"""Whole-DRE exports: every matrix of a DRE's year (all its UGELs' campaigns) in one workbook and one
PDF, downloaded as a user would and read back with openpyxl and pypdf; scope; the background job."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from balance import services
from balance.models import Matriz
from exportaciones.models import EstadoExportacion, Exportacion
from exportaciones.services import exportacion_generar
from tests.factories import InstitucionFactory

from .conftest import LINEAMIENTOS, campana_abierta, enviar
from .test_exports import datos, descargar, fila_encabezado, libro, texto_pdf


def abierta(mundo, ugel, lineamientos=LINEAMIENTOS, anio=2023):
    return campana_abierta(mundo, anio=anio, lineamientos=lineamientos, ugel=ugel)


def aprobar(matriz, mundo, comentario="Conforme"):
    enviar(matriz, mundo["admin"])
    matriz.refresh_from_db()
    services.matriz_aprobar(matriz=matriz, usuario=mundo["admin"], comentario=comentario)


@pytest.fixture
def dre_a(mundo, campana):
    """DRE A's 2023: UGEL A1's campaign (inst_a1a approved, inst_a1b untouched), UGEL A2's campaign
    with a fourth lineamiento of its own (inst_a2 approved); DRE B's campaign, approved too, stays out."""
    a2 = abierta(mundo, mundo["ugel_a2"], [*LINEAMIENTOS, "Gestión Escolar Autónoma"])
    b1 = abierta(mundo, mundo["ugel_b1"])
    aprobar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"]), mundo, "Conforme A1.")
    aprobar(Matriz.objects.get(campana=a2, institucion=mundo["inst_a2"]), mundo, "Conforme A2.")
    aprobar(Matriz.objects.get(campana=b1, institucion=mundo["inst_b1"]), mundo, "Conforme B1.")
    return campana, a2


def url(identificador, **parametros):
    return reverse("exportaciones:exportar", args=[identificador]), parametros


def test_consolidado_xlsx_de_toda_la_dre(client, mundo, dre_a):
    client.force_login(mundo["dre"])
    wb = libro(descargar(client, "balance.dre_xlsx", dre=mundo["dre_a"].pk, anio=2023, estado=""))
    hoy = timezone.localdate().strftime("%d/%m/%Y")
    # The summary, the three shared lineamientos in one sheet each, UGEL A2's own, the commitments
    # and how last year's went.
    assert wb.sheetnames[0] == "Resumen" and wb.sheetnames[-2:] == [
        "Compromisos de mejora",
        "Seguimiento de compromisos",
    ]
    assert len(wb.sheetnames) == 7 and wb.sheetnames[4].startswith("4. Gestión Escolar")
    for ws in wb.worksheets:
        bloque = " | ".join(str(ws.cell(n, 1).value) for n in range(1, fila_encabezado(ws) - 1))
        assert "Consolidado del balance 2023 de la DRE A" in bloque
        assert "DRE: DRE A · año 2023" in bloque
        assert "«Balance 2023 – UGEL A1» (UGEL A1, abierta" in bloque and "UGEL A2" in bloque
        assert "Matrices: todas, en cualquier estado" in bloque
        assert f"Exportado el {hoy}" in bloque
        assert "UGEL B1" not in bloque

    resumen = {fila[0]: fila for fila in datos(wb["Resumen"])}
    assert set(resumen) == {"UGEL A1", "UGEL A2", "Total"}
    assert resumen["Total"][-1] == 3  # three matrices of DRE A, none of DRE B
    # Shared lineamiento: rows of both UGELs' campaigns in one sheet.
    instituciones = [fila[2] for fila in datos(wb[wb.sheetnames[1]])]
    assert sorted(instituciones) == sorted(mundo[k].nombre for k in ("inst_a1a", "inst_a1b", "inst_a2"))
    assert mundo["inst_b1"].nombre not in instituciones
    assert [fila[2] for fila in datos(wb[wb.sheetnames[4]])] == [mundo["inst_a2"].nombre]

    # The state filter: only the approved, and the file says so.
    wb = libro(descargar(client, "balance.dre_xlsx", dre=mundo["dre_a"].pk, anio=2023, estado="aprobada"))
    assert "Matrices: solo en estado «Aprobada»" in " ".join(str(c.value) for c in wb["Resumen"]["A"][:6])
    instituciones = [fila[2] for fila in datos(wb[wb.sheetnames[1]])]
    assert sorted(instituciones) == sorted(mundo[k].nombre for k in ("inst_a1a", "inst_a2"))


def test_pdf_de_matrices_aprobadas_de_toda_la_dre(client, mundo, dre_a):
    client.force_login(mundo["dre"])
    contenido = descargar(client, "balance.dre_pdf", dre=mundo["dre_a"].pk, anio=2023)
    lector = PdfReader(io.BytesIO(contenido))
    marcadores = [str(m.title) for m in lector.outline]
    assert marcadores == [
        "Índice",
        "Resumen por UGEL",
        "Lo que muestra el año",
        mundo["inst_a1a"].nombre,
        mundo["inst_a2"].nombre,
    ]
    texto = texto_pdf(contenido)
    assert "Consolidado del balance 2023 de la DRE A" in texto
    assert "Matrices: solo las aprobadas (el resumen por UGEL cuenta todas)" in texto
    # The summary counts every matrix of the DRE: UGEL A1's two (one approved), UGEL A2's one.
    assert "UGEL A1 1 0 0 0 1 2" in texto and "Total 1 0 0 0 2 3" in texto
    assert "Comentario de la aprobación: Conforme A1." in texto
    assert "Comentario de la aprobación: Conforme A2." in texto
    assert "Conforme B1." not in texto and mundo["inst_b1"].nombre not in texto


@pytest.mark.parametrize("identificador", ["balance.dre_xlsx", "balance.dre_pdf"])
def test_alcance_de_las_exportaciones_de_la_dre(client, usuarios, mundo, dre_a, identificador):
    extra = {"estado": ""} if identificador == "balance.dre_xlsx" else {}
    ruta, parametros = url(identificador, dre=mundo["dre_a"].pk, anio=2023, **extra)
    esperado = {"dre": 200, "admin": 200, "dre_otro": 404, "ugel": 404, "ugel_otro": 404, "director": 404}
    for rol, estado in esperado.items():
        client.force_login(usuarios[rol])
        assert client.get(ruta, parametros).status_code == estado, rol
    client.force_login(mundo["dre"])
    for malos in (
        {"dre": mundo["dre_b"].pk, "anio": 2023},
        {"dre": 999999, "anio": 2023},
        {"dre": mundo["dre_a"].pk, "anio": 1999},
        {"dre": mundo["dre_a"].pk, "anio": "dos mil"},
        {"dre": mundo["dre_a"].pk},
    ):
        assert client.get(ruta, {**extra, **malos}).status_code == 404, malos
    if extra:
        assert client.get(ruta, {**parametros, "estado": "inventado"}).status_code == 404


def test_en_segundo_plano(client, mundo, dre_a):
    """Above the threshold the whole-DRE export goes through the exportaciones job like any other."""
    client.force_login(mundo["dre"])
    ruta = reverse("exportaciones:exportar", args=["balance.dre_xlsx"])
    parametros = f"?dre={mundo['dre_a'].pk}&anio=2023&estado=&fondo=1"
    assert "Consolidado balance 2023 DRE A" in client.get(ruta + parametros).content.decode()
    client.post(ruta + parametros)
    exportacion = Exportacion.objects.get(usuario=mundo["dre"])
    exportacion_generar(exportacion=exportacion)
    exportacion.refresh_from_db()
    assert exportacion.estado == EstadoExportacion.LISTA
    with exportacion.archivo.open("rb") as f:
        wb = libro(f.read())
    assert wb["Resumen"]["A1"].value == "Consolidado del balance 2023 de la DRE A"
    # Another DRE's specialist cannot fetch the job's file.
    client.force_login(mundo["admin"])
    assert client.get(reverse("exportaciones:descargar", args=[exportacion.pk])).status_code == 404


def test_consultas_del_xlsx_acotadas(client, mundo, campana, django_assert_max_num_queries):
    """The workbook's queries do not grow with the UGELs' campaigns or their matrices."""
    abierta(mundo, mundo["ugel_a2"])
    client.force_login(mundo["dre"])
    parametros = {"dre": mundo["dre_a"].pk, "anio": 2023, "estado": ""}
    with django_assert_max_num_queries(40) as antes:
        descargar(client, "balance.dre_xlsx", **parametros)
    for _ in range(5):
        InstitucionFactory(ugel=mundo["ugel_a2"])
    services.campana_abrir(
        usuario=mundo["admin"], campana=Matriz.objects.filter(institucion=mundo["inst_a2"]).get().campana
    )
    with django_assert_max_num_queries(len(antes.captured_queries)):
        descargar(client, "balance.dre_xlsx", **parametros)


def test_comentarios_de_aprobacion_sin_consultas_por_matriz(mundo, campana, django_assert_max_num_queries):
    """The approved-matrices PDF reads its matrices and their approvals in the same number of queries
    for 2 approved matrices as for 6 (the approval comments through historial, in one batch)."""
    from balance.exports import DrePdf

    def contextos():
        """The matrices of the parts after the cover and the summary (as many parts as layouts run
        at once: ConsolidadoPdf._grupos), in order."""
        exportador = DrePdf(mundo["dre"], {"dre": mundo["dre_a"].pk, "anio": 2023})
        return [m for parte in list(exportador.partes())[2:] for m in parte["matrices"]]

    for _ in range(4):
        InstitucionFactory(ugel=mundo["ugel_a1"])
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    matrices = list(Matriz.objects.filter(campana=campana).order_by("pk"))
    for m in matrices[:2]:
        aprobar(m, mundo, f"Conforme {m.pk}")
    with django_assert_max_num_queries(30) as antes:
        leidas = contextos()
    assert [m.aprobacion.comentario for m in leidas] == [
        f"Conforme {m.pk}" for m in sorted(matrices[:2], key=lambda m: m.institucion.nombre)
    ]
    for m in matrices[2:]:
        aprobar(m, mundo, f"Conforme {m.pk}")
    with django_assert_max_num_queries(len(antes.captured_queries)):
        leidas = contextos()
    assert len(leidas) == 6
    assert all(m.aprobacion.comentario == f"Conforme {m.pk}" for m in leidas)
