"""Demo monitoring plan: I.E.P. N.° 70370 San Cristóbal de Balsabe (UGEL El Collao, Puno), 2024, from
seeds/004, with illustrative visits of its first stage.

The seed's text lost the calendar's column alignment, but each stage row has the same width and its
three marks move three columns per stage: stage 1 April–June, stage 2 July–September, stage 3
October–December. The seed records no visits: the four below are illustrative sample data (generic
teachers, no names), there so the progress per stage and the rubrics can be seen.
"""

from datetime import date

from cuentas.models import Usuario
from monitoreo.models import Actividad, Celda, Grado, PlanMonitoreo, Visita
from territorio.models import Institucion

CODIGO = "9070370"

PLAN = {
    "anio": 2024,
    "titulo": "Buscando la excelencia docente",
    "director": "Prof. José Antonio Quispe Calizaya",
    "compromisos": [1, 4],
    "poblacion": "29 estudiantes de la I.E.P. N.° 70370.\n1 director y 4 docentes.",
    "responsables": "Director: Prof. José Antonio Quispe Calizaya",
    "mes_inicio": 3,
    "mes_fin": 12,
    "palabras_clave": "\n".join(
        [
            "Monitoreo",
            "Acompañamiento",
            "Logro de aprendizajes",
            "Estándares de aprendizaje",
            "Desempeños",
            "Unidades didácticas",
            "Sesiones de aprendizaje",
            "Rúbricas de desempeño docente",
        ]
    ),
    "descripcion": (
        "El presente plan de acompañamiento y monitoreo denominado «Buscando la excelencia docente» "
        "implementa el compromiso 4 en el aula, mediante un proceso de acompañamiento a los docentes de "
        "nuestra institución educativa con el fin de lograr los aprendizajes fundamentales en nuestros "
        "estudiantes, así como implementar las rúbricas de desempeño docente como referencia del trabajo "
        "realizado en aula.\n\n"
        "Se plantea el presente plan teniendo como fuente los resultados del acompañamiento del año "
        "2023; de allí se fijan metas para el presente año y brindar cada vez un mejor servicio educativo."
    ),
    "problema": (
        "La problemática que presenta nuestra IE es el limitado uso de recursos y herramientas "
        "proporcionadas por el MED en las sesiones de aprendizaje. El año 2024 contamos con un director "
        "designado, que trabajará con énfasis la implementación de los procesos pedagógicos y didácticos "
        "de las áreas curriculares; por ello se hace necesario acompañar y monitorear el trabajo de "
        "nuestros docentes motivando el desarrollo de estos aspectos con la intención de generar "
        "aprendizajes en la totalidad de nuestros estudiantes. Asimismo, como una práctica preparatoria, "
        "se continuará con el uso de las rúbricas de desempeño docente y el cuaderno de campo."
    ),
    "fundamentacion": (
        "Dentro de los cinco compromisos de gestión, el cuarto involucra directamente el desarrollo de "
        "aprendizajes, ya que está referido al trabajo pedagógico en aula; por ello se hace necesario "
        "acompañar la tarea docente en cada una de las aulas de nuestra institución priorizando: "
        "planificación curricular, unidades didácticas, sesiones de aprendizaje, uso y conservación de "
        "materiales y recursos educativos y clima de aula.\n\n"
        "Se monitoreará: (a) la «Gestión de las condiciones para la mejora de los aprendizajes» y (b) la "
        "«Orientación de los procesos pedagógicos para la mejora de los aprendizajes»."
    ),
    "enfoques": "\n".join(
        [
            "- Enfoque de competencias: la facultad de combinar capacidades para resolver un problema con "
            "sentido ético (Currículo Nacional 2016).",
            "- Enfoque sobre el aprendizaje: de la asimilación acrítica de conocimientos a la participación "
            "activa del estudiante en la producción del conocimiento.",
            "- Enfoque sobre el sujeto que aprende: reconocimiento y valoración de su potencial, su "
            "diversidad y su autonomía.",
            "- Enfoque sobre las oportunidades de aprendizaje: del aula al entorno, la cultura y los "
            "procesos locales.",
            "- Enfoque sobre la pedagogía: de la trasmisión oral al desarrollo de capacidades en "
            "interacción y comunicación continua.",
            "- Regulaciones institucionales: reglas y acuerdos que impulsan las nuevas dinámicas de "
            "enseñanza y aprendizaje.",
            "- Enfoque crítico reflexivo: partir de la autorreflexión con el docente para mejorar las "
            "sesiones de aprendizaje y lograr compromisos de mejora.",
        ]
    ),
    "antecedentes": (
        "La práctica en las instituciones educativas no consideraba acciones de acompañamiento y "
        "monitoreo; por el contrario, su función principal era supervisar en forma general, sin "
        "sistematizar. Los años 2022 y 2023 el equipo directivo contó con un aplicativo para "
        "acompañamiento y monitoreo; por ello se propone este plan, que responde a los compromisos 1 y 4."
    ),
    "objetivos": "\n".join(
        [
            "- Observar el desempeño docente en aula, mediante acciones de monitoreo y acompañamiento "
            "utilizando las rúbricas de desempeño docente y el cuaderno de campo.",
            "- Acompañar al docente de aula en su práctica pedagógica para lograr aprendizajes de calidad.",
            "- Reflexionar con cada docente de aula sobre su práctica pedagógica, intercambiando "
            "experiencias exitosas orientadas al logro de aprendizajes.",
        ]
    ),
    "financiamiento": "Recursos propios.",
}

