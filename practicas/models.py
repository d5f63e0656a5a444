"""Good practices of educational management, the guest expert's feedback, and the events where they
are presented (seeds/001, 002, 003)."""

from functools import cache

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import historial
from comun import versiones
from comun.filas_json import columnas, en_cache, instancia
from comun.modelos import Ordenado
from cuentas.alcance import alcance_de
from territorio.models import COLACION_ES, Macrorregion, Region

# The Spanish text-search configuration that ignores accents (migration 0002).
CONFIG_BUSQUEDA = "chasqui_es"


class SinTildes(models.Func):
    """A text in lower case without accents, through the IMMUTABLE SQL function
    ``chasqui_sin_tildes`` (migration 0020): unlike ``unaccent`` alone it can be indexed, so
    «gestion» finds «Gestión» in the middle of a title through a trigram index."""

    function = "chasqui_sin_tildes"
    output_field = models.TextField()


class Etapa(models.TextChoices):
    """How far the practice has matured (the CoP's route: inicial, intermedio, avanzado)."""

    INICIAL = "inicial", _("Inicial")
    INTERMEDIO = "intermedio", _("Intermedio")
    AVANZADO = "avanzado", _("Avanzado")


class EstadoPractica(models.TextChoices):
    BORRADOR = "borrador", _("Borrador")
    EN_REVISION = "en_revision", _("En revisión")
    PUBLICADA = "publicada", _("Publicada")


class TipoResultado(models.TextChoices):
    CUANTITATIVO = "cuantitativo", _("Cuantitativo")
    CUALITATIVO = "cualitativo", _("Cualitativo")
    # A plain checklist item (✓), as the Pasco sheet lists its achievements (seeds/003).
    LOGRO = "logro", _("Logro (lista)")


class TipoInstancia(models.TextChoices):
    """The offices a practice involves; the CoP's figures count them by kind (seeds/001)."""

    DRE = "dre", _("DRE / GRE")
    UGEL = "ugel", _("UGEL")
    GOBIERNO_LOCAL = "gobierno_local", _("Gobierno local")
    OTRA = "otra", _("Otra")


@historial.seguir()
class Tema(models.Model):
    """A theme of the catalogue (data, not code: DIFOCA adds them)."""

    nombre = models.CharField(_("nombre"), db_collation=COLACION_ES, max_length=80, unique=True)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temas")
        ordering = ["nombre"]

    def __str__(self):
        return self.nombre


# Addresses under /practicas/ that are pages, not practices.
SLUGS_RESERVADOS = {"eventos", "gestion", "datos"}


class BuenaPracticaQuerySet(models.QuerySet):
    def publicadas(self):
        """What the public catalogue shows, to anyone, signed in or not."""
        return self.filter(estado=EstadoPractica.PUBLICADA)

    def visible_to(self, user):
        """DIFOCA and Administrador see every practice, drafts included; everyone else the published."""
        if alcance_de(user).difoca:
            return self.all()
        return self.publicadas()

    def con_ficha(self):
        # The search vector stays in the database: it is for filtering and ranking, not for showing.
        return self.select_related("region", "tema").defer("busqueda")

    def con_ficha_completa(self, user):
        """Everything a sheet shows, read with the practice itself in one query (its lists as JSON,
        ``ContenidoFicha``) whatever the number of practices; the expert feedback of events the
        user may not see yet is left out, and ``eventos_de_la_ficha`` holds the events the user
        may see where the practice was presented."""
        qs = self.con_ficha().annotate(contenido_ficha=ContenidoFicha(alcance_de(user).difoca))
        qs._iterable_class = _ConFicha
        return qs


# What the catalogue's counts depend on (practicas.recuentos): a new number of "practicas.catalogo"
# (comun.versiones) in the statement of every insert, update or delete of a practice or of an office
# it involves, whatever wrote it (a service, the admin's delete, a bulk update). Every path that
# writes several practices locks them first (select_for_update), then writes: none holds the
# number's row while it waits for a practice's.
CATALOGO = "practicas.catalogo"
# The event reports as the catalogue lists them (name, place, dates, published, which practices were
# presented): raised by every insert, update or delete of an event or of a presentation.
EVENTOS = "practicas.eventos"
# One practice's public sheet as drawn (practicas.views.ficha), keyed by the practice's id: raised by
# every insert, update or delete of the practice, of a row of its lists (offices, links, phases,
# strategies, results, contacts, photos, the experts' comments, its presentations at events), and by
# a change of an event it shows (its name, address, dates, whether it is published).
FICHA = "practicas.ficha"
# The keys of a list's changed rows: their practice.
_DE_SU_PRACTICA = "SELECT practica_id FROM {filas}"


