"""Irreversible actions ask first, on their own page, and say what happens next."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from balance import services
from balance.models import Campana, Matriz

from .conftest import LINEAMIENTOS


@pytest.fixture
def nueva(mundo):
    """A campaign created and never opened."""
    return services.campana_crear(
        usuario=mundo["admin"],
        anio=2024,
        titulo="Balance 2024 – UGEL A1",
        ugel=mundo["ugel_a1"],
        fecha_limite=timezone.localdate() + timedelta(days=30),
        lineamientos=LINEAMIENTOS,
    )


def test_una_campana_nueva_esta_sin_abrir_no_cerrada(client, mundo, nueva):
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:tablero", args=[nueva.pk])).content.decode()
    assert "sin abrir (borrador)" in html and ">cerrada<" not in html
    inicio = client.get(reverse("balance:inicio")).content.decode()
    assert "sin abrir (borrador)" in inicio


def test_abrir_pide_confirmar_el_plazo(client, mundo, nueva):
    client.force_login(mundo["ugel"])
    url = reverse("balance:campana_abrir", args=[nueva.pk])
    html = client.get(url).content.decode()
    assert "¿Abrir la campaña «Balance 2024 – UGEL A1»?" in html
    assert f'value="{nueva.fecha_limite.isoformat()}"' in html
    assert "2 CEBA/CETPRO de su ámbito reciben su matriz" in html
    # A bare POST (no deadline confirmed) only shows the page again.
    assert client.post(url).status_code == 200
    nueva.refresh_from_db()
    assert not nueva.abierta and not Matriz.objects.filter(campana=nueva).exists()

    otra_fecha = timezone.localdate() + timedelta(days=45)
    respuesta = client.post(url, {"fecha_limite": otra_fecha.isoformat()})
    assert respuesta.status_code == 302
    nueva.refresh_from_db()
    assert nueva.abierta and nueva.fecha_limite == otra_fecha
    assert Matriz.objects.filter(campana=nueva).count() == 2


def test_abrir_con_plazo_pasado_explica_y_no_abre(client, mundo, nueva):
    client.force_login(mundo["ugel"])
    ayer = timezone.localdate() - timedelta(days=1)
    html = client.post(
        reverse("balance:campana_abrir", args=[nueva.pk]), {"fecha_limite": ayer.isoformat()}
    ).content.decode()
    assert "Esa fecha ya pasó" in html
    nueva.refresh_from_db()
    assert not nueva.abierta and nueva.fecha_limite != ayer


def test_cerrada_despues_de_abierta_dice_cerrada(client, mundo, campana):
    services.campana_cerrar(usuario=mundo["admin"], campana=campana)
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:tablero", args=[campana.pk])).content.decode()
    assert ">cerrada<" in html and "sin abrir" not in html
    assert Campana.objects.get(pk=campana.pk).abierta_alguna_vez


@pytest.fixture
def enviada(matriz, mundo):
    from .conftest import enviar

    enviar(matriz, mundo["director"])
    matriz.refresh_from_db()
    return matriz


@pytest.mark.parametrize(
    "accion, pregunta, boton, estado",
    [
        ("aprobar", "¿Aprobar la matriz de", "Sí, aprobar", "aprobada"),
        ("devolver", "¿Devolver la matriz de", "Sí, devolver", "observada"),
    ],
)
def test_aprobar_y_devolver_se_confirman(client, mundo, enviada, accion, pregunta, boton, estado):
    fila = enviada.filas.order_by("lineamiento__orden").first()
    client.force_login(mundo["ugel"])
    url = reverse("balance:matriz", args=[enviada.pk])
    datos = {"accion": accion, "motivo": "Mi motivo"}
    if accion == "devolver":
        datos[f"obs_{fila.pk}"] = "Precisa la fuente"
    html = client.post(url, datos).content.decode()
    assert pregunta in html and boton in html and "Qué pasa después:" in html
    assert "Mi motivo" in html
    enviada.refresh_from_db()
    assert enviada.estado == "enviada"  # nothing happens before the confirmation
    # "Corregir mi revisión" brings the form back with what was typed.
    vuelta = client.post(url, {**datos, "corregir": "1"}).content.decode()
    assert "Tu revisión" in vuelta and "Mi motivo" in vuelta
    assert client.post(url, {**datos, "confirmado": "1"}).status_code == 302
    enviada.refresh_from_db()
    assert enviada.estado == estado


def test_devolver_sin_motivo_no_llega_a_confirmar(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    html = client.post(reverse("balance:matriz", args=[enviada.pk]), {"accion": "devolver"}).content.decode()
    assert "Explica al director por qué devuelves la matriz." in html and "Sí, devolver" not in html
