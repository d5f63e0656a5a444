"""The catalogue's content drawn once per state and kept in the cache (practicas.views.
_catalogo_dibujado): a request that finds it makes one query and answers the same bytes; every change
of what it shows — through the services and editors, the admin or plain SQL — shows on the next
request; and what depends on who looks (drafts, unpublished events, the links of signed-in users and
of DIFOCA, the CSP nonce) never comes from another viewer's drawing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practicas import contenido, services
from practicas.contenido import Documento
from practicas.views import NONCE
from tests.factories import RegionFactory, TemaFactory, practica_completa, practica_publicada

BORRADOR = "Borrador reservado de Junín"
EXCEL = "Descargar el catálogo (Excel)"
GESTIONAR = "Gestionar las prácticas"


@pytest.fixture
def catalogo(db):
    junin = RegionFactory(nombre="Junín")
    tema = TemaFactory(nombre="Comprensión lectora")
    lectura = practica_publicada(titulo="Lectura en Junín", region=junin, tema=tema, anio=2024)
    practica_publicada(titulo="Tutoría en Junín", region=junin, tema=tema, anio=2025)
    borrador = practica_completa(titulo=BORRADOR, region=junin, tema=tema, anio=2025)
    return {"junin": junin, "tema": tema, "lectura": lectura, "borrador": borrador}


def pagina(client, parametros=None, url="/practicas/") -> str:
    respuesta = client.get(url, parametros or {})
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def enlace(practica) -> str:
    """The card's link to the sheet (a search marks the matched words in the title)."""
    return f'href="/practicas/{practica.slug}/"'


def sin_nonce(html: str) -> str:
    html = re.sub(r'X-CSRFToken": "[^"]*"', 'X-CSRFToken": ""', html)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


PARAMETROS = [
    {},
    {"q": "lectura"},
    {"etapa": "avanzado", "anio": "2024"},
    # The bad input of issue 15: a clear answer, from the cache too, in no more queries.
    {"q": "lectura " * 250},
    {"pagina": "99999"},
    {"pagina": "abc"},
    {"region": "999999", "tema": "no-es-un-tema"},
]


@pytest.mark.parametrize("parametros", PARAMETROS)
def test_la_segunda_peticion_hace_una_consulta_y_da_los_mismos_bytes(client, catalogo, parametros):
    primera = pagina(client, parametros)
    with CaptureQueriesContext(connection) as capturadas:
        segunda = pagina(client, parametros)
    # The catalogue's and events' numbers with the region and theme names: nothing else.
    assert len(capturadas.captured_queries) == 1, [c["sql"] for c in capturadas.captured_queries]
    assert sin_nonce(segunda) == sin_nonce(primera)
    assert BORRADOR not in segunda


def test_la_pagina_pasada_del_final_es_la_ultima_y_sus_enlaces_no_se_mezclan(client, catalogo):
    """A page past the end shows the last (as Paginator.get_page), whichever address asked first."""
    ultima = pagina(client, {"pagina": "1"})
    assert sin_nonce(pagina(client, {"pagina": "99999"})) == sin_nonce(ultima)
    assert sin_nonce(pagina(client, {"pagina": "0"})) == sin_nonce(ultima)


def test_cada_quien_ve_lo_suyo_aunque_otro_lo_haya_dibujado_antes(client, catalogo, mundo):
    """DIFOCA draws the page first (drafts, the workspace link); the public and a signed-in director
    asking the same address then get their own drawing, and DIFOCA again its own."""
    client.force_login(mundo["difoca"])
    difoca = pagina(client)
    assert BORRADOR in difoca and GESTIONAR in difoca and EXCEL in difoca
    assert enlace(catalogo["borrador"]) in pagina(client, {"q": "reservado"})
    client.logout()
    publico = pagina(client)
    assert BORRADOR not in publico and GESTIONAR not in publico and EXCEL not in publico
    assert enlace(catalogo["borrador"]) not in pagina(client, {"q": "reservado"})
    client.force_login(mundo["director"])
    director = pagina(client)
    assert BORRADOR not in director and GESTIONAR not in director and EXCEL in director
    assert enlace(catalogo["borrador"]) not in pagina(client, {"q": "reservado"})
    client.force_login(mundo["difoca"])
    assert BORRADOR in pagina(client)


def test_cada_respuesta_lleva_su_propio_nonce(client, catalogo):
    """The charts' <style> carry the nonce of the response's own CSP header, a new one each time,
    from the cache too; the placeholder kept in the cache never reaches the page."""
    vistos = set()
    for _vez in range(3):
        respuesta = client.get("/practicas/")
        html = respuesta.content.decode()
        estilos = set(re.findall(r'<style nonce="([^"]+)"', html))
        assert len(estilos) == 1 and NONCE not in html
        (nonce,) = estilos
        assert f"'nonce-{nonce}'" in respuesta["Content-Security-Policy"]
        vistos.add(nonce)
    assert len(vistos) == 3


