"""Editable lists (comun.formularios): rows in page order, empty rows skipped, limits in Spanish."""

from django import forms

from comun.formularios import FilaForm, inicial, lista


class ContactoForm(FilaForm):
    nombre = forms.CharField(max_length=150)
    correo = forms.EmailField(required=False)


Contactos = lista(ContactoForm, maximo=3)


def datos(*filas):
    salida = {"c-TOTAL_FORMS": str(len(filas)), "c-INITIAL_FORMS": "0"}
    for n, fila in enumerate(filas):
        salida.update({f"c-{n}-{campo}": valor for campo, valor in fila.items()})
    return salida


def test_filas_en_el_orden_de_la_pagina_y_sin_las_vacias():
    lista_ = Contactos(
        datos(
            {"id": "7", "clave": "e7", "nombre": "Juan"},
            {"clave": "n1", "nombre": "", "correo": ""},  # added, never written in
            {"clave": "n2", "nombre": "Ada"},
        ),
        prefix="c",
    )
    assert lista_.is_valid(), lista_.errors
    assert [(f["id"], f["clave"], f["nombre"]) for f in lista_.filas()] == [
        (7, "e7", "Juan"),
        (None, "n2", "Ada"),
    ]


def test_un_error_queda_en_su_fila():
    lista_ = Contactos(datos({"clave": "n1", "nombre": "Ada", "correo": "no-es-correo"}), prefix="c")
    assert not lista_.is_valid()
    assert "correo" in lista_.forms[0].errors


def test_mas_filas_que_el_maximo():
    lista_ = Contactos(datos(*[{"clave": f"n{n}", "nombre": f"P{n}"} for n in range(5)]), prefix="c")
    assert not lista_.is_valid()
    assert lista_.non_form_errors() == ["Hasta 3 filas en esta lista."]


def test_sin_datos_de_gestion_un_mensaje_en_castellano():
    lista_ = Contactos({}, prefix="c")
    assert not lista_.is_valid()
    assert "recarga la página" in str(lista_.non_form_errors())


def test_la_lista_sin_enviar_muestra_las_filas_guardadas(db):
    from practicas.models import Contacto
    from tests.factories import BuenaPracticaFactory

    practica = BuenaPracticaFactory()
    filas = [Contacto.objects.create(practica=practica, orden=n, nombre=f"P{n}") for n in (1, 2)]
    lista_ = Contactos(initial=inicial(filas, ["nombre", "correo"]), prefix="c")
    assert len(lista_.forms) == 2
    assert lista_.forms[1]["clave"].value() == f"e{filas[1].pk}"
    assert lista_.management_form["INITIAL_FORMS"].value() == 0


class ResultadoForm(FilaForm):
    tipo = forms.ChoiceField(
        choices=[("cuantitativo", "C"), ("logro", "L")],
        initial="cuantitativo",
        widget=forms.Select(attrs={"data-heredar": ""}),
    )
    descripcion = forms.CharField()


def test_una_fila_nueva_con_solo_lo_heredado_de_arriba_esta_vacia():
    Resultados = lista(ResultadoForm)
    datos = {
        "r-TOTAL_FORMS": "2",
        "r-INITIAL_FORMS": "0",
        "r-0-clave": "n1",
        "r-0-tipo": "logro",
        "r-0-descripcion": "Se consolida la red.",
        "r-1-clave": "n2",
        "r-1-tipo": "logro",  # taken from the row above, nothing typed yet
        "r-1-descripcion": "",
    }
    resultados = Resultados(datos, prefix="r")
    assert resultados.is_valid(), resultados.errors
    assert [f["descripcion"] for f in resultados.filas()] == ["Se consolida la red."]


class EventoForm(FilaForm):
    fecha = forms.DateField()
    asistentes = forms.IntegerField(min_value=0, required=False)
    nombre = forms.CharField(max_length=5, error_messages={"required": "Escribe el nombre del evento."})


def test_los_mensajes_de_django_en_tu_y_los_propios_se_respetan():
    form = EventoForm({"fecha": "ayer", "asistentes": "-3", "nombre": ""})
    assert not form.is_valid()
    assert form.errors["fecha"] == ["Escribe una fecha válida, como 23/04/2026."]
    assert form.errors["asistentes"] == ["Escribe un número mayor o igual a 0."]
    assert form.errors["nombre"] == ["Escribe el nombre del evento."]
    assert EventoForm({"fecha": "2026-04-23", "nombre": "Intercambio"}).errors["nombre"] == [
        "Escribe como máximo 5 caracteres (ahora hay 11)."
    ]
