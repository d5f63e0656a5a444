"""The yearly balance of the regional guidelines: campaigns, matrices and their review."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Case, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import historial
from comun import versiones
from comun.filas_json import columnas, en_cache, instancia
from comun.modelos import Ordenado
from comun.texto import una_linea
from cuentas.alcance import alcance_de
from territorio.models import POR_UGEL as TERRITORIO_POR_UGEL
from territorio.models import Dre, Institucion, Modalidad, Ugel, en_alcance

MAX_LOGROS = 3
MAX_DIFICULTADES = 3
MAX_COMPROMISOS = 3
# A matrix the director can fill in one sitting: a campaign holds at most this many lineamientos.
MAX_LINEAMIENTOS = 12


def plazo_fuera_de_rango(anio: int | None, fecha_limite) -> str | None:
    """Why a campaign's deadline is refused (beyond the year after the campaign's: a typo in the
    year, which would keep the campaign open for years), or None."""
    if anio and fecha_limite and fecha_limite.year > anio + 1:
        return _(
            "La fecha límite puede ser a más tardar el 31/12/%(anio)d, el año siguiente al de la "
            "campaña. Revisa el año."
        ) % {"anio": anio + 1}
    return None


NOTA_LOGROS = _(
    "Los logros deben estar descritos de manera cuantitativa y cualitativa, y deben estar respaldados "
    "con la suficiente evidencia que sustente dicho logro."
)

# Modalities that fill the yearly balance matrix of the regional guidelines.
MODALIDADES_BALANCE = (Modalidad.CEBA, Modalidad.CETPRO)


def dirige_balance(user) -> bool:
    """Whether the user directs a CEBA/CETPRO, which fills a balance matrix (no query: the scope)."""
    return bool(alcance_de(user).instituciones_de(MODALIDADES_BALANCE))


validar_enlace = URLValidator(
    schemes=["http", "https"],
    message=_(
        "Escribe un enlace completo que empiece con http:// o https:// (por ejemplo, tu carpeta de Drive)."
    ),
)


# The years a campaign may have (Campana.anio's validators): any other year in an address is a 404.
ANIO_MINIMO, ANIO_MAXIMO = 2020, 2100


# Counted per campaign (comun.versiones): what the boards' charts count of its matrices changed.
CAMBIOS_CAMPANA = "balance.campana"
# Counted per matrix (comun.versiones, raised by the triggers of the matrix and of every table whose
# rows its pages show: rows, logros, dificultades, compromisos, follow-ups, observations of past
# rounds, sends, lineamientos): what keys the kept drawing of its detail and edit pages
# (balance.paginas). The previous balance shown beside it is keyed by its own number.
CAMBIOS_MATRIZ = "balance.matriz"
# The list of difficulty categories (one key, 0): the pages show their names and offer them.
CAMBIOS_CATEGORIAS = "balance.categorias"
# Counted per UGEL (comun.versiones, raised by a trigger on the matrices): what the DRE board shows of
# the matrices of the UGEL's schools changed, in any campaign: a situation, an opened review, a
# progress figure (not every autosave: only one that changes the figure). Per UGEL, not per
# campaign: the schools of a DRE-wide campaign do not queue on one number as they autosave.
AVANCE_POR_UGEL = "balance.avance_ugel"


class CampanaQuerySet(models.QuerySet):
    def con_modificaciones(self):
        """What the boards' cached charts are keyed by, read with each campaign as ``modificaciones``
        (a text): its change number (Campana.marcar_cambio) and the territory's numbers of its UGELs
        (territorio.ugel), since which of its matrices a specialist sees follows where each school
        is: a school moved to another UGEL changes both."""
        campana = versiones.sql(CAMBIOS_CAMPANA, '"balance_campana"."id"')
        territorio = versiones.lista_sql(
            TERRITORIO_POR_UGEL,
            'SELECT u.id FROM territorio_ugel u WHERE u.id = "balance_campana"."ugel_id"'
            ' OR u.dre_id = "balance_campana"."dre_id"',
        )
        clave = RawSQL(f"concat_ws(':', {campana}, {territorio})", [], output_field=models.TextField())
        return self.annotate(modificaciones=clave)

    def de_dre(self, dre, anio: int):
        """A year's campaigns over a DRE: those of its UGELs and the DRE-wide one."""
        return self.filter(anio=anio).filter(Q(ugel__dre=dre) | Q(dre=dre))

    def visible_to(self, user):
        """Campaigns whose scope (a UGEL or a DRE) touches the user's scope."""
        if alcance_de(user).nacional:
            return self.all()
        return self.filter(
            Q(ugel__in=Ugel.objects.visible_to(user)) | Q(dre__in=Dre.objects.visible_to(user))
        )


