"""Related rows read inside their parent's query as JSON (``json_build_array`` of their columns) and
turned back into model instances as the ORM builds them, left in the caches ``prefetch_related``
fills: one query for a page that would otherwise make one per relation, each compiled by the ORM.
Used by the balance matrix (``Matriz.objects.con_contenido_junto``) and the practice sheet
(``BuenaPractica.objects.con_ficha_completa``)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, models
from django.utils.dateparse import parse_datetime


def campos_de(modelo: type[models.Model], nombres: Sequence[str] | None = None) -> list[models.Field]:
    """The model's concrete fields, or the named ones (by field name) in the given order."""
    if nombres is None:
        return list(modelo._meta.concrete_fields)
    return [modelo._meta.get_field(nombre) for nombre in nombres]


def columnas(modelo: type[models.Model], alias: str, nombres: Sequence[str] | None = None) -> str:
    """The columns for ``json_build_array``: numbers and dates as text, read back exactly."""
    return ", ".join(
        f'{alias}."{f.column}"::text'
        if isinstance(f, models.DecimalField | models.DateField)
        else f'{alias}."{f.column}"'
        for f in campos_de(modelo, nombres)
    )


def instancia(
    modelo: type[models.Model],
    valores: list,
    nombres: Sequence[str] | None = None,
    using: str = DEFAULT_DB_ALIAS,
):
    """A model instance as the ORM reads it, from the values of ``columnas`` (the same ``nombres``);
    the fields not named are deferred, as with ``only()``."""
    campos = campos_de(modelo, nombres)
    convertidos = []
    for campo, valor in zip(campos, valores, strict=True):
        if valor is not None:
            if isinstance(campo, models.DecimalField):
                valor = Decimal(valor)
            elif isinstance(campo, models.DateTimeField):
                valor = parse_datetime(valor)
            elif isinstance(campo, models.DateField):
                valor = date.fromisoformat(valor)
        convertidos.append(valor)
    return modelo.from_db(using, [c.attname for c in campos], convertidos)


def en_cache(obj: models.Model, nombre: str, objetos: list) -> None:
    """``obj.<nombre>.all()`` answers ``objetos`` without a query, as ``prefetch_related`` leaves it."""
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    qs = getattr(obj, nombre).get_queryset()
    qs._result_cache = objetos
    qs._prefetch_done = True
    obj._prefetched_objects_cache[nombre] = qs
