"""Errors next to their fields, for the send and the autosave alike: each field with a problem is
marked (is-invalid, aria-invalid, aria-describedby) with its message under it, and a summary at the
top links to every one of them; a bad value does not hide what a send still misses."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from balance.models import Estado, Fila, Logro

from .conftest import llenar
from .formulario import datos_formulario, prefijo


class Pagina(HTMLParser):
    """Each element's attributes by id, and the text inside each element with an id."""

    VACIOS = {"input", "br", "img", "meta", "link", "hr", "source"}

    def __init__(self, html):
        super().__init__()
        self.atributos, self.textos, self._abiertos = {}, {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.atributos[attrs["id"]] = attrs
        if tag not in self.VACIOS:
            self._abiertos.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self.textos[attrs["id"]] = ""

    def handle_endtag(self, tag):
        for i in range(len(self._abiertos) - 1, -1, -1):
            if self._abiertos[i][0] == tag:
                del self._abiertos[i:]
                break

    def handle_data(self, data):
        for _tag, id_ in self._abiertos:
            if id_:
                self.textos[id_] += data

    def texto(self, id_):
        return " ".join(self.textos.get(id_, "").split())


def marcado(pagina, id_, mensaje):
    """The field is marked as invalid and described by the message under it."""
    attrs = pagina.atributos[id_]
    assert "is-invalid" in attrs.get("class", ""), attrs
    assert attrs.get("aria-invalid") == "true"
    assert f"{id_}_error" in attrs.get("aria-describedby", "").split()
    assert mensaje in pagina.texto(f"{id_}_error")


def sin_marca(pagina, id_):
    attrs = pagina.atributos[id_]
    assert "is-invalid" not in attrs.get("class", "")
    assert "aria-invalid" not in attrs
    assert f"{id_}_error" not in pagina.atributos


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def url(matriz, nombre="balance:matriz_editar"):
    return reverse(nombre, args=[matriz.pk])


def test_enviar_incompleta_marca_cada_campo_que_falta(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(matriz, enviar="1", **{f"{p}-acciones": "Talleres de lectura"})
    html = director.post(url(matriz), datos).content.decode()
    pagina = Pagina(html)
    # Lineamiento 1: actions written; a logro, a difficulty and the suggestions missing.
    sin_marca(pagina, f"id_{p}-acciones")
    marcado(pagina, f"id_{p}-l1-cifra", "Registra al menos un logro completo")
    marcado(pagina, f"id_{p}-d1-texto", "Señala al menos una dificultad.")
    marcado(pagina, f"id_{p}-sugerencias", "Escribe una sugerencia para el próximo año.")
    sin_marca(pagina, f"id_{p}-l2-cifra")
    # Lineamiento 2: nothing written, the actions too.
    p2 = prefijo(matriz, 2)
    marcado(pagina, f"id_{p2}-acciones", "Describe las acciones realizadas.")
    # The summary: an alert that links to each field, named by lineamiento.
    resumen = pagina.atributos["faltantes"]
    assert resumen.get("role") == "alert" and resumen.get("tabindex") == "-1"
    assert "hidden" not in resumen
    texto = pagina.texto("faltantes")
    assert "Aún no se puede enviar" in texto
    assert "«2. Certificación Múltiple» — Acciones realizadas: Describe las acciones realizadas." in texto
    assert f'href="#id_{p2}-acciones" class="alert-link" data-campo="id_{p2}-acciones"' in html
    # The page remembers it shows what a send misses: its autosaves keep the marks current.
    assert 'name="resumen" value="enviar"' in html
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Talleres de lectura"  # saved as a draft


def test_un_logro_empezado_marca_lo_que_le_falta(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(
        matriz, enviar="1", **{f"{p}-l2-cifra": "1,250", f"{p}-l2-que_cuenta": "estudiantes"}
    )
    pagina = Pagina(director.post(url(matriz), datos).content.decode())
    # The begun slot (2), not the empty first one, says what it lacks.
    sin_marca(pagina, f"id_{p}-l1-cifra")
    sin_marca(pagina, f"id_{p}-l2-cifra")
    marcado(pagina, f"id_{p}-l2-cualitativo", "Falta la descripción cualitativa para completar este logro.")
    marcado(pagina, f"id_{p}-l2-evidencia", "Falta el enlace de la evidencia para completar este logro.")


def test_un_error_de_formato_no_oculta_lo_que_falta(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(
        matriz, enviar="1", **{f"{p}-l1-cifra": "mil doscientos", f"{p}-acciones": "Hecho"}
    )
    respuesta = director.post(url(matriz), datos)
    pagina = Pagina(respuesta.content.decode())
    # Both kinds in one round: the bad figure and what is missing.
    marcado(pagina, f"id_{p}-l1-cifra", "Escribe solo la cifra, por ejemplo 1250 o 1,250")
    marcado(pagina, f"id_{p}-sugerencias", "Escribe una sugerencia para el próximo año.")
    texto = pagina.texto("faltantes")
    assert "Logro 1: cifra: Escribe solo la cifra" in texto
    assert "Sugerencias para el próximo año: Escribe una sugerencia" in texto
    assert pagina.atributos[f"id_{p}-l1-cifra"]["value"] == "mil doscientos"  # typed, shown back
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Hecho"
    assert not Logro.objects.filter(fila__matriz=matriz).exists()


def test_la_confirmacion_de_una_incompleta_vuelve_con_los_campos_marcados(director, matriz):
    respuesta = director.get(url(matriz, "balance:matriz_enviar"))
    assert respuesta.status_code == 302 and respuesta.url.endswith("?faltan=1")
    pagina = Pagina(director.get(respuesta.url).content.decode())
    marcado(pagina, f"id_{prefijo(matriz)}-acciones", "Describe las acciones realizadas.")
    assert "Aún no se puede enviar" in pagina.texto("faltantes")


def test_sin_errores_no_hay_resumen(director, matriz):
    html = director.get(url(matriz)).content.decode()
    pagina = Pagina(html)
    assert "hidden" in pagina.atributos["faltantes"]
    assert 'name="resumen"' not in html
    assert 'aria-invalid="true"' not in html


def test_el_autoguardado_marca_el_campo_y_lo_desmarca_al_corregir(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(matriz, **{f"{p}-l1-cifra": "0,555", f"{p}-l1-que_cuenta": "docentes"})
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), datos)
    assert respuesta.status_code == 422
    html = respuesta.content.decode()
    marcas = json.loads(re.search(r'id="marcas-campos" type="application/json">(.*?)</script>', html)[1])
    assert marcas == {f"id_{p}-l1-cifra": "Escribe la cifra con hasta 2 decimales, por ejemplo 12,5."}
    assert Logro.objects.get(fila__matriz=matriz).que_cuenta == "docentes"  # the rest was saved

    matriz.refresh_from_db()
    datos = datos_formulario(matriz, **{f"{p}-l1-cifra": "12,5"})
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), datos)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert re.search(r'id="marcas-campos" type="application/json">\{\}</script>', html)
    assert 'id="faltantes"' not in html  # no summary on the page: none sent


def test_el_autoguardado_sigue_lo_que_falta_cuando_la_pagina_lo_muestra(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    p = prefijo(matriz)
    datos = datos_formulario(matriz, resumen="enviar", **{f"{p}-sugerencias": ""})
    html = director.post(url(matriz, "balance:matriz_autoguardar"), datos).content.decode()
    marcas = json.loads(re.search(r'id="marcas-campos" type="application/json">(.*?)</script>', html)[1])
    assert marcas == {f"id_{p}-sugerencias": "Escribe una sugerencia para el próximo año."}
    pagina = Pagina(html)
    assert pagina.atributos["faltantes"].get("hx-swap-oob") == "true"
    assert "Sugerencias para el próximo año" in pagina.texto("faltantes")

    matriz.refresh_from_db()
    datos = datos_formulario(matriz, resumen="enviar", **{f"{p}-sugerencias": "Más talleres"})
    pagina = Pagina(director.post(url(matriz, "balance:matriz_autoguardar"), datos).content.decode())
    assert "Ya no falta nada" in pagina.texto("faltantes")
    assert matriz.__class__.objects.get(pk=matriz.pk).estado == Estado.BORRADOR