@historial.seguir(estado="abierta")
class Campana(models.Model):
    anio = models.PositiveSmallIntegerField(
        _("año"), validators=[MinValueValidator(ANIO_MINIMO), MaxValueValidator(ANIO_MAXIMO)]
    )
    titulo = models.CharField(_("título"), max_length=200)
    ugel = models.ForeignKey(
        Ugel, models.PROTECT, null=True, blank=True, related_name="campanas", verbose_name=_("UGEL")
    )
    dre = models.ForeignKey(
        Dre, models.PROTECT, null=True, blank=True, related_name="campanas", verbose_name=_("DRE")
    )
    fecha_limite = models.DateField(_("fecha límite"))
    abierta = models.BooleanField(_("abierta"), default=False)
    creada = models.DateTimeField(_("creada"), auto_now_add=True)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CampanaQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaña")
        verbose_name_plural = _("campañas")
        ordering = ["-anio", "titulo"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ugel__isnull=False, dre__isnull=True) | Q(ugel__isnull=True, dre__isnull=False),
                name="campana_ambito_ugel_o_dre",
                violation_error_message=_("Elige una UGEL o una DRE (solo una) como ámbito de la campaña."),
            ),
            models.UniqueConstraint(
                fields=["anio", "ugel", "dre"],
                nulls_distinct=False,
                name="campana_unica_por_anio_y_ambito",
                violation_error_message=_("Ya existe una campaña de ese año para ese ámbito."),
            ),
        ]

    def __str__(self):
        return self.titulo

    def clean(self):
        # One line, without control characters: the title reaches every workbook and PDF.
        self.titulo = una_linea(self.titulo)
        # The forms hold the deadline to the campaign's next year (plazo_fuera_de_rango); every path
        # (the admin, the deadline confirmed at opening) at least to the last year Chasqui knows, so
        # that "campaña siguiente" can always add a year (9999-12-31 plus one year does not exist).
        if self.fecha_limite and not ANIO_MINIMO <= self.fecha_limite.year <= ANIO_MAXIMO + 1:
            raise ValidationError(
                {
                    "fecha_limite": _("La fecha límite debe estar entre %(min)d y %(max)d. Revisa el año.")
                    % {"min": ANIO_MINIMO, "max": ANIO_MAXIMO + 1}
                }
            )

    @property
    def ambito(self):
        return self.ugel or self.dre

    @staticmethod
    def marcar_cambio(campana_id: int) -> None:
        """Count a change of what the boards count in the campaign's matrices (a matrix's state, its
        first edit, its difficulties): a new number of the campaign (comun.versiones,
        CAMBIOS_CAMPANA), read by ``con_modificaciones``. Called by balance.services inside the
        transaction of the change, last: the number's row stays locked only until the commit, so
        the schools of a campaign queue on it for no more than that. Not a trigger: an autosave of
        other text leaves the charts, and their cache, alone."""
        versiones.subir(CAMBIOS_CAMPANA, campana_id)

    def instituciones(self):
        """The CEBA/CETPRO this campaign covers."""
        qs = Institucion.objects.filter(modalidad__in=MODALIDADES_BALANCE)
        return qs.filter(ugel=self.ugel) if self.ugel_id else qs.filter(ugel__dre=self.dre)

    @property
    def vencida(self) -> bool:
        return timezone.localdate() > self.fecha_limite

    @property
    def dias_restantes(self) -> int:
        return (self.fecha_limite - timezone.localdate()).days

    @property
    def abierta_alguna_vez(self) -> bool:
        """Whether the campaign was ever opened (opening gives every school its matrix): a new one
        reads "sin abrir", not "cerrada". Uses the list's ``con_matrices`` annotation when present."""
        if self.abierta:
            return True
        con_matrices = getattr(self, "con_matrices", None)
        return self.matrices.exists() if con_matrices is None else con_matrices

    @property
    def recibe_envios(self) -> bool:
        return self.abierta and not self.vencida


@historial.seguir()
class Lineamiento(Ordenado):
    campana = models.ForeignKey(Campana, models.CASCADE, related_name="lineamientos")
    orden_dentro_de = ("campana",)
    nombre = models.CharField(_("nombre"), max_length=150)

    class Meta:
        verbose_name = _("lineamiento")
        verbose_name_plural = _("lineamientos")
        ordering = ["campana", "orden"]
        constraints = [
            models.UniqueConstraint(fields=["campana", "nombre"], name="lineamiento_nombre_unico"),
        ]
        # Its name and place show on every matrix page of the campaign (rare: before it opens).
        triggers = versiones.disparadores(
            "lineamiento_pagina",
            CAMBIOS_MATRIZ,
            "SELECT f.matriz_id FROM balance_fila f WHERE f.lineamiento_id IN (SELECT id FROM {filas})",
        )

    def __str__(self):
        return self.nombre


class Estado(models.TextChoices):
    BORRADOR = "borrador", _("Borrador")
    ENVIADA = "enviada", _("Enviada")
    OBSERVADA = "observada", _("Observada")
    APROBADA = "aprobada", _("Aprobada")


# What the board shows: a draft nobody has touched yet is "sin iniciar".
class Situacion(models.TextChoices):
    SIN_INICIAR = "sin_iniciar", _("Sin iniciar")
    BORRADOR = "borrador", _("Borrador")
    ENVIADA = "enviada", _("Enviada")
    OBSERVADA = "observada", _("Observada")
    APROBADA = "aprobada", _("Aprobada")


ESTADOS_EDITABLES = (Estado.BORRADOR, Estado.OBSERVADA)

# The matrices of the rows a statement touched (a row's logros, dificultades, past observations).
_MATRIZ_DE_LA_FILA = "SELECT f.matriz_id FROM balance_fila f WHERE f.id IN (SELECT fila_id FROM {filas})"


class MatrizQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Matrices of the institutions the user may see (Institucion.objects.visible_to)."""
        if alcance_de(user).nacional:
            return self.all()
        return self.filter(institucion__in=Institucion.objects.visible_to(user))

    def visible_to_unida(self, user):
        """``visible_to`` as a condition on the matrix's institution and UGEL joined (territorio's
        ``en_alcance``), not a semi-join with every institution in scope: for the queries that read
        their columns anyway (the boards), where PostgreSQL then filters the campaign's rows as it
        joins them (a DRE's board: 3,000 institutions of the DRE no longer read to filter 1,500
        matrices)."""
        alcance = alcance_de(user)
        if alcance.nacional:
            return self.all()
        return self.filter(en_alcance(alcance, "institucion__"))

    def por_completar(self, user):
        """The user's own matrices (as director) that still await them in an open campaign."""
        return self.filter(
            institucion_id__in=alcance_de(user).institucion_ids,
            campana__abierta=True,
            estado__in=ESTADOS_EDITABLES,
        )

    def propias(self, user):
        """The user's own matrices (as director) in open campaigns, whatever their state, with how many
        lineamientos the reviewer observed: where each stands, for the home page."""
        return self.filter(
            institucion_id__in=alcance_de(user).institucion_ids, campana__abierta=True
        ).annotate(n_observaciones=models.Count("filas", filter=~Q(filas__observacion="")))

    def por_revisar(self, user):
        """Sent matrices the user reviews (UGEL specialist of their institution, or Administrador)."""
        alcance = alcance_de(user)
        qs = self.filter(estado=Estado.ENVIADA)
        return qs if alcance.nacional else qs.filter(institucion__ugel_id__in=alcance.ugel_ids)

    def con_contenido_junto(self, *, pagina: bool = False):
        """con_contenido() read with the matrices instead of four prefetches: the same objects and
        caches, for the pages of one matrix, with the follow-ups; with `pagina`, the previous
        balance and the difficulty categories too (anterior_de, categorias_de). In the same query
        as the matrices (correlated subqueries that return each one's content as JSON); under
        select_for_update(), in a second query once the lock is held, so that the content is what
        the lock protects (a statement's subqueries see the data as it was when it started, before
        it waited for the lock). For fetching matrices (get, iteration; not iterator())."""
        qs = self._chain()
        qs._contenido_junto = "pagina" if pagina else "contenido"
        return qs

    def _clone(self):
        copia = super()._clone()
        copia._contenido_junto = getattr(self, "_contenido_junto", None)
        return copia

    def _fetch_all(self):
        junto = getattr(self, "_contenido_junto", None)
        if self._result_cache is not None or not junto or self._iterable_class is not ModelIterable:
            super()._fetch_all()
            return
        pagina = junto == "pagina"
        if self.query.select_for_update:
            super()._fetch_all()
            if self._result_cache:
                cargar_contenido(self._result_cache, using=self.db, pagina=pagina)
            return
        # This evaluation's own query (a clone's: get() and iteration evaluate a fresh one).
        expresiones = _sql_junto(f'"{Matriz._meta.db_table}"', pagina)
        nombres = _JUNTO[: len(expresiones)]
        for nombre, sql in zip(nombres, expresiones, strict=True):
            self.query.add_annotation(RawSQL(sql, ()), nombre, select=True)
        super()._fetch_all()
        for matriz in self._result_cache:
            _poner_junto(matriz, [matriz.__dict__.pop(n) for n in nombres], self.db)

    def con_contenido(self):
        """Rows (in lineamiento order), their logros and dificultades, and the compromisos."""
        return self.prefetch_related(
            models.Prefetch(
                "filas", queryset=Fila.objects.select_related("lineamiento").order_by("lineamiento__orden")
            ),
            "filas__logros",
            models.Prefetch("filas__dificultades", queryset=Dificultad.objects.select_related("categoria")),
            "compromisos",
        )

    def en_situacion(self, situacion: str):
        """The matrices in one Situacion (as con_situacion names them), without annotating."""
        if situacion == Situacion.SIN_INICIAR:
            return self.filter(estado=Estado.BORRADOR, editada_en__isnull=True)
        if situacion == Situacion.BORRADOR:
            return self.filter(estado=Estado.BORRADOR, editada_en__isnull=False)
        return self.filter(estado=situacion)

    def con_situacion(self):
        return self.annotate(
            situacion=Case(
                When(estado=Estado.BORRADOR, editada_en__isnull=True, then=Value(Situacion.SIN_INICIAR)),
                default="estado",
                output_field=models.CharField(),
            )
        )


