"""The director's page draws every field of its forms (comun's |campo filter, crispy-bootstrap5's
markup without crispy's per-field templates): each exactly once, with its id, its label, the
attributes the scripts read (data-contador, maxlength), and errors next to it; the page's queries do
not grow with what the matrix holds."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

from balance.forms import EdicionMatriz

from .conftest import llenar
from .formulario import datos_formulario, prefijo


class Campos(HTMLParser):
    """The page's form controls by name and by id, and each label's text by its «for»."""

    def __init__(self, html):
        super().__init__()
        self.nombres, self.ids, self.controles, self.etiquetas = Counter(), Counter(), {}, {}
        self._etiqueta = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag in ("input", "textarea", "select") and attrs.get("name"):
            self.nombres[attrs["name"]] += 1
            self.controles[attrs["name"]] = (tag, attrs)
        if tag == "label" and attrs.get("for"):
            self._etiqueta = attrs["for"]
            self.etiquetas.setdefault(self._etiqueta, "")

    def handle_endtag(self, tag):
        if tag == "label":
            self._etiqueta = None

    def handle_data(self, data):
        if self._etiqueta:
            self.etiquetas[self._etiqueta] += data


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def test_cada_campo_una_vez_con_su_id_y_su_etiqueta(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    pagina = Campos(director.get(reverse("balance:matriz_editar", args=[matriz.pk])).content.decode())
    matriz.refresh_from_db()
    edicion = EdicionMatriz(matriz)
    vistos = 0
    for form in edicion.todas():
        for nombre, campo in form.fields.items():
            bf = form[nombre]
            assert pagina.nombres[bf.html_name] == 1, bf.html_name
            assert pagina.ids[bf.auto_id] == 1, bf.auto_id
            tag, attrs = pagina.controles[bf.html_name]
            assert attrs["id"] == bf.auto_id
            assert " ".join(pagina.etiquetas[bf.auto_id].split()) == str(campo.label)
            assert pagina.ids[f"div_{bf.auto_id}"] == 1
            if isinstance(campo.widget, forms.Textarea):
                assert tag == "textarea"
                assert attrs["class"] == "textarea form-control"
                assert attrs["data-contador"] == attrs["maxlength"] == str(campo.max_length)
            elif isinstance(campo.widget, forms.Select):
                assert (tag, attrs["class"]) == ("select", "select form-select")
            else:
                assert tag == "input" and attrs["class"].endswith(" form-control")
            assert "aria-invalid" not in attrs
            vistos += 1
    assert vistos == 3 * 21 + 9  # three lineamientos of 21 fields, three compromisos of three


def test_errores_junto_a_cada_campo(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(
        matriz,
        **{
            f"{p}-enlace_evidencias": "javascript:alert(1)",
            f"{p}-l1-cifra": "muchos",
            f"{p}-d1-categoria": "999999",
            "c1-plazo": "no es fecha",
            "guardar": "1",
        },
    )
    html = director.post(reverse("balance:matriz_editar", args=[matriz.pk]), datos).content.decode()
    pagina = Campos(html)
    for nombre in (f"{p}-enlace_evidencias", f"{p}-l1-cifra", f"{p}-d1-categoria", "c1-plazo"):
        _tag, attrs = pagina.controles[nombre]
        assert "is-invalid" in attrs["class"].split() and attrs["aria-invalid"] == "true", nombre
        assert f"id_{nombre}_error" in attrs["aria-describedby"].split()
        assert pagina.ids[f"id_{nombre}_error"] == 1 and pagina.ids[f"error_1_id_{nombre}"] == 1
    assert sum(1 for _n, (_t, a) in pagina.controles.items() if a.get("aria-invalid")) == 4


def test_consultas_no_crecen_con_la_matriz(director, matriz, mundo, django_assert_max_num_queries):
    url = reverse("balance:matriz_editar", args=[matriz.pk])
    with django_assert_max_num_queries(30) as vacia:
        director.get(url)
    llenar(matriz, mundo["director"])
    with django_assert_max_num_queries(len(vacia.captured_queries)):
        director.get(url)
