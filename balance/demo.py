"""Demo balance: the 2023 campaign of UGEL 07 and of UGEL 09, with matrices in every state.

The content follows the kind of entries the guidance (seeds/000) asks for: actions, achievements with
a figure, a qualitative statement and an evidence link, difficulties and suggestions for 2024.
"""

from datetime import date, timedelta

from django.utils import timezone

from balance import services
from balance.models import Campana, Estado, Matriz
from cuentas.models import Usuario
from territorio.models import Ugel

LINEAMIENTOS_2023 = [
    "Aprendizajes para la vida",
    "Certificación Múltiple",
    "Bienestar de la Comunidad Educativa",
    "Gestión Escolar Autónoma",
    "Supervisión, Monitoreo y Asesoría Pedagógica",
]

# Per lineamiento: actions, achievements (figure, what it counts, qualitative), difficulties, suggestions.
CONTENIDO = {
    "Aprendizajes para la vida": (
        "Se implementaron proyectos de aprendizaje vinculados al emprendimiento en los ciclos "
        "intermedio y avanzado; se desarrollaron 12 sesiones de lectura compartida y una feria de "
        "proyectos en noviembre.",
        [
            (
                "87",
                "estudiantes culminaron el ciclo avanzado",
                "Los estudiantes presentan proyectos de "
                "emprendimiento con plan de negocio sencillo y los exponen ante la comunidad.",
            ),
            (
                "74",
                "% de estudiantes con nivel logrado en comprensión lectora (evaluación de salida)",
                "Mejoró la lectura de textos funcionales (recibos, contratos) que usan en su trabajo.",
            ),
        ],
        [
            "Asistencia irregular de estudiantes que trabajan en horario nocturno.",
            "Conectividad limitada para las sesiones a distancia.",
        ],
        "Programar tutorías en horarios flexibles y grabar las sesiones para quienes trabajan de noche.",
    ),
    "Certificación Múltiple": (
        "Se articuló con dos CETPRO de la jurisdicción para que los estudiantes cursen módulos "
        "ocupacionales de cocina y confección textil en paralelo a la educación básica.",
        [
            (
                "42",
                "estudiantes certificados en un módulo ocupacional",
                "Los estudiantes obtuvieron un certificado que mejora su empleabilidad y su autoestima.",
            ),
        ],
        ["Cupos limitados en los talleres de los CETPRO aliados."],
        "Formalizar el convenio con los CETPRO aliados y ampliar a la opción de computación e informática.",
    ),
    "Bienestar de la Comunidad Educativa": (
        "Se realizaron 6 talleres de soporte socioemocional con el apoyo del centro de salud mental "
        "comunitario y se instaló el comité de tutoría y orientación educativa.",
        [
            (
                "120",
                "estudiantes participaron en los talleres socioemocionales",
                "Los estudiantes reconocen sus emociones y saben a quién acudir ante situaciones de riesgo.",
            ),
            (
                "3",
                "casos de violencia derivados y atendidos por la ruta del SíseVe",
                "La comunidad conoce y usa los protocolos de atención de la violencia escolar.",
            ),
        ],
        ["Pocos docentes con formación en tutoría para jóvenes y adultos."],
        "Incluir en el plan de capacitación docente un módulo de tutoría para estudiantes adultos.",
    ),
    "Gestión Escolar Autónoma": (
        "Se actualizaron el PEI y el PCI con participación del CONEI; se elaboró el plan anual de trabajo "
        "con metas por ciclo.",
        [
            (
                "100",
                "% de instrumentos de gestión actualizados y aprobados por resolución directoral",
                "La comunidad educativa participó en la construcción de los instrumentos y los conoce.",
            ),
        ],
        [
            "Rotación de personal administrativo a mitad de año.",
            "Demora en la entrega de recursos para el mantenimiento del local.",
        ],
        "Calendarizar desde marzo las reuniones del CONEI y publicar los acuerdos en el periódico mural.",
    ),
    "Supervisión, Monitoreo y Asesoría Pedagógica": (
        "El equipo directivo realizó visitas de monitoreo en aula con la rúbrica de observación y "
        "reuniones de retroalimentación con cada docente.",
        [
            (
                "24",
                "visitas de monitoreo con retroalimentación realizadas",
                "Los docentes incorporan en sus sesiones las recomendaciones de la retroalimentación.",
            ),
        ],
        ["La carga administrativa del director redujo el tiempo para el monitoreo."],
        "Delegar el monitoreo del ciclo inicial a un docente fortaleza y compartir la rúbrica con "
        "anticipación.",
    ),
}

COMPROMISOS = [
    ("Implementar tutorías en horario flexible para estudiantes que trabajan.", "Equipo directivo", (3, 31)),
    ("Formalizar la alianza con los CETPRO para la certificación múltiple.", "Director(a)", (5, 30)),
]