# What every autosave touches (the optimistic lock, the progress, who edited last and when) stays out
# of the matrix's history: the content rows record what was written, by whom and when.
@historial.seguir(
    estado="estado",
    excluir=(
        "actualizada",
        "version",
        "progreso",
        "editada_en",
        "editada_por",
        "revision_abierta_en",
        "ronda",
    ),
)
class Matriz(models.Model):
    campana = models.ForeignKey(Campana, models.CASCADE, related_name="matrices", verbose_name=_("campaña"))
    institucion = models.ForeignKey(
        Institucion, models.PROTECT, related_name="matrices", verbose_name=_("institución")
    )
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.BORRADOR)
    # Optimistic lock: each save of the content bumps it; a save carrying an older one is refused.
    version = models.PositiveIntegerField(_("versión"), default=1)
    # Share of the pieces required to send (0-100), kept up to date by the service that saves.
    progreso = models.PositiveSmallIntegerField(_("avance"), default=0)
    # What the board, the lists and the consolidated exports show for thousands of matrices at once:
    # the last edit, the send and the approval, written by the same service, in the same transaction,
    # as the history entry they summarise. The history (historial.entradas) stays the record of who
    # did what and why; these are its latest values, kept where one query can read them.
    editada_en = models.DateTimeField(_("última edición"), null=True, blank=True)
    editada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actualizada = models.DateTimeField(_("último cambio"), auto_now=True)
    enviada_en = models.DateTimeField(_("enviada el"), null=True, blank=True)
    aprobada_en = models.DateTimeField(_("aprobada el"), null=True, blank=True)
    aprobada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The review round the matrix is in: round 1 starts with the first send, each later send starts
    # the next one. Fila.observacion holds the current round's observations only; when a new round
    # starts they move to ObservacionDeRonda, readable in the history of rounds.
    ronda = models.PositiveSmallIntegerField(_("ronda de revisión"), default=1)
    # When a UGEL reviewer first opened the sent matrix's review page in this round: from then on
    # the director can no longer withdraw it. Cleared by every send.
    revision_abierta_en = models.DateTimeField(_("revisión abierta el"), null=True, blank=True)

    objects = MatrizQuerySet.as_manager()

    class Meta:
        verbose_name = _("matriz de balance")
        verbose_name_plural = _("matrices de balance")
        ordering = ["campana", "institucion__nombre"]
        indexes = [
            # The sent matrices waiting for review, per campaign (the home's balance section; a national
            # user counts every campaign's): a few hundred entries, not every matrix of five years.
            models.Index(
                fields=["campana", "institucion"],
                condition=models.Q(estado="enviada"),
                name="matriz_enviadas",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campana", "institucion"],
                name="matriz_unica_por_campana",
                violation_error_message=_("Esta institución ya tiene su matriz en la campaña."),
            )
        ]
        # What the boards keep of a campaign (its counts per situation, the order of its list)
        # follows every write of a matrix's situation, whoever makes it (the services also raise
        # it, with Campana.marcar_cambio; the admin's delete, a data fix in SQL do not call them).
        # An autosave, which changes neither, raises nothing.
        triggers = (
            versiones.disparadores(
                "matriz_campana",
                CAMBIOS_CAMPANA,
                "SELECT campana_id FROM {filas}",
                si_cambia="v.estado IS DISTINCT FROM n.estado"
                " OR (v.editada_en IS NULL) <> (n.editada_en IS NULL)"
                " OR v.institucion_id <> n.institucion_id OR v.campana_id <> n.campana_id",
            )
            + versiones.disparadores("matriz_pagina", CAMBIOS_MATRIZ, "SELECT id FROM {filas}")
            + versiones.disparadores(
                # What the DRE board shows per UGEL (AVANCE_POR_UGEL): also a matrix's progress and
                # whether its review was opened, which an autosave or the reviewer's first look change.
                "matriz_avance_ugel",
                AVANCE_POR_UGEL,
                "SELECT i.ugel_id FROM territorio_institucion i"
                " WHERE i.id IN (SELECT institucion_id FROM {filas})",
                si_cambia="v.progreso IS DISTINCT FROM n.progreso"
                " OR (v.revision_abierta_en IS NULL) <> (n.revision_abierta_en IS NULL)"
                " OR v.estado IS DISTINCT FROM n.estado OR (v.editada_en IS NULL) <> (n.editada_en IS NULL)"
                " OR v.institucion_id <> n.institucion_id OR v.campana_id <> n.campana_id",
            )
        )

    def __str__(self):
        return f"{self.campana.titulo} — {self.institucion.nombre}"

    @property
    def editable(self) -> bool:
        return self.estado in ESTADOS_EDITABLES and self.campana.abierta

    def faltantes(self) -> list[tuple["Lineamiento", list[str]]]:
        """What is still missing to send, per lineamiento, in the users' words.

        Reads filas, their logros and dificultades: prefetch them when calling this in a loop.
        """
        resultado = []
        for fila in self.filas.all():
            falta = fila.faltantes()
            if falta:
                resultado.append((fila.lineamiento, falta))
        return resultado

    def calcular_progreso(self) -> int:
        filas = list(self.filas.all())
        if not filas:
            return 0
        hechas = sum(PIEZAS_POR_FILA - len(fila.faltantes()) for fila in filas)
        return round(100 * hechas / (PIEZAS_POR_FILA * len(filas)))


