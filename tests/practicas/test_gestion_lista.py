"""DIFOCA's list of practices (/practicas/gestion/): by state, filtered, searched, paginated, in a
fixed number of queries; and the workspace's preview of the public sheet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practicas.models import EstadoPractica, Resultado
from tests.factories import (
    BuenaPracticaFactory,
    RegionFactory,
    TemaFactory,
    practica_completa,
    practica_publicada,
)
from tests.roles import ROLES, por_rol

URL = "/practicas/gestion/"


@pytest.fixture
def practicas(mundo):
    norte, sur = RegionFactory(nombre="Piura"), RegionFactory(nombre="Puno")
    lectura = TemaFactory(nombre="Lectura")
    BuenaPracticaFactory(titulo="Borrador de Piura", region=norte)
    BuenaPracticaFactory(titulo="Puentes para la inclusión", region=sur, tema=lectura)
    BuenaPracticaFactory(titulo="En revisión de Piura", region=norte, estado=EstadoPractica.EN_REVISION)
    practica_publicada(titulo="Publicada de Puno", region=sur)
    return {"norte": norte, "sur": sur, "lectura": lectura}


def titulos(respuesta):
    return [p.titulo for p in respuesta.context["pagina"]]


@pytest.mark.parametrize(
    "rol, estado",
    por_rol(
        director=404,
        director_otro=404,
        ugel=404,
        ugel_otro=404,
        dre=404,
        dre_otro=404,
        difoca=200,
        admin=200,
        sin_rol=404,
    ).items(),
)
def test_quien_entra(usuarios, client, rol, estado):
    practica = BuenaPracticaFactory()
    client.force_login(usuarios[rol])
    assert client.get(URL).status_code == estado
    assert client.get(f"/practicas/gestion/{practica.pk}/vista-previa/").status_code == estado
    assert client.get(f"/practicas/gestion/{practica.pk}/revision/publicar/").status_code == estado


def test_anonimo_no_entra(db, client):
    practica = BuenaPracticaFactory()
    assert client.get(URL).status_code == 404
    assert client.get(f"/practicas/gestion/{practica.pk}/vista-previa/").status_code == 404
    assert set(ROLES) >= {"difoca", "admin"}


def test_pestanas_con_sus_cuentas_y_lo_que_espera_revision_primero(mundo, client, practicas):
    client.force_login(mundo["difoca"])
    respuesta = client.get(URL)
    assert [(clave, n) for clave, _e, n in respuesta.context["pestanas"]] == [
        ("en_revision", 1),
        ("borrador", 2),
        ("publicada", 1),
        ("todas", 4),
    ]
    # Nothing chosen: what waits for review.
    assert titulos(respuesta) == ["En revisión de Piura"]
    html = respuesta.content.decode()
    assert 'href="/practicas/gestion/nueva/"' in html and "Nueva práctica" in html
    assert f'href="/practicas/gestion/{respuesta.context["pagina"][0].pk}/"' in html
    assert sorted(titulos(client.get(URL, {"estado": "borrador"}))) == [
        "Borrador de Piura",
        "Puentes para la inclusión",
    ]
    assert len(titulos(client.get(URL, {"estado": "todas"}))) == 4
    # An unknown state is "nothing chosen".
    assert titulos(client.get(URL, {"estado": "<b>"})) == ["En revisión de Piura"]


def test_sin_nada_en_revision_muestra_todas(mundo, client):
    BuenaPracticaFactory(titulo="Solo borrador")
    client.force_login(mundo["difoca"])
    respuesta = client.get(URL)
    assert respuesta.context["filtros"]["estado"] == "todas" and titulos(respuesta) == ["Solo borrador"]


def test_filtros_y_busqueda(mundo, client, practicas):
    client.force_login(mundo["difoca"])
    todas = {"estado": "todas"}
    assert sorted(titulos(client.get(URL, {**todas, "region": practicas["norte"].pk}))) == [
        "Borrador de Piura",
        "En revisión de Piura",
    ]
    assert titulos(client.get(URL, {**todas, "tema": practicas["lectura"].pk})) == [
        "Puentes para la inclusión"
    ]
    # Accents and case ignored; the counts follow the filters.
    respuesta = client.get(URL, {**todas, "q": "INCLUSION"})
    assert titulos(respuesta) == ["Puentes para la inclusión"]
    assert [n for _c, _e, n in respuesta.context["pestanas"]] == [0, 1, 0, 1]
    assert titulos(client.get(URL, {**todas, "q": "piura", "region": practicas["sur"].pk})) == []
    assert "Ninguna práctica coincide" in client.get(URL, {**todas, "q": "zzz"}).content.decode()
    # Rubbish is ignored, not an error.
    assert client.get(URL, {"region": "x", "tema": "1 OR 1=1", "q": "'&|!:*"}).status_code == 200


def test_pagina_de_25(mundo, client):
    for n in range(30):
        BuenaPracticaFactory(titulo=f"Práctica {n:02d}")
    client.force_login(mundo["difoca"])
    primera = client.get(URL)
    assert len(titulos(primera)) == 25 and "Página 1 de 2" in primera.content.decode()
    segunda = client.get(URL, {"estado": "todas", "pagina": 2})
    assert len(titulos(segunda)) == 5
    assert not set(titulos(primera)) & set(titulos(segunda))


def test_consultas_fijas(mundo, client):
    def consultas(n):
        for i in range(n):
            practica = BuenaPracticaFactory(
                region=RegionFactory(nombre=f"Región {n}-{i}"),
                tema=TemaFactory(nombre=f"Tema {n}-{i}"),
                editada_por=mundo["difoca"],
            )
            practica.editada_en = practica.creada
            practica.save()
        with CaptureQueriesContext(connection) as capturadas:
            assert client.get(URL, {"estado": "todas"}).status_code == 200
        return len(capturadas)

    client.force_login(mundo["difoca"])
    pocas = consultas(3)
    assert consultas(30) == pocas


def test_la_fila_dice_quien_la_edito(mundo, client):
    practica = BuenaPracticaFactory(titulo="Editada", editada_por=mundo["difoca"])
    practica.editada_en = practica.creada
    practica.save()
    mundo["difoca"].first_name, mundo["difoca"].last_name = "Rosa", "Quispe"
    mundo["difoca"].save()
    client.force_login(mundo["admin"])
    html = client.get(URL).content.decode()
    assert "por Rosa Quispe" in html and "badge estado-practica-borrador" in html


def test_vista_previa_con_los_campos_nuevos_y_escapada(mundo, client):
    practica = practica_completa(
        titulo="Gestión <b>articulada</b>",
        intro_estrategias="A continuación, las estrategias <script>alert(1)</script>",
        intro_logros="Desde su implementación, ha permitido:",
        cierre="En suma, una gestión articulada.",
    )
    practica.instancias_involucradas.create(orden=1, tipo="dre", nombre="DRE Pasco")
    practica.instancias_involucradas.create(orden=2, tipo="ugel", nombre="UGEL Oxapampa")
    Resultado.objects.create(
        practica=practica, tipo="cuantitativo", orden=1, cifra="100% de las 13 UGEL", descripcion="con PAT."
    )
    Resultado.objects.create(
        practica=practica, tipo="logro", orden=1, descripcion="Se reduce la fragmentación."
    )
    practica.contactos.create(orden=1, nombre="Ana Rojas", telefono="964 111 222")
    practica.enlaces.create(orden=1, texto="Video de la práctica", url="https://example.org/video")
    # Written around the forms' validation: shown as text, never a link.
    practica.enlaces.create(orden=2, texto="Trampa", url="javascript:alert(1)")
    client.force_login(mundo["difoca"])
    html = client.get(f"/practicas/gestion/{practica.pk}/vista-previa/").content.decode()
    assert "Vista previa: así se verá en el catálogo" in html
    assert "Gestión &lt;b&gt;articulada&lt;/b&gt;" in html and "<b>articulada" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "DRE Pasco · UGEL Oxapampa" in html
    assert "Desde su implementación, ha permitido:" in html and "En suma, una gestión articulada." in html
    assert "<strong>100% de las 13 UGEL</strong>" in html
    assert 'class="lista-logros"' in html and "Se reduce la fragmentación." in html
    assert "964 111 222" in html
    assert "Conoce más" in html and 'href="https://example.org/video"' in html
    assert "Trampa" in html and "javascript:" not in html
    # The preview shows no download or edit buttons: the public does not get them.
    assert "Descargar la ficha" not in html


def test_la_ficha_publica_muestra_los_campos_nuevos_y_edita_en_el_espacio(mundo, client):
    practica = practica_publicada(cierre="Resumen final de la práctica.", intro_logros="Ha permitido:")
    Resultado.objects.create(practica=practica, tipo="logro", orden=1, descripcion="Más coordinación.")
    practica.enlaces.create(orden=1, texto="Documento", url="https://example.org/doc")
    practica.contactos.create(orden=1, nombre="Luis", telefono="01 615 5800")
    url = f"/practicas/{practica.slug}/"
    html = client.get(url).content.decode()
    for texto in ("Resumen final de la práctica.", "Ha permitido:", "Más coordinación.", "01 615 5800"):
        assert texto in html
    assert 'href="https://example.org/doc"' in html
    assert "/practicas/gestion/" not in html  # no edit link for the public
    client.force_login(mundo["difoca"])
    html = client.get(url).content.decode()
    assert f'href="/practicas/gestion/{practica.pk}/"' in html and "/admin/practicas/" not in html


def test_menu_e_inicio_de_difoca(mundo, client):
    BuenaPracticaFactory(estado=EstadoPractica.EN_REVISION)
    client.force_login(mundo["difoca"])
    html = client.get("/").content.decode()
    assert 'href="/practicas/gestion/?estado=en_revision"' in html and "1 práctica en revisión" in html
    assert 'href="/practicas/gestion/?estado=borrador"' in html
    assert "Gestionar buenas prácticas" in html and 'href="/practicas/gestion/nueva/"' in html
    assert "/admin/practicas/" not in html
    assert "Gestión de prácticas" in html  # the menu entry
    client.force_login(mundo["ugel"])
    html = client.get("/").content.decode()
    assert "/practicas/gestion/" not in html


def test_vista_previa_en_consultas_fijas(mundo, client):
    def consultas(n):
        practica = practica_completa()
        for i in range(n):
            practica.estrategias.create(orden=i + 2, descripcion=f"Estrategia {i}")
            Resultado.objects.create(practica=practica, tipo="logro", orden=i + 1, descripcion=f"Logro {i}")
            practica.contactos.create(orden=i + 1, nombre=f"Contacto {i}")
            practica.enlaces.create(orden=i + 1, texto=f"Enlace {i}", url="https://example.org/")
        with CaptureQueriesContext(connection) as capturadas:
            assert client.get(f"/practicas/gestion/{practica.pk}/vista-previa/").status_code == 200
        return len(capturadas)

    client.force_login(mundo["difoca"])
    assert consultas(1) == consultas(10)
