"""The prepared statements (comun.preparadas: balance.paginas' key row, balance.autoguardado's read)
mend themselves when the session no longer holds them as prepared: a migration that changes the type
of a column they return, a DEALLOCATE ALL / DISCARD ALL (review, 30/11: before, every later request
on that connection failed)."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from balance import autoguardado, paginas
from balance.models import Matriz

from .conftest import llenar
from .formulario import datos_formulario, prefijo


@pytest.fixture(autouse=True)
def sesion_como_antes():
    """What these tests change on the session (a column's type, statements deallocated) does not
    reach the next tests, which share the connection."""
    yield
    with connection.cursor() as c:
        c.execute("DEALLOCATE ALL")
    paginas._PREPARADA._conexiones.clear()
    autoguardado._PREPARADAS._conexiones.clear()


@pytest.fixture
def matriz(mundo, campana):
    m = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    return llenar(m, mundo["director"])


def _autoguardar(client, matriz, texto):
    matriz = Matriz.objects.get(pk=matriz.pk)
    datos = datos_formulario(matriz, **{f"{prefijo(matriz)}-acciones": texto})
    return client.post(reverse("balance:matriz_autoguardar", args=[matriz.pk]), {**datos, "resumen": ""})


@pytest.mark.django_db(transaction=True)  # as in production: a GET is not in a transaction
def test_pagina_tras_migracion_que_cambia_el_tipo_de_una_columna(client, mundo, matriz):
    """A migration that only widens a column the key query returns (campaign title 200 -> 250),
    run while the servers keep their connections (CONN_MAX_AGE=60, health checks pass: SELECT 1)."""
    client.force_login(mundo["ugel"])
    url = reverse("balance:matriz", args=[matriz.pk])
    assert client.get(url).status_code == 200
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute("ALTER TABLE balance_campana ALTER COLUMN titulo TYPE varchar(250)")
    try:
        caches["matrices"].clear()
        assert client.get(url).status_code == 200  # was: cached plan must not change result type
    finally:
        with connection.cursor() as c:
            c.execute("ALTER TABLE balance_campana ALTER COLUMN titulo TYPE varchar(200)")


def test_autoguardado_tras_migracion_que_cambia_el_tipo_de_una_columna(client, mundo, matriz):
    client.force_login(mundo["director"])
    assert _autoguardar(client, matriz, "Uno").status_code == 200
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute("ALTER TABLE balance_campana ALTER COLUMN titulo TYPE varchar(250)")
    # The autosave runs in its transaction: this one save fails, the next prepares again. The page
    # keeps the text and saves it again.
    client.raise_request_exception = False
    assert [_autoguardar(client, matriz, t).status_code for t in ("Dos", "Tres")] == [500, 200]
    assert "Tres" in Matriz.objects.get(pk=matriz.pk).filas.first().acciones


@pytest.mark.django_db(transaction=True)
def test_pagina_tras_deallocate_all(client, mundo, matriz):
    """DEALLOCATE ALL / DISCARD ALL (a pooler's reset query, an admin's console) on the session."""
    client.force_login(mundo["director"])
    url = reverse("balance:matriz", args=[matriz.pk])
    assert client.get(url).status_code == 200
    with connection.cursor() as c:
        c.execute("DEALLOCATE ALL")
    assert client.get(url).status_code == 200  # was: prepared statement does not exist


@pytest.mark.django_db(transaction=True)
def test_la_conexion_se_cura_sola(client, mundo, matriz):
    """After the session lost the statements, the pages go on (prepared again) and the autosave fails
    once, then goes on: before, every later request on that connection failed (it stays usable for
    Django and for the health check, so it is kept for CONN_MAX_AGE)."""
    client.raise_request_exception = False
    client.force_login(mundo["director"])
    url = reverse("balance:matriz", args=[matriz.pk])
    assert client.get(url).status_code == 200
    assert _autoguardar(client, matriz, "Dos").status_code == 200
    with connection.cursor() as c:
        c.execute("DEALLOCATE ALL")
    estados = [client.get(url).status_code for _ in range(3)]
    autoguardados = [_autoguardar(client, matriz, t).status_code for t in ("Tres", "Cuatro", "Cinco")]
    assert estados == [200, 200, 200] and autoguardados == [500, 200, 200], (estados, autoguardados)
