"""The director writes the plan and marks its calendar; the UGEL and DRE read; mistakes are explained."""

import pytest

from monitoreo.models import Celda, PlanMonitoreo


def datos(**cambios):
    return {
        "anio": "2024",
        "titulo": "Buscando la excelencia docente",
        "director": "Prof. José Antonio Quispe Calizaya",
        "compromisos": ["4", "1", "4"],
        "mes_inicio": "3",
        "mes_fin": "12",
        "problema": "Limitado uso de recursos del MED\x07 en las sesiones.",
        "c-1-1-4": "on",
        "c-1-2-5": "on",
        "c-3-6-12": "on",
        "c-9-1-4": "on",  # outside the grid: ignored
        "c-1-1-2": "on",  # February: ignored
        "c-x-1-4": "on",  # nonsense: ignored
        **cambios,
    }


def test_el_director_crea_y_edita_su_plan(mundo, client):
    client.force_login(mundo["director"])
    assert client.get("/monitoreo/planes/nuevo/").status_code == 200
    respuesta = client.post("/monitoreo/planes/nuevo/", datos(), follow=True)
    assert "Plan guardado." in respuesta.content.decode()
    plan = PlanMonitoreo.objects.get()
    assert plan.institucion == mundo["inst_a1a"] and plan.compromisos == [1, 4]
    assert plan.problema == "Limitado uso de recursos del MED en las sesiones."
    assert set(plan.celdas.values_list("etapa", "grado", "mes")) == {(1, 1, 4), (1, 2, 5), (3, 6, 12)}

    # Editing replaces the calendar with what is marked now.
    cambios = {k: v for k, v in datos().items() if k != "c-1-1-4"} | {"c-2-3-7": "on"}
    client.post(f"/monitoreo/planes/{plan.pk}/editar/", cambios)
    assert set(Celda.objects.values_list("etapa", "grado", "mes")) == {(1, 2, 5), (3, 6, 12), (2, 3, 7)}
    formulario = client.get(f"/monitoreo/planes/{plan.pk}/editar/").content.decode()
    assert 'name="c-2-3-7" id="c-2-3-7" checked' in formulario


@pytest.mark.parametrize("rol, estado", [("ugel", 403), ("dre", 403), ("difoca", 404), ("sin_rol", 404)])
def test_solo_su_director_escribe_el_plan(mundo, client, rol, estado):
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")
    client.force_login(mundo[rol])
    assert client.post(f"/monitoreo/planes/{plan.pk}/editar/", datos(titulo="Otro")).status_code == estado
    assert client.post("/monitoreo/planes/nuevo/", datos()).status_code == 403
    assert PlanMonitoreo.objects.get().titulo == "Plan"


def test_un_director_no_crea_planes_de_otra_institucion(mundo, client):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/nuevo/?institucion={mundo['inst_b1'].pk}"
    assert client.post(url, datos()).status_code == 404
    assert not PlanMonitoreo.objects.exists()


@pytest.mark.parametrize(
    "cambios, campo, mensaje",
    [
        ({"titulo": " "}, "titulo", "Ponle un título al plan"),
        (
            {"mes_inicio": "9", "mes_fin": "4"},
            "mes_fin",
            "El mes de término no puede ser anterior al de inicio.",
        ),
        ({"mes_inicio": "5"}, "__all__", "El calendario marca meses fuera del periodo del plan: abril."),
        ({"anio": "1990"}, "anio", "Escribe un año entre 2000 y 2100."),
        ({"compromisos": ["7"]}, "compromisos", "Escoja una opción válida"),
        ({"problema": "x" * 6001}, "problema", "6000"),
    ],
)
def test_errores_junto_al_campo_sin_perder_lo_escrito(mundo, client, cambios, campo, mensaje):
    client.force_login(mundo["director"])
    respuesta = client.post("/monitoreo/planes/nuevo/", datos(**cambios))
    assert respuesta.status_code == 200
    assert any(mensaje in e for e in respuesta.context["form"].errors[campo]), respuesta.context[
        "form"
    ].errors
    html = respuesta.content.decode()
    assert 'name="c-1-2-5" id="c-1-2-5" checked' in html  # the marked calendar stays marked
    assert not PlanMonitoreo.objects.exists()


def test_un_plan_por_anio(mundo, client):
    PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Ya existe")
    client.force_login(mundo["director"])
    respuesta = client.post("/monitoreo/planes/nuevo/", datos())
    assert "Tu institución ya tiene su plan de 2024" in respuesta.content.decode()
    assert PlanMonitoreo.objects.count() == 1
