"""A school's classroom coaching and monitoring plan (seeds/004): its general data, the calendar of
stages × grades × months, and the visits with the five classroom-observation rubrics."""

import unicodedata

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

import historial
from comun.modelos import Ordenado
from cuentas.alcance import alcance_de
from territorio.models import Institucion, Modalidad

# The school year the calendar covers: March to December.
MESES = [
    (3, _("Marzo")),
    (4, _("Abril")),
    (5, _("Mayo")),
    (6, _("Junio")),
    (7, _("Julio")),
    (8, _("Agosto")),
    (9, _("Setiembre")),
    (10, _("Octubre")),
    (11, _("Noviembre")),
    (12, _("Diciembre")),
]
PRIMER_MES, ULTIMO_MES = MESES[0][0], MESES[-1][0]
NOMBRE_MES = dict(MESES)
# Stages: as many as a plan needs, up to one a month and a couple more (stages may share months).
MAX_ETAPAS = 12
# The stages a plan had before stages were named: the calendar grid offered four.
ETAPAS_SIN_NOMBRE = 4
MAX_GRADOS = 6
# The five management commitments (compromisos de gestión escolar).
COMPROMISOS_GESTION = range(1, 6)


class Grado(models.IntegerChoices):
    PRIMERO = 1, _("Primer grado")
    SEGUNDO = 2, _("Segundo grado")
    TERCERO = 3, _("Tercer grado")
    CUARTO = 4, _("Cuarto grado")
    QUINTO = 5, _("Quinto grado")
    SEXTO = 6, _("Sexto grado")


# The grades each kind of school accompanies: (value stored in the calendar and the visits, name):
# primaria 1.º to 6.º, secundaria 1.º to 5.º (named as the plans and the visits name them), and
# inicial by age (3, 4 and 5 años) unless the plan names its classrooms (aulas).
GRADOS_PRIMARIA = Grado.choices
GRADOS_SECUNDARIA = Grado.choices[:5]
GRADOS_INICIAL = [(3, _("3 años")), (4, _("4 años")), (5, _("5 años"))]


def grados_de(modalidad: str, aulas=()) -> list[tuple[int, str]]:
    """The grades of a school of that modality (its classrooms, for an inicial that names them)."""
    if modalidad == Modalidad.EBR_INICIAL:
        if aulas:
            return [(n, str(aula)) for n, aula in enumerate(aulas[:MAX_GRADOS], start=1)]
        return [(g, str(nombre)) for g, nombre in GRADOS_INICIAL]
    if modalidad == Modalidad.EBR_SECUNDARIA:
        return [(g, str(nombre)) for g, nombre in GRADOS_SECUNDARIA]
    return [(g, str(nombre)) for g, nombre in GRADOS_PRIMARIA]  # primaria, and EBE by default


class Nivel(models.IntegerChoices):
    """The levels of each classroom-observation rubric."""

    I = 1, _("I")  # noqa: E741  (the rubrics' own name for the level)
    II = 2, _("II")
    III = 3, _("III")
    IV = 4, _("IV")


# The Ministry's five classroom-observation rubrics (Rúbricas de observación de aula).
RUBRICAS = [
    ("rubrica_1", _("Involucra activamente a los estudiantes en el proceso de aprendizaje")),
    ("rubrica_2", _("Promueve el razonamiento, la creatividad y/o el pensamiento crítico")),
    (
        "rubrica_3",
        _(
            "Evalúa el progreso de los aprendizajes para retroalimentar a los estudiantes "
            "y adecuar su enseñanza"
        ),
    ),
    ("rubrica_4", _("Propicia un ambiente de respeto y proximidad")),
    ("rubrica_5", _("Regula positivamente el comportamiento de los estudiantes")),
]

