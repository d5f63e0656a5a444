"""Figures written as the seeds write them ("2,353 docentes", seed 003): one parser for the director's
page, its autosave and the Excel template; what it refuses is named with its lineamiento and logro."""

from decimal import Decimal

import pytest
from django.urls import reverse

from balance.models import Logro

from .formulario import datos_formulario, prefijo
from .test_plantilla import bajar, como_archivo, fila_de, subir

ACEPTADAS = [
    ("1250", "1250"),
    ("1,250", "1250"),
    ("1.250", "1250"),
    ("1 250", "1250"),
    ("2,353", "2353"),
    ("12,5", "12.5"),
    ("12.5", "12.5"),
    ("1.250,5", "1250.5"),
]
RECHAZADAS = [
    ("2,353 docentes", "Escribe solo la cifra, por ejemplo 1250 o 1,250"),
    ("85%", "Escribe solo la cifra, por ejemplo 1250 o 1,250"),
    ("1,2,3", "Escribe solo la cifra, por ejemplo 1250 o 1,250"),
    ("0,555", "hasta 2 decimales"),
    ("99999999999", "demasiado grande"),
]
NOMBRE = "«1. Aprendizajes para la vida» — Logro 1: cifra"


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def url(matriz, nombre):
    return reverse(nombre, args=[matriz.pk])


def con_cifra(matriz, escrito):
    p = prefijo(matriz)
    return datos_formulario(
        matriz,
        **{
            f"{p}-l1-cifra": escrito,
            f"{p}-l1-que_cuenta": "docentes capacitados",
            f"{p}-acciones": "Talleres",
        },
    )


def cifra_guardada(matriz):
    logro = Logro.objects.filter(fila__matriz=matriz, fila__lineamiento__orden=1, orden=1).first()
    return logro.cifra if logro else None


@pytest.mark.parametrize(("escrito", "valor"), ACEPTADAS)
def test_el_formulario_acepta_la_cifra(director, matriz, escrito, valor):
    respuesta = director.post(url(matriz, "balance:matriz_editar"), con_cifra(matriz, escrito))
    assert respuesta.status_code == 302
    assert cifra_guardada(matriz) == Decimal(valor)
    # Shown back without grouping, never ambiguous: 1250, 12,5.
    html = director.get(url(matriz, "balance:matriz_editar")).content.decode()
    assert f'value="{valor.replace(".", ",")}"' in html


@pytest.mark.parametrize(("escrito", "valor"), ACEPTADAS)
def test_el_autoguardado_acepta_la_cifra(director, matriz, escrito, valor):
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), con_cifra(matriz, escrito))
    assert respuesta.status_code == 200, respuesta.content.decode()
    assert cifra_guardada(matriz) == Decimal(valor)


@pytest.mark.parametrize(("escrito", "mensaje"), RECHAZADAS)
def test_el_formulario_rechaza_junto_al_campo_y_conserva_lo_escrito(director, matriz, escrito, mensaje):
    respuesta = director.post(url(matriz, "balance:matriz_editar"), con_cifra(matriz, escrito))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert mensaje in html
    assert "Asegúrese" not in html  # no «usted» from Django's DecimalField
    p = prefijo(matriz)
    # The error belongs to the field: crispy marks it and the typed text stays in it.
    assert f'name="{p}-l1-cifra"' in html and f'value="{escrito}"' in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    # Everything else was saved; the figure was not replaced by something else.
    assert cifra_guardada(matriz) is None
    assert matriz.filas.get(lineamiento__orden=1).acciones == "Talleres"


@pytest.mark.parametrize(("escrito", "mensaje"), RECHAZADAS)
def test_el_autoguardado_nombra_lineamiento_y_logro(director, matriz, escrito, mensaje):
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), con_cifra(matriz, escrito))
    html = respuesta.content.decode()
    assert respuesta.status_code == 422
    assert NOMBRE in html and mensaje in html
    assert f'href="#id_{prefijo(matriz)}-l1-cifra"' in html  # a link to the field on a long page
    assert "Asegúrese" not in html
    assert matriz.filas.get(lineamiento__orden=1).acciones == "Talleres"


def test_una_cifra_guardada_no_se_pierde_por_una_mal_escrita(director, matriz):
    director.post(url(matriz, "balance:matriz_autoguardar"), con_cifra(matriz, "2,353"))
    matriz.refresh_from_db()
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), con_cifra(matriz, "2,353 docentes"))
    assert respuesta.status_code == 422
    assert cifra_guardada(matriz) == Decimal(2353)


@pytest.mark.parametrize(("escrito", "valor"), [*ACEPTADAS, ("0,5", "0.5")])
def test_la_plantilla_acepta_la_cifra_escrita_como_texto(director, matriz, escrito, valor):
    libro = bajar(director, matriz)
    p = prefijo(matriz)
    fila_de(libro, f"{p}-l1-cifra").value = escrito
    respuesta = subir(director, matriz, como_archivo(libro))
    assert "No se guardó nada" not in respuesta.content.decode()
    director.post(url(matriz, "balance:matriz_importar"), {"confirmar": "1"})
    assert cifra_guardada(matriz) == Decimal(valor)


@pytest.mark.parametrize(("numero", "valor"), [(1250, "1250"), (12.5, "12.5"), (125.25, "125.25")])
def test_la_plantilla_acepta_la_cifra_escrita_como_numero(director, matriz, numero, valor):
    libro = bajar(director, matriz)
    fila_de(libro, f"{prefijo(matriz)}-l1-cifra").value = numero
    subir(director, matriz, como_archivo(libro))
    director.post(url(matriz, "balance:matriz_importar"), {"confirmar": "1"})
    assert cifra_guardada(matriz) == Decimal(valor)


def test_un_numero_con_tres_decimales_no_se_lee_como_miles(director, matriz):
    """A number cell 1.125 is one and a bit, never 1125: refused for its third decimal."""
    libro = bajar(director, matriz)
    celda = fila_de(libro, f"{prefijo(matriz)}-l1-cifra")
    celda.value = 1.125
    html = subir(director, matriz, como_archivo(libro)).content.decode()
    assert f"celda {celda.coordinate}" in html and "hasta 2 decimales" in html


@pytest.mark.parametrize(("escrito", "mensaje"), RECHAZADAS)
def test_la_plantilla_rechaza_nombrando_celda_lineamiento_y_logro(director, matriz, escrito, mensaje):
    libro = bajar(director, matriz)
    celda = fila_de(libro, f"{prefijo(matriz)}-l1-cifra")
    celda.value = escrito
    html = subir(director, matriz, como_archivo(libro)).content.decode()
    assert "No se guardó nada" in html
    assert f"celda {celda.coordinate}" in html and NOMBRE in html and mensaje in html
    assert cifra_guardada(matriz) is None
