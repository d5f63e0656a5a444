"""Abstract models every app's records share."""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import class_prepared
from django.utils.translation import gettext_lazy as _


class Ordenado(models.Model):
    """A child row kept in its parent's order: ``orden`` counts from 1 (up to ``orden_maximo``) and is
    unique within ``orden_dentro_de`` (the parent, and a group such as the phase). A subclass declares
    those; the field's validators and the database constraints follow from them."""

    orden = models.PositiveSmallIntegerField(_("orden"))

    orden_dentro_de: ClassVar[tuple[str, ...]]
    orden_maximo: ClassVar[int | None] = None
    # Constraint names: "<prefijo>_orden_unico" and "<prefijo>_orden_en_rango"; the model's name
    # by default.
    orden_prefijo: ClassVar[str] = ""
    orden_mensaje: ClassVar[str] = _("El orden empieza en 1.")

    class Meta:
        abstract = True


def _restricciones_de_orden(sender, **kwargs) -> None:
    if not issubclass(sender, Ordenado) or sender._meta.abstract:
        return
    prefijo = sender.orden_prefijo or sender._meta.model_name
    maximo = sender.orden_maximo
    campo = sender._meta.get_field("orden")
    campo._validators = [MinValueValidator(1), *([MaxValueValidator(maximo)] if maximo else [])]
    rango = models.Q(orden__gte=1, orden__lte=maximo) if maximo else models.Q(orden__gte=1)
    # Nullable grouping fields (an optional phase) count NULL as one group.
    con_nulos = any(sender._meta.get_field(c).null for c in sender.orden_dentro_de)
    sender._meta.constraints = [
        # Checked at the end of each statement, not row by row: one UPDATE can reorder a whole list
        # (comun.listas) without passing through a repeated position.
        models.UniqueConstraint(
            fields=[*sender.orden_dentro_de, "orden"],
            name=f"{prefijo}_orden_unico",
            deferrable=models.Deferrable.IMMEDIATE,
            **({"nulls_distinct": False} if con_nulos else {}),
        ),
        models.CheckConstraint(
            condition=rango, name=f"{prefijo}_orden_en_rango", violation_error_message=sender.orden_mensaje
        ),
        *sender._meta.constraints,
    ]
    # The migration autodetector reads constraints only from what Meta declared.
    sender._meta.original_attrs["constraints"] = sender._meta.constraints


class_prepared.connect(_restricciones_de_orden)
