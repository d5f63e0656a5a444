"""A school's classroom coaching and monitoring plan (seeds/004): its general data, the calendar of
stages × grades × months, and the visits with the levels observed in the classroom-observation
rubrics of the plan's year (Rubrica: reference data by year)."""

import unicodedata

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import historial
from comun import versiones
from comun.modelos import Ordenado
from cuentas.alcance import alcance_de
from territorio.models import Institucion, Modalidad

# Counted per UGEL (comun.versiones), beside its territory's "territorio.ugel": what the coverage
# page and a plan page's body show of the UGEL's schools changed (a plan, its stages and lists, its
# calendar, a visit, its observed levels). "monitoreo.rubricas" (key 0): the rubrics, shown by every
# UGEL. PostgreSQL raises them in the statement of the change, whatever writes it.
POR_UGEL = "monitoreo.ugel"
RUBRICAS = "monitoreo.rubricas"
_UGEL_DEL_PLAN = (
    "SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p"
    " ON p.institucion_id = i.id WHERE p.id IN (SELECT plan_id FROM {filas})"
)


def _por_ugel_del_plan(nombre: str) -> list:
    return versiones.disparadores(nombre, POR_UGEL, _UGEL_DEL_PLAN)


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


class RubricaQuerySet(models.QuerySet):
    def del_anio(self, anio: int):
        """The rubrics in force in that year, in their order (the 2017 manual had six, today five)."""
        return self.filter(
            Q(anio_desde__isnull=True) | Q(anio_desde__lte=anio),
            Q(anio_hasta__isnull=True) | Q(anio_hasta__gte=anio),
        ).order_by("orden", "pk")


class Rubrica(models.Model):
    """One of the Ministry's classroom-observation rubrics (Rúbricas de observación de aula), with the
    years it is in force and what each level I–IV means in it. Reference data: the Administrador keeps
    it in the admin; the plans of a year observe the rubrics of that year."""

    nombre = models.CharField(_("nombre"), max_length=200)
    orden = models.PositiveSmallIntegerField(
        _("orden"), help_text=_("Su lugar en la lista del año (R1, R2…): de menor a mayor.")
    )
    anio_desde = models.PositiveSmallIntegerField(
        _("vigente desde el año"), null=True, blank=True, help_text=_("Vacío: desde siempre.")
    )
    anio_hasta = models.PositiveSmallIntegerField(
        _("vigente hasta el año"), null=True, blank=True, help_text=_("Vacío: sigue vigente.")
    )
    nivel_1 = models.TextField(_("nivel I"), help_text=_("Qué significa el nivel I en esta rúbrica."))
    nivel_2 = models.TextField(_("nivel II"))
    nivel_3 = models.TextField(_("nivel III"))
    nivel_4 = models.TextField(_("nivel IV"))

    objects = RubricaQuerySet.as_manager()

    class Meta:
        verbose_name = _("rúbrica de observación de aula")
        verbose_name_plural = _("rúbricas de observación de aula")
        ordering = ["orden", "pk"]
        triggers = versiones.disparadores("cobertura_rubrica", RUBRICAS)
        constraints = [
            models.CheckConstraint(
                condition=Q(anio_desde__isnull=True)
                | Q(anio_hasta__isnull=True)
                | Q(anio_desde__lte=models.F("anio_hasta")),
                name="rubrica_vigencia_en_orden",
                violation_error_message=_("El año de término no puede ser anterior al de inicio."),
            ),
        ]

    def __str__(self):
        return self.nombre

    def descriptor(self, nivel: int) -> str:
        """What the level (1–4) means in this rubric."""
        return getattr(self, f"nivel_{nivel}", "") if nivel in Nivel.values else ""

    def descriptores(self) -> dict[int, str]:
        return {nivel: self.descriptor(nivel) for nivel in Nivel.values}


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
        triggers = versiones.disparadores(
            "cobertura_plan",
            POR_UGEL,
            "SELECT i.ugel_id FROM territorio_institucion i"
            " WHERE i.id IN (SELECT institucion_id FROM {filas})",
        )
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

    def rubricas(self) -> list["Rubrica"]:
        """The rubrics of the plan's year, in their order (one query, then kept on the plan)."""
        if getattr(self, "_rubricas", None) is None or self._rubricas_anio != self.anio:
            self._rubricas = list(Rubrica.objects.del_anio(self.anio))
            self._rubricas_anio = self.anio
        return self._rubricas

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
        triggers = _por_ugel_del_plan("cobertura_actividad")

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
        triggers = _por_ugel_del_plan("cobertura_enfoque")

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
        triggers = _por_ugel_del_plan("cobertura_objetivo")

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
        triggers = _por_ugel_del_plan("cobertura_etapa")
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
        triggers = _por_ugel_del_plan("cobertura_celda")
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
    notas = models.TextField(_("notas del cuaderno de campo"), blank=True)
    fortalezas = models.TextField(_("fortalezas observadas"), blank=True)
    aspectos_mejorar = models.TextField(_("aspectos a mejorar"), blank=True)
    compromisos = models.TextField(_("compromisos asumidos"), blank=True)
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registrada = models.DateTimeField(_("registrada"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("visita")
        verbose_name_plural = _("visitas")
        ordering = ["plan_id", "fecha", "pk"]
        triggers = _por_ugel_del_plan("cobertura_visita")
        constraints = [
            models.CheckConstraint(
                condition=Q(etapa__gte=1, etapa__lte=MAX_ETAPAS) & Q(grado__gte=1, grado__lte=MAX_GRADOS),
                name="visita_dentro_del_calendario",
            ),
            models.UniqueConstraint(fields=["plan", "token"], name="visita_un_envio"),
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
        """(rubric, level, its label I–IV or "") for each rubric of the plan's year, in their order;
        None: not observed (use with ``prefetch_related("visitas__observaciones")`` on the plan)."""
        observados = {o.rubrica_id: o.nivel for o in self.observaciones.all()}
        return [
            (r.nombre, nivel, Nivel(nivel).label if nivel else "")
            for r in self.plan.rubricas()
            for nivel in [observados.get(r.pk)]
        ]


@historial.seguir()
class Observacion(models.Model):
    """The level (I–IV) a visit observed in one rubric; a rubric not observed has none."""

    visita = models.ForeignKey(Visita, models.CASCADE, related_name="observaciones")
    rubrica = models.ForeignKey(
        Rubrica, models.PROTECT, related_name="observaciones", verbose_name=_("rúbrica")
    )
    nivel = models.PositiveSmallIntegerField(_("nivel"), choices=Nivel.choices)

    class Meta:
        verbose_name = _("nivel observado")
        verbose_name_plural = _("niveles observados")
        ordering = ["visita_id", "rubrica__orden", "rubrica_id"]
        triggers = versiones.disparadores(
            "cobertura_observacion",
            POR_UGEL,
            "SELECT i.ugel_id FROM territorio_institucion i JOIN monitoreo_planmonitoreo p"
            " ON p.institucion_id = i.id JOIN monitoreo_visita v ON v.plan_id = p.id"
            " WHERE v.id IN (SELECT visita_id FROM {filas})",
        )
        constraints = [
            models.UniqueConstraint(fields=["visita", "rubrica"], name="observacion_una_por_rubrica"),
            models.CheckConstraint(condition=Q(nivel__gte=1, nivel__lte=4), name="observacion_nivel_i_a_iv"),
        ]

    def __str__(self):
        return f"{self.rubrica} · {self.get_nivel_display()}"