@historial.seguir()
class Fila(models.Model):
    """One row of the matrix: what the institution did for one lineamiento."""

    matriz = models.ForeignKey(Matriz, models.CASCADE, related_name="filas")
    lineamiento = models.ForeignKey(Lineamiento, models.PROTECT, related_name="filas")
    acciones = models.TextField(_("acciones realizadas"), max_length=2000, blank=True)
    sugerencias = models.TextField(_("sugerencias"), max_length=1500, blank=True)
    enlace_evidencias = models.URLField(
        _("enlace de las evidencias"), max_length=500, blank=True, validators=[validar_enlace]
    )
    observacion = models.TextField(_("observación de la UGEL"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("fila de la matriz")
        verbose_name_plural = _("filas de la matriz")
        ordering = ["matriz", "lineamiento__orden"]
        constraints = [models.UniqueConstraint(fields=["matriz", "lineamiento"], name="fila_unica")]
        triggers = versiones.disparadores("fila_pagina", CAMBIOS_MATRIZ, "SELECT matriz_id FROM {filas}")

    def __str__(self):
        return str(self.lineamiento)

    def faltantes(self) -> list[str]:
        return [mensaje for _parte, mensaje in self.partes_faltantes()]

    def partes_faltantes(self) -> list[tuple[str, str]]:
        """What is missing to send, as (part, message): the part is "acciones", "logro",
        "dificultad" or "sugerencias", so the page can put each message next to its field."""
        falta = []
        if not self.acciones.strip():
            falta.append(("acciones", _("Describe las acciones realizadas.")))
        if not any(logro.completo for logro in self.logros.all()):
            falta.append(
                (
                    "logro",
                    _(
                        "Registra al menos un logro completo: cifra, qué cuenta, descripción cualitativa "
                        "y evidencia."
                    ),
                )
            )
        if not any(d.texto.strip() for d in self.dificultades.all()):
            falta.append(("dificultad", _("Señala al menos una dificultad.")))
        if not self.sugerencias.strip():
            falta.append(("sugerencias", _("Escribe una sugerencia para el próximo año.")))
        return falta

    @property
    def progreso(self) -> int:
        return round(100 * (PIEZAS_POR_FILA - len(self.faltantes())) / PIEZAS_POR_FILA)


# acciones, a complete logro, a dificultad, sugerencias
PIEZAS_POR_FILA = 4


class ObservacionDeRonda(models.Model):
    """An observation of a closed review round: what the UGEL wrote on one lineamiento in that round.
    The current round's observations live on Fila.observacion; a new round moves them here."""

    fila = models.ForeignKey(Fila, models.CASCADE, related_name="observaciones_anteriores")
    ronda = models.PositiveSmallIntegerField(_("ronda"))
    texto = models.TextField(_("observación de la UGEL"), max_length=2000)

    class Meta:
        verbose_name = _("observación de una ronda anterior")
        verbose_name_plural = _("observaciones de rondas anteriores")
        ordering = ["fila__matriz", "ronda", "fila__lineamiento__orden"]
        constraints = [models.UniqueConstraint(fields=["fila", "ronda"], name="observacion_unica_por_ronda")]
        triggers = versiones.disparadores("observacion_pagina", CAMBIOS_MATRIZ, _MATRIZ_DE_LA_FILA)

    def __str__(self):
        return self.texto[:80]


class EnvioDeMatriz(models.Model):
    """What the director sent at one send (one per review round): the content of every lineamiento
    and the compromisos, as balance.cambios.contenido writes it, so the reviewer of the next round
    sees what changed since the return. Written by services.matriz_enviar; a withdrawn send is gone."""

    matriz = models.ForeignKey(Matriz, models.CASCADE, related_name="envios")
    ronda = models.PositiveSmallIntegerField(_("ronda"))
    enviado = models.DateTimeField(_("enviado el"))
    enviado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contenido = models.JSONField(_("contenido enviado"), default=dict)

    class Meta:
        verbose_name = _("envío de una matriz")
        verbose_name_plural = _("envíos de matrices")
        ordering = ["matriz", "ronda"]
        constraints = [models.UniqueConstraint(fields=["matriz", "ronda"], name="envio_unico_por_ronda")]
        triggers = versiones.disparadores("envio_pagina", CAMBIOS_MATRIZ, "SELECT matriz_id FROM {filas}")

    def __str__(self):
        return f"{self.matriz_id} — {self.ronda}"


@historial.seguir()
class Logro(Ordenado):
    fila = models.ForeignKey(Fila, models.CASCADE, related_name="logros")
    orden_dentro_de = ("fila",)
    orden_maximo = MAX_LOGROS
    orden_mensaje = _("Se admiten hasta 3 logros por lineamiento.")
    cifra = models.DecimalField(_("cifra"), max_digits=12, decimal_places=2, null=True, blank=True)
    que_cuenta = models.CharField(_("qué cuenta la cifra"), max_length=200, blank=True)
    cualitativo = models.TextField(_("descripción cualitativa"), max_length=1000, blank=True)
    evidencia = models.URLField(
        _("enlace de la evidencia"), max_length=500, blank=True, validators=[validar_enlace]
    )

    class Meta:
        verbose_name = _("logro")
        verbose_name_plural = _("logros")
        ordering = ["fila", "orden"]
        triggers = versiones.disparadores("logro_pagina", CAMBIOS_MATRIZ, _MATRIZ_DE_LA_FILA)

    def __str__(self):
        return f"{self.cifra or ''} {self.que_cuenta}".strip() or f"Logro {self.orden}"

    @property
    def completo(self) -> bool:
        return self.cifra is not None and bool(self.que_cuenta and self.cualitativo and self.evidencia)


class CategoriaDificultadQuerySet(models.QuerySet):
    def activas(self):
        return self.filter(activa=True)


class CategoriaDificultad(models.Model):
    """A kind of difficulty (conectividad, asistencia…): the managed list the director tags each
    dificultad with, so a UGEL and a DRE can count what hurts across their schools."""

    nombre = models.CharField(_("nombre"), max_length=80, unique=True)
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)
    activa = models.BooleanField(
        _("activa"),
        default=True,
        help_text=_("Las inactivas ya no se ofrecen; las ya elegidas se conservan."),
    )

    objects = CategoriaDificultadQuerySet.as_manager()

    class Meta:
        verbose_name = _("categoría de dificultad")
        verbose_name_plural = _("categorías de dificultad")
        ordering = ["orden", "nombre"]
        triggers = versiones.disparadores("categoria_pagina", CAMBIOS_CATEGORIAS)

    def __str__(self):
        return self.nombre

    def clean(self):
        # One line, without control characters: the name reaches the workbooks and the charts.
        self.nombre = una_linea(self.nombre)


@historial.seguir()
class Dificultad(Ordenado):
    fila = models.ForeignKey(Fila, models.CASCADE, related_name="dificultades")
    orden_dentro_de = ("fila",)
    orden_maximo = MAX_DIFICULTADES
    orden_mensaje = _("Se admiten hasta 3 dificultades por lineamiento.")
    texto = models.TextField(_("dificultad"), max_length=600)
    categoria = models.ForeignKey(
        CategoriaDificultad,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="dificultades",
        verbose_name=_("categoría"),
    )

    class Meta:
        verbose_name = _("dificultad")
        verbose_name_plural = _("dificultades")
        ordering = ["fila", "orden"]
        triggers = versiones.disparadores("dificultad_pagina", CAMBIOS_MATRIZ, _MATRIZ_DE_LA_FILA)

    def __str__(self):
        return self.texto[:80]


@historial.seguir()
class Compromiso(Ordenado):
    """A commitment to improve next year, agreed with the UGEL (objective 2.2 of the guidance)."""

    matriz = models.ForeignKey(Matriz, models.CASCADE, related_name="compromisos")
    orden_dentro_de = ("matriz",)
    orden_maximo = MAX_COMPROMISOS
    orden_mensaje = _("Se admiten hasta 3 compromisos de mejora.")
    que = models.TextField(_("compromiso"), max_length=600, blank=True)
    responsable = models.CharField(_("responsable"), max_length=150, blank=True)
    plazo = models.DateField(_("plazo"), null=True, blank=True)

    class Meta:
        verbose_name = _("compromiso de mejora")
        verbose_name_plural = _("compromisos de mejora")
        ordering = ["matriz", "orden"]
        triggers = versiones.disparadores(
            "compromiso_pagina", CAMBIOS_MATRIZ, "SELECT matriz_id FROM {filas}"
        )

    def __str__(self):
        return self.que[:80]


class Avance(models.TextChoices):
    CUMPLIDO = "cumplido", _("Cumplido")
    EN_PROCESO = "en_proceso", _("En proceso")
    NO_CUMPLIDO = "no_cumplido", _("No cumplido")


@historial.seguir()
class SeguimientoCompromiso(models.Model):
    """How a compromiso of the institution's previous balance went (the guidance's objective 2.2),
    told by the director in this year's matrix and saved with it."""

    matriz = models.ForeignKey(Matriz, models.CASCADE, related_name="seguimientos")
    compromiso = models.ForeignKey(
        Compromiso, models.CASCADE, related_name="seguimientos", verbose_name=_("compromiso del año anterior")
    )
    avance = models.CharField(_("¿cómo te fue?"), max_length=12, choices=Avance.choices, blank=True)
    comentario = models.TextField(_("comentario"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("seguimiento de un compromiso")
        verbose_name_plural = _("seguimientos de compromisos")
        ordering = ["matriz", "compromiso__orden"]
        constraints = [
            models.UniqueConstraint(fields=["matriz", "compromiso"], name="seguimiento_unico_por_compromiso")
        ]
        triggers = versiones.disparadores(
            "seguimiento_pagina", CAMBIOS_MATRIZ, "SELECT matriz_id FROM {filas}"
        )

    def __str__(self):
        return f"{self.compromiso} — {self.get_avance_display()}"


def _sql_filas(a: str, m: str, hijos: bool = True) -> str:
    """The rows of the matrix whose table reference is `m` as JSON: each row, its lineamiento, its
    logros and its dificultades (with their categoria), in order (`a`: the prefix of the aliases).
    Without `hijos`, NULL for the logros and dificultades (not read)."""
    t = {x: x._meta.db_table for x in (Fila, Lineamiento, Logro, Dificultad, CategoriaDificultad)}
    f, l, lo, d, c = (f"{a}_{x}" for x in ("f", "l", "lo", "d", "c"))  # noqa: E741
    if not hijos:
        return f"""COALESCE((SELECT json_agg(json_build_array(
      json_build_array({columnas(Fila, f)}), json_build_array({columnas(Lineamiento, l)}), NULL, NULL
    ) ORDER BY {l}.orden)
    FROM {t[Fila]} {f} JOIN {t[Lineamiento]} {l} ON {l}.id = {f}.lineamiento_id
    WHERE {f}.matriz_id = {m}.id), '[]')"""
    return f"""COALESCE((SELECT json_agg(json_build_array(
      json_build_array({columnas(Fila, f)}),
      json_build_array({columnas(Lineamiento, l)}),
      COALESCE((SELECT json_agg(json_build_array({columnas(Logro, lo)}) ORDER BY {lo}.orden)
                FROM {t[Logro]} {lo} WHERE {lo}.fila_id = {f}.id), '[]'),
      COALESCE((SELECT json_agg(json_build_array(
                  json_build_array({columnas(Dificultad, d)}),
                  CASE WHEN {c}.id IS NULL THEN NULL
                       ELSE json_build_array({columnas(CategoriaDificultad, c)}) END
                ) ORDER BY {d}.orden)
                FROM {t[Dificultad]} {d} LEFT JOIN {t[CategoriaDificultad]} {c} ON {c}.id = {d}.categoria_id
                WHERE {d}.fila_id = {f}.id), '[]')
    ) ORDER BY {l}.orden)
    FROM {t[Fila]} {f} JOIN {t[Lineamiento]} {l} ON {l}.id = {f}.lineamiento_id
    WHERE {f}.matriz_id = {m}.id), '[]')"""


def _sql_compromisos(a: str, m: str) -> str:
    co = f"{a}_co"
    return f"""COALESCE((SELECT json_agg(json_build_array({columnas(Compromiso, co)}) ORDER BY {co}.orden)
            FROM {Compromiso._meta.db_table} {co} WHERE {co}.matriz_id = {m}.id), '[]')"""


@cache
def _sql_junto(m: str, pagina: bool) -> tuple[str, ...]:
    """The expressions that read, for the matrix whose table reference is `m`: its rows (with their
    children) and its compromisos, as JSON; its follow-ups of the previous balance's compromisos;
    with `pagina`, what a matrix page shows around it: the previous balance (the same institution's
    latest matrix in a campaign of the year before, as anteriores() finds it, with its campaign, its
    rows with their lineamiento and its compromisos) and the list of difficulty categories."""
    expresiones = [
        _sql_filas("jm", m),
        _sql_compromisos("jm", m),
        f"""COALESCE((SELECT json_agg(json_build_array({columnas(SeguimientoCompromiso, "js")})
                ORDER BY jsc.orden, js.id)
            FROM {SeguimientoCompromiso._meta.db_table} js JOIN {Compromiso._meta.db_table} jsc
              ON jsc.id = js.compromiso_id
            WHERE js.matriz_id = {m}.id), '[]')""",
    ]
    if pagina:
        campanas = Campana._meta.db_table
        expresiones += [
            f"""(SELECT json_build_array(
            json_build_array({columnas(Matriz, "jp")}), json_build_array({columnas(Campana, "jpc")}),
            {_sql_filas("jp", "jp", hijos=False)}, {_sql_compromisos("jp", "jp")})
     FROM {Matriz._meta.db_table} jp JOIN {campanas} jpc ON jpc.id = jp.campana_id
     WHERE jp.institucion_id = {m}.institucion_id
       AND jpc.anio = (SELECT jca.anio FROM {campanas} jca WHERE jca.id = {m}.campana_id) - 1
     ORDER BY jp.id DESC LIMIT 1)""",
            f"""COALESCE((SELECT json_agg(json_build_array({columnas(CategoriaDificultad, "jcd")})
                      ORDER BY jcd.orden, jcd.nombre)
            FROM {CategoriaDificultad._meta.db_table} jcd), '[]')""",
        ]
    return tuple(expresiones)


@cache
def _sql_contenido(pagina: bool = False) -> str:
    """_sql_junto's expressions for the matrices of the ids given, each after its id."""
    return f"""
SELECT m.id, {", ".join(_sql_junto("m", pagina))}
FROM {Matriz._meta.db_table} m WHERE m.id = ANY(%s)"""


# The annotations con_contenido_junto() adds, in _sql_junto's order.
_JUNTO = ("junto_filas", "junto_compromisos", "junto_seguimientos", "junto_anterior", "junto_categorias")


def cargar_contenido(matrices, using: str = DEFAULT_DB_ALIAS, *, pagina: bool = False) -> None:
    """What con_contenido() prefetches — rows in lineamiento order with their lineamiento, their
    logros and dificultades (with their categoria) in order, the compromisos in order — and the
    follow-ups (`matriz.seguimientos.all()`), read for all `matrices` in one query (the rows'
    children as JSON), left in the same caches. With `pagina`, in the same query, what
    anterior_de() and categorias_de() answer for each matrix (the previous balance, its campaign
    and content; the difficulty categories)."""
    por_id = {m.pk: m for m in matrices}
    with connections[using].cursor() as cursor:
        cursor.execute(_sql_contenido(pagina), [list(por_id)])
        resultado = cursor.fetchall()
    for matriz_id, *valores in resultado:
        _poner_junto(por_id[matriz_id], valores, using)


def _poner_junto(matriz, valores: list, using: str) -> None:
    """What _sql_junto's expressions read for `matriz`, into its caches."""
    filas_json, compromisos_json, seguimientos_json, *extra = valores
    _poner_contenido(matriz, filas_json, compromisos_json, using)
    seguimientos = [instancia(SeguimientoCompromiso, v, using=using) for v in seguimientos_json]
    for seguimiento in seguimientos:
        _campos_contenido()[SeguimientoCompromiso, "matriz"].set_cached_value(seguimiento, matriz)
    en_cache(matriz, "seguimientos", seguimientos)
    if extra:
        anterior_json, categorias_json = extra
        previa = None
        if anterior_json is not None:
            valores_matriz, valores_campana, filas_previa, compromisos_previa = anterior_json
            previa = instancia(Matriz, valores_matriz, using=using)
            _campos_contenido()[Matriz, "campana"].set_cached_value(
                previa, instancia(Campana, valores_campana, using=using)
            )
            _poner_contenido(previa, filas_previa, compromisos_previa, using)
        matriz._anterior_leida = previa
        matriz._categorias_leidas = [instancia(CategoriaDificultad, v, using=using) for v in categorias_json]


@cache
def _campos_contenido() -> dict:  # noqa: N802 - a constant, built once the models are ready
    return {
        (modelo, nombre): modelo._meta.get_field(nombre)
        for modelo, nombre in (
            (Fila, "matriz"),
            (Fila, "lineamiento"),
            (Logro, "fila"),
            (Dificultad, "fila"),
            (Dificultad, "categoria"),
            (Compromiso, "matriz"),
            (SeguimientoCompromiso, "matriz"),
            (Matriz, "campana"),
        )
    }


def _poner_contenido(matriz, filas_json: list, compromisos_json: list, using: str) -> None:
    """One matrix's rows and compromisos, as _sql_filas and _sql_compromisos read them, into the
    caches prefetch_related would fill."""
    campo = _campos_contenido()
    matriz._prefetched_objects_cache = getattr(matriz, "_prefetched_objects_cache", {})
    filas = []
    for valores_fila, valores_lineamiento, logros_json, dificultades_json in filas_json:
        fila = instancia(Fila, valores_fila, using=using)
        fila._prefetched_objects_cache = {}
        campo[Fila, "matriz"].set_cached_value(fila, matriz)
        campo[Fila, "lineamiento"].set_cached_value(
            fila, instancia(Lineamiento, valores_lineamiento, using=using)
        )
        filas.append(fila)
        if logros_json is None:  # not read (the previous balance's rows): left to their query
            continue
        logros = [instancia(Logro, v, using=using) for v in logros_json]
        for logro in logros:
            campo[Logro, "fila"].set_cached_value(logro, fila)
        dificultades = []
        for valores_dificultad, valores_categoria in dificultades_json:
            dificultad = instancia(Dificultad, valores_dificultad, using=using)
            campo[Dificultad, "fila"].set_cached_value(dificultad, fila)
            categoria = None
            if valores_categoria:
                categoria = instancia(CategoriaDificultad, valores_categoria, using=using)
            campo[Dificultad, "categoria"].set_cached_value(dificultad, categoria)
            dificultades.append(dificultad)
        en_cache(fila, "logros", logros)
        en_cache(fila, "dificultades", dificultades)
    compromisos = [instancia(Compromiso, v, using=using) for v in compromisos_json]
    for compromiso in compromisos:
        campo[Compromiso, "matriz"].set_cached_value(compromiso, matriz)
    en_cache(matriz, "filas", filas)
    en_cache(matriz, "compromisos", compromisos)


def anterior_de(matriz) -> "Matriz | None":
    """The matrix's previous balance (as anteriores() finds it), its campaign selected, its rows
    with their lineamiento and its compromisos loaded, or None: as read with the page's content
    (con_contenido_junto(pagina=True)), else in two queries (cargar_contenido: all its content)."""
    if hasattr(matriz, "_anterior_leida"):
        return matriz._anterior_leida
    previa = anteriores([matriz]).get(matriz.pk)
    if previa is not None:
        cargar_contenido([previa])
    matriz._anterior_leida = previa
    return previa


def categorias_de(matriz) -> list["CategoriaDificultad"]:
    """Every difficulty category, in the list's order: as read with the page's content
    (con_contenido_junto(pagina=True)), else one query."""
    if not hasattr(matriz, "_categorias_leidas"):
        matriz._categorias_leidas = list(CategoriaDificultad.objects.all())
    return matriz._categorias_leidas


def seguimiento_de(matriz) -> "SeguimientoAnterior | None":
    """seguimientos_de([matriz]).get(matriz.pk) from what anterior_de() and the matrix's
    follow-ups (cargar_contenido) hold: no query when the page's content read them."""
    previa = anterior_de(matriz)
    if previa is None:
        return None
    hechos = {s.compromiso_id: s for s in matriz.seguimientos.all()}
    return SeguimientoAnterior(previa, [(c, hechos.get(c.pk)) for c in previa.compromisos.all()])


def anteriores(matrices) -> dict[int, "Matriz"]:
    """Each matrix's previous balance: the same institution's matrix in a campaign of the year
    before (the latest created, if that year had two), by the matrix's id. One query."""
    claves = {(m.institucion_id, m.campana.anio - 1): m.pk for m in matrices}
    if not claves:
        return {}
    previas = (
        Matriz.objects.filter(
            institucion_id__in={i for i, _a in claves}, campana__anio__in={a for _i, a in claves}
        )
        .select_related("campana")
        .order_by("pk")
    )
    resultado = {}
    for previa in previas:  # ordered by id: the latest of a year wins
        if (pk := claves.get((previa.institucion_id, previa.campana.anio))) is not None:
            resultado[pk] = previa
    return resultado


@dataclass
class SeguimientoAnterior:
    """A matrix's previous balance and, per compromiso of it, how it went (None: not told yet)."""

    anterior: "Matriz"
    compromisos: list[tuple["Compromiso", "SeguimientoCompromiso | None"]]


def seguimientos_de(matrices) -> dict[int, SeguimientoAnterior]:
    """For each matrix (campana selected) that has a previous balance: its compromisos with this
    year's follow-up, by the matrix's id. Three queries, whatever the number of matrices."""
    matrices = list(matrices)
    previas = anteriores(matrices)
    if not previas:
        return {}
    compromisos: dict[int, list[Compromiso]] = {}
    for c in Compromiso.objects.filter(matriz__in=[p.pk for p in previas.values()]).order_by("orden"):
        compromisos.setdefault(c.matriz_id, []).append(c)
    hechos = {
        (s.matriz_id, s.compromiso_id): s
        for s in SeguimientoCompromiso.objects.filter(matriz__in=[m.pk for m in matrices])
    }
    return {
        pk: SeguimientoAnterior(previa, [(c, hechos.get((pk, c.pk))) for c in compromisos.get(previa.pk, [])])
        for pk, previa in previas.items()
    }


class RecordatorioPlazo(models.Model):
    """A deadline reminder already sent (``manage.py recordar_plazos``): never twice the same one."""

    campana = models.ForeignKey(
        Campana, models.CASCADE, related_name="recordatorios", verbose_name=_("campaña")
    )
    dias = models.PositiveSmallIntegerField(_("días antes del plazo"))
    # The deadline it reminded of: when the UGEL extends it, the new one gets its own reminders.
    fecha_limite = models.DateField(_("plazo recordado"))
    enviado = models.DateTimeField(_("enviado"), auto_now_add=True)
    pendientes = models.PositiveIntegerField(_("matrices sin enviar"), default=0)

    class Meta:
        verbose_name = _("recordatorio de plazo")
        verbose_name_plural = _("recordatorios de plazo")
        constraints = [
            models.UniqueConstraint(
                fields=["campana", "fecha_limite", "dias"], name="recordatorio_unico_por_plazo_y_umbral"
            ),
        ]

    def __str__(self):
        return f"{self.campana} — {self.dias}"
