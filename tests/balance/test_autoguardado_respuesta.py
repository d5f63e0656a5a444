"""The autosave's answer for a save with no field refused, drawn by views._guardado without the
template engine: the same bytes balance/_autoguardado.html draws, whatever the time, the fields taken
from another save (none, one, several, with text to escape), the base's text and the bars."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.shortcuts import render
from django.test import RequestFactory

from balance.forms import valores_de
from balance.models import Matriz
from balance.views import _guardado, _progresos
from cuentas.alcance import alcance_de

from .conftest import llenar

ACTUALIZAR = [
    {},
    {"id_f1-acciones": ("lo mío", "lo suyo")},
    {
        "id_f1-acciones": ("<b>a</b> & 'b'", '"c" </script>'),
        "id_c1-que": ("x", "y"),
        "id_f2-l1-cifra": ("1", "2"),
    },
]


@pytest.mark.parametrize("actualizar", ACTUALIZAR)
def test_la_respuesta_dibujada_a_mano_es_la_de_la_plantilla(mundo, matriz, actualizar):
    llenar(matriz, mundo["director"])
    matriz = Matriz.objects.select_related("campana").con_contenido().get(pk=matriz.pk)
    fila = matriz.filas.all()[0]
    fila.acciones = "Texto con <etiquetas>, & y \"comillas\" y 'apóstrofos'"
    matriz.editada_en = datetime(2026, 3, 4, 5, 6, 7, tzinfo=ZoneInfo("UTC"))
    base = json.dumps(valores_de(matriz), ensure_ascii=False)
    progreso = _progresos(matriz)
    peticion = RequestFactory().post("/")
    peticion.user = mundo["director"]
    peticion.alcance = alcance_de(mundo["director"])
    contexto = {
        "matriz": matriz,
        "guardada": matriz,
        "errores": [],
        "marcas": {},
        "resumen": "",
        "todos": [],
        "enviando": False,
        "generales": [],
        "progreso": progreso,
        "base": base,
        "actualizar": actualizar,
    }
    plantilla = render(peticion, "balance/_autoguardado.html", contexto).content.decode()
    assert _guardado(matriz, base, progreso, actualizar) == plantilla
