"""The one signal of the history: a service's action was committed."""

from django.dispatch import Signal

# Sent once per historial.accion block, after its transaction commits (never for a refused or
# rolled-back change). Arguments: objeto, accion, usuario, comentario, de, a (state before/after).
# It speaks for the services' named actions, which are what people are told about; an edit made
# in /admin/ or by a bulk update is recorded by the triggers all the same, but announces nothing.
accion_registrada = Signal()
