"""The demo's monitoring plan file holds the facts of seeds/004."""

from monitoreo.demo import leer_plan


def test_el_archivo_del_plan_trae_los_hechos_de_la_semilla():
    datos = leer_plan()
    assert datos["institucion"] == "9070370"
    plan = datos["plan"]
    assert (plan["anio"], plan["titulo"], plan["compromisos"]) == (
        2024,
        "Buscando la excelencia docente",
        [1, 4],
    )
    assert (plan["mes_inicio"], plan["mes_fin"]) == (3, 12)
    assert plan["palabras_clave"].splitlines()[:2] == ["Monitoreo", "Acompañamiento"]
    assert [a["actividad"] for a in datos["actividades"]] == [
        "Diagnóstico",
        "Planificación",
        "Monitoreo",
        "Evaluación de acciones e informe",
    ]
    assert {c["etapa"]: c["meses"] for c in datos["calendario"]} == {
        1: [4, 5, 6],
        2: [7, 8, 9],
        3: [10, 11, 12],
    }
    assert len(datos["visitas"]) == 4
    assert all(v["etapa"] == 1 and len(v["rubricas"]) == 5 for v in datos["visitas"])
