"""Demo monitoring plan: I.E.P. N.° 70370 San Cristóbal de Balsabe (UGEL El Collao, Puno), 2024, from
seeds/004, with illustrative visits of its first stage.

The content is data, in demo_datos/plan_70370.yaml, which also says how the calendar was read from the
seed and why the visits are sample data.
"""

from datetime import date
from pathlib import Path

from comun.datos_demo import leer
from cuentas.models import Usuario
from monitoreo import services
from monitoreo.models import Grado, PlanMonitoreo
from territorio.models import Institucion

DATOS = Path(__file__).resolve().parent / "demo_datos" / "plan_70370.yaml"

# The shape of the file, checked before anything is written; "plan" holds PlanMonitoreo's own fields.
ESQUEMA = {
    "institucion": str,
    "plan": {
        "anio": int,
        "titulo": str,
        "director": str,
        "provincia": str,
        "compromisos": [int],
        "poblacion": str,
        "responsables": str,
        "mes_inicio": int,
        "mes_fin": int,
        "palabras_clave": str,
        "descripcion": str,
        "problema": str,
        "fundamentacion": str,
        "antecedentes": str,
        "financiamiento": str,
    },
    "enfoques": [{"nombre": str, "texto": str}],
    "objetivos": [str],
    "actividades": [{"actividad": str, "responsable": str, "cronograma": str}],
    "calendario": [{"etapa": int, "meses": [int]}],
    "visitas": [
        {
            "docente": str,
            "grado": int,
            "etapa": int,
            "fecha": date,
            "rubricas": [int],
            "notas": str,
            "compromisos": str,
        }
    ],
}


def leer_plan() -> dict:
    """The plan of demo_datos/plan_70370.yaml, checked."""
    return leer(DATOS, ESQUEMA)


def cargar(salida) -> None:
    """Create the 2024 plan once; a second run finds it and changes nothing."""
    datos = leer_plan()
    institucion = Institucion.objects.get(codigo_modular=datos["institucion"])
    if PlanMonitoreo.objects.filter(institucion=institucion, anio=datos["plan"]["anio"]).exists():
        return
    director = Usuario.objects.get(username="director.70370")
    # Through the services, as the director would: the history says who wrote what.
    plan = services.plan_guardar(
        plan=PlanMonitoreo(institucion=institucion, **datos["plan"]),
        usuario=director,
        # Every grade in every stage.
        celdas={
            (etapa["etapa"], grado, mes)
            for etapa in datos["calendario"]
            for grado in Grado.values
            for mes in etapa["meses"]
        },
        listas={
            "actividades": datos["actividades"],
            "enfoques": datos["enfoques"],
            "objetivos": [{"texto": texto} for texto in datos["objetivos"]],
        },
    )
    for visita in datos["visitas"]:
        services.visita_registrar(
            plan=plan,
            usuario=director,
            datos={
                **{campo: valor for campo, valor in visita.items() if campo != "rubricas"},
                "niveles": {r: n for r, n in zip(plan.rubricas(), visita["rubricas"], strict=False) if n},
            },
        )
    salida(
        f"plan de monitoreo {plan.anio} de {institucion.nombre}, "
        f"con {len(datos['visitas'])} visitas ilustrativas"
    )
