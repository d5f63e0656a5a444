"""The boards drawn by their views in one pass (issue 15): names escaped, the counts of the chips,
the UGEL filter and the pages from one aggregate, the same queries whatever the rows."""

import re

from django.urls import reverse
from django.utils import timezone

from balance import services
from balance.models import Matriz
from territorio.models import Institucion, Modalidad
from tests.factories import InstitucionFactory, UgelFactory

from .conftest import enviar

HOSTIL = '<b>"Ñ" & {x}</b>'


def tablero(client, campana, **params):
    return client.get(reverse("balance:tablero", args=[campana.pk]), params).content.decode()


def chip(html: str, etiqueta: str) -> int:
    return int(re.search(rf">{etiqueta} <span class=\"badge[^\"]*\">(\d+)</span>", html).group(1))


def test_nombres_escapados_en_cada_fila(client, mundo, campana_dre):
    Institucion.objects.filter(pk=mundo["inst_a2"].pk).update(nombre=HOSTIL)
    mundo["ugel_a2"].nombre = "UGEL <A2>"
    mundo["ugel_a2"].save()
    client.force_login(mundo["dre"])
    html = tablero(client, campana_dre)
    assert HOSTIL not in html and "UGEL <A2>" not in html
    assert "&lt;b&gt;&quot;Ñ&quot; &amp; {x}&lt;/b&gt;" in html
    assert '<td class="small" data-label="UGEL">UGEL &lt;A2&gt;</td>' in html
    matriz = Matriz.objects.get(campana=campana_dre, institucion=mundo["inst_a2"])
    assert f'href="{reverse("balance:matriz", args=[matriz.pk])}"' in html  # one reverse, every row
    assert f'title="{timezone.localtime(matriz.actualizada):%d/%m/%Y %H:%M}"' in html


def test_conteos_y_filtro_de_ugel_de_un_agregado(client, mundo, campana_dre):
    """The chips follow the UGEL and modality filters; the UGEL filter lists the campaign's UGELs in
    their order; a search counts what it finds."""
    InstitucionFactory(ugel=mundo["ugel_a2"], modalidad=Modalidad.CETPRO, nombre="CETPRO Uno")
    services.campana_abrir(usuario=mundo["admin"], campana=campana_dre)  # its matrix
    enviar(Matriz.objects.get(campana=campana_dre, institucion=mundo["inst_a1a"]), mundo["director"])
    client.force_login(mundo["dre"])
    a1, a2 = mundo["ugel_a1"].pk, mundo["ugel_a2"].pk
    html = tablero(client, campana_dre)
    assert (chip(html, "Todas"), chip(html, "Enviada"), chip(html, "Sin iniciar")) == (4, 1, 3)
    assert f'<option value="{a1}">UGEL A1</option><option value="{a2}">UGEL A2</option>' in html
    html = tablero(client, campana_dre, ugel=a1)
    assert (chip(html, "Todas"), chip(html, "Enviada")) == (2, 1)
    assert f'<option value="{a1}" selected>UGEL A1</option>' in html
    html = tablero(client, campana_dre, ugel=a2, modalidad=Modalidad.CETPRO)
    assert (chip(html, "Todas"), chip(html, "Sin iniciar")) == (1, 1) and "CETPRO Uno" in html
    html = tablero(client, campana_dre, q="CETPRO Uno")
    assert chip(html, "Todas") == 1 and chip(html, "Enviada") == 0
    html = tablero(client, campana_dre, ugel=UgelFactory(dre=mundo["dre_a"]).pk)
    assert chip(html, "Todas") == 0 and "Ninguna matriz coincide con los filtros." in html


def test_paginas_sin_contar_de_nuevo(client, mundo, campana_dre, django_assert_max_num_queries):
    """The paginator takes its count from the chips' aggregate: the right number of pages, and the
    same queries with 3 matrices as with 203."""
    client.force_login(mundo["dre"])
    url = reverse("balance:tablero", args=[campana_dre.pk])
    with django_assert_max_num_queries(50) as pocas:
        client.get(url)
    Institucion.objects.bulk_create(
        Institucion(
            codigo_modular=f"{7000000 + n:07d}",
            nombre=f"CEBA {n:03d}",
            modalidad=Modalidad.CEBA,
            ugel=mundo["ugel_a2"],
        )
        for n in range(200)
    )
    services.campana_abrir(usuario=mundo["admin"], campana=campana_dre)
    with django_assert_max_num_queries(len(pocas.captured_queries)):
        html = client.get(url).content.decode()
    assert "Página 1 de 3" in html and html.count("font-monospace small") == 100
    assert not any('"__count"' in q["sql"] for q in pocas.captured_queries)  # no COUNT(*) of its own
    html = tablero(client, campana_dre, situacion="sin_iniciar", pagina=3)
    assert "Página 3 de 3" in html and html.count("font-monospace small") == 3


