"""The matrix's read and the director's edit page kept drawn per matrix (balance.paginas): a second
GET reads one row of numbers, not the matrix; every change of what the pages show is seen on the
next request, whoever makes it and however (the services, a bare UPDATE where a trigger raises the
matrix's number, a name or a scope changed), and what belongs to the request is never kept."""

import json
import re
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import Http404
from django.urls import reverse

from balance import paginas, services
from balance.forms import EdicionMatriz
from balance.models import (
    CategoriaDificultad,
    Compromiso,
    Dificultad,
    Fila,
    Lineamiento,
    Logro,
    Matriz,
    ObservacionDeRonda,
    SeguimientoCompromiso,
)
from cuentas.models import Asignacion, Rol, Usuario
from territorio.models import Institucion, Ugel
from tests.factories import usuario_con

from .conftest import campana_abierta, datos_completos, enviar, llenar


@pytest.fixture
def matriz(mundo, campana):
    """inst_a1a's matrix (directed by mundo's director, reviewed by UGEL A1's specialist), filled."""
    m = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    return llenar(m, mundo["director"])


def detalle(m):
    return reverse("balance:matriz", args=[m.pk])


def editar(m):
    return reverse("balance:matriz_editar", args=[m.pk])


def _leer(client, url) -> str:
    """The page twice: the second from what the first kept (and identical but for the CSRF token)."""
    primera = client.get(url)
    segunda = client.get(url)
    assert primera.status_code == segunda.status_code == 200
    assert _sin_csrf(primera) == _sin_csrf(segunda)
    return segunda.content.decode()


def _sin_csrf(respuesta) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1X", respuesta.content.decode())


def _sin_cache(client, url) -> str:
    """The page drawn afresh (nothing kept), for comparing."""
    caches["matrices"].clear()
    return _sin_csrf(client.get(url))


@pytest.mark.parametrize(
    ("quien", "pagina", "consultas"),
    [
        # The session with its user, the matrix's key row (scope, state, numbers).
        ("ugel", detalle, 2),
        ("director", detalle, 2),
        ("dre", detalle, 2),
        ("admin", detalle, 2),
        ("director", editar, 2),
    ],
)
def test_una_pagina_guardada_lee_una_fila(
    client, mundo, matriz, quien, pagina, consultas, django_assert_num_queries
):
    if pagina is detalle:
        enviar(matriz, mundo["director"])
    client.force_login(mundo[quien])
    url = pagina(matriz)
    client.get(url)
    client.get(url)  # a reviewer's first visit opens the review (a write): drawn afresh
    with django_assert_num_queries(consultas):
        assert client.get(url).status_code == 200


def test_lo_mismo_que_sin_guardar_en_cada_estado_y_para_cada_quien(client, mundo, matriz):
    """Byte for byte (but the CSRF token) what the page draws with nothing kept, for the reviewer,
    the director, the DRE and the Administrador, in every state."""

    def comparar():
        for quien in ("ugel", "director", "dre", "admin"):
            client.force_login(mundo[quien])
            for url in (detalle(matriz), editar(matriz)):
                fresca = _sin_cache(client, url)
                guardada = client.get(url)
                assert _sin_csrf(guardada) == fresca, (quien, url)

    comparar()  # draft
    enviar(matriz, mundo["director"])
    comparar()  # sent (the reviewer's first visit opened it)
    fila = matriz.filas.first()
    services.matriz_devolver(
        matriz=Matriz.objects.get(pk=matriz.pk),
        usuario=mundo["ugel"],
        motivo="Revisa el lineamiento 1",
        observaciones={fila.pk: "Falta la evidencia"},
    )
    comparar()  # returned
    enviar(Matriz.objects.get(pk=matriz.pk), mundo["director"])
    services.matriz_aprobar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"])
    comparar()  # approved, after a second round


