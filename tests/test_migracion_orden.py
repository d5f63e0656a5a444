"""The migration that brings 'orden from 1' moves rows the admin saved with orden 0 up by one, with
their group, instead of failing on them."""

import pytest

from practicas.models import Estrategia, Fase
from tests.historial.test_migracion import migrar, practica_vieja

ANTES = [("practicas", "0006_borrar_cambios")]


@pytest.fixture
def antes(transactional_db):
    apps = migrar(ANTES)
    yield apps
    migrar()


def test_orden_cero_sube_con_su_grupo(antes):
    practica, otra = practica_vieja(antes, 1), practica_vieja(antes, 2)
    FaseVieja = antes.get_model("practicas", "Fase")
    EstrategiaVieja = antes.get_model("practicas", "Estrategia")
    for orden, nombre in [(0, "Diagnóstico"), (1, "Preparación"), (2, "Ejecución")]:
        FaseVieja.objects.create(practica_id=practica.pk, orden=orden, nombre=nombre)
    FaseVieja.objects.create(practica_id=otra.pk, orden=1, nombre="Sin tocar")
    EstrategiaVieja.objects.create(practica_id=practica.pk, fase_id=None, orden=0, descripcion="Sin fase")
    migrar()
    assert list(Fase.objects.filter(practica_id=practica.pk).values_list("nombre", "orden")) == [
        ("Diagnóstico", 1),
        ("Preparación", 2),
        ("Ejecución", 3),
    ]
    assert Fase.objects.get(practica_id=otra.pk).orden == 1
    assert Estrategia.objects.get(practica_id=practica.pk).orden == 1
