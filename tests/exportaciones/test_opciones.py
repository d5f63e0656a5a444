"""Exporter options are declared once: links are built from them and nothing else is read."""

import pytest
from django.http import Http404
from django.template import Context, Template, TemplateSyntaxError

from exportaciones.base import obtener


def test_la_url_se_arma_de_las_opciones_declaradas():
    assert obtener("balance.matriz_pdf").url(matriz=12) == "/exportaciones/balance.matriz_pdf/?matriz=12"
    assert obtener("practicas.catalogo_xlsx").url() == "/exportaciones/practicas.catalogo_xlsx/"


def test_una_opcion_que_no_declara_o_que_falta_es_un_error_del_programador():
    with pytest.raises(ValueError, match="takes \\['matriz'\\]"):
        obtener("balance.matriz_pdf").url(campana=1)
    with pytest.raises(ValueError, match="takes \\['plan'\\]"):
        obtener("monitoreo.plan_pdf").url()


def test_la_etiqueta_de_plantilla(db):
    html = Template('{% load exportar %}{% url_exportacion "monitoreo.visitas_xlsx" plan=7 %}').render(
        Context()
    )
    assert html == "/exportaciones/monitoreo.visitas_xlsx/?plan=7"
    with pytest.raises(TemplateSyntaxError, match="no.existe"):
        Template('{% load exportar %}{% url_exportacion "no.existe" %}').render(Context())


def test_parametro_id_solo_lee_lo_declarado(mundo):
    clase = obtener("practicas.catalogo_xlsx")
    exportador = clase(mundo["difoca"], {"practica": "3"})
    with pytest.raises(ValueError, match="does not declare the option 'practica'"):
        exportador.parametro_id("practica")
    with pytest.raises(Http404):
        obtener("balance.matriz_pdf")(mundo["admin"], {"matriz": "no-es-numero"})
