"""Adversarial text through DIFOCA's workspace (the practice's editor, the expert's comments, the
event's editor, the workspace's filters) and the public catalogue's search."""

import pytest
from django.urls import reverse
from hypothesis import given

from practicas.models import BuenaPractica, ComentarioExperto, Evento
from tests.factories import BuenaPracticaFactory, EventoFactory, practica_publicada
from tests.practicas.test_comentarios import DATOS
from tests.practicas.test_editor import pagina
from tests.practicas.test_gestion_eventos import _post

from .hostil import (
    acotado,
    acotado_pesado,
    guardado_limpio,
    marca_escapada_si_guardada,
    sin_marca_cruda,
    texto_hostil,
)


@pytest.fixture
def difoca(mundo, client):
    client.force_login(mundo["difoca"])
    return client


def test_editor_de_la_practica(difoca):
    practica = BuenaPracticaFactory(titulo="Seguimiento al PAT")
    url = reverse("practicas:gestion_editar", args=[practica.pk])

    @acotado_pesado
    @given(texto=texto_hostil)
    def propiedad(texto):
        actual = BuenaPractica.objects.get(pk=practica.pk)
        antes = {c: getattr(actual, c) for c in ("titulo", "problema", "consiste", "cierre")}
        estrategias = set(actual.estrategias.values_list("pk", flat=True))
        datos = pagina(
            actual,
            {"titulo": texto, "problema": texto, "consiste": texto, "cierre": texto},
            estrategias=[{"id": "", "clave": "n1", "fase": "", "titulo": texto, "descripcion": texto}],
        )
        respuesta = difoca.post(url, datos)
        assert respuesta.status_code in (200, 302, 409, 422)
        sin_marca_cruda(respuesta)
        actual.refresh_from_db()
        for campo, anterior in antes.items():
            guardado_limpio(getattr(actual, campo), texto, anterior)
        assert "\n" not in actual.titulo
        for estrategia in actual.estrategias.exclude(pk__in=estrategias):  # the one this save added
            guardado_limpio(estrategia.titulo, texto, "")
            guardado_limpio(estrategia.descripcion, texto, "")
        html = sin_marca_cruda(difoca.get(url))
        marca_escapada_si_guardada(html, actual.problema)

    propiedad()


def test_comentarios_del_experto(difoca):
    practica = BuenaPracticaFactory()
    url = reverse("practicas:gestion_comentarios", args=[practica.pk])

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        ComentarioExperto.objects.filter(practica=practica).delete()
        datos = {**DATOS, "experto": texto, "cargo": texto, "aspectos_clave": texto, "recomendaciones": texto}
        respuesta = difoca.post(url, datos)
        assert respuesta.status_code in (200, 302, 422)
        html = sin_marca_cruda(respuesta)
        comentario = ComentarioExperto.objects.filter(practica=practica).first()
        if comentario:
            guardado_limpio(comentario.experto, texto, "")
            assert "\n" not in comentario.experto
            guardado_limpio(comentario.aspectos_clave, texto, "")
            html = sin_marca_cruda(difoca.get(url))
            marca_escapada_si_guardada(html, comentario.aspectos_clave)
        del html

    propiedad()


def test_editor_del_evento(difoca):
    evento = EventoFactory()
    url = reverse("practicas:gestion_evento", args=[evento.pk])

    @acotado_pesado
    @given(texto=texto_hostil)
    def propiedad(texto):
        evento.refresh_from_db()
        antes = (evento.resumen_ejecutivo, evento.sede)
        testimonios = set(evento.testimonios.values_list("pk", flat=True))
        datos = _post(
            evento,
            {"resumen_ejecutivo": texto, "sede": texto},
            testimonios=[{"id": "", "autor": texto, "cargo": texto, "texto": texto}],
        )
        respuesta = difoca.post(url, datos)
        assert respuesta.status_code in (200, 302, 409, 422)
        sin_marca_cruda(respuesta)
        guardado = Evento.objects.get(pk=evento.pk)
        guardado_limpio(guardado.resumen_ejecutivo, texto, antes[0])
        guardado_limpio(guardado.sede, texto, antes[1])
        for testimonio in guardado.testimonios.exclude(pk__in=testimonios):
            guardado_limpio(testimonio.texto, texto, "")
        html = sin_marca_cruda(difoca.get(url))
        marca_escapada_si_guardada(html, guardado.resumen_ejecutivo)

    propiedad()


def test_busquedas_y_filtros(mundo, difoca):
    practica_publicada(titulo="Tutoría flexible")

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        filtros = {"q": texto, "region": texto, "tema": texto, "etapa": texto, "anio": texto, "pagina": texto}
        for nombre in ("practicas:catalogo", "practicas:gestion", "practicas:gestion_eventos"):
            respuesta = difoca.get(reverse(nombre), {**filtros, "estado": texto})
            assert respuesta.status_code == 200
            sin_marca_cruda(respuesta)

    propiedad()
