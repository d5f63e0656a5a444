"""The matrix pages at scale: the content read in one query (con_contenido_junto), a save that
returns what it wrote without reading it back, and an autosave that writes only what changed in a
fixed, small number of queries."""

import re
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import historial
from balance import services
from balance.forms import valores_de
from balance.models import CategoriaDificultad, Fila, Matriz
from balance.services import DatosFila

from .conftest import llenar
from .formulario import datos_formulario, prefijo


def _contenido(matriz):
    """Everything a page reads of the content, as plain values, in order."""
    return [
        (
            f.pk,
            f.lineamiento.orden,
            f.lineamiento.nombre,
            f.acciones,
            f.sugerencias,
            f.enlace_evidencias,
            f.observacion,
            [
                (lo.pk, lo.orden, lo.cifra, lo.que_cuenta, lo.cualitativo, lo.evidencia)
                for lo in f.logros.all()
            ],
            [
                (d.pk, d.orden, d.texto, d.categoria_id, d.categoria and d.categoria.nombre)
                for d in f.dificultades.all()
            ],
        )
        for f in matriz.filas.all()
    ] + [[(c.pk, c.orden, c.que, c.responsable, c.plazo) for c in matriz.compromisos.all()]]


def _variado(matriz, usuario):
    filas = list(matriz.filas.all())
    conectividad = CategoriaDificultad.objects.get(nombre="Conectividad")
    return services.matriz_guardar(
        matriz=matriz,
        usuario=usuario,
        version=matriz.version,
        filas={
            filas[0].pk: DatosFila(
                acciones="Acciones «con comillas» y\nsaltos",
                logros=[
                    None,
                    {"cifra": Decimal("1250.5"), "que_cuenta": "x", "cualitativo": "", "evidencia": ""},
                    None,
                ],
                dificultades=["Una", "", "Tres"],
                categorias=[conectividad.pk, None, None],
            ),
        },
        compromisos=[None, {"que": "Algo", "responsable": "Yo", "plazo": date(2026, 4, 1)}, None],
    )


def test_el_contenido_junto_es_el_mismo_que_el_prefetch_y_no_consulta_mas(matriz, mundo):
    llenar(matriz, mundo["director"])
    _variado(Matriz.objects.get(pk=matriz.pk), mundo["director"])
    base = Matriz.objects.select_related("campana")
    esperado = _contenido(base.con_contenido().get(pk=matriz.pk))
    with CaptureQueriesContext(connection) as consultas:
        junta = base.con_contenido_junto().get(pk=matriz.pk)
        leido = _contenido(junta)
        assert junta.filas.all()[0].matriz is junta  # the reverse caches too
    assert leido == esperado
    assert len(consultas) == 1  # the matrix with its whole content
    # Not a snapshot: a later filter still reads the database.
    Fila.objects.filter(pk=leido[0][0]).update(acciones="Cambiada")
    assert junta.filas.filter(pk=leido[0][0]).get().acciones == "Cambiada"


def test_lo_guardado_vuelve_como_quedo_sin_releerlo(matriz, mundo):
    """matriz_guardar applies its writes to the content it read (updates, inserts, deletes, a
    figure with two decimals) instead of reading it back: the same as a fresh read."""
    llenar(matriz, mundo["director"])
    leida = Matriz.objects.select_related("campana", "institucion").con_contenido().get(pk=matriz.pk)
    guardada = _variado(leida, mundo["director"])
    fresca = Matriz.objects.select_related("campana", "institucion").con_contenido().get(pk=matriz.pk)
    assert _contenido(guardada) == _contenido(fresca)
    assert valores_de(guardada) == valores_de(fresca)
    assert (guardada.version, guardada.progreso) == (fresca.version, fresca.progreso)


def test_el_autoguardado_escribe_solo_lo_que_cambio_en_pocas_consultas(client, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    client.force_login(mundo["director"])
    url = reverse("balance:matriz_autoguardar", args=[matriz.pk])
    p = prefijo(matriz)
    fila = Fila.objects.get(pk=int(p[1:]))
    # A first save on this connection prepares its statements (comun.preparadas: two queries more,
    # once per connection): counted apart, whichever test used the connection before.
    primero = client.post(url, datos_formulario(matriz, **{f"{p}-acciones": "Primer texto"}))
    assert primero.status_code == 200
    matriz.refresh_from_db()
    antes = len(historial.entradas(fila))
    datos = datos_formulario(matriz, **{f"{p}-acciones": "Nuevo texto"})
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.post(url, datos)
    assert respuesta.status_code == 200
    # Session and user (1), BEGIN, the matrix locked and read with its content (1), the writes (1),
    # the history context's end, COMMIT: whatever the matrix's size.
    assert len(consultas) <= 7, [q["sql"][:80] for q in consultas.captured_queries]
    envios = [q["sql"] for q in consultas.captured_queries if re.search(r"(^|; )(UPDATE|INSERT) ", q["sql"])]
    assert len(envios) == 1  # every write in one round trip
    escrituras = re.findall(r"(?:^|; )(?:UPDATE|INSERT) ", envios[0])
    assert len(escrituras) == 2  # the row's text and the matrix's version
    assert len(historial.entradas(fila)) == antes + 1
    fila.refresh_from_db()
    assert fila.acciones == "Nuevo texto"
    html = respuesta.content.decode()
    assert 'value="{&quot;' in html and "Nuevo texto" in html
    # Each row's progress bar, drawn once per value, in the page's two places.
    barra = f'<div id="avance-{fila.pk}" hx-swap-oob="true" class="minw-7rem"><div class="progreso'
    assert barra in html and f'<div id="avance-nav-{fila.pk}" hx-swap-oob="true"><div class="progreso' in html
    assert html.count('aria-valuenow="100"') == 2 * matriz.filas.count()

    # The same again: nothing written, the version stays.
    matriz.refresh_from_db()
    version = matriz.version
    respuesta = client.post(url, datos_formulario(matriz, **{f"{p}-acciones": "Nuevo texto"}))
    assert respuesta.status_code == 200
    matriz.refresh_from_db()
    assert matriz.version == version


def test_un_valor_rechazado_se_marca_y_lo_demas_se_guarda(client, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    client.force_login(mundo["director"])
    p = prefijo(matriz)
    respuesta = client.post(
        reverse("balance:matriz_autoguardar", args=[matriz.pk]),
        datos_formulario(matriz, **{f"{p}-l1-cifra": "muchos", f"{p}-sugerencias": "Otra sugerencia"}),
    )
    assert respuesta.status_code == 422
    html = respuesta.content.decode()
    assert f"id_{p}-l1-cifra" in html and "Escribe solo la cifra" in html
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.sugerencias == "Otra sugerencia"
    assert fila.logros.get(orden=1).cifra == Decimal("42.00")
