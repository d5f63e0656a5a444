"""The public catalogue's pages and documents only read: a POST (or PUT, DELETE) gets 405 with the
methods it takes, and reads nothing; GET and HEAD answer as always."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventoFactory, practica_publicada


@pytest.fixture
def direcciones(db):
    practica = practica_publicada(titulo="Tutoría entre pares")
    evento = EventoFactory(slug="encuentro", publicado=True, publicado_en=timezone.now())
    return [
        reverse("practicas:catalogo"),
        reverse("practicas:ficha", args=[practica.slug]),
        reverse("practicas:ficha_pdf", args=[practica.slug]),
        reverse("practicas:eventos"),
        reverse("practicas:evento", args=[evento.slug]),
        reverse("practicas:evento_pdf", args=[evento.slug]),
    ]


@pytest.mark.parametrize("metodo", ["post", "put", "delete"])
def test_las_paginas_publicas_no_aceptan_escrituras(
    client, direcciones, metodo, django_assert_max_num_queries
):
    for direccion in direcciones:
        with django_assert_max_num_queries(0):
            respuesta = getattr(client, metodo)(direccion)
        assert respuesta.status_code == 405, direccion
        assert set(respuesta["Allow"].split(", ")) == {"GET", "HEAD"}


def test_get_y_head_siguen(client, direcciones):
    for direccion in direcciones[:2] + direcciones[3:5]:
        assert client.get(direccion).status_code == 200
        assert client.head(direccion).status_code == 200
