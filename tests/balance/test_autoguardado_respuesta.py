"""The autosave's answer for a save with no field refused, drawn by views._guardado without the
template engine: the same bytes balance/_autoguardado.html draws, whatever the time, the fields taken
from another save (none, one, several, with text to escape), the base's text and the bars."""

import json
import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import reverse

from balance.forms import valores_de
from balance.models import Matriz
from balance.views import _guardado, _progresos
from cuentas.alcance import alcance_de

from .conftest import llenar
from .formulario import datos_formulario, prefijo

ACTUALIZAR = [
    {},
    {"id_f1-acciones": ("lo mío", "lo suyo")},
    {
        "id_f1-acciones": ("<b>a</b> & 'b'", '"c" </script>'),
        "id_c1-que": ("x", "y"),
        "id_f2-l1-cifra": ("1", "2"),
    },
]


@pytest.mark.parametrize("editada", [datetime(2026, 3, 4, 5, 6, 7, tzinfo=ZoneInfo("UTC")), None])
@pytest.mark.parametrize("actualizar", ACTUALIZAR)
def test_la_respuesta_dibujada_a_mano_es_la_de_la_plantilla(mundo, matriz, actualizar, editada):
    llenar(matriz, mundo["director"])
    matriz = Matriz.objects.select_related("campana").con_contenido().get(pk=matriz.pk)
    fila = matriz.filas.all()[0]
    fila.acciones = "Texto con <etiquetas>, & y \"comillas\" y 'apóstrofos'"
    # None: a matrix never edited, autosaved with nothing changed (nothing written).
    matriz.editada_en = editada
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


def _base_de(respuesta) -> dict:
    valor = re.search(
        r'<input type="hidden" name="base" id="base" value="([^"]*)"', respuesta.content.decode()
    )
    return json.loads(unescape(valor.group(1)))


@pytest.mark.parametrize(
    "cambios",
    [
        {"-acciones": "Otro texto"},
        {"-l2-cifra": "1.250", "-l2-que_cuenta": "estudiantes", "-l1-cifra": "12,5"},  # a slot filled
        {"-l1-cifra": "", "-l1-que_cuenta": "", "-l1-cualitativo": "", "-l1-evidencia": ""},  # emptied
        {"-d2-texto": "Otra dificultad", "-d1-texto": ""},
        {"c1-que": "Un compromiso", "c1-plazo": "2027-03-01", "c2-responsable": "Alguien"},
        {},  # nothing changed: nothing written
    ],
)
def test_la_base_que_responde_es_lo_guardado(client, mundo, matriz, cambios):
    """The new «base» is what was read under the lock with the rows written recomputed: the same
    as valores_de of the matrix read again from the database."""
    llenar(matriz, mundo["director"])
    matriz = Matriz.objects.get(pk=matriz.pk)
    p = prefijo(matriz)
    datos = datos_formulario(matriz, **{(k if k.startswith("c") else p + k): v for k, v in cambios.items()})
    client.force_login(mundo["director"])
    respuesta = client.post(reverse("balance:matriz_autoguardar", args=[matriz.pk]), {**datos, "resumen": ""})
    assert respuesta.status_code == 200
    assert _base_de(respuesta) == valores_de(Matriz.objects.con_contenido().get(pk=matriz.pk))
