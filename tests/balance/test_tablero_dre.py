"""The DRE board: one row per UGEL of the DRE for a year, scope, counts, drill-down, bounded queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from balance import services
from balance.models import Matriz
from cuentas.models import Rol
from tests.factories import InstitucionFactory, UgelFactory, usuario_con
from tests.roles import ROLES, por_rol

from .conftest import LINEAMIENTOS, campana_abierta, enviar, llenar


def url(dre, anio=2023):
    return reverse("balance:dre_tablero", args=[dre.pk, anio])


def campana_de(mundo, ugel, anio=2023, abrir=True, dias=10):
    return campana_abierta(mundo, anio=anio, abrir=abrir, dias=dias, ugel=ugel)


def fila(html: str, ugel_nombre: str) -> list[str]:
    """The cells of a UGEL's row, as text."""
    m = re.search(
        r"<tr>\s*<th scope=\"row\"[^>]*>(?:(?!</tr>).)*?" + re.escape(ugel_nombre) + r".*?</tr>", html, re.S
    )
    assert m, ugel_nombre
    return [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", m.group(0), re.S)
    ]


@pytest.mark.parametrize(
    "rol, estado",
    por_rol(
        director=404,
        director_otro=404,
        ugel=404,
        ugel_otro=404,
        dre=200,
        dre_otro=404,
        difoca=404,
        admin=200,
        sin_rol=404,
    ).items(),
)
def test_acceso_por_rol(client, usuarios, mundo, campana, rol, estado):
    assert set(ROLES) >= {rol}
    client.force_login(usuarios[rol])
    assert client.get(url(mundo["dre_a"])).status_code == estado


def test_anonimo_va_al_ingreso(client, mundo):
    respuesta = client.get(url(mundo["dre_a"]))
    assert respuesta.status_code == 302 and "next=" in respuesta["Location"]


@pytest.mark.parametrize("anio", [1999, 2019, 2101, 9999])
def test_anio_o_dre_desconocidos(client, mundo, anio):
    client.force_login(mundo["admin"])
    assert client.get(url(mundo["dre_a"], anio)).status_code == 404
    assert client.get(reverse("balance:dre_tablero", args=[999999, 2023])).status_code == 404


def test_una_fila_por_ugel_con_conteos_avance_y_plazo(client, mundo, campana):
    a = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    b = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    enviar(a, mundo["director"])
    a.refresh_from_db()
    services.matriz_abrir_revision(matriz=a, usuario=mundo["ugel"])
    llenar(b, mundo["admin"])
    client.force_login(mundo["dre"])
    html = client.get(url(mundo["dre_a"])).content.decode()

    # UGEL A1: 1 borrador, 1 en revisión, avance 100 %, its campaign's deadline.
    celdas = fila(html, "UGEL A1")
    assert celdas[0] == "UGEL A1"
    assert "100 %" in celdas[1]
    assert "faltan 10 días" in celdas[2] and "abierta" in celdas[2]
    # Matrices, Sin iniciar, Borrador, Enviada sin abrir, En revisión, Observada, Aprobada
    assert celdas[3:10] == ["2", "0", "1", "0", "1", "0", "0"]
    assert f'href="{reverse("balance:tablero", args=[campana.pk])}"' in html
    # The whole-DRE exports, the workbook with a choice of states.
    assert f'action="{reverse("exportaciones:exportar", args=["balance.dre_xlsx"])}"' in html
    assert '<option value="aprobada">Aprobada</option>' in html
    assert f"/exportaciones/balance.dre_pdf/?dre={mundo['dre_a'].pk}&amp;anio=2023" in html
    # Each count leads to the campaign board filtered by that state.
    assert f'href="{reverse("balance:tablero", args=[campana.pk])}?situacion=borrador">1</a>' in html

    # UGEL A2 has no campaign that year: said so, no link, zeros.
    celdas = fila(html, "UGEL A2")
    assert "sin campaña" in celdas[2] and celdas[3] == "0"
    # Another DRE's UGEL is not on the board.
    assert "UGEL B1" not in html
    # Totals.
    total = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    celdas_total = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", total, re.S)
    ]
    assert "1 campaña" in celdas_total[2]
    assert celdas_total[3:10] == ["2", "0", "1", "0", "1", "0", "0"]


def test_campana_de_la_dre_se_cuenta_en_cada_ugel(client, mundo, campana):
    """A DRE-wide campaign covers every UGEL: its matrices counted where each institution is, and
    each UGEL drills into its board filtered to that UGEL."""
    de_la_dre = services.campana_crear(
        usuario=mundo["admin"],
        anio=2023,
        titulo="Balance 2023 – DRE A",
        dre=mundo["dre_a"],
        ugel=None,
        fecha_limite=timezone.localdate() + timedelta(days=3),
        lineamientos=LINEAMIENTOS,
    )
    services.campana_abrir(usuario=mundo["admin"], campana=de_la_dre)
    client.force_login(mundo["dre"])
    html = client.get(url(mundo["dre_a"])).content.decode()
    # UGEL A1: 2 matrices of its own campaign + 2 of the DRE's; UGEL A2: 1 of the DRE's.
    assert fila(html, "UGEL A1")[3] == "4"
    a2 = fila(html, "UGEL A2")
    assert a2[3] == "1" and a2[4] == "1" and "Campaña de la DRE" in a2[2] and "faltan 3 días" in a2[2]
    ugel_a2 = mundo["ugel_a2"].pk
    assert f'href="{reverse("balance:tablero", args=[de_la_dre.pk])}?ugel={ugel_a2}"' in html
    assert "2 campañas" in html