# What each level means in each rubric, shortened from the Ministry's manual (levels I to IV), shown
# where the level is chosen.
DESCRIPTORES = {
    "rubrica_1": {
        1: _("No ofrece oportunidades de participación, o la mayoría está distraída."),
        2: _("Involucra al menos a la mitad; ofrece algunas oportunidades de participar."),
        3: _("Involucra a la mayoría con oportunidades variadas de participar."),
        4: _("Involucra a todos o casi todos y les ayuda a ver el sentido de lo que aprenden."),
    },
    "rubrica_2": {
        1: _("Las actividades solo piden repetir o memorizar información."),
        2: _("Intenta promover el razonamiento o la creatividad, sin lograrlo."),
        3: _("Promueve el razonamiento, la creatividad o el pensamiento crítico al menos una vez."),
        4: _("Lo promueve de forma sostenida durante la sesión."),
    },
    "rubrica_3": {
        1: _("No monitorea el trabajo, o su retroalimentación es incorrecta."),
        2: _("Monitorea; su retroalimentación es elemental (correcto o incorrecto)."),
        3: _("Monitorea y da retroalimentación descriptiva."),
        4: _("Retroalimenta por descubrimiento o reflexión y adapta su enseñanza."),
    },
    "rubrica_4": {
        1: _("Hay faltas de respeto en el aula, o un trato frío y distante."),
        2: _("Es respetuoso, aunque distante; no hay faltas de respeto."),
        3: _("Es respetuoso, cordial y empático; interviene ante faltas de respeto."),
        4: _("Además, toma en cuenta la perspectiva de los estudiantes."),
    },
    "rubrica_5": {
        1: _("Maltrata o no regula el comportamiento; la sesión se interrumpe."),
        2: _("Usa sobre todo control externo; la sesión se interrumpe a veces."),
        3: _("Usa sobre todo mecanismos formativos; la sesión fluye."),
        4: _("Usa siempre mecanismos formativos; la sesión fluye sin interrupciones."),
    },
}


class Tipo(models.TextChoices):
    """What the visit was: a monitoring observation or a coaching (accompaniment) visit."""

    MONITOREO = "monitoreo", _("Monitoreo")
    ACOMPANAMIENTO = "acompanamiento", _("Acompañamiento")


# Modalities that write a classroom monitoring plan: the schools (CEBA and CETPRO report through the
# balance matrix instead).
MODALIDADES_ESCUELA = (Modalidad.EBR_INICIAL, Modalidad.EBR_PRIMARIA, Modalidad.EBR_SECUNDARIA, Modalidad.EBE)


def escuela_ids(user) -> frozenset[int]:
    """The schools the user directs, whose monitoring plan they write (no query: the scope)."""
    return alcance_de(user).instituciones_de(MODALIDADES_ESCUELA)


