"""What the year teaches, drawn: difficulties by category and matrices by state, on the campaign
board and in the consolidated PDF, counted in two aggregate queries."""

import re

import pytest
from django.urls import reverse

from balance import services
from balance.graficos import graficos_del_balance
from balance.models import CategoriaDificultad, Dificultad, Matriz
from tests.factories import InstitucionFactory

from .conftest import datos_completos, enviar, llenar
from .test_exports import descargar, texto_pdf


def etiquetar(matriz, nombre):
    """Tag every difficulty of the matrix with the category."""
    Dificultad.objects.filter(fila__matriz=matriz).update(
        categoria=CategoriaDificultad.objects.get(nombre=nombre)
    )


@pytest.fixture
def con_datos(mundo, campana):
    a = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    b = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    enviar(a, mundo["admin"])
    llenar(b, mundo["admin"])
    etiquetar(a, "Conectividad")  # 3 lineamientos, a difficulty each
    fila = b.filas.order_by("lineamiento__orden").first()
    Dificultad.objects.filter(fila=fila).update(
        categoria=CategoriaDificultad.objects.get(nombre="Infraestructura")
    )
    return campana


def tabla(grafico):
    return dict(grafico.filas), grafico.total


def test_cuenta_por_categoria_y_por_estado(mundo, con_datos, django_assert_num_queries):
    matrices = Matriz.objects.filter(campana=con_datos)
    with django_assert_num_queries(2):
        dificultades, estados = graficos_del_balance(matrices)
    # Ordered as the list is (Conectividad before Infraestructura), the untagged ones last.
    assert dificultades.filas == (("Conectividad", 3), ("Infraestructura", 1), ("Sin categoría", 2))
    assert dificultades.total == 6
    assert tabla(estados) == (
        {"Sin iniciar": 0, "Borrador": 1, "Enviada": 1, "Observada": 0, "Aprobada": 0},
        2,
    )
    # The SVG is an image named by its title and described with every figure.
    assert 'role="img"' in dificultades.svg
    assert "<title" in dificultades.svg and "Dificultades por categoría</title>" in dificultades.svg
    assert "Conectividad: 3; Infraestructura: 1; Sin categoría: 2." in dificultades.svg
    assert "<script" not in dificultades.svg


def test_las_consultas_no_crecen_con_los_datos(mundo, campana, django_assert_num_queries):
    for _ in range(6):
        InstitucionFactory(ugel=mundo["ugel_a1"])
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    for m in Matriz.objects.filter(campana=campana):
        services.matriz_guardar(matriz=m, usuario=mundo["admin"], version=m.version, filas=datos_completos(m))
    with django_assert_num_queries(2):
        dificultades, estados = graficos_del_balance(Matriz.objects.filter(campana=campana))
    assert dificultades.total == 8 * 3 and estados.total == 8


def test_sin_datos_dice_que_no_hay_que_contar(mundo, campana):
    dificultades, estados = graficos_del_balance(Matriz.objects.none())
    assert dificultades.filas == () and dificultades.total == 0
    assert "aún no hay dificultades que contar" in dificultades.svg
    assert estados.total == 0


def test_el_tablero_muestra_los_graficos_con_su_tabla(client, mundo, con_datos):
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:tablero", args=[con_datos.pk])).content.decode()
    seccion = html[html.index('id="graficos-balance-titulo"') :]
    assert seccion.count('role="img"') == 2
    assert "Dificultades por categoría" in seccion and "Matrices por estado" in seccion
    # Each chart is followed by its data table: its text alternative.
    assert re.search(
        r"<th scope=\"row\" class=\"fw-normal\">Conectividad</th><td class=\"text-end\">3</td>", seccion
    )
    assert re.search(
        r"<th scope=\"row\" class=\"fw-normal\">Enviada</th><td class=\"text-end\">1</td>", seccion
    )


def test_el_tablero_cuenta_solo_lo_del_alcance(client, mundo, con_datos):
    """A director sees the board with their own matrix only: the charts count only it."""
    client.force_login(mundo["director"])
    html = client.get(reverse("balance:tablero", args=[con_datos.pk])).content.decode()
    seccion = html[html.index('id="graficos-balance-titulo"') :]
    assert "Infraestructura" not in seccion
    assert re.search(r"Total</th><td class=\"text-end fw-semibold\">1</td>", seccion)


def test_el_pdf_consolidado_lleva_los_graficos(client, mundo, con_datos):
    a = Matriz.objects.get(campana=con_datos, institucion=mundo["inst_a1a"])
    services.matriz_aprobar(matriz=a, usuario=mundo["ugel"])
    client.force_login(mundo["ugel"])
    contenido = descargar(client, "balance.campana_pdf", campana=con_datos.pk)
    texto = texto_pdf(contenido)
    assert "Lo que muestra el año" in texto
    assert "Dificultades por categoría" in texto and "Matrices por estado" in texto
    assert "Conectividad 3" in texto and "Aprobada 1" in texto

    from io import BytesIO

    from pypdf import PdfReader

    lector = PdfReader(BytesIO(contenido))
    marcadores = [m.title for m in lector.outline if not isinstance(m, list)]
    assert "Lo que muestra el año" in marcadores
    # Each chart an image of its SVG, named by its title, as when it was drawn inline.
    from tests.exportaciones.test_pdf_ua import elementos

    figuras = [str(e.get("/Alt")) for e in elementos(lector) if e["/S"] == "/Figure"]
    assert figuras == ["Dificultades por categoría", "Matrices por estado"]


def test_el_grafico_impreso_lleva_solo_las_reglas_que_pueden_aplicarse(mundo, con_datos):
    """comun.graficos.para_imprimir: the same markup; of pygal's stylesheet, the selectors whose
    classes the chart has (those inside :not() need not be there), none that needs the pointer."""
    from comun.graficos import para_imprimir

    grafico = graficos_del_balance(Matriz.objects.filter(campana=con_datos))[1]
    impreso = para_imprimir(grafico.svg)
    patron = r"<style[^>]*>(.*?)</style>"
    assert re.sub(patron, "", impreso, flags=re.S) == re.sub(patron, "", grafico.svg, flags=re.S)
    antes, ahora = re.search(patron, grafico.svg, re.S).group(1), re.search(patron, impreso, re.S).group(1)
    assert len(ahora) < len(antes) * 0.6
    assert ".tooltip" in antes and ".tooltip" not in ahora
    assert ":hover" in antes and ":hover" not in ahora
    assert ".gauge-background" in antes and ".gauge-background" not in ahora
    for regla in (".color-4", ".axis .guide.line{", ".axis.x:not(.web) text[transform]", ".reactive{"):
        assert regla in ahora, regla
    # A selector list keeps those of its selectors that can match.
    assert re.search(r"#grafico-\w+ \.axis\.y \.guides:hover", antes)
    todas = re.findall(r"([^{}]+)\{", ahora)
    assert all(":hover" not in s for s in todas)
