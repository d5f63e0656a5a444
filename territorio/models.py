"""The shared map of Peru's education administration: regions, DRE, UGEL and institutions."""

from django.core.exceptions import EmptyResultSet
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from comun import versiones
from territorio.alcance import como_alcance

# Counted per UGEL (comun.versiones): a school of it added, edited, moved in or out or removed, the
# UGEL or its DRE edited. What a cache of a UGEL's schools keys on (monitoring coverage, plans).
POR_UGEL = "territorio.ugel"


class Macrorregion(models.TextChoices):
    NORTE = "norte", _("Norte")
    CENTRO = "centro", _("Centro")
    SUR = "sur", _("Sur")
    ORIENTE = "oriente", _("Oriente")


class Modalidad(models.TextChoices):
    CEBA = "ceba", _("CEBA")
    CETPRO = "cetpro", _("CETPRO")
    EBR_INICIAL = "ebr_inicial", _("EBR Inicial")
    EBR_PRIMARIA = "ebr_primaria", _("EBR Primaria")
    EBR_SECUNDARIA = "ebr_secundaria", _("EBR Secundaria")
    EBE = "ebe", _("EBE")


# Names sort as a Spanish reader expects (Áncash among the A, Ñ after N), not in the C collation's
# byte order. PostgreSQL ships ICU collations (Debian, RDS, Cloud SQL builds all include ICU).
COLACION_ES = "es-PE-x-icu"

validar_codigo_modular = RegexValidator(
    r"^[0-9]{7}\Z",
    _("El código modular debe tener exactamente 7 dígitos (por ejemplo, 0123456)."),
    code="codigo_modular",
)


class Region(models.Model):
    nombre = models.CharField(_("nombre"), db_collation=COLACION_ES, max_length=60, unique=True)
    macrorregion = models.CharField(_("macrorregión"), max_length=10, choices=Macrorregion.choices)

    class Meta:
        verbose_name = _("región")
        verbose_name_plural = _("regiones")
        ordering = ["nombre"]

    def __str__(self):
        return self.nombre


def _alguno(*condiciones: models.Q | None) -> models.Q:
    """The OR of the conditions given (None: a part of the scope the user does not have); with none,
    a condition nothing meets."""
    dadas = [c for c in condiciones if c is not None]
    if not dadas:
        return models.Q(pk__in=[])
    resultado = dadas[0]
    for c in dadas[1:]:
        resultado |= c
    return resultado


class DreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The DRE whose data the user (or a scope value) may read."""
        alcance = como_alcance(user)
        if alcance.nacional:
            return self.all()
        # By ids and subqueries, each part only when the scope has it: joining the DRE's UGELs and
        # institutions and then DISTINCT read every institution of the DRE (12,000 rows for Lima)
        # to return one row.
        return self.filter(
            _alguno(
                models.Q(pk__in=alcance.dre_ids) if alcance.dre_ids else None,
                models.Q(pk__in=Ugel.objects.filter(pk__in=alcance.ugel_ids).values("dre_id"))
                if alcance.ugel_ids
                else None,
                models.Q(
                    pk__in=Institucion.objects.filter(pk__in=alcance.institucion_ids).values("ugel__dre_id")
                )
                if alcance.institucion_ids
                else None,
            )
        )


class Dre(models.Model):
    nombre = models.CharField(_("nombre"), db_collation=COLACION_ES, max_length=120, unique=True)
    siglas = models.CharField(_("siglas"), max_length=20, blank=True)
    region = models.ForeignKey(Region, models.PROTECT, related_name="dres", verbose_name=_("región"))

    objects = DreQuerySet.as_manager()

    class Meta:
        verbose_name = _("DRE")
        verbose_name_plural = _("DRE")
        ordering = ["nombre"]
        triggers = versiones.disparadores(
            "ugel_por_dre",
            POR_UGEL,
            "SELECT u.id FROM territorio_ugel u WHERE u.dre_id IN (SELECT id FROM {filas})",
        )

    def __str__(self):
        return self.nombre


class UgelQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The UGEL whose data the user may read."""
        alcance = como_alcance(user)
        if alcance.nacional:
            return self.all()
        # As DreQuerySet.visible_to: no join of the institutions, no DISTINCT.
        return self.filter(
            _alguno(
                models.Q(pk__in=alcance.ugel_ids) if alcance.ugel_ids else None,
                models.Q(dre_id__in=alcance.dre_ids) if alcance.dre_ids else None,
                models.Q(pk__in=Institucion.objects.filter(pk__in=alcance.institucion_ids).values("ugel_id"))
                if alcance.institucion_ids
                else None,
            )
        )


