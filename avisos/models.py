"""A notice: something a person is told, in the app and (when they want it) by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Aviso(models.Model):
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="avisos", verbose_name=_("usuario")
    )
    titulo = models.CharField(_("título"), max_length=200)
    texto = models.TextField(_("texto"), blank=True)
    enlace = models.CharField(_("enlace"), max_length=500, blank=True, help_text=_("Ruta dentro de Chasqui."))
    creado = models.DateTimeField(_("creado"), auto_now_add=True, db_index=True)
    leido_en = models.DateTimeField(_("leído"), null=True, blank=True)
    correo_enviado_en = models.DateTimeField(_("correo enviado"), null=True, blank=True)

    class Meta:
        verbose_name = _("aviso")
        verbose_name_plural = _("avisos")
        ordering = ["-creado", "-pk"]
        indexes = [
            models.Index(
                fields=["usuario"],
                condition=models.Q(leido_en__isnull=True),
                name="aviso_no_leido",
            )
        ]

    def __str__(self):
        return self.titulo
