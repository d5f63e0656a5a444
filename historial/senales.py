"""The one signal of the history: a service's action was committed."""

from django.dispatch import Signal

# Sent once per historial.accion block, after its transaction commits (never for a refused or
# rolled-back change). Arguments: objeto, accion, usuario, comentario, de, a (state before/after).
accion_registrada = Signal()
