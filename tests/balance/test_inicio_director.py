"""The director's home says where each matrix stands: to fill, sent and in review, returned with its
observations, approved by whom and when."""

from django.utils.timezone import localtime

from balance import services
from balance.models import Matriz

from .conftest import enviar


def inicio(client, usuario):
    client.force_login(usuario)
    return client.get("/").content.decode()


def test_por_llenar(client, mundo, matriz):
    html = inicio(client, mundo["director"])
    assert (
        "Completar y enviar la matriz de balance" in html and f"/balance/matrices/{matriz.pk}/editar/" in html
    )


def test_enviada_en_revision(client, mundo, matriz):
    enviada = enviar(matriz, mundo["director"])
    html = inicio(client, mundo["director"])
    assert (
        f"Matriz de balance enviada el {localtime(enviada.enviada_en):%d/%m/%Y}: la UGEL la está revisando"
        in html
    )
    assert f"/balance/matrices/{matriz.pk}/editar/" not in html and f"/balance/matrices/{matriz.pk}/" in html


def test_devuelta_con_sus_observaciones(client, mundo, matriz):
    enviar(matriz, mundo["director"])
    filas = list(matriz.filas.order_by("lineamiento__orden"))
    services.matriz_devolver(
        matriz=Matriz.objects.get(pk=matriz.pk),
        usuario=mundo["ugel"],
        motivo="Falta evidencia",
        observaciones={filas[0].pk: "Agrega el enlace", filas[2].pk: "¿Cuántos certificados?"},
    )
    html = inicio(client, mundo["director"])
    assert "la UGEL la devolvió con 2 observaciones" in html


def test_aprobada_por_quien_y_cuando(client, mundo, matriz, django_assert_max_num_queries):
    enviar(matriz, mundo["director"])
    aprobada = services.matriz_aprobar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"])
    html = inicio(client, mundo["director"])
    assert (
        f"Matriz de balance aprobada por {mundo['ugel']} el {localtime(aprobada.aprobada_en):%d/%m/%Y}"
        in html
    )
    client.force_login(mundo["director"])
    with django_assert_max_num_queries(10):
        client.get("/")