def test_el_token_y_el_usuario_son_de_cada_peticion(client, mundo, matriz):
    """The CSRF field and the user's id in the local copy's name are put in at each request."""
    enviar(matriz, mundo["director"])
    client.force_login(mundo["ugel"])
    client.get(detalle(matriz))
    uno, dos = client.get(detalle(matriz)), client.get(detalle(matriz))
    tokens = [
        re.search(r'csrfmiddlewaretoken" value="([^"]+)"', r.content.decode()).group(1) for r in (uno, dos)
    ]
    assert tokens[0] != tokens[1]  # masked afresh, as Django draws it
    # Two directors of one school: the same kept page, each with their own id.
    m2 = Matriz.objects.get(campana=matriz.campana, institucion=mundo["inst_a1b"])
    for nombre in ("director_b1", "director_b2"):
        usuario = usuario_con(Rol.DIRECTOR, mundo["inst_a1b"], username=nombre)
        client.force_login(usuario)
        html = _leer(client, editar(m2))
        assert f'data-copia="matriz:{m2.pk}:{usuario.pk}"' in html


def test_lo_que_guarda_el_servicio(client, mundo, matriz):
    client.force_login(mundo["director"])
    antes_editar, antes_detalle = _leer(client, editar(matriz)), _leer(client, detalle(matriz))
    fila = matriz.filas.first()
    matriz.refresh_from_db()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={fila.pk: services.DatosFila(acciones="Acciones nuevas del servicio")},
    )
    assert "Acciones nuevas del servicio" not in antes_editar + antes_detalle
    assert "Acciones nuevas del servicio" in _leer(client, editar(matriz))
    assert "Acciones nuevas del servicio" in _leer(client, detalle(matriz))


@pytest.mark.parametrize(
    "cambio",
    [
        "fila",
        "logro",
        "dificultad",
        "compromiso",
        "categoria",
        "lineamiento",
        "institucion",
        "ugel",
        "campana",
    ],
)
def test_un_update_suelto_se_ve(client, mundo, matriz, cambio):
    """A write outside the services (the admin, a data fix in SQL): the triggers raise the number."""
    services.matriz_guardar(
        matriz=Matriz.objects.get(pk=matriz.pk),
        usuario=mundo["director"],
        version=Matriz.objects.get(pk=matriz.pk).version,
        filas={},
        compromisos=[{"que": "Compromiso viejo", "responsable": "Dirección", "plazo": date(2030, 1, 1)}],
    )
    categoria = CategoriaDificultad.objects.create(nombre="Conectividad vieja")
    Dificultad.objects.filter(fila__matriz=matriz).update(categoria=categoria)
    client.force_login(mundo["director"])
    for url in (editar(matriz), detalle(matriz)):
        _leer(client, url)
    nuevo = "Texto NUEVO suelto"
    filas = Fila.objects.filter(matriz=matriz)
    if cambio == "fila":
        filas.update(acciones=nuevo)
    elif cambio == "logro":
        Logro.objects.filter(fila__in=filas).update(que_cuenta=nuevo)
    elif cambio == "dificultad":
        Dificultad.objects.filter(fila__in=filas).update(texto=nuevo)
    elif cambio == "compromiso":
        Compromiso.objects.filter(matriz=matriz).update(que=nuevo)
    elif cambio == "categoria":
        CategoriaDificultad.objects.filter(pk=categoria.pk).update(nombre=nuevo)
    elif cambio == "lineamiento":
        Lineamiento.objects.filter(pk=filas.first().lineamiento_id).update(nombre=nuevo)
    elif cambio == "institucion":
        Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(nombre=nuevo)
    elif cambio == "ugel":
        Ugel.objects.filter(pk=mundo["ugel_a1"].pk).update(nombre=nuevo)
    elif cambio == "campana":
        type(matriz.campana).objects.filter(pk=matriz.campana_id).update(titulo=nuevo)
    for url in (editar(matriz), detalle(matriz)):
        html = _leer(client, url)
        if (cambio, url) in (("categoria", detalle(matriz)), ("ugel", editar(matriz))):
            continue  # the read names no category (the edit page offers them), the edit page no UGEL
        assert nuevo in html, (cambio, url)


