"""The twelve ordered child models share one abstract base: orden from 1, unique within the parent."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from comun.modelos import Ordenado
from tests.factories import BuenaPracticaFactory

ORDENADOS = {
    "balance.Lineamiento",
    "balance.Logro",
    "balance.Dificultad",
    "balance.Compromiso",
    "practicas.Fase",
    "practicas.Estrategia",
    "practicas.Resultado",
    "practicas.Contacto",
    "practicas.Foto",
    "practicas.PracticaPresentada",
    "practicas.Testimonio",
    "practicas.Instancia",
    "practicas.Enlace",
    "practicas.FotoEvento",
    "monitoreo.Actividad",
    "monitoreo.Enfoque",
    "monitoreo.Objetivo",
    "monitoreo.Etapa",
}


def test_los_modelos_ordenados_heredan_la_base():
    hijos = {m._meta.label for m in apps.get_models() if issubclass(m, Ordenado)}
    assert hijos == ORDENADOS


@pytest.mark.parametrize("etiqueta", sorted(ORDENADOS))
def test_cada_uno_tiene_sus_dos_restricciones(etiqueta):
    modelo = apps.get_model(etiqueta)
    nombres = {r.name for r in modelo._meta.constraints}
    prefijo = modelo.orden_prefijo or modelo._meta.model_name
    assert {f"{prefijo}_orden_unico", f"{prefijo}_orden_en_rango"} <= nombres
    unico = next(r for r in modelo._meta.constraints if r.name == f"{prefijo}_orden_unico")
    assert list(unico.fields) == [*modelo.orden_dentro_de, "orden"]


def test_la_base_de_datos_rechaza_orden_cero_y_repetido(db):
    from practicas.models import Fase

    practica = BuenaPracticaFactory()
    Fase.objects.create(practica=practica, orden=1, nombre="Preparación")
    with pytest.raises(IntegrityError, match="fase_orden_en_rango"), transaction.atomic():
        Fase.objects.create(practica=practica, orden=0, nombre="Antes")
    with pytest.raises(IntegrityError, match="fase_orden_unico"), transaction.atomic():
        Fase.objects.create(practica=practica, orden=1, nombre="Otra")
    Fase.objects.create(practica=BuenaPracticaFactory(), orden=1, nombre="En otra práctica")


def test_estrategias_sin_fase_cuentan_como_un_grupo(db):
    from practicas.models import Estrategia

    practica = BuenaPracticaFactory()
    Estrategia.objects.create(practica=practica, orden=1, descripcion="Primera")
    with pytest.raises(IntegrityError, match="estrategia_orden_unico"), transaction.atomic():
        Estrategia.objects.create(practica=practica, orden=1, descripcion="Repetida")


def test_el_maximo_con_su_mensaje(db):
    from balance.models import Logro

    logro = Logro(orden=4, cualitativo="x")
    with pytest.raises(ValidationError) as error:
        logro.full_clean(exclude=["fila"])
    assert "orden" in error.value.message_dict