ACTIVIDADES = [
    ("Diagnóstico", "Equipo Directivo", "Diciembre 2024"),  # as the seed says
    ("Planificación", "Equipo Directivo", "Enero–marzo 2024"),
    ("Monitoreo", "Equipo Directivo", "Abril a noviembre"),
    ("Evaluación de acciones e informe", "Equipo Directivo", "Diciembre"),
]

# Stage → months (see the module's docstring); every grade in every stage.
ETAPAS = {1: (4, 5, 6), 2: (7, 8, 9), 3: (10, 11, 12)}

# Illustrative first-stage visits (the seed has none): teacher, grade, date, levels, notes, commitments.
VISITAS = [
    (
        "Docente de primer y segundo grado",
        1,
        date(2024, 4, 18),
        (3, 2, 2, 3, 3),
        "Sesión de Comunicación con material del MINEDU; la retroalimentación fue general.",
        "Usar preguntas que lleven a los estudiantes a explicar sus respuestas.",
    ),
    (
        "Docente de primer y segundo grado",
        2,
        date(2024, 5, 9),
        (3, 3, 2, 3, 3),
        "Procesos didácticos del área de Matemática completos.",
        "Registrar en el cuaderno de campo el avance de cada estudiante.",
    ),
    (
        "Docente de tercer grado",
        3,
        date(2024, 5, 23),
        (2, 2, 1, 3, 2),
        "Poco uso de los cuadernos de trabajo; clima de aula favorable.",
        "Planificar la sesión con los cuadernos de trabajo y evaluar con criterios compartidos.",
    ),
    (
        "Docente de cuarto grado",
        4,
        date(2024, 6, 6),
        (3, 3, 3, 4, 3),
        "Trabajo en equipos con roles definidos.",
        "Compartir la experiencia en la reunión de interaprendizaje.",
    ),
]


def cargar(salida) -> None:
    """Create the 2024 plan once; a second run finds it and changes nothing."""
    institucion = Institucion.objects.get(codigo_modular=CODIGO)
    if PlanMonitoreo.objects.filter(institucion=institucion, anio=PLAN["anio"]).exists():
        return
    plan = PlanMonitoreo.objects.create(institucion=institucion, **PLAN)
    Actividad.objects.bulk_create(
        Actividad(plan=plan, orden=n, actividad=a, responsable=r, cronograma=c)
        for n, (a, r, c) in enumerate(ACTIVIDADES, start=1)
    )
    Celda.objects.bulk_create(
        Celda(plan=plan, etapa=etapa, grado=grado, mes=mes)
        for etapa, meses in ETAPAS.items()
        for grado in Grado.values
        for mes in meses
    )
    director = Usuario.objects.get(username="director.70370")
    Visita.objects.bulk_create(
        Visita(
            plan=plan,
            docente=docente,
            grado=grado,
            etapa=1,
            fecha=fecha,
            **{f"rubrica_{n}": nivel for n, nivel in enumerate(niveles, start=1)},
            notas=notas,
            compromisos=compromisos,
            registrada_por=director,
        )
        for docente, grado, fecha, niveles, notas, compromisos in VISITAS
    )
    salida(f"plan de monitoreo 2024 de {institucion.nombre}, con {len(VISITAS)} visitas de la etapa 1")
