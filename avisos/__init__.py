"""Notices: in the app and by e-mail, reacting in one place to the history's actions.

A feature app registers, from its ``AppConfig.ready()``, a rule per (model, action) with
``avisos.reglas.registrar_regla``; the one receiver of ``historial.senales.accion_registrada`` runs it and
writes the notices. Something that is not an action of the history (an export ready, a deadline
reminder) calls ``avisos.services.avisar`` directly. Nothing here names a feature app.
"""