def _ficha_de_sus_filas(nombre: str):
    return versiones.disparadores(nombre, FICHA, _DE_SU_PRACTICA)


@historial.seguir(
    estado="estado",
    excluir=(
        "busqueda",
        "titulo_sin_tildes",
        "texto_listas",
        "actualizada",
        "version",
        "editada_en",
        "editada_por",
    ),
)
class BuenaPractica(models.Model):
    titulo = models.CharField(_("título"), db_collation=COLACION_ES, max_length=250)
    slug = models.SlugField(
        _("enlace"), max_length=80, unique=True, help_text=_("Parte final de su dirección web.")
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="practicas", verbose_name=_("región"))
    # The offices as one line ("DRE Callao · UGEL Ventanilla"), for the sheet and the search; the
    # services write it from the Instancia rows, which are the record.
    instancias = models.CharField(_("instancias involucradas"), max_length=1000, blank=True)
    tema = models.ForeignKey(Tema, models.PROTECT, related_name="practicas", verbose_name=_("tema"))
    etapa = models.CharField(_("estadio de madurez"), max_length=10, choices=Etapa.choices)
    anio = models.PositiveSmallIntegerField(_("año"))
    problema = models.TextField(_("problema"), help_text=_("La situación que dio origen a la práctica."))
    consiste = models.TextField(_("¿en qué consiste?"), blank=True)
    intro_estrategias = models.TextField(
        _("introducción de las estrategias"),
        blank=True,
        help_text=_("Por ejemplo: «A continuación, se brindan las estrategias y/o acciones realizadas…»"),
    )
    cierre_estrategias = models.TextField(
        _("texto tras las estrategias"),
        blank=True,
        help_text=_("Por ejemplo: «En conjunto, el despliegue de estas estrategias…»"),
    )
    intro_logros = models.TextField(
        _("introducción de «¿Qué está logrando?»"),
        blank=True,
        help_text=_("Por ejemplo: «Desde la implementación de la buena práctica, ha permitido…»"),
    )
    cierre = models.TextField(
        _("resumen final"), blank=True, help_text=_("El párrafo que cierra «¿Qué está logrando?».")
    )
    estado = models.CharField(
        _("estado"), max_length=12, choices=EstadoPractica.choices, default=EstadoPractica.BORRADOR
    )
    publicada_en = models.DateTimeField(_("publicada el"), null=True, blank=True)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    creada = models.DateTimeField(_("registrada"), default=timezone.now, editable=False)
    actualizada = models.DateTimeField(_("actualizada"), auto_now=True)
    # Each save of the content raises the version: an editor saving from an older copy is refused
    # (practicas.contenido.ConflictoVersion), as the balance matrix does.
    version = models.PositiveIntegerField(_("versión"), default=1)
    editada_en = models.DateTimeField(_("última edición"), null=True, blank=True)
    editada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("editada por"),
    )
    # The Spanish text vector the catalogue searches (configuration chasqui_es: accents ignored,
    # words stemmed), kept by PostgreSQL itself and indexed: a search does not read every practice.
    # The lists' words (strategies, results, contacts, links, captions), written by the content
    # services with each save, so the search also finds "trimestral" or a contact's name.
    texto_listas = models.TextField(_("texto de las listas"), blank=True, editable=False)
    busqueda = models.GeneratedField(
        expression=SearchVector("titulo", weight="A", config=CONFIG_BUSQUEDA)
        + SearchVector("instancias", weight="B", config=CONFIG_BUSQUEDA)
        + SearchVector("problema", "consiste", weight="C", config=CONFIG_BUSQUEDA)
        + SearchVector(
            "intro_estrategias",
            "cierre_estrategias",
            "intro_logros",
            "cierre",
            "texto_listas",
            weight="D",
            config=CONFIG_BUSQUEDA,
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # The title in lower case without accents, stored: DIFOCA's search of part of a title reads it
    # through its trigram index and rechecks it without calling a function on each row.
    titulo_sin_tildes = models.GeneratedField(
        expression=SinTildes("titulo"), output_field=models.TextField(), db_persist=True
    )

    objects = BuenaPracticaQuerySet.as_manager()

    class Meta:
        verbose_name = _("buena práctica")
        verbose_name_plural = _("buenas prácticas")
        ordering = ["-anio", "titulo"]
        indexes = [
            GinIndex(fields=["busqueda"], name="practica_busqueda"),
            # The catalogue's counts by region, theme, stage and year (practicas.recuentos), read
            # from the index alone instead of every practice's row.
            models.Index(fields=["estado", "region", "tema", "etapa", "anio"], name="practica_facetas"),
            # The catalogue's order (Meta.ordering): its first page without sorting every practice.
            models.Index(fields=["-anio", "titulo"], name="practica_orden"),
            # Similar titles (practicas.contenido.parecidas), through pg_trgm.
            GinIndex(OpClass(Lower("titulo"), name="gin_trgm_ops"), name="practica_titulo_trigramas"),
            # DIFOCA's search of part of a title, accents ignored (practicas.gestion.lista).
            GinIndex(
                fields=["titulo_sin_tildes"], opclasses=["gin_trgm_ops"], name="practica_titulo_sin_tildes"
            ),
            # DIFOCA's list in its order (last edited first), in «Todas» and «Publicada» (the next
            # one), and in the tabs of what is not published yet, which this one holds alone
            # (partial: the catalogue's queries, on the published, keep to their own indexes).
            models.Index(
                F("estado"),
                F("editada_en").desc(nulls_last=True),
                F("creada").desc(),
                F("titulo"),
                name="practica_gestion_estado",
                condition=Q(estado__in=["borrador", "en_revision"]),
            ),
            models.Index(
                F("editada_en").desc(nulls_last=True),
                F("creada").desc(),
                F("titulo"),
                name="practica_gestion_orden",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anio__gte=2000, anio__lte=2100),
                name="practica_anio_razonable",
                violation_error_message=_("Escribe un año entre 2000 y 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(estado=EstadoPractica.PUBLICADA) | Q(publicada_en__isnull=False),
                name="practica_publicada_con_fecha",
            ),
        ]
        triggers = [
            *versiones.disparadores("catalogo_practica", CATALOGO),
            *versiones.disparadores("ficha_practica", FICHA, "SELECT id FROM {filas}"),
        ]

    def __str__(self):
        return self.titulo

    def clean(self):
        if self.slug in SLUGS_RESERVADOS:
            raise ValidationError(
                {"slug": _("«%(slug)s» está reservado: elige otro enlace.") % {"slug": self.slug}}
            )

    def ficha(self) -> dict:
        """The content arranged as the sheet shows it (use with ``con_ficha_completa``): strategies
        grouped by phase, the ungrouped first; results split by kind."""
        estrategias = list(self.estrategias.all())
        grupos = [(None, [e for e in estrategias if e.fase_id is None])] + [
            (fase, [e for e in estrategias if e.fase_id == fase.pk]) for fase in self.fases.all()
        ]
        resultados = list(self.resultados.all())
        return {
            "practica": self,
            "grupos": [(fase, lista) for fase, lista in grupos if lista],
            "cuantitativos": [r for r in resultados if r.tipo == TipoResultado.CUANTITATIVO],
            "cualitativos": [r for r in resultados if r.tipo == TipoResultado.CUALITATIVO],
            "logros": [r for r in resultados if r.tipo == TipoResultado.LOGRO],
        }


@historial.seguir()
class Instancia(Ordenado):
    """An office involved in the practice: a DRE/GRE, a UGEL, a local government, another."""

    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="instancias_involucradas")
    orden_dentro_de = ("practica",)
    tipo = models.CharField(_("tipo"), max_length=16, choices=TipoInstancia.choices)
    # As long as the one line it came from (migration 0010): nothing typed before is cut.
    nombre = models.CharField(_("nombre"), max_length=250)

    class Meta:
        verbose_name = _("instancia involucrada")
        verbose_name_plural = _("instancias involucradas")
        ordering = ["practica", "orden"]
        triggers = [
            *versiones.disparadores("catalogo_instancia", CATALOGO),
            *_ficha_de_sus_filas("ficha_instancia"),
        ]

    def __str__(self):
        return self.nombre


@historial.seguir()
class Enlace(Ordenado):
    """A "Conoce más" link: a video, a document, the practice's page on the CoP platform."""

    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="enlaces")
    orden_dentro_de = ("practica",)
    texto = models.CharField(_("texto"), max_length=200)
    url = models.URLField(_("dirección"), max_length=500)

    class Meta:
        verbose_name = _("enlace «Conoce más»")
        verbose_name_plural = _("enlaces «Conoce más»")
        ordering = ["practica", "orden"]
        triggers = _ficha_de_sus_filas("ficha_enlaces")

    def __str__(self):
        return self.texto


