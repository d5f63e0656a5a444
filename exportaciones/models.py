"""Background exports: who asked for what, how far it is, and the file while it lasts."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DIAS_DISPONIBLE = 3


class EstadoExportacion(models.TextChoices):
    EN_COLA = "en_cola", _("En cola")
    GENERANDO = "generando", _("Generando")
    LISTA = "lista", _("Lista")
    ERROR = "error", _("Error")


def _ruta(instancia, nombre):
    return f"exportaciones/{instancia.pk}/{nombre}"


class ExportacionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the user's own exports: nobody downloads another person's file."""
        return self.filter(usuario=user) if user.is_authenticated else self.none()

    def vigentes(self):
        return self.filter(models.Q(expira__isnull=True) | models.Q(expira__gt=timezone.now()))


class Exportacion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="exportaciones")
    identificador = models.CharField(_("exportación"), max_length=80)
    nombre = models.CharField(_("nombre"), max_length=200)
    parametros = models.JSONField(_("parámetros"), default=dict)
    estado = models.CharField(
        _("estado"), max_length=10, choices=EstadoExportacion.choices, default=EstadoExportacion.EN_COLA
    )
    progreso = models.PositiveSmallIntegerField(_("avance"), default=0)
    archivo = models.FileField(_("archivo"), upload_to=_ruta, blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True)
    creada = models.DateTimeField(_("pedida"), auto_now_add=True)
    terminada = models.DateTimeField(_("terminada"), null=True, blank=True)
    expira = models.DateTimeField(_("disponible hasta"), null=True, blank=True)

    objects = ExportacionQuerySet.as_manager()

    class Meta:
        verbose_name = _("exportación")
        verbose_name_plural = _("exportaciones")
        ordering = ["-creada"]

    def __str__(self):
        return f"{self.nombre} ({self.get_estado_display()})"

    def marcar_lista(self, archivo_nombre: str, contenido) -> None:
        self.archivo.save(archivo_nombre, contenido, save=False)
        self.estado = EstadoExportacion.LISTA
        self.progreso = 100
        self.terminada = timezone.now()
        self.expira = self.terminada + timedelta(days=DIAS_DISPONIBLE)
        self.save(update_fields=["archivo", "estado", "progreso", "terminada", "expira"])
