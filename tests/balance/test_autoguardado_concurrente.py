"""Many autosaves of the SAME matrix at once (issue 15, «bad input»): each answer is a save (200) or a
conflict the page handles (409, marked data-conflicto: autoguardado.js pauses and offers the choice),
never a 500, and nothing a 200 answered as saved is lost. Real PostgreSQL transactions and row locks:
one thread per client, each with its own connection."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from balance.forms import EdicionMatriz
from balance.models import CAMBIOS_CAMPANA, Dificultad, Matriz
from comun import versiones

# Many, within the connections the shared test server leaves free (each client holds one).
CLIENTES = 24


@pytest.mark.django_db(transaction=True)
def test_muchos_autoguardados_a_la_vez_de_la_misma_matriz(mundo, matriz):
    director = mundo["director"]
    url = reverse("balance:matriz_autoguardar", args=[matriz.pk])
    valores = EdicionMatriz(Matriz.objects.con_contenido().get(pk=matriz.pk)).valores()
    version = str(matriz.version)
    filas = list(matriz.filas.order_by("lineamiento__orden").values_list("pk", flat=True))
    modificaciones = versiones.numero(CAMBIOS_CAMPANA, matriz.campana_id)
    barrera = threading.Barrier(CLIENTES)
    respuestas: list = [None] * CLIENTES

    def cliente(i: int) -> None:
        try:
            c = Client()
            c.force_login(director)
            # Several clients on the same field, others on a field of their own, half adding the
            # same difficulty (an INSERT of the same slot).
            campos = {f"f{filas[i % len(filas)]}-acciones": f"Acciones del cliente {i}"}
            if i % 2:
                campos[f"f{filas[0]}-d1-texto"] = f"Dificultad del cliente {i}"
            datos = {**valores, **campos, "version": version, "base": json.dumps(valores), "resumen": ""}
            barrera.wait(timeout=30)
            r = c.post(url, datos)
            respuestas[i] = (r.status_code, r.content.decode(), campos)
        except Exception as e:  # noqa: BLE001 - reported by the assertion below, with the thread's number
            respuestas[i] = (None, repr(e), {})
        finally:
            connection.close()

    hilos = [threading.Thread(target=cliente, args=(i,)) for i in range(CLIENTES)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=120)

    estados = [r[0] for r in respuestas]
    assert set(estados) <= {200, 409}, [r[:2] for r in respuestas if r[0] not in (200, 409)]
    assert 200 in estados  # the first to take the lock saves
    for estado, cuerpo, _campos in respuestas:
        if estado == 409:
            assert 'data-conflicto="1"' in cuerpo  # the page pauses and asks, nothing is thrown away
    # Nothing answered as saved is lost: each field a 200 wrote holds the text of one of those saves.
    guardada = Matriz.objects.con_contenido().get(pk=matriz.pk)
    actuales = EdicionMatriz(guardada).valores()
    escritos: dict[str, set[str]] = {}
    for estado, _cuerpo, campos in respuestas:
        if estado == 200:
            for campo, texto in campos.items():
                escritos.setdefault(campo, set()).add(texto)
    for campo, textos in escritos.items():
        assert actuales[campo] in textos, (campo, actuales[campo])
    assert Dificultad.objects.filter(fila_id=filas[0], orden=1).count() <= 1
    # Every save a new version; the first (no longer «sin iniciar») and those that wrote a
    # difficulty counted on the campaign, for the boards' cached figures.
    exitos = estados.count(200)
    assert guardada.version == matriz.version + exitos
    assert versiones.numero(CAMBIOS_CAMPANA, matriz.campana_id) not in (0, modificaciones)


@pytest.mark.django_db(transaction=True)
def test_autoguardados_a_la_vez_de_campos_distintos_se_guardan_todos(mundo, matriz):
    """Tabs that each changed a different field and save at the same moment: none is refused. A save
    that finds, at the lock, a version stored after it read is merged again over it (views._guardar),
    so every text is kept and every answer is a 200."""
    director = mundo["director"]
    url = reverse("balance:matriz_autoguardar", args=[matriz.pk])
    valores = EdicionMatriz(Matriz.objects.con_contenido().get(pk=matriz.pk)).valores()
    version = str(matriz.version)
    filas = list(matriz.filas.order_by("lineamiento__orden").values_list("pk", flat=True))
    campos = [f"f{f}-{nombre}" for f in filas for nombre in ("acciones", "sugerencias")]
    assert set(campos) <= set(valores)
    barrera = threading.Barrier(len(campos))
    respuestas: list = [None] * len(campos)

    def cliente(i: int) -> None:
        try:
            c = Client()
            c.force_login(director)
            datos = {**valores, campos[i]: f"Texto de la pestaña {i}"}
            datos.update(version=version, base=json.dumps(valores), resumen="")
            barrera.wait(timeout=30)
            r = c.post(url, datos)
            respuestas[i] = (
                r.status_code if r.status_code == 200 else (r.status_code, r.content.decode()[:600])
            )
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            respuestas[i] = repr(e)
        finally:
            connection.close()

    hilos = [threading.Thread(target=cliente, args=(i,)) for i in range(len(campos))]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout=120)

    assert respuestas == [200] * len(campos)
    actuales = EdicionMatriz(Matriz.objects.con_contenido().get(pk=matriz.pk)).valores()
    assert [actuales[c] for c in campos] == [f"Texto de la pestaña {i}" for i in range(len(campos))]
