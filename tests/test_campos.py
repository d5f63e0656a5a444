"""comun's `|campo` filter draws a field with exactly the markup crispy-bootstrap5's
`|as_crispy_field` draws (the director's matrix depends on its ids, classes, data-* attributes,
labels, help and errors), for every kind of field it draws itself, bound or not, with or without
errors; other kinds go to crispy."""

import re
from datetime import date
from decimal import Decimal

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from balance.forms import (
    CompromisoForm,
    DificultadForm,
    FilaForm,
    LogroForm,
    SeguimientoForm,
    marcar,
)
from comun.templatetags.campos import campo


def igual(html):
    """Markup without the whitespace between and inside tags' text (crispy's template indents)."""
    html = re.sub(r"\s+", " ", str(html))
    html = re.sub(r"\s*<", "<", html)
    return re.sub(r">\s*", ">", html)


class Categoria:
    def __init__(self, pk, nombre, activa=True):
        self.pk, self.nombre, self.activa = pk, nombre, activa


CATEGORIAS = [
    Categoria(1, "Conectividad"),
    Categoria(2, "Docentes <y> «horas»"),
    Categoria(3, "Vieja", False),
]


def formularios():
    """The matrix's forms, empty, filled with stored values, and bound with good and bad data."""
    yield FilaForm(prefix="f1")
    yield FilaForm(
        prefix="f1",
        initial={
            "acciones": 'Talleres "de" <lectura> & más\ncon tildes: ñandú',
            "enlace_evidencias": "https://a.pe/x?a=1&b=2",
        },
    )
    yield FilaForm(
        {
            "f1-acciones": "x" * 2001,
            "f1-sugerencias": "<b>ok</b>",
            "f1-enlace_evidencias": "javascript:alert(1)",
        },
        prefix="f1",
    )
    yield LogroForm(prefix="f1-l1")
    yield LogroForm(prefix="f1-l1", initial={"cifra": Decimal("1250.5"), "que_cuenta": "estudiantes"})
    yield LogroForm({"f1-l2-cifra": "muchos", "f1-l2-que_cuenta": "a" * 201}, prefix="f1-l2")
    yield DificultadForm(prefix="f1-d1", categorias=CATEGORIAS, numero=1)
    yield DificultadForm(prefix="f1-d2", categorias=CATEGORIAS, actual=3, numero=2, initial={"categoria": 3})
    yield DificultadForm({"f1-d3-categoria": "999"}, prefix="f1-d3", categorias=CATEGORIAS, numero=3)
    yield CompromisoForm(prefix="c1", initial={"plazo": date(2025, 3, 31), "responsable": "Dirección"})
    yield CompromisoForm({"c2-plazo": "no es fecha"}, prefix="c2")
    yield SeguimientoForm(prefix="s4", initial={"avance": "logrado"})
    yield SeguimientoForm({"s5-avance": "otro"}, prefix="s5")


@pytest.mark.parametrize(
    "form", list(formularios()), ids=lambda f: f"{type(f).__name__}-{f.prefix}-{f.is_bound}"
)
def test_el_mismo_marcado_que_crispy(form):
    if form.is_bound:
        form.is_valid()
    else:
        marcar(form, next(iter(form.fields)), "Falta esto <aquí>.")  # a missing part, as a send marks it
    for nombre in form.fields:
        propio = campo(form[nombre])  # first: crispy changes the widget's class in place
        assert igual(propio) == igual(as_crispy_field(form[nombre])), nombre


def test_cada_tipo_de_campo_lo_dibuja_el_filtro_o_crispy():
    class Otro(forms.Form):
        acepta = forms.BooleanField(label="Acepto", required=True)
        archivo = forms.FileField(label="Archivo", help_text="Hasta 1 MB")
        texto = forms.CharField(label="Texto", required=True, help_text="Ayuda <b>segura</b>")

    form = Otro({})
    form.is_valid()
    for nombre in form.fields:
        propio = campo(form[nombre])
        otra = Otro({})
        otra.is_valid()
        assert igual(propio) == igual(as_crispy_field(otra[nombre])), nombre
    # The required text field: the asterisk, required, the help and the error, all by the filter.
    html = str(campo(form["texto"]))
    assert '<span class="asteriskField">*</span>' in html
    assert 'aria-describedby="id_texto_helptext id_texto_error"' in html
    assert 'aria-invalid="true"' in html and " required" in html
