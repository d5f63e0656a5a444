"""The specialist's review page: observations per lineamiento, return with a reason, approve."""

import pytest
from django.urls import reverse

from balance.models import Estado

from .conftest import enviar


@pytest.fixture
def enviada(matriz, mundo):
    enviar(matriz, mundo["director"])
    matriz.refresh_from_db()
    return matriz


def revisar(client, matriz, **datos):
    """The review as confirmed on its confirmation page (confirmado=1)."""
    return client.post(reverse("balance:matriz", args=[matriz.pk]), {"confirmado": "1", **datos})


def test_la_ugel_ve_el_formulario_de_revision(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:matriz", args=[enviada.pk])).content.decode()
    assert "Devolver con observaciones" in html and "Aprobar" in html
    assert "Observación sobre «Aprendizajes para la vida»" in html


def test_la_dre_solo_lee(client, mundo, enviada):
    client.force_login(mundo["dre"])
    html = client.get(reverse("balance:matriz", args=[enviada.pk])).content.decode()
    assert "Devolver con observaciones" not in html
    assert "Acciones de Aprendizajes para la vida" in html
    assert revisar(client, enviada, accion="aprobar").status_code == 403
    enviada.refresh_from_db()
    assert enviada.estado == Estado.ENVIADA


def test_devolver_sin_motivo(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    respuesta = revisar(client, enviada, accion="devolver", motivo="")
    assert "Explica al director por qué devuelves la matriz." in respuesta.content.decode()
    enviada.refresh_from_db()
    assert enviada.estado == Estado.ENVIADA


def test_devolver_con_observaciones_y_el_director_las_ve(client, mundo, enviada):
    fila = enviada.filas.order_by("lineamiento__orden").first()
    client.force_login(mundo["ugel"])
    respuesta = revisar(
        client,
        enviada,
        accion="devolver",
        motivo="Falta evidencia de certificados",
        **{f"obs_{fila.pk}": "Precisa la fuente"},
    )
    assert respuesta.status_code == 302
    enviada.refresh_from_db()
    assert enviada.estado == Estado.OBSERVADA

    client.force_login(mundo["director"])
    html = client.get(reverse("balance:matriz_editar", args=[enviada.pk])).content.decode()
    assert "La UGEL devolvió tu matriz con observaciones." in html
    assert "Falta evidencia de certificados" in html
    assert "Precisa la fuente" in html
    assert "Corregir y reenviar" in client.get("/").content.decode()


def test_aprobar(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    assert revisar(client, enviada, accion="aprobar", motivo="Conforme").status_code == 302
    enviada.refresh_from_db()
    assert enviada.estado == Estado.APROBADA and enviada.aprobada_por == mundo["ugel"]
    html = client.get(reverse("balance:matriz", args=[enviada.pk])).content.decode()
    assert "aprobada el" in html and "Conforme" in html


def test_revisar_dos_veces(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    revisar(client, enviada, accion="aprobar")
    respuesta = revisar(
        client, enviada, accion="devolver", motivo="tarde", **{f"obs_{enviada.filas.first().pk}": "mi nota"}
    )
    html = respuesta.content.decode()
    assert "Solo se revisa una matriz enviada; esta está aprobada." in html
    assert "mi nota" in html  # what the reviewer typed stays on screen
    enviada.refresh_from_db()
    assert enviada.estado == Estado.APROBADA


def test_el_director_no_revisa(client, mundo, enviada):
    client.force_login(mundo["director"])
    assert revisar(client, enviada, accion="aprobar").status_code == 403