def test_un_nombre_de_usuario_cambiado(client, mundo, matriz):
    """Who approved it and who changed its state, by name: a name changed in the admin shows."""
    enviar(matriz, mundo["director"])
    services.matriz_aprobar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"])
    client.force_login(mundo["dre"])
    assert "Renombrada Especialista" not in _leer(client, detalle(matriz))
    Usuario.objects.filter(pk=mundo["ugel"].pk).update(first_name="Renombrada", last_name="Especialista")
    html = _leer(client, detalle(matriz))
    assert "aprobada el" in html and "por Renombrada Especialista" in html
    # A login (last_login) raises nothing: the same kept page.
    numero = connection.cursor()
    numero.execute("SELECT numero FROM comun_version WHERE espacio = 'cuentas.nombres'")
    antes = numero.fetchall()
    client.force_login(mundo["director"])
    Usuario.objects.filter(pk=mundo["director"].pk).update(last_login=None)
    numero.execute("SELECT numero FROM comun_version WHERE espacio = 'cuentas.nombres'")
    assert numero.fetchall() == antes


def test_el_cambio_de_estado_y_una_observacion_nueva(client, mundo, matriz):
    """Sent: the reviewer gets the form, the director the withdrawal; returned: the observation
    shows to both; approved: the reopening. Each on the next request."""
    client.force_login(mundo["ugel"])
    assert 'name="accion"' not in _leer(client, detalle(matriz))
    client.force_login(mundo["director"])
    assert "Editar la matriz" in _leer(client, detalle(matriz))
    enviar(matriz, mundo["director"])
    html = _leer(client, detalle(matriz))
    assert "Editar la matriz" not in html and "Retirar el envío" in html
    assert client.get(editar(matriz)).status_code == 302  # sent: no more editing
    client.force_login(mundo["ugel"])
    assert 'name="accion"' in _leer(client, detalle(matriz))
    client.force_login(mundo["director"])
    assert "Retirar el envío" not in _leer(client, detalle(matriz))  # the review was opened
    fila = matriz.filas.first()
    services.matriz_devolver(
        matriz=Matriz.objects.get(pk=matriz.pk),
        usuario=mundo["ugel"],
        motivo="Corrige",
        observaciones={fila.pk: "Observación NUEVA de la UGEL"},
    )
    assert "Observación NUEVA de la UGEL" in _leer(client, detalle(matriz))
    assert "Observación NUEVA de la UGEL" in _leer(client, editar(matriz))
    # The same observation corrected in SQL, and one of a past round.
    Fila.objects.filter(pk=fila.pk).update(observacion="Observación CORREGIDA")
    assert "Observación CORREGIDA" in _leer(client, editar(matriz))
    enviar(Matriz.objects.get(pk=matriz.pk), mundo["director"])
    client.force_login(mundo["ugel"])
    assert "Observación CORREGIDA" in _leer(client, detalle(matriz))  # now of round 1
    ObservacionDeRonda.objects.filter(fila=fila).update(texto="Ronda pasada CORREGIDA")
    assert "Ronda pasada CORREGIDA" in _leer(client, detalle(matriz))
    services.matriz_aprobar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"])
    html = _leer(client, detalle(matriz))
    assert 'name="accion"' not in html and "Reabrir para corregir" in html


def test_el_balance_anterior_cambiado(client, mundo, matriz):
    """The previous year's compromisos beside it: their own matrix's number is in the key."""
    anterior = campana_abierta(mundo, anio=2022, titulo="Balance 2022 – UGEL A1", ugel=mundo["ugel_a1"])
    previa = Matriz.objects.get(campana=anterior, institucion=mundo["inst_a1a"])
    client.force_login(mundo["director"])
    assert "Tu balance 2022" in _leer(client, editar(matriz))  # a new matrix of the year before
    services.matriz_guardar(
        matriz=previa,
        usuario=mundo["admin"],
        version=previa.version,
        filas=datos_completos(previa),
        compromisos=[{"que": "Compromiso 2022", "responsable": "Dirección", "plazo": date(2023, 6, 30)}],
    )
    assert "Compromiso 2022" in _leer(client, editar(matriz))
    Compromiso.objects.filter(matriz=previa).update(que="Compromiso 2022 CORREGIDO")
    assert "Compromiso 2022 CORREGIDO" in _leer(client, editar(matriz))
    client.force_login(mundo["ugel"])
    assert "Compromiso 2022 CORREGIDO" in _leer(client, detalle(matriz))
    compromiso = Compromiso.objects.get(matriz=previa)
    SeguimientoCompromiso.objects.create(matriz=matriz, compromiso=compromiso, avance="cumplido")
    assert "avance-cumplido" in _leer(client, detalle(matriz))
    # The previous campaign moved to another year: no previous balance any more.
    type(anterior).objects.filter(pk=anterior.pk).update(anio=2019)
    assert "Compromiso 2022" not in _leer(client, detalle(matriz))


