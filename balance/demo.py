"""Demo balance: the 2023 campaign of UGEL 07 and of UGEL 09, with matrices in every state.

The content follows the kind of entries the guidance (seeds/000) asks for: actions, achievements with
a figure, a qualitative statement and an evidence link, difficulties and suggestions for 2024.
"""

from datetime import date, timedelta

from django.utils import timezone

from balance import services
from balance.models import Campana, CategoriaDificultad, Estado, Matriz, anteriores
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

# The category each demo difficulty is tagged with (the list seeded by migration 0011).
CATEGORIAS = {
    "Asistencia irregular de estudiantes que trabajan en horario nocturno.": "Asistencia de estudiantes",
    "Conectividad limitada para las sesiones a distancia.": "Conectividad",
    "Cupos limitados en los talleres de los CETPRO aliados.": "Articulación con aliados",
    "Pocos docentes con formación en tutoría para jóvenes y adultos.": "Capacitación docente",
    "Rotación de personal administrativo a mitad de año.": "Personal y carga administrativa",
    "Demora en la entrega de recursos para el mantenimiento del local.": "Infraestructura",
    "La carga administrativa del director redujo el tiempo para el monitoreo.": (
        "Personal y carga administrativa"
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


# The 2022 balance of UGEL 07 (closed): what the 2023 matrices follow up. Per school: its compromisos
# for 2023 and, in its 2023 matrix, how each went.
ANIO_ANTERIOR = 2022
COMPROMISOS_2022 = [
    ("Instalar un aula con internet para las sesiones a distancia.", "Subdirección", (6, 30)),
    ("Capacitar a los docentes en tutoría para estudiantes adultos.", "Coordinación de tutoría", (8, 31)),
    ("Firmar un convenio con un CETPRO para la certificación múltiple.", "Director(a)", (4, 30)),
]
SEGUIMIENTOS_2023 = [
    ("cumplido", "Se habilitó en mayo con 15 computadoras donadas por la municipalidad."),
    ("en_proceso", "Dos de los seis docentes terminaron el curso; los demás lo siguen en 2024."),
    ("no_cumplido", "El CETPRO cambió de director y el convenio quedó pendiente."),
]
ESCUELAS_2022 = ("9000701", "9000702", "9000704")


def _cargar_anterior(ugel, admin, revisor) -> None:
    """UGEL 07's 2022 campaign, approved and closed, with compromisos for 2023."""
    if Campana.objects.filter(anio=ANIO_ANTERIOR, ugel=ugel).exists():
        return
    campana = services.campana_crear(
        usuario=admin,
        anio=ANIO_ANTERIOR,
        titulo="Balance de la implementación de los Lineamientos Educativos 2022 – Lima Metropolitana",
        ugel=ugel,
        # Open long enough to send and approve; then its real deadline, and closed.
        fecha_limite=timezone.localdate() + timedelta(days=1),
        lineamientos=LINEAMIENTOS_2023,
    )
    services.campana_abrir(usuario=admin, campana=campana)
    for matriz in campana.matrices.select_related("institucion", "campana").filter(
        institucion__codigo_modular__in=ESCUELAS_2022
    ):
        matriz = _llenar(matriz, admin, len(LINEAMIENTOS_2023), compromisos=COMPROMISOS_2022)
        matriz = services.matriz_enviar(matriz=matriz, usuario=admin)
        services.matriz_aprobar(matriz=matriz, usuario=revisor, comentario="Conforme.")
    services.campana_editar(
        usuario=admin, campana=campana, datos={"fecha_limite": date(ANIO_ANTERIOR, 12, 20)}
    )
    services.campana_cerrar(usuario=admin, campana=campana)


def _seguimientos(matriz) -> dict[int, dict[str, str]] | None:
    """How the 2022 compromisos went, for a 2023 matrix of a school that had them."""
    previa = anteriores([matriz]).get(matriz.pk)
    if previa is None or matriz.institucion.codigo_modular == "9000701":
        return None  # director.demo's own: left for them to answer
    return {
        c.pk: {"avance": avance, "comentario": comentario}
        for c, (avance, comentario) in zip(
            previa.compromisos.order_by("orden"), SEGUIMIENTOS_2023, strict=False
        )
    }


def _llenar(matriz, usuario, lineamientos: int, compromisos=COMPROMISOS) -> Matriz:
    categorias = dict(CategoriaDificultad.objects.values_list("nombre", "pk"))
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
            categorias=[categorias.get(CATEGORIAS.get(d, "")) for d in dificultades],
        )
    anio = matriz.campana.anio + 1
    return services.matriz_guardar(
        matriz=matriz,
        usuario=usuario,
        version=matriz.version,
        filas=filas,
        compromisos=[
            {"que": que, "responsable": quien, "plazo": date(anio, *mes_dia)}
            for que, quien, mes_dia in compromisos
        ],
        seguimientos=_seguimientos(matriz),
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
        if nombre_ugel == "UGEL 07 San Borja":
            _cargar_anterior(ugel, admin, Usuario.objects.get(username=revisor))
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