def test_publicar_editar_y_retirar_por_los_servicios_se_ve_en_la_siguiente_peticion(client, catalogo, mundo):
    difoca, borrador = mundo["difoca"], catalogo["borrador"]
    assert BORRADOR not in pagina(client) and enlace(borrador) not in pagina(client, {"q": "reservado"})
    services.practica_enviar_a_revision(practica=borrador, usuario=difoca)
    assert BORRADOR not in pagina(client)  # in review: still not public
    services.practica_publicar(practica=borrador, usuario=difoca)
    assert BORRADOR in pagina(client) and enlace(borrador) in pagina(client, {"q": "reservado"})
    borrador.refresh_from_db()
    contenido.practica_guardar(
        practica=borrador,
        usuario=difoca,
        version=borrador.version,
        documento=Documento(campos={"titulo": "Tutoría reservada de Junín"}),
    )
    html = pagina(client)
    assert "Tutoría reservada de Junín" in html and BORRADOR not in html
    assert enlace(borrador) in pagina(client, {"q": "reservada"})
    borrador.refresh_from_db()
    services.practica_retirar(practica=borrador, usuario=difoca, comentario="Datos por revisar.")
    assert "Tutoría reservada" not in pagina(client)
    assert enlace(borrador) not in pagina(client, {"q": "reservada"})


def test_sql_y_admin_tambien_se_ven_en_la_siguiente_peticion(client, catalogo, mundo):
    """Another server's script (plain SQL) and the admin: the triggers raise the numbers, and the
    names are read with them on every request."""
    assert "Lectura en Junín" in pagina(client)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE practicas_buenapractica SET titulo = 'Lectura en voz alta' WHERE id = %s",
            [catalogo["lectura"].pk],
        )
    html = pagina(client)
    assert "Lectura en voz alta" in html and "Lectura en Junín" not in html
    with connection.cursor() as cursor:  # not a practice: a region, renamed
        cursor.execute(
            "UPDATE territorio_region SET nombre = 'Junin Centro' WHERE id = %s", [catalogo["junin"].pk]
        )
    assert "Región Junin Centro" in pagina(client)
    client.force_login(mundo["admin"])
    pagina(client)  # the admin's own drawing, then the change through the admin
    respuesta = client.post(
        f"/admin/practicas/tema/{catalogo['tema'].pk}/change/", {"nombre": "Lectura y escritura"}
    )
    assert respuesta.status_code == 302
    assert "Lectura y escritura" in pagina(client)
    client.logout()
    assert "Lectura y escritura" in pagina(client)


def test_los_eventos_cambian_por_los_servicios_y_por_sql(client, catalogo, mundo):
    """The events' list at the foot of the page: an unpublished report only for DIFOCA, published
    through the service, its practices presented through the editor, renamed by plain SQL."""
    difoca = mundo["difoca"]
    assert "Intercambio del Centro" not in pagina(client)
    evento = contenido.evento_crear(
        usuario=difoca,
        nombre="Intercambio del Centro",
        macrorregion="centro",
        sede="Huancayo",
        fecha_inicio="2026-04-23",
        fecha_fin="2026-04-24",
    )
    assert "Intercambio del Centro" not in pagina(client)
    client.force_login(difoca)
    assert "Intercambio del Centro" in pagina(client)
    client.logout()
    services.evento_publicar(evento=evento, usuario=difoca)
    html = pagina(client)
    assert "Intercambio del Centro" in html and "0 prácticas presentadas" in html
    evento.refresh_from_db()
    contenido.evento_guardar(
        evento=evento,
        usuario=difoca,
        version=evento.version,
        documento=Documento(listas={"presentaciones": [{"practica": catalogo["lectura"]}]}),
    )
    assert "1 práctica presentada" in pagina(client)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE practicas_evento SET nombre = 'Intercambio Macrorregional' WHERE id = %s", [evento.pk]
        )
    html = pagina(client)
    assert "Intercambio Macrorregional" in html and "Intercambio del Centro" not in html


def test_una_busqueda_nueva_no_vuelve_a_dibujar_la_cabecera_ni_el_grafico(client, catalogo):
    """The chart, its table and the events (most of the page's bytes) and the heading are kept
    once for every search and filter: a new search draws its results alone."""
    pagina(client)
    with CaptureQueriesContext(connection) as capturadas:
        html = pagina(client, {"q": "tutoria"})
    assert "Tutoría" in html and "grafico-titulo" in html and "cifras-titulo" in html
    consultas = " ".join(c["sql"] for c in capturadas.captured_queries)
    assert "practicas_evento" not in consultas and "practicas_instancia" not in consultas
