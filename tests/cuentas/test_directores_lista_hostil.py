"""Hostile workbooks uploaded as the list of directors (issue 13): the same checks as the matrix
template's (comun.subidas), with the list's limits; refused next to the field, nothing created."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cuentas import lista
from cuentas.forms import LIMITES_LISTA
from cuentas.models import Asignacion, Usuario
from tests import libros_hostiles as h
from tests.balance.test_plantilla_hostil import _error_del_campo

LIM = LIMITES_LISTA

CASOS = {k: v for k, v in h.casos(LIM).items() if k != "tipo_macro"}


def _lista_llena(ugel) -> bytes:
    import openpyxl

    salida = io.BytesIO()
    lista.escribir(ugel, salida)
    libro = openpyxl.load_workbook(io.BytesIO(salida.getvalue()))
    libro[lista.HOJA].append(["1111112", "07654321", "Rosa", "Quispe", "rosa@example.pe"])
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


@pytest.mark.parametrize("caso", list(CASOS))
def test_lista_hostil_se_rechaza_junto_al_campo_y_barato(client, mundo, caso):
    construir, mensaje = CASOS[caso]
    contenido = construir(_lista_llena(mundo["ugel_a1"]))
    assert len(contenido) < LIM.bytes
    client.force_login(mundo["ugel"])
    antes = Usuario.objects.count(), Asignacion.objects.count()
    url = reverse("cuentas:directores_lista", args=[mundo["ugel_a1"].pk])

    respuesta, pico = h.medir(
        lambda: client.post(url, {"archivo": SimpleUploadedFile("directores.xlsx", contenido)})
    )

    assert respuesta.status_code == 200
    html = respuesta.content.decode().replace("&laquo;", "«").replace("&raquo;", "»")
    assert mensaje in _error_del_campo(html)
    assert "Confirmar y crear" not in html
    client.post(url, {"confirmar": "1"})  # nor can a confirmation sneak through
    assert (Usuario.objects.count(), Asignacion.objects.count()) == antes
    assert pico < h.MEMORIA_MAXIMA, f"{caso}: {pico / 2**20:.1f} MiB"


def test_la_lista_buena_pasa_las_mismas_revisiones(client, mundo):
    client.force_login(mundo["ugel"])
    url = reverse("cuentas:directores_lista", args=[mundo["ugel_a1"].pk])
    contenido = _lista_llena(mundo["ugel_a1"])
    respuesta, pico = h.medir(lambda: client.post(url, {"archivo": SimpleUploadedFile("d.xlsx", contenido)}))
    assert "Se creará 1 cuenta de director" in respuesta.content.decode()
    assert pico < h.MEMORIA_MAXIMA
