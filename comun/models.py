"""The one table Chasqui keeps for itself below every app: the change numbers (comun.versiones)."""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _


class Version(models.Model):
    """The change number of one thing some cache keeps: ``espacio`` names what is counted
    ("practicas.catalogo", "monitoreo.ugel", "balance.campana"…), ``clave`` which one (a UGEL's
    id, a campaign's; 0 when there is only one). Written only through comun.versiones: a number
    from one sequence, so a number is never given twice, not even after a rollback. A missing row
    reads as 0, «no change since the table was made»: so a row is never deleted (PostgreSQL refuses
    it), or a cache kept under an older 0 would be read again."""

    pk = models.CompositePrimaryKey("espacio", "clave")
    espacio = models.CharField(_("espacio"), max_length=40)
    clave = models.BigIntegerField(_("clave"))
    numero = models.BigIntegerField(_("número"))

    class Meta:
        verbose_name = _("versión")
        verbose_name_plural = _("versiones")
        triggers = [pgtrigger.Protect(name="version_sin_borrar", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"{self.espacio} {self.clave}: {self.numero}"
