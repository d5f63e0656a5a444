import importlib

import pytest


@pytest.fixture(autouse=True)
def escuelas(request):
    """Monitoring plans are for schools: here the world's A-side institutions are primary schools
    (the CEBA/CETPRO of other tests report through the balance instead)."""
    if "mundo" in request.fixturenames:
        mundo = request.getfixturevalue("mundo")
        for clave in ("inst_a1a", "inst_a1b", "inst_a2", "inst_b1"):
            mundo[clave].modalidad = "ebr_primaria"
            mundo[clave].save(update_fields=["modalidad"])


def sembrar_rubricas():
    """The rubrics the data migration seeds (0008), again when a transactional test emptied the
    database (TransactionTestCase flushes it, seeded rows included)."""
    from django.apps import apps

    from monitoreo.models import Rubrica

    if not Rubrica.objects.exists():
        importlib.import_module("monitoreo.migrations.0008_rubricas_por_anio").sembrar(apps)


@pytest.fixture(autouse=True)
def rubricas(request):
    for base in ("transactional_db", "db"):
        if base in request.fixturenames:
            request.getfixturevalue(base)
            sembrar_rubricas()
            return
