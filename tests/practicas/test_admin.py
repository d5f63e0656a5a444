"""/admin/ shows practices and events, and moves them through the review with the services, but it is
no second way of writing their content: that is DIFOCA's workspace."""

import pytest

from practicas.models import BuenaPractica, EstadoPractica, Estrategia
from tests.factories import BuenaPracticaFactory, EventoFactory, cambios_de_estado


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
        ("/admin/practicas/buenapractica/add/", 403),
        ("/admin/practicas/evento/", 200),
        ("/admin/practicas/evento/add/", 403),
        ("/admin/practicas/tema/", 200),
        ("/admin/territorio/institucion/", 403),
        ("/admin/cuentas/usuario/", 403),
        ("/admin/balance/matriz/", 403),
    ],
)
def test_paginas_del_admin_para_difoca(mundo, client, url, estado):
    client.force_login(mundo["difoca"])
    assert client.get(url).status_code == estado


@pytest.mark.parametrize("rol", ["difoca", "admin"])
def test_la_ficha_del_admin_es_de_solo_lectura_y_lleva_al_espacio(mundo, client, rol):
    practica = BuenaPracticaFactory(titulo="Gestión articulada")
    Estrategia.objects.create(practica=practica, orden=1, descripcion="Reuniones mensuales.")
    client.force_login(mundo[rol])
    html = client.get(f"/admin/practicas/buenapractica/{practica.pk}/change/").content.decode()
    assert "Editar en el espacio de DIFOCA" in html
    assert f'href="/practicas/gestion/{practica.pk}/"' in html
    assert "Reuniones mensuales." in html  # the content is shown…
    assert 'name="titulo"' not in html and 'name="estrategias-0-descripcion"' not in html  # …not editable
    assert 'name="_save"' not in html


def test_la_ficha_del_evento_tambien(mundo, client):
    evento = EventoFactory(nombre="I Intercambio")
    client.force_login(mundo["admin"])
    html = client.get(f"/admin/practicas/evento/{evento.pk}/change/").content.decode()
    assert "Editar en el espacio de DIFOCA" in html and "I Intercambio" in html
    assert f'href="/practicas/gestion/eventos/{evento.pk}/"' in html
    assert 'name="nombre"' not in html and 'name="_save"' not in html


def test_ni_se_agrega_ni_se_edita_desde_el_admin(mundo, client):
    practica = BuenaPracticaFactory(titulo="Antes")
    client.force_login(mundo["admin"])
    datos = {"titulo": "Después", "slug": practica.slug, "problema": "Otro"}
    assert client.post(f"/admin/practicas/buenapractica/{practica.pk}/change/", datos).status_code == 403
    assert client.post("/admin/practicas/buenapractica/add/", datos).status_code == 403
    assert list(BuenaPractica.objects.values_list("titulo", flat=True)) == ["Antes"]


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


def test_enviar_a_revision_desde_el_admin_dice_lo_que_falta(mundo, client):
    practica = BuenaPracticaFactory(titulo="Incompleta")
    client.force_login(mundo["difoca"])
    respuesta = client.post(
        "/admin/practicas/buenapractica/",
        {"action": "enviar_a_revision", "_selected_action": [practica.pk]},
        follow=True,
    )
    html = respuesta.content.decode()
    assert "Incompleta: Falta al menos una estrategia" in html
    assert BuenaPractica.objects.get().estado == EstadoPractica.BORRADOR


def test_devolver_y_retirar_desde_el_admin_con_su_verbo(mundo, client):
    en_revision = BuenaPracticaFactory(titulo="En revisión", estado=EstadoPractica.EN_REVISION)
    publicada = BuenaPracticaFactory(
        titulo="Publicada", estado=EstadoPractica.PUBLICADA, publicada_en="2026-05-01T10:00-05:00"
    )
    client.force_login(mundo["difoca"])
    lista = "/admin/practicas/buenapractica/"
    datos = {"_selected_action": [en_revision.pk, publicada.pk], "motivo": "Faltan cifras"}
    html = client.post(lista, {"action": "devolver", **datos}, follow=True).content.decode()
    assert "1 práctica devuelta a borrador." in html
    assert "Publicada: Esta práctica ya está publicada: para sacarla del catálogo, retírala." in html
    html = client.post(lista, {"action": "retirar", **datos}, follow=True).content.decode()
    assert "1 práctica retirada del catálogo." in html
    assert [(c.accion, c.comentario) for c in cambios_de_estado(publicada)] == [("retirar", "Faltan cifras")]
    assert [c.accion for c in cambios_de_estado(en_revision)] == ["devolver"]
