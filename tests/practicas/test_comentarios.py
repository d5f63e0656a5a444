"""The expert's feedback page of DIFOCA's workspace: add, edit and delete, scoped to the practice."""

import pytest
from django.urls import reverse

from practicas import contenido
from practicas.models import ComentarioExperto
from tests.factories import BuenaPracticaFactory, EventoFactory
from tests.roles import por_rol

DATOS = {
    "experto": "Dra. Rosa Quispe",
    "cargo": "Consultora",
    "institucion": "UNESCO",
    "evento": "",
    "aspectos_clave": "La práctica destaca por:\r\n- Monitoreo sistemático\n- Trabajo con las UGEL",
    "oportunidades_mejora": "- Medir resultados de aprendizaje",
    "recomendaciones": "",
}


def url(practica) -> str:
    return reverse("practicas:gestion_comentarios", args=[practica.pk])


def url_editar(comentario) -> str:
    return reverse("practicas:gestion_comentario_editar", args=[comentario.practica_id, comentario.pk])


def url_borrar(comentario) -> str:
    return reverse("practicas:gestion_comentario_borrar", args=[comentario.practica_id, comentario.pk])


def comentario(usuario, practica=None, **datos):
    practica = practica or BuenaPracticaFactory()
    return contenido.comentario_guardar(
        practica=practica,
        usuario=usuario,
        datos={"experto": "Experto X", "aspectos_clave": "- Uno", **datos},
    )


ESTADOS = por_rol(
    director=404,
    director_otro=404,
    ugel=404,
    ugel_otro=404,
    dre=404,
    dre_otro=404,
    difoca=200,
    admin=200,
    sin_rol=404,
)


@pytest.mark.parametrize("rol,estado", ESTADOS.items())
def test_paginas_por_rol(usuarios, client, rol, estado):
    c = comentario(usuarios["difoca"])
    client.force_login(usuarios[rol])
    for direccion in (url(c.practica), url_editar(c), url_borrar(c)):
        assert client.get(direccion).status_code == estado, direccion
    respuesta = client.post(url_borrar(c))
    assert respuesta.status_code == (302 if estado == 200 else 404)
    assert ComentarioExperto.objects.filter(pk=c.pk).exists() == (estado != 200)


def test_anonimo_recibe_404(mundo, client):
    c = comentario(mundo["difoca"])
    for direccion in (url(c.practica), url_editar(c), url_borrar(c)):
        assert client.get(direccion).status_code == 404
    assert client.post(url(c.practica), DATOS).status_code == 404
    assert ComentarioExperto.objects.count() == 1


def test_agregar_con_evento(mundo, client):
    practica = BuenaPracticaFactory()
    evento = EventoFactory(nombre="Intercambio Centro")
    client.force_login(mundo["difoca"])
    html = client.get(url(practica)).content.decode()
    assert "Fuera de un evento" in html and "Intercambio Centro" in html
    assert html.count("Un punto por línea, empezando con") == 3
    respuesta = client.post(url(practica), {**DATOS, "evento": evento.pk}, follow=True)
    assert "Se guardó el comentario del experto." in respuesta.content.decode()
    guardado = ComentarioExperto.objects.get(practica=practica)
    assert guardado.evento == evento
    assert guardado.experto == "Dra. Rosa Quispe"
    # The introduction is set apart from the points, so that they print as a list.
    assert guardado.aspectos_clave == (
        "La práctica destaca por:\n\n- Monitoreo sistemático\n- Trabajo con las UGEL"
    )
    # The points are shown as a list.
    assert "<li>Monitoreo sistemático</li>" in respuesta.content.decode()


def test_agregar_fuera_de_un_evento(mundo, client):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    client.post(url(practica), DATOS)
    assert ComentarioExperto.objects.get(practica=practica).evento is None


def test_campos_obligatorios_con_el_error_junto_al_campo(mundo, client):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    respuesta = client.post(url(practica), {**DATOS, "experto": "", "aspectos_clave": "  "})
    assert respuesta.status_code == 422
    html = respuesta.content.decode()
    assert "Escribe el nombre del experto invitado." in html
    assert "Escribe al menos un aspecto clave de la práctica." in html
    # Each message sits with its field (crispy: the feedback follows the field's input).
    assert html.index('id="id_experto"') < html.index("Escribe el nombre del experto invitado.")
    assert html.index("Escribe el nombre del experto invitado.") < html.index('id="id_cargo"')
    assert html.index('id="id_aspectos_clave"') < html.index("Escribe al menos un aspecto clave")
    assert 'value="UNESCO"' in html  # what was typed stays
    assert not ComentarioExperto.objects.exists()


def test_editar(mundo, client):
    c = comentario(mundo["difoca"])
    client.force_login(mundo["difoca"])
    html = client.get(url_editar(c)).content.decode()
    assert 'value="Experto X"' in html
    respuesta = client.post(url_editar(c), {**DATOS, "experto": "Experto Y"})
    assert respuesta.status_code == 302
    c.refresh_from_db()
    assert c.experto == "Experto Y" and c.institucion == "UNESCO"
    assert ComentarioExperto.objects.count() == 1


def test_editar_con_error_no_guarda(mundo, client):
    c = comentario(mundo["difoca"])
    client.force_login(mundo["difoca"])
    respuesta = client.post(url_editar(c), {**DATOS, "aspectos_clave": ""})
    assert respuesta.status_code == 422
    c.refresh_from_db()
    assert c.aspectos_clave == "- Uno"


def test_borrar_pide_confirmacion(mundo, client):
    c = comentario(mundo["difoca"])
    client.force_login(mundo["difoca"])
    html = client.get(url_borrar(c)).content.decode()
    assert "¿Borrar el comentario de Experto X?" in html
    assert ComentarioExperto.objects.filter(pk=c.pk).exists()
    respuesta = client.post(url_borrar(c), follow=True)
    assert "Se borró el comentario de Experto X." in respuesta.content.decode()
    assert not ComentarioExperto.objects.filter(pk=c.pk).exists()


def test_comentario_de_otra_practica_es_404(mundo, client):
    c = comentario(mundo["difoca"])
    otra = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    ajeno_editar = reverse("practicas:gestion_comentario_editar", args=[otra.pk, c.pk])
    ajeno_borrar = reverse("practicas:gestion_comentario_borrar", args=[otra.pk, c.pk])
    assert client.get(ajeno_editar).status_code == 404
    assert client.post(ajeno_editar, DATOS).status_code == 404
    assert client.post(ajeno_borrar).status_code == 404
    c.refresh_from_db()
    assert c.experto == "Experto X"


def test_html_escapado(mundo, client):
    c = comentario(mundo["difoca"], experto="<b>Ana</b>", aspectos_clave="- <script>x()</script>")
    client.force_login(mundo["difoca"])
    html = client.get(url(c.practica)).content.decode()
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<b>Ana</b>" not in html


@pytest.mark.parametrize("n", [3, 20])
def test_consultas_acotadas(mundo, client, django_assert_max_num_queries, n):
    practica = BuenaPracticaFactory()
    for i in range(n):
        comentario(mundo["difoca"], practica=practica, evento=EventoFactory(), experto=f"Experto {i}")
    client.force_login(mundo["difoca"])
    with django_assert_max_num_queries(7):
        respuesta = client.get(url(practica))
    assert respuesta.content.decode().count('class="card mb-3') == n
