"""The save of the director's draft writes logros, dificultades and compromisos in place, slot by slot."""

from datetime import date
from decimal import Decimal

import historial
from balance import services
from balance.models import Compromiso, Dificultad, Logro
from balance.services import DatosFila

from .conftest import llenar

LOGRO = {
    "cifra": 42,
    "que_cuenta": "estudiantes certificados",
    "cualitativo": "Mejoró su empleabilidad.",
    "evidencia": "https://drive.example.pe/logro1",
}
COMPROMISO = {"que": "Tutorías flexibles", "responsable": "Subdirección", "plazo": date(2024, 3, 31)}


def guardar(matriz, usuario, *, filas=None, compromisos=None):
    matriz.refresh_from_db()
    return services.matriz_guardar(
        matriz=matriz, usuario=usuario, version=matriz.version, filas=filas or {}, compromisos=compromisos
    )


def filas_de_historial(modelo, **filtro):
    return historial.modelo_de_cambios(modelo).objects.filter(**filtro).count()


def test_cada_cambio_de_un_logro_es_una_fila_de_su_historial(mundo, matriz):
    director = mundo["director"]
    fila = matriz.filas.order_by("lineamiento__orden").first()
    guardar(matriz, director, filas={fila.pk: DatosFila(logros=[LOGRO])})
    logro = fila.logros.get()
    cambios = historial.modelo_de_cambios(Logro).objects.filter(pgh_obj_id=logro.pk)
    assert cambios.count() == 1  # its creation

    textos = ["Primera", "Segunda", "Segunda", "Tercera", "Tercera"]  # two of the five change nothing
    for texto in textos:
        guardar(matriz, director, filas={fila.pk: DatosFila(logros=[LOGRO | {"cualitativo": texto}])})

    assert fila.logros.get().pk == logro.pk
    assert list(cambios.order_by("pgh_id").values_list("pgh_label", "cualitativo")) == [
        ("creacion", LOGRO["cualitativo"]),
        ("edicion", "Primera"),
        ("edicion", "Segunda"),
        ("edicion", "Tercera"),
    ]
    ultimo = historial.entradas(logro)[-1]
    assert (ultimo.usuario, ultimo.accion) == (director, "guardar")
    assert ultimo.cambios == {"cualitativo": ("Segunda", "Tercera")}


def test_un_guardado_sin_cambios_no_escribe_historial_del_contenido(mundo, matriz):
    director = mundo["director"]
    llenar(matriz, director)
    guardar(matriz, director, compromisos=[COMPROMISO])
    antes = [filas_de_historial(m) for m in (Logro, Dificultad, Compromiso)]
    pks = [set(m.objects.values_list("pk", flat=True)) for m in (Logro, Dificultad, Compromiso)]
    matriz.refresh_from_db()
    version = matriz.version

    # The same content as the page sends it: 42 as 42.00, and the empty slots.
    mismas = {
        fila.pk: DatosFila(
            acciones=fila.acciones,
            logros=[LOGRO | {"cifra": Decimal("42.00")}, None, None],
            dificultades=[d.texto for d in fila.dificultades.all()] + ["", ""],
        )
        for fila in matriz.filas.all()
    }
    guardada = guardar(matriz, director, filas=mismas, compromisos=[COMPROMISO, None, None])

    assert guardada.version == version
    assert [filas_de_historial(m) for m in (Logro, Dificultad, Compromiso)] == antes
    assert [set(m.objects.values_list("pk", flat=True)) for m in (Logro, Dificultad, Compromiso)] == pks


def test_un_slot_que_se_llena_se_crea_y_uno_que_se_vacia_se_borra(mundo, matriz):
    director = mundo["director"]
    fila = matriz.filas.order_by("lineamiento__orden").first()
    guardar(
        matriz,
        director,
        filas={fila.pk: DatosFila(logros=[LOGRO], dificultades=["Asistencia irregular"])},
        compromisos=[COMPROMISO],
    )
    primero = fila.logros.get()
    dificultad = fila.dificultades.get()

    guardar(
        matriz,
        director,
        filas={fila.pk: DatosFila(logros=[LOGRO, LOGRO | {"cifra": 7}], dificultades=["", "Conectividad"])},
        compromisos=[None, COMPROMISO],
    )

    assert list(fila.logros.values_list("pk", "orden", "cifra")) == [
        (primero.pk, 1, 42),
        (fila.logros.get(orden=2).pk, 2, 7),
    ]
    assert list(fila.dificultades.values_list("orden", "texto")) == [(2, "Conectividad")]
    assert list(matriz.compromisos.values_list("orden", "que")) == [(2, "Tutorías flexibles")]
    borrada = historial.modelo_de_cambios(Dificultad).objects.filter(pgh_obj_id=dificultad.pk)
    assert list(borrada.order_by("pgh_id").values_list("pgh_label", flat=True)) == ["creacion", "eliminacion"]
    # The untouched first logro has only its creation.
    assert filas_de_historial(Logro, pgh_obj_id=primero.pk) == 1