def test_tablero_dre_escapa_y_enlaza(client, mundo, campana_dre):
    mundo["ugel_a1"].nombre = "UGEL <A1> & co"
    mundo["ugel_a1"].save()
    enviar(Matriz.objects.get(campana=campana_dre, institucion=mundo["inst_a1a"]), mundo["director"])
    client.force_login(mundo["dre"])
    html = client.get(reverse("balance:dre_tablero", args=[mundo["dre_a"].pk, 2023])).content.decode()
    tablero_url = reverse("balance:tablero", args=[campana_dre.pk])
    a1 = mundo["ugel_a1"].pk
    assert "UGEL <A1>" not in html
    assert f'<a href="{tablero_url}?ugel={a1}">UGEL &lt;A1&gt; &amp; co</a>' in html
    assert f'<a href="{tablero_url}?situacion=enviada&amp;ugel={a1}">1</a>' in html


def test_los_graficos_dibujados_una_vez_llevan_el_nonce_de_cada_pagina(client, mundo, campana_dre):
    """The charts' markup is kept once drawn (balance.graficos.dibujados): each page still carries
    its own CSP nonce in every <style>, the one its header names, and new figures draw anew."""
    from balance.graficos import _dibujados

    _dibujados.cache_clear()
    client.force_login(mundo["dre"])
    vistos = set()
    for url in (
        reverse("balance:tablero", args=[campana_dre.pk]),
        reverse("balance:tablero", args=[campana_dre.pk]),
        reverse("balance:dre_tablero", args=[mundo["dre_a"].pk, campana_dre.anio]),
    ):
        respuesta = client.get(url)
        politica = respuesta["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([A-Za-z0-9+/=]+)'", politica).group(1)
        estilos = re.findall(r"<style[^>]*>", respuesta.content.decode())
        assert len(estilos) == 2 and all(f'nonce="{nonce}"' in e for e in estilos)
        assert "nonce7c1e5a9d3b" not in respuesta.content.decode()
        vistos.add(nonce)
    assert len(vistos) == 3
    assert _dibujados.cache_info().hits >= 1
    antes = chip(tablero(client, campana_dre), "Enviada")
    enviar(Matriz.objects.get(campana=campana_dre, institucion=mundo["inst_a1a"]), mundo["director"])
    html = tablero(client, campana_dre)
    assert chip(html, "Enviada") == antes + 1
    assert f"Enviada · {antes + 1}" in html  # the chart's label


def test_el_ambito_mixto_lee_sus_filas_y_sus_cifras(client, mundo, campana_dre):
    """The scope's condition on the rows and the counts (one statement): a UGEL specialist who
    also directs a school of another UGEL sees that UGEL's rows and their school, nobody else's;
    a specialist of another DRE gets a 404."""
    from cuentas.models import Rol
    from tests.factories import usuario_con

    mixto = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"])
    mixto.asignaciones.create(rol=Rol.DIRECTOR, institucion=mundo["inst_a1a"])
    client.force_login(mixto)
    html = tablero(client, campana_dre)
    assert mundo["inst_a2"].nombre in html and mundo["inst_a1a"].nombre in html
    assert mundo["inst_a1b"].nombre not in html
    assert re.search(r'>Todas <span class="badge text-bg-light">2</span>', html)
    assert html.count('data-label="UGEL"') == 2
    client.force_login(usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_b"]))
    assert client.get(reverse("balance:tablero", args=[campana_dre.pk])).status_code == 404


def test_numeros_de_pagina_raros_sin_busqueda(client, mundo, campana_dre):
    """Without a search the page's rows come with the counts (one statement); a page number that is
    not one, or past the end however large, answers as Paginator.get_page does: 200, the first or
    the last page."""

    def filas(html: str) -> str:  # the rows, their «hace …» (seconds pass between requests) aside
        return re.sub(r"title=\"[^\"]*\">[^<]*</td>", "", html.split("<tbody>")[1].split("</tbody>")[0])

    client.force_login(mundo["dre"])
    primera = filas(tablero(client, campana_dre))
    assert primera.count("<tr>") == 3
    for pagina in ("abc", "2.0", "-5", "0", "2", "99999999999999999999999999"):
        respuesta = client.get(reverse("balance:tablero", args=[campana_dre.pk]), {"pagina": pagina})
        assert respuesta.status_code == 200
        assert filas(respuesta.content.decode()) == primera  # one page only: the first is the last


def test_hace_por_segundo_minuto_u_hora_de_hoy():
    """Two moments _cuando puts together get the same «hace …» from naturaltime; apart, their own."""
    from datetime import timedelta

    from django.contrib.humanize.templatetags.humanize import naturaltime

    from balance.views import _cuando

    ahora = timezone.now()
    # Well inside their second, minute or hour: naturaltime reads the clock again a moment later.
    pares = [(65, 110), (3700, 7000), (5 * 3600 + 30, 5 * 3600 + 3500), (80000, 82000)]
    for a, b in pares:
        x, y = ahora - timedelta(seconds=a), ahora - timedelta(seconds=b)
        assert _cuando(x, ahora) == _cuando(y, ahora), (a, b)
        assert naturaltime(x) == naturaltime(y), (a, b)
    for a, b in [(59, 60), (3599, 3600), (86399, 86400), (86400, 86401)]:
        x, y = ahora - timedelta(seconds=a), ahora - timedelta(seconds=b)
        assert _cuando(x, ahora) != _cuando(y, ahora), (a, b)
    futuro = ahora + timedelta(minutes=5)
    assert _cuando(futuro, ahora) == (futuro,)