def escuelas_propias(user):
    """The schools whose monitoring plan the user writes."""
    return Institucion.objects.filter(pk__in=escuela_ids(user)).order_by("nombre")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plans of the institutions the user may see (Institucion.objects.visible_to)."""
        return self.filter(institucion__in=Institucion.objects.visible_to(user))


@historial.seguir(excluir=("actualizado", "version"))
class PlanMonitoreo(models.Model):
    institucion = models.ForeignKey(
        Institucion, models.PROTECT, related_name="planes_monitoreo", verbose_name=_("institución")
    )
    anio = models.PositiveSmallIntegerField(_("año"))
    titulo = models.CharField(
        _("título"), max_length=200, help_text=_("Por ejemplo: «Buscando la excelencia docente».")
    )
    director = models.CharField(_("director(a)"), max_length=150, blank=True)
    provincia = models.CharField(_("provincia"), max_length=100, blank=True)
    compromisos = ArrayField(
        models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)]),
        verbose_name=_("compromisos de gestión que aborda"),
        default=list,
        blank=True,
    )
    poblacion = models.TextField(_("población beneficiada"), blank=True)
    responsables = models.TextField(_("responsables del monitoreo y acompañamiento"), blank=True)
    aulas = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("aulas"),
        size=MAX_GRADOS,
        default=list,
        blank=True,
        help_text=_("Solo inicial: las aulas que acompaña, si no se organiza por edades."),
    )
    mes_inicio = models.PositiveSmallIntegerField(_("mes de inicio"), choices=MESES, default=PRIMER_MES)
    mes_fin = models.PositiveSmallIntegerField(_("mes de término"), choices=MESES, default=ULTIMO_MES)
    palabras_clave = models.TextField(_("palabras clave"), blank=True, help_text=_("Una por línea."))
    descripcion = models.TextField(_("descripción general de la experiencia"), blank=True)
    problema = models.TextField(_("identificación del problema"), blank=True)
    fundamentacion = models.TextField(_("fundamentación"), blank=True)
    antecedentes = models.TextField(_("antecedentes"), blank=True)
    financiamiento = models.TextField(_("financiamiento"), blank=True)
    actualizado = models.DateTimeField(_("actualizado"), auto_now=True)
    # Each save from the plan form raises it: a save from an older page (another tab) is refused
    # instead of overwriting what was saved meanwhile.
    version = models.PositiveIntegerField(_("versión"), default=1)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan de monitoreo")
        verbose_name_plural = _("planes de monitoreo")
        ordering = ["-anio", "institucion__nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["institucion", "anio"],
                name="plan_uno_por_anio",
                violation_error_message=_("Esta institución ya tiene su plan de ese año."),
            ),
            models.CheckConstraint(
                condition=Q(
                    mes_inicio__lte=models.F("mes_fin"), mes_inicio__gte=PRIMER_MES, mes_fin__lte=ULTIMO_MES
                ),
                name="plan_meses_en_orden",
                violation_error_message=_(
                    "El periodo va de marzo a diciembre, y el término no antes del inicio."
                ),
            ),
            models.CheckConstraint(
                condition=Q(anio__gte=2000, anio__lte=2100),
                name="plan_anio_razonable",
                violation_error_message=_("Escribe un año entre 2000 y 2100."),
            ),
            models.CheckConstraint(
                condition=Q(compromisos__contained_by=list(COMPROMISOS_GESTION)),
                name="plan_compromisos_de_1_a_5",
                violation_error_message=_("Los compromisos de gestión van del 1 al 5."),
            ),
        ]

    def __str__(self):
        return f"{self.titulo} ({self.anio})"

    def clean(self):
        self.compromisos = sorted(set(self.compromisos or []))

    def grados(self) -> list[tuple[int, str]]:
        """The grades its calendar and visits use, from the school's level (needs ``institucion``)."""
        return grados_de(self.institucion.modalidad, self.aulas)

    def nombre_grado(self, grado: int) -> str:
        return dict(self.grados()).get(grado) or str(Grado(grado).label if grado in Grado.values else grado)

    def etapas(self) -> list[int]:
        """The numbers of its stages: the named ones and those its calendar marks (use with
        ``prefetch_related("etapas_del_plan", "celdas")``); the first four when it has none."""
        numeros = {e.orden for e in self.etapas_del_plan.all()} | {c.etapa for c in self.celdas.all()}
        return sorted(numeros) or list(range(1, ETAPAS_SIN_NOMBRE + 1))

    def nombres_etapas(self) -> dict[int, str]:
        """Each stage's number and name («Etapa 2» when it has none)."""
        nombres = {e.orden: e.nombre for e in self.etapas_del_plan.all()}
        return {n: nombres.get(n) or str(_("Etapa %(n)d") % {"n": n}) for n in self.etapas()}

    def calendario(self) -> list[dict]:
        """The calendar as the plan prints it (use with ``prefetch_related("celdas")``): per stage, per
        grade, a planned/not flag for each month from March to December."""
        planeadas = {(c.etapa, c.grado, c.mes) for c in self.celdas.all()}
        etapas = sorted({etapa for etapa, _grado, _mes in planeadas})
        return [
            {
                "etapa": etapa,
                "grados": [
                    (nombre, [(mes, (etapa, grado, mes) in planeadas) for mes, _nombre in MESES])
                    for grado, nombre in self.grados()
                    if any((etapa, grado, mes) in planeadas for mes, _m in MESES)
                ],
            }
            for etapa in etapas
        ]

    def calendario_con_visitas(self) -> list[dict]:
        """The calendar with what was done (use with ``prefetch_related("etapas_del_plan", "celdas",
        "visitas")``): per stage its name and months, per grade with something planned or visited,
        per month of the plan's period a cell: planned or not, and the visits of that stage, grade and
        month. A cell is done when planned and visited; a visit in an unplanned cell still shows."""
        planeadas = {(c.etapa, c.grado, c.mes) for c in self.celdas.all()}
        visitas: dict[tuple[int, int, int], int] = {}
        for v in self.visitas.all():
            clave = (v.etapa, v.grado, v.fecha.month)
            visitas[clave] = visitas.get(clave, 0) + 1
        meses = [m for m, _n in MESES if self.mes_inicio <= m <= self.mes_fin]
        meses_etapa = meses_por_etapa(self)
        nombres = {e.orden: e.nombre for e in self.etapas_del_plan.all()}
        grados = self.grados()
        conocidos = {g for g, _n in grados}
        extra = sorted({g for _e, g, _m in planeadas | visitas.keys()} - conocidos)
        grados += [(g, self.nombre_grado(g)) for g in extra]
        filas = []
        for etapa in sorted({e for e, _g, _m in planeadas | visitas.keys()} | set(meses_etapa)):
            grados_etapa = []
            for grado, nombre in grados:
                celdas = [
                    {
                        "mes": mes,
                        "nombre_mes": NOMBRE_MES[mes],
                        "planeada": (etapa, grado, mes) in planeadas,
                        "visitas": visitas.get((etapa, grado, mes), 0),
                    }
                    for mes in meses
                ]
                if any(c["planeada"] or c["visitas"] for c in celdas):
                    grados_etapa.append({"grado": grado, "nombre": nombre, "celdas": celdas})
            if grados_etapa:
                filas.append(
                    {
                        "etapa": etapa,
                        "nombre": nombres.get(etapa, ""),
                        "meses": sorted(meses_etapa.get(etapa, ())),
                        "grados": grados_etapa,
                    }
                )
        return filas

    def avance(self) -> list[dict]:
        """Planned versus done, per stage (use with ``prefetch_related("celdas", "visitas")``): the grades
        the calendar plans to accompany in the stage, and those already visited in it."""
        planeados: dict[int, set[int]] = {}
        for celda in self.celdas.all():
            planeados.setdefault(celda.etapa, set()).add(celda.grado)
        visitados: dict[int, set[int]] = {}
        visitas: dict[int, int] = {}
        for visita in self.visitas.all():
            visitados.setdefault(visita.etapa, set()).add(visita.grado)
            visitas[visita.etapa] = visitas.get(visita.etapa, 0) + 1
        filas = []
        for etapa in sorted(planeados.keys() | visitados.keys()):
            plan, hechos = planeados.get(etapa, set()), visitados.get(etapa, set())
            filas.append(
                {
                    "etapa": etapa,
                    "planeados": len(plan),
                    "visitados": len(plan & hechos),
                    "fuera_de_plan": len(hechos - plan),
                    "visitas": visitas.get(etapa, 0),
                    "pendientes": [self.nombre_grado(g) for g in sorted(plan - hechos)],
                    "porcentaje": round(100 * len(plan & hechos) / len(plan)) if plan else None,
                }
            )
        return filas


