"""DIFOCA records practices and events through /admin/, and sees nothing else there."""

import pytest

from practicas.models import SLUGS_RESERVADOS, BuenaPractica, EstadoPractica
from tests.factories import BuenaPracticaFactory, cambios_de_estado


def test_difoca_ve_solo_las_practicas(mundo, client):
    client.force_login(mundo["difoca"])
    html = client.get("/admin/").content.decode()
    assert "Buenas prácticas" in html
    assert "/admin/practicas/evento/" in html
    assert "/admin/territorio/" not in html and "/admin/cuentas/" not in html


@pytest.mark.parametrize(
    "url, estado",
    [
        ("/admin/practicas/buenapractica/", 200),
        ("/admin/practicas/buenapractica/add/", 200),
        ("/admin/practicas/evento/add/", 200),
        ("/admin/practicas/tema/", 200),
        ("/admin/territorio/institucion/", 403),
        ("/admin/cuentas/usuario/", 403),
        ("/admin/balance/matriz/", 403),
    ],
)
def test_paginas_del_admin_para_difoca(mundo, client, url, estado):
    client.force_login(mundo["difoca"])
    assert client.get(url).status_code == estado


def test_publicar_desde_el_admin(mundo, client):
    lista = BuenaPracticaFactory(titulo="Lista", estado=EstadoPractica.EN_REVISION)
    borrador = BuenaPracticaFactory(titulo="Borrador")
    client.force_login(mundo["difoca"])
    respuesta = client.post(
        "/admin/practicas/buenapractica/",
        {"action": "publicar", "_selected_action": [lista.pk, borrador.pk]},
        follow=True,
    )
    html = respuesta.content.decode()
    assert "1 práctica publicada." in html
    assert "Borrador: Una práctica «Borrador» no puede pasar a «Publicada»." in html
    assert set(BuenaPractica.objects.publicadas().values_list("titulo", flat=True)) == {"Lista"}
    (cambio,) = cambios_de_estado(lista)
    assert cambio.usuario == mundo["difoca"]


def test_registrar_una_practica_anota_quien(mundo, client):
    tema = BuenaPracticaFactory().tema
    client.force_login(mundo["difoca"])
    datos = {
        "titulo": "Puentes para la inclusión, emprendimiento e inserción laboral",
        "slug": "puentes-inclusion",
        "region": mundo["dre_a"].region_id,
        "instancias": "UGEL Huaura",
        "tema": tema.pk,
        "etapa": "avanzado",
        "anio": "2026",
        "problema": "Estudiantes con discapacidad sin ruta de inserción laboral.",
        "consiste": "",
    }
    for prefijo in ("fases", "estrategias", "resultados", "contactos", "fotos", "comentarios"):
        datos |= {f"{prefijo}-TOTAL_FORMS": "0", f"{prefijo}-INITIAL_FORMS": "0"}
    respuesta = client.post("/admin/practicas/buenapractica/add/", datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    practica = BuenaPractica.objects.get(slug="puentes-inclusion")
    assert practica.creada_por == mundo["difoca"] and practica.estado == EstadoPractica.BORRADOR


def test_el_enlace_eventos_esta_reservado(mundo, client):
    tema = BuenaPracticaFactory().tema
    client.force_login(mundo["difoca"])
    datos = {
        "titulo": "Eventos",
        "slug": "eventos",
        "region": mundo["dre_a"].region_id,
        "instancias": "UGEL Huaura",
        "tema": tema.pk,
        "etapa": "inicial",
        "anio": "2026",
        "problema": "Un problema.",
    }
    for prefijo in ("fases", "estrategias", "resultados", "contactos", "fotos", "comentarios"):
        datos |= {f"{prefijo}-TOTAL_FORMS": "0", f"{prefijo}-INITIAL_FORMS": "0"}
    respuesta = client.post("/admin/practicas/buenapractica/add/", datos)
    assert "«eventos» está reservado: elige otro enlace." in respuesta.content.decode()
    assert "eventos" in SLUGS_RESERVADOS and not BuenaPractica.objects.filter(slug="eventos").exists()