@historial.seguir()
class Fase(Ordenado):
    """A phase that groups strategies ("I. Fase de preparación y soporte"); optional."""

    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="fases")
    orden_dentro_de = ("practica",)
    nombre = models.CharField(_("nombre"), max_length=200)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fases")
        ordering = ["practica", "orden"]
        triggers = _ficha_de_sus_filas("ficha_fases")

    def __str__(self):
        return self.nombre


# Phase by phase (the ungrouped first), then in their order within it.
ORDEN_ESTRATEGIAS = (F("fase__orden").asc(nulls_first=True), "orden")


@historial.seguir()
class Estrategia(Ordenado):
    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="estrategias")
    fase = models.ForeignKey(
        Fase, models.CASCADE, null=True, blank=True, related_name="estrategias", verbose_name=_("fase")
    )
    orden_dentro_de = ("practica", "fase")
    titulo = models.CharField(_("título"), max_length=200, blank=True)
    descripcion = models.TextField(_("descripción"))

    class Meta:
        verbose_name = _("estrategia")
        verbose_name_plural = _("estrategias")
        ordering = ["practica", *ORDEN_ESTRATEGIAS]
        triggers = _ficha_de_sus_filas("ficha_estrategias")

    def __str__(self):
        return self.titulo or self.descripcion[:80]

    def clean(self):
        if self.fase_id and self.practica_id and self.fase.practica_id != self.practica_id:
            raise ValidationError({"fase": _("Elige una fase de esta misma práctica.")})


