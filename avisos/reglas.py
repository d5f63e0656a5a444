"""The rules that turn a history action into notices, registered by each feature app.

``registrar_regla(Modelo, "enviar", regla)`` from an ``AppConfig.ready()``; ``regla(objeto, accion,
usuario, comentario, de, a)`` returns a ``Notificacion`` (or several, or None). The actor is never told
about their own action.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from comun.registro import Registro

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notificacion:
    """Who is told, and what: a Spanish title and text, and the path of the record."""

    destinatarios: Iterable[Any]  # users, or a QuerySet of them
    titulo: str
    texto: str = ""
    enlace: str = ""


Regla = Callable[..., "Notificacion | Iterable[Notificacion] | None"]


@dataclass(frozen=True)
class ReglaAviso:
    clave: str
    modelo: type[models.Model]
    accion: str
    regla: Regla


reglas: Registro[ReglaAviso] = Registro("avisos")


def _clave(modelo: type[models.Model], accion: str) -> str:
    return f"{modelo._meta.label_lower}:{accion}"


def registrar_regla(modelo: type[models.Model], accion: str, regla: Regla) -> ReglaAviso:
    """Register who is told when a service records ``accion`` on a ``modelo``."""
    clave = _clave(modelo, accion)
    return reglas.registrar(clave, ReglaAviso(clave, modelo, accion, regla))


def al_registrar_accion(sender, *, objeto, accion, usuario, comentario, de, a, **kwargs) -> None:
    """The one receiver of ``accion_registrada``: run the action's rule and write its notices.

    It runs after the action committed; a failing rule is logged and never undoes nor breaks it.
    """
    from avisos.services import avisar

    entrada = reglas.obtener(_clave(sender._meta.concrete_model, accion))
    if entrada is None:
        return
    try:
        resultado = entrada.regla(
            objeto=objeto, accion=accion, usuario=usuario, comentario=comentario, de=de, a=a
        )
        if resultado is None:
            return
        for notificacion in [resultado] if isinstance(resultado, Notificacion) else resultado:
            avisar(
                usuarios=notificacion.destinatarios,
                titulo=notificacion.titulo,
                texto=notificacion.texto,
                enlace=notificacion.enlace,
                actor=usuario,
            )
    except Exception:
        log.exception("notices for %s %s failed", entrada.clave, getattr(objeto, "pk", None))