CAMPANAS = [
    (
        "UGEL 07 San Borja",
        "Balance de la implementación de los Lineamientos Educativos 2023 – Lima Metropolitana",
        "ugel.demo",
        {
            "9000701": ("borrador", 2),
            "9000702": ("enviada", 5),
            "9000703": ("observada", 5),
            "9000704": ("aprobada", 5),
            "9000705": ("sin_iniciar", 0),
            "9000706": ("reenviada", 5),
        },
    ),
    (
        "UGEL 09 Huaura",
        "Balance de la implementación de los Lineamientos Educativos 2023 – UGEL 09 Huaura",
        "admin.demo",
        {
            "9000901": ("aprobada", 5),
            "9000902": ("enviada", 5),
            "9000903": ("observada", 5),
            "9000904": ("borrador", 3),
        },
    ),
]


def _llenar(matriz, usuario, lineamientos: int) -> Matriz:
    filas = {}
    for fila in matriz.filas.select_related("lineamiento")[:lineamientos]:
        acciones, logros, dificultades, sugerencias = CONTENIDO[fila.lineamiento.nombre]
        carpeta = f"https://drive.google.com/drive/folders/demo-{matriz.institucion.codigo_modular}"
        filas[fila.pk] = services.DatosFila(
            acciones=acciones,
            sugerencias=sugerencias,
            enlace_evidencias=f"{carpeta}-l{fila.lineamiento.orden}",
            logros=[
                {"cifra": cifra, "que_cuenta": que, "cualitativo": cual, "evidencia": f"{carpeta}-logro{i}"}
                for i, (cifra, que, cual) in enumerate(logros, 1)
            ],
            dificultades=dificultades,
        )
    anio = matriz.campana.anio + 1
    compromisos = [
        {"que": que, "responsable": quien, "plazo": date(anio, *mes_dia)}
        for que, quien, mes_dia in COMPROMISOS
    ]
    return services.matriz_guardar(
        matriz=matriz, usuario=usuario, version=matriz.version, filas=filas, compromisos=compromisos
    )


def _reenviar(matriz: Matriz, usuario, revisor) -> Matriz:
    """Returned with two observations, one answered and one not, and sent again: the reviewer sees
    what changed since the return (balance.cambios)."""
    primera, segunda = matriz.filas.select_related("lineamiento").order_by("lineamiento__orden")[:2]
    services.matriz_devolver(
        matriz=matriz,
        usuario=revisor,
        motivo="Faltan fuentes en dos lineamientos.",
        observaciones={
            primera.pk: "Indiquen de dónde sale la cifra de estudiantes que culminaron el ciclo.",
            segunda.pk: "Adjunten la relación de certificados emitidos.",
        },
    )
    matriz = Matriz.objects.get(pk=matriz.pk)
    corregida = {
        primera.pk: services.DatosFila(
            acciones=primera.acciones + " La cifra sale de las actas consolidadas del SIAGIE."
        )
    }
    matriz = services.matriz_guardar(matriz=matriz, usuario=usuario, version=matriz.version, filas=corregida)
    return services.matriz_enviar(matriz=matriz, usuario=usuario)


def cargar(salida) -> None:
    """Create the two 2023 campaigns once; a second run finds them and changes nothing."""
    admin = Usuario.objects.get(username="admin.demo")
    for nombre_ugel, titulo, revisor, estados in CAMPANAS:
        ugel = Ugel.objects.get(nombre=nombre_ugel)
        if Campana.objects.filter(anio=2023, ugel=ugel).exists():
            continue
        # The deadline is set three weeks after loading, so a newcomer can still send.
        campana = services.campana_crear(
            usuario=admin,
            anio=2023,
            titulo=titulo,
            ugel=ugel,
            fecha_limite=timezone.localdate() + timedelta(days=21),
            lineamientos=LINEAMIENTOS_2023,
        )
        services.campana_abrir(usuario=admin, campana=campana)
        revisor = Usuario.objects.get(username=revisor)
        for matriz in campana.matrices.select_related("institucion", "campana"):
            estado, lineamientos = estados.get(matriz.institucion.codigo_modular, ("sin_iniciar", 0))
            if estado == "sin_iniciar":
                continue
            matriz = _llenar(matriz, admin, lineamientos)
            if estado == Estado.BORRADOR:
                continue
            matriz = services.matriz_enviar(matriz=matriz, usuario=admin)
            primera = matriz.filas.order_by("lineamiento__orden").first()
            if estado == Estado.OBSERVADA:
                services.matriz_devolver(
                    matriz=matriz,
                    usuario=revisor,
                    motivo="Los logros de Certificación Múltiple necesitan la evidencia de los certificados.",
                    observaciones={
                        primera.pk: "Precisen la fuente de la cifra de estudiantes que culminaron el ciclo."
                    },
                )
            elif estado == Estado.APROBADA:
                services.matriz_aprobar(
                    matriz=matriz,
                    usuario=revisor,
                    comentario="Balance completo y bien sustentado.",
                )
            elif estado == "reenviada":
                _reenviar(matriz, admin, revisor)
        salida(f"balance: campaña 2023 de {nombre_ugel} con {campana.matrices.count()} matrices")
