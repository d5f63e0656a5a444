"""A second, illustrative 2024 plan in UGEL El Collao (I.E.P. N.° 70401, a demo school), so the UGEL's
coverage compares schools: two stages planned, a few visits, one grade left pending. A third school of
the UGEL (9070402) has no plan."""

from datetime import date

from cuentas.models import Usuario
from monitoreo import services
from monitoreo.models import PlanMonitoreo
from territorio.models import Institucion

CODIGO, ANIO = "9070401", 2024
# (stage, months) for grades 1 to 4.
CALENDARIO = [(1, (4, 5, 6)), (2, (8, 9, 10))]
# teacher, grade, stage, date, the five rubric levels (None: not observed)
VISITAS = [
    ("Docente de primer grado", 1, 1, date(ANIO, 4, 16), (2, 2, 1, 3, 3)),
    ("Docente de segundo grado", 2, 1, date(ANIO, 5, 14), (3, 2, 2, 3, None)),
    ("Docente de tercer grado", 3, 1, date(ANIO, 6, 11), (2, 1, 1, 2, 2)),
    ("Docente de primer grado", 1, 2, date(ANIO, 8, 20), (3, 3, 2, 4, 3)),
]


def cargar(salida) -> None:
    """Create the plan once; a second run finds it and changes nothing."""
    institucion = Institucion.objects.get(codigo_modular=CODIGO)
    if PlanMonitoreo.objects.filter(institucion=institucion, anio=ANIO).exists():
        return
    directora = Usuario.objects.get(username="director.70401")
    plan = services.plan_guardar(
        plan=PlanMonitoreo(
            institucion=institucion,
            anio=ANIO,
            titulo="Acompañamos para aprender mejor",
            director="Marina Condori Mamani",
            compromisos=[1, 4],
            mes_inicio=4,
            mes_fin=10,
            descripcion="Plan ilustrativo de la demostración, para comparar la cobertura de la UGEL.",
        ),
        usuario=directora,
        celdas={
            (etapa, grado, mes) for etapa, meses in CALENDARIO for grado in (1, 2, 3, 4) for mes in meses
        },
    )
    for docente, grado, etapa, fecha, niveles in VISITAS:
        services.visita_registrar(
            plan=plan,
            usuario=directora,
            datos={
                "docente": docente,
                "grado": grado,
                "etapa": etapa,
                "fecha": fecha,
                "niveles": {r: n for r, n in zip(plan.rubricas(), niveles, strict=False) if n},
            },
        )
    salida(f"plan de monitoreo {ANIO} de {institucion.nombre} (ilustrativo), con {len(VISITAS)} visitas")