@historial.seguir()
class Resultado(Ordenado):
    """What the practice is achieving: quantitative (with figures) or qualitative."""

    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="resultados")
    tipo = models.CharField(_("tipo"), max_length=12, choices=TipoResultado.choices)
    orden_dentro_de = ("practica", "tipo")
    titulo = models.CharField(_("idea principal"), max_length=200, blank=True)
    # The figure a quantitative result leads with ("100% de las 13 UGEL"), printed in bold.
    cifra = models.CharField(_("cifra"), max_length=80, blank=True)
    descripcion = models.TextField(_("descripción"))

    class Meta:
        verbose_name = _("resultado")
        verbose_name_plural = _("resultados")
        # As the sheets list them: quantitative, qualitative, then a checklist (seeds/002, 003).
        ordering = [
            "practica",
            models.Case(
                models.When(tipo="cuantitativo", then=0), models.When(tipo="cualitativo", then=1), default=2
            ),
            "orden",
        ]
        triggers = _ficha_de_sus_filas("ficha_resultados")

    def __str__(self):
        return self.titulo or self.descripcion[:80]


@historial.seguir()
class Contacto(Ordenado):
    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="contactos")
    orden_dentro_de = ("practica",)
    nombre = models.CharField(_("nombre"), max_length=150)
    cargo = models.CharField(_("cargo"), max_length=150, blank=True)
    correo = models.EmailField(_("correo"), blank=True)
    telefono = models.CharField(_("teléfono"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contacto")
        verbose_name_plural = _("contactos")
        ordering = ["practica", "orden"]
        triggers = _ficha_de_sus_filas("ficha_contactos")

    def __str__(self):
        return self.nombre


def ruta_foto(foto, nombre):
    return f"practicas/{foto.practica_id}/{nombre}"


def ruta_original(foto, nombre):
    return f"originales/practicas/{foto.practica_id}/{nombre}"


def ruta_foto_evento(foto, nombre):
    return f"eventos/{foto.evento_id}/{nombre}"


def ruta_original_evento(foto, nombre):
    return f"originales/eventos/{foto.evento_id}/{nombre}"


@historial.seguir()
class Foto(Ordenado):
    """A gallery picture with its caption; the caption alone is kept when there is no picture yet."""

    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="fotos")
    orden_dentro_de = ("practica",)
    # Resized on upload (comun.imagenes); the original is kept only when settings say so.
    imagen = models.ImageField(_("imagen"), upload_to=ruta_foto, blank=True)
    # The saved picture's size (contenido.foto_agregar): each <img> carries it, so no page jumps.
    # Not ImageField's width_field: that re-reads the file on every load where the size is missing.
    ancho = models.PositiveIntegerField(_("ancho"), null=True, blank=True, editable=False)
    alto = models.PositiveIntegerField(_("alto"), null=True, blank=True, editable=False)
    original = models.FileField(_("original"), upload_to=ruta_original, blank=True)
    leyenda = models.CharField(_("leyenda"), max_length=300)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("galería")
        ordering = ["practica", "orden"]
        triggers = _ficha_de_sus_filas("ficha_fotos")

    def __str__(self):
        return self.leyenda[:80]


class EventoQuerySet(models.QuerySet):
    def publicados(self):
        return self.filter(publicado=True)

    def visible_to(self, user):
        if alcance_de(user).difoca:
            return self.all()
        return self.publicados()


@historial.seguir(estado="publicado", excluir=("version", "editado_en", "editado_por"))
class Evento(models.Model):
    """An exchange of good practices (a macroregional "Intercambio"), and the report DIFOCA publishes."""

    nombre = models.CharField(_("nombre"), max_length=250)
    slug = models.SlugField(
        _("enlace"), max_length=80, unique=True, help_text=_("Parte final de su dirección web.")
    )
    macrorregion = models.CharField(_("macrorregión"), max_length=10, choices=Macrorregion.choices)
    region_anfitriona = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="eventos_acogidos",
        verbose_name=_("región anfitriona"),
    )
    sede = models.CharField(_("sede"), max_length=120)
    fecha_inicio = models.DateField(_("fecha de inicio"))
    fecha_fin = models.DateField(_("fecha de fin"))
    regiones = models.ManyToManyField(
        Region, related_name="eventos", blank=True, verbose_name=_("regiones participantes")
    )
    asistentes = models.PositiveIntegerField(_("asistentes"), null=True, blank=True)
    presentacion = models.TextField(_("presentación"), blank=True)
    firma_presentacion = models.CharField(_("firma de la presentación"), max_length=200, blank=True)
    resumen_ejecutivo = models.TextField(_("resumen ejecutivo"), blank=True)
    # "¿Qué es la CoP?" (seeds/001): the text, and the figures Chasqui does not hold (those it holds,
    # practices and offices, are counted from the catalogue when the report is printed).
    cop = models.TextField(_("¿qué es la CoP?"), blank=True)
    cop_visitas = models.PositiveIntegerField(_("visitas en la plataforma de la CoP"), null=True, blank=True)
    cop_miembros = models.PositiveIntegerField(_("servidores públicos en la CoP"), null=True, blank=True)
    cop_miembros_activos = models.PositiveIntegerField(_("miembros activos"), null=True, blank=True)
    cop_actividades = models.PositiveIntegerField(_("actividades de la CoP"), null=True, blank=True)
    cop_aliados = models.PositiveIntegerField(_("aliados"), null=True, blank=True)
    ruta_fortalecimiento = models.TextField(_("ruta de fortalecimiento"), blank=True)
    red_gestores = models.TextField(_("red de gestores"), blank=True)
    desarrollo = models.TextField(_("desarrollo del intercambio"), blank=True)
    dia1 = models.TextField(
        _("día 1"), blank=True, help_text=_("Cómo se presentaron las prácticas (por ejemplo, sociodramas).")
    )
    visita = models.TextField(_("visita de campo (pasantía)"), blank=True)
    visita_instituciones = models.TextField(_("instituciones visitadas"), blank=True)
    practicas = models.ManyToManyField(
        BuenaPractica,
        through="PracticaPresentada",
        related_name="eventos",
        verbose_name=_("prácticas presentadas"),
    )
    publicado = models.BooleanField(_("publicado"), default=False)
    publicado_en = models.DateTimeField(_("publicado el"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versión"), default=1)
    editado_en = models.DateTimeField(_("última edición"), null=True, blank=True)
    editado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("editado por"),
    )

    objects = EventoQuerySet.as_manager()

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        ordering = ["-fecha_inicio"]
        triggers = [
            *versiones.disparadores("eventos_evento", EVENTOS),
            # The sheets that show it: those presented at it, those commented there.
            *versiones.disparadores(
                "ficha_evento",
                FICHA,
                "SELECT practica_id FROM practicas_practicapresentada"
                " WHERE evento_id IN (SELECT id FROM {filas})"
                " UNION SELECT practica_id FROM practicas_comentarioexperto"
                " WHERE evento_id IN (SELECT id FROM {filas})",
                si_cambia=" OR ".join(
                    f"v.{c} IS DISTINCT FROM n.{c}"
                    for c in ("nombre", "slug", "fecha_inicio", "fecha_fin", "publicado")
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fecha_fin__gte=F("fecha_inicio")),
                name="evento_fechas_en_orden",
                violation_error_message=_("La fecha de fin no puede ser anterior a la de inicio."),
            ),
        ]

    def __str__(self):
        return self.nombre

    @property
    def fechas(self) -> str:
        """Its dates as the report writes them ("23 y 24 de abril de 2026"), on the page as in the PDF."""
        from practicas.exports import fechas_del_evento  # the report's rule, in one place

        return fechas_del_evento(self.fecha_inicio, self.fecha_fin)


@historial.seguir()
class PracticaPresentada(Ordenado):
    """A practice presented at an event, in the order of the programme."""

    evento = models.ForeignKey(Evento, models.CASCADE, related_name="presentaciones")
    practica = models.ForeignKey(
        BuenaPractica, models.PROTECT, related_name="presentaciones", verbose_name=_("práctica")
    )
    orden_dentro_de = ("evento",)
    orden_prefijo = "presentacion"
    # The report's shorter version of the sheet (seeds/001 prints a summary, not the whole sheet);
    # empty: the report takes the sheet's text.
    problema = models.TextField(_("problema (versión del reporte)"), blank=True)
    estrategia = models.TextField(_("estrategia (versión del reporte)"), blank=True)
    resultados = models.TextField(_("resultados (versión del reporte)"), blank=True)

    class Meta:
        verbose_name = _("práctica presentada")
        verbose_name_plural = _("prácticas presentadas")
        ordering = ["evento", "orden"]
        triggers = [
            *versiones.disparadores("eventos_presentacion", EVENTOS),
            *_ficha_de_sus_filas("ficha_presentacion"),
        ]
        constraints = [
            # Checked when the save ends: two practices can trade places in the programme.
            models.UniqueConstraint(
                fields=["evento", "practica"],
                name="presentacion_una_vez",
                deferrable=models.Deferrable.IMMEDIATE,
            ),
        ]

    def __str__(self):
        return f"{self.orden}. {self.practica}"

    def clean(self):
        publicado = self.evento_id and self.evento.publicado
        if publicado and self.practica_id and self.practica.estado != EstadoPractica.PUBLICADA:
            raise ValidationError(
                {"practica": _("El reporte ya está publicado: solo admite prácticas publicadas.")}
            )


@historial.seguir()
class ComentarioExperto(models.Model):
    """The guest expert's feedback on a practice, given at an event (or outside one)."""

    practica = models.ForeignKey(BuenaPractica, models.CASCADE, related_name="comentarios")
    # Deleted with its event: a comment given at an unpublished event must not become public.
    evento = models.ForeignKey(
        Evento, models.CASCADE, null=True, blank=True, related_name="comentarios", verbose_name=_("evento")
    )
    experto = models.CharField(_("experto invitado"), max_length=200)
    cargo = models.CharField(_("cargo"), max_length=200, blank=True)
    institucion = models.CharField(_("institución"), max_length=200, blank=True)
    # Each a list of points written as "- " lines (the report prints them as bullets), after an
    # optional introductory sentence, as seeds/001 does.
    aspectos_clave = models.TextField(_("aspecto clave de la práctica"))
    oportunidades_mejora = models.TextField(_("oportunidades de mejora"), blank=True)
    recomendaciones = models.TextField(_("recomendaciones para la sostenibilidad y réplica"), blank=True)

    class Meta:
        verbose_name = _("comentario del experto")
        verbose_name_plural = _("comentarios de expertos")
        ordering = ["practica", "pk"]
        triggers = _ficha_de_sus_filas("ficha_comentarios")

    def __str__(self):
        return f"{self.experto} — {self.practica}"


@historial.seguir()
class Testimonio(Ordenado):
    evento = models.ForeignKey(Evento, models.CASCADE, related_name="testimonios")
    orden_dentro_de = ("evento",)
    autor = models.CharField(_("autor"), max_length=200)
    cargo = models.CharField(_("cargo o institución"), max_length=200, blank=True)
    texto = models.TextField(_("testimonio"))

    class Meta:
        verbose_name = _("testimonio")
        verbose_name_plural = _("testimonios")
        ordering = ["evento", "orden"]

    def __str__(self):
        return self.autor


@historial.seguir()
class FotoEvento(Ordenado):
    """A photo of the event with its caption, for the report."""

    evento = models.ForeignKey(Evento, models.CASCADE, related_name="fotos")
    orden_dentro_de = ("evento",)
    imagen = models.ImageField(_("imagen"), upload_to=ruta_foto_evento, blank=True)
    ancho = models.PositiveIntegerField(_("ancho"), null=True, blank=True, editable=False)
    alto = models.PositiveIntegerField(_("alto"), null=True, blank=True, editable=False)
    original = models.FileField(_("original"), upload_to=ruta_original_evento, blank=True)
    leyenda = models.CharField(_("leyenda"), max_length=300)

    class Meta:
        verbose_name = _("foto del evento")
        verbose_name_plural = _("fotos del evento")
        ordering = ["evento", "orden"]

    def __str__(self):
        return self.leyenda[:80]


class TipoDocumentoPublico(models.TextChoices):
    FICHA = "ficha", _("Ficha de la práctica")
    REPORTE = "reporte", _("Reporte del evento")


def ruta_documento_publico(documento, nombre):
    return f"publicos/{documento.tipo}/{documento.objeto_id}/{nombre}"


class DocumentoPublico(models.Model):
    """The PDF anyone downloads of a published practice (its sheet) or event (its report), rendered
    once per published version and kept in storage (practicas.publicos).

    ``version`` goes up, in the same transaction, with every change to what the document prints;
    the stored file is served only while ``archivo_version`` equals it."""

    tipo = models.CharField(_("documento"), max_length=8, choices=TipoDocumentoPublico.choices)
    # A practice's or an event's id, by ``tipo``; no foreign key, so a single upsert serves both.
    objeto_id = models.BigIntegerField(_("registro"))
    version = models.PositiveIntegerField(_("versión vigente"), default=1)
    archivo = models.FileField(_("archivo"), upload_to=ruta_documento_publico, blank=True, max_length=300)
    archivo_version = models.PositiveIntegerField(_("versión del archivo"), default=0)
    generado = models.DateTimeField(_("generado"), null=True, blank=True)
    # The version last queued for rendering and when: a burst of requests queues it once.
    pedido = models.PositiveIntegerField(_("versión pedida"), default=0)
    pedido_en = models.DateTimeField(_("pedido el"), null=True, blank=True)

    class Meta:
        verbose_name = _("documento público")
        verbose_name_plural = _("documentos públicos")
        constraints = [
            models.UniqueConstraint(fields=["tipo", "objeto_id"], name="documento_publico_uno_por_registro"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.objeto_id} v{self.version}"

    @property
    def listo(self) -> bool:
        return bool(self.archivo) and self.archivo_version == self.version


# What a sheet shows of the events (its comments' and those it was presented at): the rest of an
# event (its long report texts) stays deferred.
EVENTO_FICHA = ("id", "nombre", "slug", "fecha_inicio", "fecha_fin", "publicado")

# The sheet's lists, in the order ContenidoFicha returns them: (relation, model, ORDER BY).
LISTAS_FICHA = (
    ("instancias_involucradas", Instancia, "x.orden"),
    ("enlaces", Enlace, "x.orden"),
    ("fases", Fase, "x.orden"),
    ("estrategias", Estrategia, "f.orden NULLS FIRST, x.orden"),  # ORDEN_ESTRATEGIAS
    # As Resultado's Meta.ordering: quantitative, qualitative, the checklist.
    (
        "resultados",
        Resultado,
        "CASE x.tipo WHEN 'cuantitativo' THEN 0 WHEN 'cualitativo' THEN 1 ELSE 2 END, x.orden",
    ),
    ("contactos", Contacto, "x.orden"),
    ("fotos", Foto, "x.orden"),
)


@cache
def _sql_ficha(difoca: bool) -> str:
    """The sheet's lists of the practice whose id is ``%(expressions)s``, as one JSON array: each
    list (LISTAS_FICHA), then the comments with their event, then the events it was presented at
    (ordered as ``Evento``'s Meta: newest first), those of unpublished events only for DIFOCA."""
    listas = []
    for _nombre, modelo, orden in LISTAS_FICHA:
        union = f" LEFT JOIN {Fase._meta.db_table} f ON f.id = x.fase_id" if modelo is Estrategia else ""
        listas.append(
            f"COALESCE((SELECT json_agg(json_build_array({columnas(modelo, 'x')}) ORDER BY {orden})"
            f" FROM {modelo._meta.db_table} x{union} WHERE x.practica_id = p.id), '[]')"
        )
    visible = "TRUE" if difoca else "e.publicado"
    evento = Evento._meta.db_table
    return f"""(SELECT json_build_array({", ".join(listas)},
  COALESCE((SELECT json_agg(json_build_array(
      json_build_array({columnas(ComentarioExperto, "x")}),
      CASE WHEN e.id IS NULL THEN NULL ELSE json_build_array({columnas(Evento, "e", EVENTO_FICHA)}) END
    ) ORDER BY x.id)
    FROM {ComentarioExperto._meta.db_table} x LEFT JOIN {evento} e ON e.id = x.evento_id
    WHERE x.practica_id = p.id AND (x.evento_id IS NULL OR {visible})), '[]'),
  COALESCE((SELECT json_agg(json_build_array({columnas(Evento, "e", EVENTO_FICHA)})
                            ORDER BY e.fecha_inicio DESC, e.id)
    FROM {evento} e JOIN {PracticaPresentada._meta.db_table} pp ON pp.evento_id = e.id
    WHERE pp.practica_id = p.id AND {visible}), '[]')
) FROM (SELECT %(expressions)s AS id) p)"""


class ContenidoFicha(models.Func):
    """A practice's sheet lists as JSON, read in the practice's own query (con_ficha_completa):
    nine lists that were nine prefetch queries, each compiled by the ORM."""

    output_field = models.Field()  # the driver's JSON as it decodes it: no converter

    def __init__(self, difoca: bool):
        super().__init__(F("pk"))
        self.template = _sql_ficha(bool(difoca))


class _ConFicha(ModelIterable):
    """The practices of con_ficha_completa with their lists in the caches prefetch_related fills."""

    def __iter__(self):
        for practica in super().__iter__():
            _cargar_ficha(practica, practica.__dict__.pop("contenido_ficha"), self.queryset.db)
            yield practica


def _cargar_ficha(practica: BuenaPractica, contenido: list, using: str) -> None:
    *listas, comentarios, eventos = contenido
    for (nombre, modelo, _orden), filas in zip(LISTAS_FICHA, listas, strict=True):
        objetos = [instancia(modelo, valores, using=using) for valores in filas]
        for objeto in objetos:
            objeto._state.fields_cache["practica"] = practica
        en_cache(practica, nombre, objetos)
    leidos = []
    for valores, valores_evento in comentarios:
        comentario = instancia(ComentarioExperto, valores, using=using)
        comentario._state.fields_cache["practica"] = practica
        comentario._state.fields_cache["evento"] = (
            None if valores_evento is None else instancia(Evento, valores_evento, EVENTO_FICHA, using)
        )
        leidos.append(comentario)
    en_cache(practica, "comentarios", leidos)
    practica.eventos_de_la_ficha = [instancia(Evento, valores, EVENTO_FICHA, using) for valores in eventos]
