"""Ordered child lists written as a whole: what an editor sends is the list as it now stands (rows
with their id when they exist, without one when they are new, in their new order), and the database
follows it with a bounded number of queries whatever the length of the list.

Used for every ``comun.modelos.Ordenado`` list an editor shows (a practice's strategies, results,
contacts…). The unique ``orden`` constraints are deferrable: the caller runs inside ``en_orden()`` so
that rows may pass through each other's positions and are checked once, at the end.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction


@contextmanager
def en_orden() -> Iterator[None]:
    """A transaction where positions are checked when the block ends, not at every statement."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        with connection.cursor() as cursor:
            # Checks now what was deferred: a repeated position fails here, inside the block.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@dataclass
class Sincronizada:
    filas: list[models.Model]  # in order, new ones with their id
    sobrantes: list[int]  # ids left out (deleted, unless borrar=False)
    cambio: bool  # something was created, changed, moved or left out


def sincronizar(
    modelo: type[models.Model],
    padre: dict[str, Any],
    filas: Iterable[dict[str, Any]],
    campos: Iterable[str],
    *,
    borrar: bool = True,
) -> Sincronizada:
    """Make ``modelo``'s rows under ``padre`` (``{"practica": p}``) be ``filas``, in that order.

    Each fila holds the ``campos`` values and, for a row that exists, its ``id``; an id that is not
    one of this parent's rows is taken as a new row (never another parent's row). ``orden`` is the
    position within the group the model orders by (``orden_dentro_de`` beyond the parent, such as a
    strategy's phase). Rows left out are deleted, or only returned when ``borrar`` is false (the
    caller deletes them later, after moving what hangs from them).

    Three to four queries, whatever the length of the list.
    """
    campos = list(campos)
    existentes = {fila.pk: fila for fila in modelo.objects.filter(**padre)}
    grupo = [c for c in modelo.orden_dentro_de if c not in padre]
    posiciones: Counter = Counter()
    resultado, cambiadas, nuevas = [], [], []
    for datos in filas:
        valores = {c: datos[c] for c in campos if c in datos}
        clave = tuple(_valor(valores, existentes.get(datos.get("id")), c) for c in grupo)
        posiciones[clave] += 1
        valores["orden"] = posiciones[clave]
        fila = existentes.pop(datos.get("id"), None)
        if fila is None:
            fila = modelo(**padre, **valores)
            nuevas.append(fila)
        elif any(_leer(fila, c) != _id(v) for c, v in valores.items()):
            for c, v in valores.items():
                setattr(fila, c, v)
            cambiadas.append(fila)
        resultado.append(fila)
    sobrantes = list(existentes)
    if borrar and sobrantes:
        modelo.objects.filter(pk__in=sobrantes).delete()
    if cambiadas:
        modelo.objects.bulk_update(cambiadas, [*campos, "orden"])
    if nuevas:
        modelo.objects.bulk_create(nuevas)
    return Sincronizada(resultado, sobrantes, bool(cambiadas or nuevas or sobrantes))


def _id(valor: Any) -> Any:
    return valor.pk if isinstance(valor, models.Model) else valor


def _leer(fila: models.Model, campo: str) -> Any:
    """The stored value, a foreign key as its id (no query)."""
    return getattr(fila, fila._meta.get_field(campo).attname)


def _valor(valores: dict, fila: models.Model | None, campo: str) -> Any:
    if campo in valores:
        return _id(valores[campo])
    return _leer(fila, campo) if fila is not None else None
