"""Monitoring had no history: now a plan's saves and its visits are recorded, with who made them."""

import historial
from monitoreo.models import PlanMonitoreo, Visita

from .test_plan_form import datos as datos_plan
from .test_visitas import datos as datos_visita


def test_guardar_el_plan_y_registrar_una_visita_quedan_en_el_historial(mundo, client):
    client.force_login(mundo["director"])
    client.post("/monitoreo/planes/nuevo/", datos_plan())
    plan = PlanMonitoreo.objects.get()
    client.post(f"/monitoreo/planes/{plan.pk}/editar/", datos_plan(titulo="Excelencia docente"))

    creacion, edicion = historial.entradas(plan)
    assert (creacion.tipo, creacion.accion, creacion.usuario) == (
        historial.Tipo.CREACION,
        "guardar",
        mundo["director"],
    )
    assert (edicion.tipo, edicion.usuario) == (historial.Tipo.EDICION, mundo["director"])
    assert edicion.cambios["titulo"] == ("Buscando la excelencia docente", "Excelencia docente")


def test_una_visita_queda_en_el_historial(mundo, client):
    from .test_visitas import anio_con_visitas

    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=anio_con_visitas(), titulo="Plan")
    client.force_login(mundo["director"])
    client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos_visita())
    (entrada,) = historial.entradas(Visita.objects.get())
    assert (entrada.tipo, entrada.accion, entrada.usuario) == (
        historial.Tipo.CREACION,
        "registrar",
        mundo["director"],
    )
    assert entrada.cambios["docente"] == (None, "Docente de tercer grado")


def test_un_plan_rechazado_no_deja_entrada(mundo, client):
    client.force_login(mundo["ugel"])
    assert client.post("/monitoreo/planes/nuevo/", datos_plan()).status_code == 403
    assert not historial.modelo_de_cambios(PlanMonitoreo).objects.exists()
