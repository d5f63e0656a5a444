"""Adversarial text through the balance: the director's matrix (full save and autosave), the UGEL's
campaign form and review observations, and the board's filters."""

import itertools
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from balance import services
from balance.models import Campana, Estado, Fila, Logro, Matriz, ObservacionDeRonda
from tests.balance.conftest import campana_abierta, enviar
from tests.balance.formulario import datos_formulario, prefijo

from .hostil import (
    acotado,
    acotado_pesado,
    compacto,
    guardado_limpio,
    marca_escapada_si_guardada,
    sin_marca_cruda,
    texto_hostil,
)


@pytest.fixture
def matriz(mundo):
    c = campana_abierta(
        mundo, anio=timezone.localdate().year, titulo="Balance UGEL A1", ugel=mundo["ugel_a1"]
    )
    return Matriz.objects.get(campana=c, institucion=mundo["inst_a1a"])


def _hostil(matriz, texto):
    p = prefijo(matriz)
    return datos_formulario(
        matriz,
        **{
            f"{p}-acciones": texto,
            f"{p}-sugerencias": texto,
            f"{p}-l1-cualitativo": texto,
            f"{p}-l1-que_cuenta": texto,
            f"{p}-d1-texto": texto,
            "c1-que": texto,
            "c1-responsable": texto,
        },
    )


def _revisar_lo_guardado(matriz, texto, anterior):
    fila = Fila.objects.get(matriz=matriz, lineamiento__orden=1)
    guardado_limpio(fila.acciones, texto, anterior["acciones"])
    guardado_limpio(fila.sugerencias, texto, anterior["sugerencias"])
    logro = Logro.objects.filter(fila=fila, orden=1).first()
    if logro:
        guardado_limpio(logro.cualitativo, texto, anterior["cualitativo"])
    return fila


def _antes(matriz):
    fila = Fila.objects.get(matriz=matriz, lineamiento__orden=1)
    logro = Logro.objects.filter(fila=fila, orden=1).first()
    return {
        "acciones": fila.acciones,
        "sugerencias": fila.sugerencias,
        "cualitativo": logro and logro.cualitativo,
    }


def test_autoguardado_de_la_matriz(mundo, client, matriz):
    client.force_login(mundo["director"])
    url = reverse("balance:matriz_autoguardar", args=[matriz.pk])

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        matriz.refresh_from_db()
        anterior = _antes(matriz)
        respuesta = client.post(url, _hostil(matriz, texto), HTTP_HX_REQUEST="true")
        assert respuesta.status_code in (200, 409, 422)
        sin_marca_cruda(respuesta)
        _revisar_lo_guardado(matriz, texto, anterior)

    propiedad()


def test_guardar_la_matriz_y_verla(mundo, client, matriz):
    client.force_login(mundo["director"])
    url = reverse("balance:matriz_editar", args=[matriz.pk])

    @acotado_pesado
    @given(texto=texto_hostil)
    def propiedad(texto):
        matriz.refresh_from_db()
        anterior = _antes(matriz)
        respuesta = client.post(url, _hostil(matriz, texto))
        assert respuesta.status_code in (200, 302, 409, 422)
        sin_marca_cruda(respuesta)
        fila = _revisar_lo_guardado(matriz, texto, anterior)
        html = sin_marca_cruda(client.get(url))
        marca_escapada_si_guardada(html, fila.acciones)

    propiedad()


def test_formulario_de_campana(mundo, client):
    client.force_login(mundo["ugel"])
    anios = itertools.count(2020)

    @acotado
    @given(titulo=texto_hostil, lineamiento=texto_hostil)
    def propiedad(titulo, lineamiento):
        anio = next(anios)
        respuesta = client.post(
            reverse("balance:campana_nueva"),
            {
                "anio": str(anio),
                "titulo": titulo,
                "ugel": mundo["ugel_a1"].pk,
                "fecha_limite": date(anio, 12, 1).isoformat(),
                "lineamientos": f"{lineamiento}\nSegundo lineamiento",
            },
        )
        assert respuesta.status_code in (200, 302, 422)
        sin_marca_cruda(respuesta)
        campana = Campana.objects.filter(anio=anio).first()
        if campana:
            guardado_limpio(campana.titulo, titulo, "")
            assert "\n" not in campana.titulo
            nombres = list(campana.lineamientos.values_list("nombre", flat=True))
            for nombre in nombres:
                guardado_limpio(nombre, nombre, "")
                assert "\n" not in nombre and "\t" not in nombre
            assert compacto("".join(nombres)) == compacto(lineamiento + "Segundo lineamiento")
            html = sin_marca_cruda(client.get(reverse("balance:tablero", args=[campana.pk])))
            marca_escapada_si_guardada(html, campana.titulo)

    propiedad()


def test_observaciones_de_la_revision(mundo, client, matriz):
    enviar(matriz, mundo["director"])
    fila = matriz.filas.order_by("lineamiento__orden").first()
    url = reverse("balance:matriz", args=[matriz.pk])
    client.force_login(mundo["ugel"])

    @acotado
    @given(texto=texto_hostil, confirmar=st.booleans())
    def propiedad(texto, confirmar):
        matriz.refresh_from_db()
        if matriz.estado == Estado.OBSERVADA:
            services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
        datos = {"accion": "devolver", "motivo": texto, f"obs_{fila.pk}": texto}
        if confirmar:
            datos["confirmado"] = "1"
        respuesta = client.post(url, datos)
        assert respuesta.status_code in (200, 302, 422)
        sin_marca_cruda(respuesta)
        for observacion in ObservacionDeRonda.objects.filter(fila=fila):
            guardado_limpio(observacion.texto, observacion.texto)
        fila.refresh_from_db()
        if respuesta.status_code == 302:  # returned now: this round's observation is what was typed
            guardado_limpio(fila.observacion, texto, "")
        if respuesta.status_code == 302:
            client.force_login(mundo["director"])
            sin_marca_cruda(client.get(url))
            client.force_login(mundo["ugel"])

    propiedad()


def test_filtros_del_tablero(mundo, client, matriz):
    client.force_login(mundo["ugel"])
    url = reverse("balance:tablero", args=[matriz.campana_id])

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        respuesta = client.get(
            url,
            {
                "q": texto,
                "situacion": texto,
                "ugel": texto,
                "modalidad": texto,
                "orden": texto,
                "pagina": texto,
            },
        )
        assert respuesta.status_code == 200
        sin_marca_cruda(respuesta)

    propiedad()
