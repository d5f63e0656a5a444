"""Moving a hand-written history (the old CambioEstado-like models) into the trigger-written one.

Called from the data migrations of the feature apps, with their historical models: nothing is
dropped. A row that cannot be placed stops the migration, naming the row.

Frozen: balance/0004_mover_historial and practicas/0005_mover_historial run this code, so changing
what it does changes what those migrations did. Write a new function for a new move.
"""

from collections.abc import Callable
from typing import Any


class FilaNoUbicable(Exception):
    """An old history row points at a missing record or holds a state outside the choices."""


def mover_historial(
    apps,
    *,
    viejo: str,
    objeto: str,
    campo_fk: str,
    campo_estado: str,
    estados: set,
    de_a: Callable[[Any], tuple[Any, Any]],
    accion_de: Callable[[Any, Any], str],
) -> int:
    """Copy every row of `viejo` (app.Model) into the history table of `objeto`; returns how many.

    de_a(row) gives the states before/after ("" before: the record's creation); accion_de names the action.
    """
    viejo_modelo = apps.get_model(viejo)
    objeto_modelo = apps.get_model(objeto)
    cambios_modelo = apps.get_model(f"{objeto}Cambio")
    campos = [f for f in cambios_modelo._meta.concrete_fields if not f.name.startswith("pgh_")]
    filas = list(viejo_modelo.objects.order_by("fecha", "pk"))
    objetos = objeto_modelo.objects.in_bulk({getattr(f, f"{campo_fk}_id") for f in filas})
    nuevos = []
    for fila in filas:
        nombre = f"{viejo_modelo._meta.label} id={fila.pk} ({fila.fecha:%Y-%m-%d %H:%M})"
        obj = objetos.get(getattr(fila, f"{campo_fk}_id"))
        if obj is None:
            raise FilaNoUbicable(
                f"{nombre} points at {objeto_modelo._meta.label} id={getattr(fila, f'{campo_fk}_id')}, "
                "which does not exist. Fix or delete that row, then migrate again."
            )
        de, a = de_a(fila)
        for valor in (a,) if de == "" else (de, a):
            if valor not in estados:
                raise FilaNoUbicable(
                    f"{nombre} holds the state {valor!r}, not one of {sorted(estados, key=str)}. "
                    "Fix or delete that row, then migrate again."
                )
        foto = {f.attname: getattr(obj, f.attname) for f in campos}
        foto[campo_estado] = a
        nuevo = cambios_modelo(
            pgh_obj_id=obj.pk,
            pgh_label="creacion" if de == "" else "edicion",
            pgh_context={
                "user": fila.usuario_id,
                "accion": accion_de(de, a),
                "comentario": getattr(fila, "comentario", ""),
                "objeto": f"{objeto_modelo._meta.label_lower}:{obj.pk}",
                "de": de,
                "migrado": nombre,
            },
            **foto,
        )
        nuevo.fecha_original = fila.fecha
        nuevos.append(nuevo)
    cambios_modelo.objects.bulk_create(nuevos, batch_size=2000)
    # pgh_created_at is auto_now_add: the original dates go in afterwards.
    for nuevo in nuevos:
        nuevo.pgh_created_at = nuevo.fecha_original
    cambios_modelo.objects.bulk_update(nuevos, ["pgh_created_at"], batch_size=2000)
    return len(nuevos)