def test_anio_sin_campanas_y_selector_de_anio(client, mundo, campana):
    client.force_login(mundo["dre"])
    html = client.get(url(mundo["dre_a"], 2021)).content.decode()
    assert "No hay campañas de balance 2021 en la DRE A" in html
    # The years with campaigns (and this one) are offered.
    assert f'href="{url(mundo["dre_a"], 2023)}"' in html
    assert f'href="{url(mundo["dre_a"], timezone.localdate().year)}"' in html


def test_elegir_lleva_al_ultimo_anio_con_campanas(client, mundo, campana):
    client.force_login(mundo["dre"])
    respuesta = client.get(reverse("balance:dre_elegir"))
    assert respuesta.status_code == 302 and respuesta["Location"] == url(mundo["dre_a"], 2023)
    # Another DRE's, or a UGEL specialist's: 404.
    assert client.get(reverse("balance:dre_elegir"), {"dre": mundo["dre_b"].pk}).status_code == 404
    client.force_login(mundo["ugel"])
    assert client.get(reverse("balance:dre_elegir")).status_code == 404
    client.force_login(mundo["admin"])
    respuesta = client.get(reverse("balance:dre_elegir"), {"dre": mundo["dre_b"].pk})
    assert respuesta["Location"] == url(mundo["dre_b"], timezone.localdate().year)


def test_enlaces_desde_inicio_y_tablero_de_campana(client, mundo, campana):
    client.force_login(mundo["dre"])
    enlace = f"{reverse('balance:dre_elegir')}?dre={mundo['dre_a'].pk}"
    assert enlace in client.get(reverse("balance:inicio")).content.decode()
    assert enlace in client.get(reverse("inicio")).content.decode()
    tablero = client.get(reverse("balance:tablero", args=[campana.pk])).content.decode()
    assert f'href="{url(mundo["dre_a"])}"' in tablero
    # A UGEL specialist reads the campaign board, without a way to the DRE's.
    client.force_login(mundo["ugel"])
    assert reverse("balance:dre_elegir") not in client.get(reverse("balance:inicio")).content.decode()
    assert (
        "Tablero de la DRE" not in client.get(reverse("balance:tablero", args=[campana.pk])).content.decode()
    )
    # National users choose the DRE.
    client.force_login(mundo["admin"])
    html = client.get(reverse("balance:inicio")).content.decode()
    assert 'id="elegir-dre"' in html and "DRE B" in html


def test_consultas_acotadas(client, mundo, django_assert_max_num_queries):
    """The same number of queries for 2 UGEL with a few matrices as for 6 UGEL with many."""
    dre = mundo["dre_a"]
    for ugel in (mundo["ugel_a1"], mundo["ugel_a2"]):
        campana_de(mundo, ugel)
    client.force_login(mundo["dre"])
    with django_assert_max_num_queries(20) as antes:
        assert client.get(url(dre)).status_code == 200
    for n in range(4):
        ugel = UgelFactory(dre=dre, nombre=f"UGEL Nueva {n}")
        for _ in range(3):
            InstitucionFactory(ugel=ugel)
        c = campana_de(mundo, ugel)
        for m in Matriz.objects.filter(campana=c)[:2]:
            enviar(m, mundo["admin"])
    with django_assert_max_num_queries(len(antes.captured_queries)):
        html = client.get(url(dre)).content.decode()
    tabla = html[: html.index('id="graficos-balance-titulo"')]
    assert tabla.count('<th scope="row"') == 7  # 6 UGEL and the total
    assert fila(html, "UGEL Nueva 3")[3:6] == ["3", "1", "0"]


def test_dre_de_otra_region_no_ve_las_ugel(client, mundo, campana):
    campana_de(mundo, mundo["ugel_b1"])
    otro = usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_b"])
    client.force_login(otro)
    assert client.get(url(mundo["dre_a"])).status_code == 404
    html = client.get(url(mundo["dre_b"])).content.decode()
    assert "UGEL B1" in html and "UGEL A1" not in html


def test_los_graficos_del_anio_cuentan_toda_la_dre(client, mundo, campana):
    """The campaign board's charts, over every UGEL's campaign of the DRE that year."""
    otra = campana_de(mundo, mundo["ugel_a2"])
    enviar(Matriz.objects.get(campana=otra, institucion=mundo["inst_a2"]), mundo["admin"])
    client.force_login(mundo["dre"])
    html = client.get(url(mundo["dre_a"])).content.decode()
    seccion = html[html.index('id="grafico-estados"') :]
    seccion = seccion[: seccion.index("</figure>")]
    assert 'role="img"' in seccion
    # UGEL A1's two matrices not started, UGEL A2's one sent: three in all.
    assert re.search(
        r"<th scope=\"row\" class=\"fw-normal\">Enviada</th><td class=\"text-end\">1</td>", seccion
    )
    assert re.search(r"Total</th><td class=\"text-end fw-semibold\">3</td>", seccion)


def test_sin_campanas_no_hay_graficos(client, mundo):
    client.force_login(mundo["dre"])
    html = client.get(url(mundo["dre_a"], 2024)).content.decode()
    assert "No hay campañas de balance 2024" in html and "graficos-balance-titulo" not in html
