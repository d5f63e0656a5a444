"""One history for every record people change, kept by PostgreSQL triggers (django-pghistory).

Feature apps mark their models with `seguir`, wrap each state change of their services in `accion`,
and read a record's history with `entradas`. Receivers of `senales.accion_registrada` react to actions.
"""

from historial.registro import (
    Entrada,
    Tipo,
    accion,
    entradas,
    modelo_de_cambios,
    seguir,
    ultimos_cambios_de_estado,
)

__all__ = [
    "Entrada",
    "Tipo",
    "accion",
    "entradas",
    "modelo_de_cambios",
    "seguir",
    "ultimos_cambios_de_estado",
]