def numeros_del_alcance(quien) -> RawSQL:
    """The territory numbers (POR_UGEL) of every UGEL a scope reaches, as one text, for an
    annotation: it changes whenever a school or a UGEL moves into, out of or within the scope, or
    one of them is edited. What a cache of "what this viewer sees of the schools" keys on, beside
    the scope itself: a school moved from one of the viewer's UGELs to a UGEL outside raises the
    first, a UGEL moved to another DRE raises its own number and leaves the scope's list."""
    ugeles = Ugel.objects.visible_to(quien).order_by().values("id")
    try:
        sql, parametros = ugeles.query.sql_with_params()
    except EmptyResultSet:  # a scope with no UGEL (DIFOCA, no role)
        return RawSQL("NULL", [], output_field=models.TextField())
    return RawSQL(versiones.lista_sql(POR_UGEL, sql), parametros, output_field=models.TextField())


class Ugel(models.Model):
    nombre = models.CharField(_("nombre"), db_collation=COLACION_ES, max_length=120)
    dre = models.ForeignKey(Dre, models.PROTECT, related_name="ugeles", verbose_name=_("DRE"))

    objects = UgelQuerySet.as_manager()

    class Meta:
        verbose_name = _("UGEL")
        verbose_name_plural = _("UGEL")
        ordering = ["dre__nombre", "nombre"]
        triggers = versiones.disparadores("ugel_por_ugel", POR_UGEL, "SELECT id FROM {filas}")
        constraints = [
            models.UniqueConstraint(
                "dre",
                Lower("nombre"),
                name="ugel_nombre_unico_en_dre",
                violation_error_message=_("Ya existe una UGEL con ese nombre en esta DRE."),
            )
        ]

    def __str__(self):
        return self.nombre


def en_alcance(alcance, camino: str = "") -> models.Q:
    """The condition of ``InstitucionQuerySet.visible_to`` for a scope that is not national, on the
    institution reached by ``camino`` from the model queried ("" for Institucion itself,
    "institucion__" for a model with a foreign key to it): its own ids, its UGEL's, its UGEL's DRE's.
    Only the parts the scope has (a DRE specialist's is one condition on the UGEL: no OR of joins).
    Another model filtering by it joins the institution and its UGEL instead of a semi-join with
    every institution in scope: cheaper where the query joins them anyway (the campaign board)."""
    return _alguno(
        models.Q(**{f"{camino}pk__in": alcance.institucion_ids}) if alcance.institucion_ids else None,
        models.Q(**{f"{camino}ugel_id__in": alcance.ugel_ids}) if alcance.ugel_ids else None,
        models.Q(**{f"{camino}ugel__dre_id__in": alcance.dre_ids}) if alcance.dre_ids else None,
    )


class InstitucionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which institutions a user may see.

        Director: their institutions. Especialista UGEL: the UGEL's. Especialista DRE: every UGEL of
        the DRE. Administrador: all. DIFOCA and users with no assignment: none (their work is national
        good practices, not school records).
        """
        alcance = como_alcance(user)
        if alcance.nacional:
            return self.all()
        return self.filter(en_alcance(alcance))

    def con_territorio(self):
        return self.select_related("ugel__dre__region")


class Institucion(models.Model):
    codigo_modular = models.CharField(
        _("código modular"),
        max_length=7,
        unique=True,
        validators=[validar_codigo_modular],
        help_text=_("Siete dígitos, tal como figura en ESCALE."),
        error_messages={"unique": _("Ya existe una institución con ese código modular.")},
    )
    nombre = models.CharField(_("nombre"), db_collation=COLACION_ES, max_length=200)
    modalidad = models.CharField(_("modalidad"), max_length=20, choices=Modalidad.choices)
    ugel = models.ForeignKey(Ugel, models.PROTECT, related_name="instituciones", verbose_name=_("UGEL"))
    distrito = models.CharField(_("distrito"), max_length=80, blank=True)

    objects = InstitucionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")
        ordering = ["nombre"]
        triggers = versiones.disparadores("ugel_por_institucion", POR_UGEL, "SELECT ugel_id FROM {filas}")
        indexes = [
            # The home's institutions per UGEL and modality (inicio.secciones.instituciones): counted
            # from this index alone, in its order, not by hashing every row of the table.
            models.Index(fields=["ugel", "modalidad"], name="institucion_ugel_modalidad"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(codigo_modular__regex=r"^[0-9]{7}$"),
                name="institucion_codigo_modular_7_digitos",
                violation_error_message=_("El código modular debe tener exactamente 7 dígitos."),
            )
        ]

    def __str__(self):
        return f"{self.nombre} ({self.codigo_modular})"