def test_fuera_del_alcance_404_y_el_alcance_cambiado(client, mundo, matriz):
    enviar(matriz, mundo["director"])
    especialista = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a1"], username="esp_a1")
    client.force_login(especialista)
    assert 'name="accion"' in _leer(client, detalle(matriz))
    assert client.get(editar(matriz)).status_code == 403
    # Moved to another UGEL: out of scope at once.
    Asignacion.objects.filter(usuario=especialista).update(ugel=mundo["ugel_a2"])
    client.force_login(Usuario.objects.get(pk=especialista.pk))
    assert client.get(detalle(matriz)).status_code == 404
    assert client.get(editar(matriz)).status_code == 404
    # Out of scope from the start: the other DRE's specialist, another school's director.
    client.force_login(usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_b"], username="dre_b"))
    assert client.get(detalle(matriz)).status_code == 404
    client.force_login(usuario_con(Rol.DIRECTOR, mundo["inst_a1b"], username="dir_b"))
    assert client.get(detalle(matriz)).status_code == 404
    assert client.get(editar(matriz)).status_code == 404
    # The school moved to another UGEL: UGEL A1's specialist no longer sees it, A2's does (a reader).
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(ugel=mundo["ugel_a2"])
    client.force_login(mundo["ugel"])
    assert client.get(detalle(matriz)).status_code == 404
    client.force_login(Usuario.objects.get(pk=especialista.pk))
    html = _leer(client, detalle(matriz))
    assert "UGEL A2" in html and 'name="accion"' in html


def test_el_dre_lee_sin_botones_y_el_admin_con_todos(client, mundo, matriz):
    """Viewers of one matrix never share a kept page's buttons: each drawing is keyed by them."""
    enviar(matriz, mundo["director"])
    client.force_login(mundo["admin"])
    admin = _leer(client, detalle(matriz))
    client.force_login(mundo["dre"])
    dre = _leer(client, detalle(matriz))
    assert 'name="accion"' in admin and 'name="accion"' not in dre
    assert "Reabrir para corregir" not in admin + dre


def test_el_alcance_de_la_consulta_escrita_es_el_de_visible_to(rf, mundo, usuarios):
    """balance.paginas reads the key row in SQL written once: its scope is Matriz.visible_to's, for
    every role, over matrices of every UGEL and DRE (out of scope: 404)."""
    campanas = [
        campana_abierta(mundo, ugel=mundo["ugel_a1"]),
        campana_abierta(mundo, dre=mundo["dre_a"], anio=2024),
        campana_abierta(mundo, ugel=mundo["ugel_b1"], anio=2025),
    ]
    matrices = list(Matriz.objects.filter(campana__in=campanas))
    assert len(matrices) == 6
    for usuario in usuarios.values():
        visibles = set(Matriz.objects.visible_to(usuario).values_list("pk", flat=True))
        for m in matrices:
            peticion = rf.get(detalle(m))
            peticion.user = usuario
            try:
                paginas.leer(peticion, m.pk)
                leida = True
            except Http404:
                leida = False
            assert leida == (m.pk in visibles), (usuario.username, m.pk)


def test_un_autoguardado_se_ve_en_la_pagina(client, mundo, matriz):
    """What autoguardado.js sends (the autosave view, not the service alone): the next GET of both
    pages shows it."""
    client.force_login(mundo["director"])
    _leer(client, editar(matriz))
    _leer(client, detalle(matriz))
    m = Matriz.objects.con_contenido().get(pk=matriz.pk)
    datos = EdicionMatriz(m).valores()
    campo = next(k for k in datos if k.endswith("-acciones"))
    respuesta = client.post(
        reverse("balance:matriz_autoguardar", args=[m.pk]),
        {
            **datos,
            campo: "Escrito en el AUTOGUARDADO",
            "version": str(m.version),
            "base": json.dumps(datos, ensure_ascii=False),
            "resumen": "",
        },
    )
    assert respuesta.status_code == 200
    assert "Escrito en el AUTOGUARDADO" in _leer(client, editar(matriz))
    assert "Escrito en el AUTOGUARDADO" in _leer(client, detalle(matriz))