@historial.seguir()
class Actividad(Ordenado):
    """A row of the plan's "actividades y cronograma" (diagnosis, planning, monitoring, report)."""

    plan = models.ForeignKey(PlanMonitoreo, models.CASCADE, related_name="actividades")
    orden_dentro_de = ("plan",)
    actividad = models.CharField(_("actividad"), max_length=200)
    responsable = models.CharField(_("responsable"), max_length=150, blank=True)
    cronograma = models.CharField(_("cronograma"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades y cronograma")
        ordering = ["plan_id", "orden"]

    def __str__(self):
        return self.actividad


@historial.seguir()
class Enfoque(Ordenado):
    """One of the plan's relevant theoretical approaches: its name and what it means for the plan."""

    plan = models.ForeignKey(PlanMonitoreo, models.CASCADE, related_name="enfoques")
    orden_dentro_de = ("plan",)
    nombre = models.CharField(_("enfoque"), max_length=200, blank=True)
    texto = models.TextField(_("en qué consiste"), blank=True)

    class Meta:
        verbose_name = _("enfoque teórico")
        verbose_name_plural = _("enfoques teóricos relevantes")
        ordering = ["plan_id", "orden"]

    def __str__(self):
        return self.nombre or self.texto[:60]


@historial.seguir()
class Objetivo(Ordenado):
    """One of the plan's objectives, in the plan's order."""

    plan = models.ForeignKey(PlanMonitoreo, models.CASCADE, related_name="objetivos")
    orden_dentro_de = ("plan",)
    texto = models.TextField(_("objetivo"))

    class Meta:
        verbose_name = _("objetivo")
        verbose_name_plural = _("objetivos")
        ordering = ["plan_id", "orden"]

    def __str__(self):
        return self.texto[:80]


@historial.seguir()
class Etapa(Ordenado):
    """A named stage of the plan (diagnosis, first round of visits…) with its months inside the plan's
    period. Its number is its place in the plan's list (``orden``): the calendar's cells and the
    visits name the stage by that number."""

    plan = models.ForeignKey(PlanMonitoreo, models.CASCADE, related_name="etapas_del_plan")
    orden_dentro_de = ("plan",)
    orden_maximo = MAX_ETAPAS
    nombre = models.CharField(_("nombre de la etapa"), max_length=100, blank=True)
    meses = ArrayField(
        models.PositiveSmallIntegerField(choices=MESES), verbose_name=_("meses"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("etapa")
        verbose_name_plural = _("etapas")
        ordering = ["plan_id", "orden"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meses__contained_by=[m for m, _n in MESES]),
                name="etapa_meses_del_anio_escolar",
                violation_error_message=_("Los meses de una etapa van de marzo a diciembre."),
            )
        ]

    def __str__(self):
        return self.nombre or str(_("Etapa %(n)d") % {"n": self.orden})


@historial.seguir()
class Celda(models.Model):
    """One planned cell of the calendar: in this stage, this grade is accompanied in this month."""

    plan = models.ForeignKey(PlanMonitoreo, models.CASCADE, related_name="celdas")
    etapa = models.PositiveSmallIntegerField(_("etapa"))
    grado = models.PositiveSmallIntegerField(_("grado"), choices=Grado.choices)
    mes = models.PositiveSmallIntegerField(_("mes"), choices=MESES)

    class Meta:
        verbose_name = _("celda del calendario")
        verbose_name_plural = _("calendario")
        ordering = ["plan_id", "etapa", "grado", "mes"]
        constraints = [
            # Deferrable: renumbering the stages moves cells through each other's numbers.
            models.UniqueConstraint(
                fields=["plan", "etapa", "grado", "mes"],
                name="celda_unica",
                deferrable=models.Deferrable.IMMEDIATE,
            ),
            models.CheckConstraint(
                condition=Q(etapa__gte=1, etapa__lte=MAX_ETAPAS)
                & Q(grado__gte=1, grado__lte=MAX_GRADOS)
                & Q(mes__gte=PRIMER_MES, mes__lte=ULTIMO_MES),
                name="celda_dentro_del_calendario",
            ),
        ]

    def __str__(self):
        return f"Etapa {self.etapa} · {self.get_grado_display()} · {self.get_mes_display()}"


def meses_por_etapa(plan: "PlanMonitoreo") -> dict[int, set[int]]:
    """The months of each stage: those the stage names and those its cells mark (use with
    ``prefetch_related("etapas_del_plan", "celdas")``)."""
    meses: dict[int, set[int]] = {}
    for etapa in plan.etapas_del_plan.all():
        if etapa.meses:
            meses.setdefault(etapa.orden, set()).update(etapa.meses)
    for celda in plan.celdas.all():
        meses.setdefault(celda.etapa, set()).add(celda.mes)
    return meses


def etapa_de_la_fecha(plan: "PlanMonitoreo", fecha) -> int | None:
    """The stage whose months contain the date (the first, when two share a month); None if none."""
    for etapa, meses in sorted(meses_por_etapa(plan).items()):
        if fecha.month in meses:
            return etapa
    return None


def clave_docente(nombre: str) -> str:
    """How a teacher's name is compared within an institution: no case, no accents, single spaces."""
    sin_tildes = unicodedata.normalize("NFKD", nombre or "")
    sin_tildes = "".join(c for c in sin_tildes if not unicodedata.combining(c))
    return " ".join(sin_tildes.casefold().split())


@historial.seguir()
class Docente(models.Model):
    """A teacher of an institution, chosen in its visits (so one person is not spelled three ways)."""

    institucion = models.ForeignKey(
        Institucion, models.CASCADE, related_name="docentes", verbose_name=_("institución")
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    clave = models.CharField(max_length=150, editable=False)

    class Meta:
        verbose_name = _("docente")
        verbose_name_plural = _("docentes")
        ordering = ["institucion_id", "nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["institucion", "clave"],
                name="docente_uno_por_nombre",
                violation_error_message=_("Este docente ya está en la lista de la institución."),
            )
        ]

    def __str__(self):
        return self.nombre

    def save(self, *args, **kwargs):
        self.clave = clave_docente(self.nombre)
        super().save(*args, **kwargs)


def _nivel(numero: int):
    return models.PositiveSmallIntegerField(
        format_lazy("{} {}", _("rúbrica"), numero),
        choices=Nivel.choices,
        null=True,
        blank=True,
        help_text=_("Vacío si no se observó."),
    )


@historial.seguir()
class Visita(models.Model):
    """A classroom visit: who was observed, where in the plan, the rubric levels and what was agreed."""

    plan = models.ForeignKey(PlanMonitoreo, models.CASCADE, related_name="visitas")
    docente = models.CharField(_("docente"), max_length=150)  # the name, as on the list when recorded
    profesor = models.ForeignKey(
        Docente, models.PROTECT, null=True, blank=True, related_name="visitas", verbose_name=_("docente")
    )
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices, default=Tipo.MONITOREO)
    planificada = models.BooleanField(
        _("planificada"), default=True, help_text=_("Falso: una visita fuera de los meses de su etapa.")
    )
    # The new-visit form's one-time key: the same form sent twice records one visit.
    token = models.UUIDField(null=True, blank=True, editable=False)
    grado = models.PositiveSmallIntegerField(_("grado"), choices=Grado.choices)
    etapa = models.PositiveSmallIntegerField(
        _("etapa"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ETAPAS)]
    )
    fecha = models.DateField(_("fecha"))
    rubrica_1 = _nivel(1)
    rubrica_2 = _nivel(2)
    rubrica_3 = _nivel(3)
    rubrica_4 = _nivel(4)
    rubrica_5 = _nivel(5)
    notas = models.TextField(_("notas del cuaderno de campo"), blank=True)
    compromisos = models.TextField(_("compromisos asumidos"), blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registrada = models.DateTimeField(_("registrada"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("visita")
        verbose_name_plural = _("visitas")
        ordering = ["plan_id", "fecha", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(etapa__gte=1, etapa__lte=MAX_ETAPAS) & Q(grado__gte=1, grado__lte=MAX_GRADOS),
                name="visita_dentro_del_calendario",
            ),
            models.UniqueConstraint(fields=["plan", "token"], name="visita_un_envio"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{campo}__isnull": True}) | Q(**{f"{campo}__gte": 1, f"{campo}__lte": 4}),
                    name=f"visita_{campo}_nivel",
                )
                for campo, _nombre in RUBRICAS
            ],
        ]

    def __str__(self):
        return f"{self.docente} · {self.get_grado_display()} · {self.fecha:%d/%m/%Y}"

    def clean(self):
        """A visit belongs to its plan's period and to one of the stages its calendar marks."""
        if not self.plan_id or self.fecha is None:
            return
        errores = {}
        plan = self.plan
        if self.fecha.year != plan.anio or not plan.mes_inicio <= self.fecha.month <= plan.mes_fin:
            errores["fecha"] = _(
                "La visita debe caer dentro del periodo del plan (%(inicio)s a %(fin)s de %(anio)d)."
            ) % {
                "inicio": plan.get_mes_inicio_display().lower(),
                "fin": plan.get_mes_fin_display().lower(),
                "anio": plan.anio,
            }
        if self.profesor_id and self.profesor.institucion_id != plan.institucion_id:
            errores["profesor"] = _("Ese docente no es de la institución del plan.")
        if self.etapa is not None and self.etapa not in plan.etapas():
            errores["etapa"] = _("El calendario del plan no tiene la etapa %(n)d.") % {"n": self.etapa}
        if errores:
            raise ValidationError(errores)

    def niveles(self) -> list[tuple[str, int | None, str]]:
        """(rubric, level, its label I–IV or "") in the rubrics' order; None: not observed."""
        return [
            (nombre, nivel, Nivel(nivel).label if nivel else "")
            for campo, nombre in RUBRICAS
            for nivel in [getattr(self, campo)]
        ]
