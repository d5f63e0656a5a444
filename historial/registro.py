"""The history's mechanism: which models are tracked, the context of an action, and reading it back.

Rows are written by PostgreSQL triggers (django-pghistory), so a change made through a service, the
admin, a bulk update or a shell is recorded alike. Each row carries the context of its statement as
JSON: the request's user and URL (pghistory's middleware) and, inside `accion`, the action's name, the
comment and the state the object had before.
"""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, models, transaction
from django.db.models.functions import Lag
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from historial.senales import accion_registrada


class Tipo(models.TextChoices):
    CREACION = "creacion", _("Creación")
    EDICION = "edicion", _("Edición")
    ESTADO = "estado", _("Cambio de estado")
    IMPORTACION = "importacion", _("Importación")
    ELIMINACION = "eliminacion", _("Eliminación")


# The verbs the services name their actions with, as a reader sees them.
VERBOS = {
    "crear": _("Crear"),
    "editar": _("Editar"),
    "guardar": _("Guardar"),
    "importar": _("Importar"),
    "abrir": _("Abrir"),
    "cerrar": _("Cerrar"),
    "enviar": _("Enviar"),
    "devolver": _("Devolver"),
    "aprobar": _("Aprobar"),
    "reabrir": _("Reabrir"),
    "enviar_a_revision": _("Enviar a revisión"),
    "publicar": _("Publicar"),
    "retirar": _("Retirar"),
    "registrar": _("Registrar"),
    "eliminar": _("Eliminar"),
}

# The state field of each tracked model (None: the model has no state).
_campo_estado: dict[type[models.Model], str | None] = {}


def seguir(*, estado: str | None = None, excluir: tuple[str, ...] = (), app_label: str | None = None):
    """Class decorator: record every insert, update and delete of the model by trigger.

    `estado` names the field whose changes are state changes; `excluir` fields stay out of the snapshot;
    `app_label` puts the history table in another app (for models of a lower layer).
    """

    def decorar(modelo: type[models.Model]) -> type[models.Model]:
        pghistory.track(
            pghistory.InsertEvent(Tipo.CREACION.value),
            pghistory.UpdateEvent(Tipo.EDICION.value),
            pghistory.DeleteEvent(Tipo.ELIMINACION.value),
            exclude=list(excluir) or None,
            obj_field=pghistory.ObjForeignKey(related_name="cambios"),
            # Denormalised: each row keeps the context as it was for its own statement.
            context_field=pghistory.ContextJSONField(),
            model_name=f"{modelo.__name__}Cambio",
            app_label=app_label,
        )(modelo)
        _campo_estado[modelo] = estado
        return modelo

    return decorar


def modelo_de_cambios(modelo: type[models.Model]) -> type[models.Model]:
    """The event model (one row per change) that `seguir` generated for a tracked model."""
    return modelo._meta.get_field("cambios").related_model


def _clave(objeto: models.Model) -> str | None:
    return f"{objeto._meta.label_lower}:{objeto.pk}" if objeto.pk is not None else None


def _estado_de(objeto: models.Model) -> Any:
    campo = _campo_estado.get(type(objeto)._meta.concrete_model)
    return getattr(objeto, campo) if campo else None


@contextlib.contextmanager
def accion(
    objeto: models.Model, accion: str, *, usuario, comentario: str = "", tipo: str | None = None
) -> Iterator[None]:
    """Run a service's change as one named action: the rows its triggers write carry the action, the
    user and the comment; `senales.accion_registrada` is sent once, after the transaction commits."""
    de = _estado_de(objeto) if objeto.pk is not None else None
    datos = {
        "accion": accion,
        "comentario": comentario,
        "user": usuario.pk if usuario is not None else None,
        "objeto": _clave(objeto),
    }
    if objeto.pk is not None and _campo_estado.get(type(objeto)._meta.concrete_model):
        datos["de"] = de
    if tipo:
        datos["tipo"] = tipo
    # Joins the request's context when there is one; the metadata is set back on the way out, so
    # statements after this action (in the same request) do not carry it.
    try:
        with pghistory.context() as contexto:
            previo = dict(contexto.metadata)
            contexto.metadata.update(datos)
            try:
                yield
            finally:
                contexto.metadata.clear()
                contexto.metadata.update(previo)
    finally:
        # The context travels as transaction-local settings: clear them, even when the action was
        # refused and its caller carries on in the same transaction, so that later statements outside
        # any context are not recorded as this action (inside a request's context, its next statement
        # sets them again).
        if connection.in_atomic_block and not connection.needs_rollback:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('pghistory.context_metadata', '', true), "
                        "set_config('pghistory.context_id', '', true)"
                    )
            except DatabaseError:
                pass  # an aborted transaction is rolled back whole, its settings with it
    a = _estado_de(objeto)
    transaction.on_commit(
        lambda: accion_registrada.send(
            sender=type(objeto),
            objeto=objeto,
            accion=accion,
            usuario=usuario,
            comentario=comentario,
            de=de,
            a=a,
        )
    )


@dataclass
class Entrada:
    """One change of a record, as people read it."""

    fecha: datetime
    usuario: Any  # the Usuario, or None for the system
    tipo: str  # a Tipo value
    accion: str  # the service's verb ("enviar", "publicar"...), or the tipo
    comentario: str = ""
    de: Any = None  # for state changes (and creation): the state before ("" when created)...
    a: Any = None  # ...and after; None when the state did not change
    de_display: str = ""
    a_display: str = ""
    cambios: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field → (before, after)

    @property
    def tipo_display(self) -> str:
        return str(Tipo(self.tipo).label)

    @property
    def accion_display(self) -> str:
        """The action as people read it: the service's verb in words, or the kind of change."""
        if self.accion == self.tipo:
            return self.tipo_display
        return str(VERBOS.get(self.accion) or capfirst(self.accion.replace("_", " ")))

    @property
    def cambio_de_estado(self) -> bool:
        return self.a is not None


def _etiqueta(campo: models.Field | None, valor: Any) -> str:
    if valor in (None, ""):
        return ""
    if isinstance(campo, models.BooleanField):  # "publicado": Publicado / No publicado
        return str(
            capfirst(campo.verbose_name) if valor else _("No %(campo)s") % {"campo": campo.verbose_name}
        )
    return str(dict(campo.flatchoices).get(valor, valor)) if campo is not None else str(valor)


def _filas_de_estado(nombre_estado: str, filas_qs):
    """Only creation, migrated or named state changes, and any row whose state differs from the
    record's row before it (chosen in SQL, however many edits lie between): a matrix autosaved a
    hundred times reads its three state changes, not 100 rows."""
    orden = [models.F("pgh_created_at").asc(), models.F("pgh_id").asc()]
    return filas_qs.annotate(
        estado_previo=models.Window(Lag(nombre_estado), partition_by=[models.F("pgh_obj_id")], order_by=orden)
    ).filter(
        models.Q(pgh_label=Tipo.CREACION)
        | models.Q(pgh_context__has_key="de")
        | models.Q(estado_previo__isnull=True)
        | ~models.Q(estado_previo=models.F(nombre_estado))
    )


_sql_estados: dict[type[models.Model], str] = {}


def _sql_de_estados(cambios_modelo: type[models.Model], nombre_estado: str) -> str:
    """_filas_de_estado's query for one record (its pgh_obj_id the only parameter), oldest first."""
    sql = _sql_estados.get(cambios_modelo)
    if sql is None:
        meta = cambios_modelo._meta
        tabla = connection.ops.quote_name(meta.db_table)
        estado = connection.ops.quote_name(meta.get_field(nombre_estado).column)
        sql = _sql_estados[cambios_modelo] = (
            f"SELECT * FROM (SELECT c.*, LAG(c.{estado}) OVER (PARTITION BY c.pgh_obj_id"
            f" ORDER BY c.pgh_created_at, c.pgh_id) AS estado_previo FROM {tabla} c"
            f" WHERE c.pgh_obj_id = %s) q"
            f" WHERE q.pgh_label = '{Tipo.CREACION.value}' OR q.pgh_context ? 'de'"
            f" OR q.estado_previo IS NULL OR q.estado_previo <> q.{estado}"
            f" ORDER BY q.pgh_created_at, q.pgh_id"
        )
    return sql


def entradas(objeto: models.Model, *, estados: bool = False, ultimas: int | None = None) -> list[Entrada]:
    """The record's history, oldest first, in two queries whatever its length.

    With `estados`, only its creation and state changes (chosen in SQL, however many edits lie
    between); with `ultimas`, only the last n entries.
    """
    modelo = type(objeto)._meta.concrete_model
    cambios_modelo = modelo_de_cambios(modelo)
    nombre_estado = _campo_estado.get(modelo)
    if estados and not nombre_estado:
        return []
    if estados and ultimas is None:
        # The same rows as _filas_de_estado's, in SQL written once per model: the ORM takes longer
        # to compile that window query than PostgreSQL takes to run it (a matrix's page reads it).
        filas = list(cambios_modelo.objects.raw(_sql_de_estados(cambios_modelo, nombre_estado), [objeto.pk]))
        return _leer(objeto, filas, _usuarios(filas), estados=estados)
    filas_qs = cambios_modelo.objects.filter(pgh_obj_id=objeto.pk)
    if estados:
        filas_qs = _filas_de_estado(nombre_estado, filas_qs)
    if ultimas is not None:
        # One row more than shown: the first is only the "before" of the oldest shown.
        filas = list(filas_qs.order_by("-pgh_created_at", "-pgh_id")[: ultimas + 1])[::-1]
    else:
        filas = list(filas_qs.order_by("pgh_created_at", "pgh_id"))
    return _leer(objeto, filas, _usuarios(filas), estados=estados, ultimas=ultimas)


def ultimos_cambios_de_estado(objetos, *, a: Any = None) -> dict[Any, Entrada]:
    """For many records of one model at once: each one's latest state change (the latest into state
    `a`, when given), by primary key; records without one are left out. Two queries, whatever the
    number of records (``entradas(obj, estados=True)[-1]`` for each costs two per record)."""
    objetos = [o for o in objetos if o.pk is not None]
    if not objetos:
        return {}
    modelo = type(objetos[0])._meta.concrete_model
    nombre_estado = _campo_estado.get(modelo)
    if not nombre_estado:
        return {}
    cambios_modelo = modelo_de_cambios(modelo)
    filas_qs = _filas_de_estado(
        nombre_estado, cambios_modelo.objects.filter(pgh_obj_id__in=[o.pk for o in objetos])
    )
    por_objeto: dict[Any, list] = {}
    for fila in filas_qs.order_by("pgh_obj_id", "pgh_created_at", "pgh_id"):
        por_objeto.setdefault(fila.pgh_obj_id, []).append(fila)
    usuarios = _usuarios([f for filas in por_objeto.values() for f in filas])
    resultado = {}
    for objeto in objetos:
        cambios = [
            e
            for e in _leer(objeto, por_objeto.get(objeto.pk, []), usuarios, estados=True)
            if a is None or e.a == a
        ]
        if cambios:
            resultado[objeto.pk] = cambios[-1]
    return resultado


def _usuarios(filas) -> dict:
    ids = {(f.pgh_context or {}).get("user") for f in filas} - {None}
    return get_user_model()._default_manager.in_bulk(ids) if ids else {}


def _leer(objeto: models.Model, filas: list, usuarios: dict, *, estados: bool, ultimas: int | None = None):
    """The rows of one record's history (oldest first) as entries people read."""
    modelo = type(objeto)._meta.concrete_model
    cambios_modelo = modelo_de_cambios(modelo)
    nombre_estado = _campo_estado.get(modelo)
    campo_estado = modelo._meta.get_field(nombre_estado) if nombre_estado else None
    campos = [f for f in cambios_modelo._meta.concrete_fields if not f.name.startswith("pgh_")]
    clave = _clave(objeto)

    resultado = []
    previa: dict[str, Any] | None = None
    for fila in filas:
        meta = fila.pgh_context or {}
        foto = {f.name: getattr(fila, f.attname) for f in campos}
        if previa is not None:
            diferencias = {n: (previa.get(n), v) for n, v in foto.items() if previa.get(n) != v}
        elif fila.pgh_label == Tipo.CREACION:
            diferencias = {n: (None, v) for n, v in foto.items() if v not in (None, "")}
        else:
            diferencias = {}
        de = a = None
        if nombre_estado:
            actual = foto[nombre_estado]
            if fila.pgh_label == Tipo.CREACION:
                de, a = "", actual
            elif fila.pgh_label == Tipo.EDICION:
                if meta.get("objeto") == clave and "de" in meta:
                    antes = meta["de"]  # what the action saw when it began (or the migrated row's)
                elif previa is not None:
                    antes = previa[nombre_estado]
                else:
                    antes = actual
                if antes != actual:
                    de, a = antes, actual
                    diferencias.setdefault(nombre_estado, (antes, actual))
        if meta.get("tipo") == Tipo.IMPORTACION:
            tipo = Tipo.IMPORTACION
        elif fila.pgh_label != Tipo.EDICION:
            tipo = Tipo(fila.pgh_label)
        else:
            tipo = Tipo.ESTADO if a is not None else Tipo.EDICION
        previa = foto
        if (estados and a is None) or (ultimas is not None and len(filas) > ultimas and fila is filas[0]):
            continue
        resultado.append(
            Entrada(
                fecha=fila.pgh_created_at,
                usuario=usuarios.get(meta.get("user")),
                tipo=tipo,
                accion=meta.get("accion") or tipo,
                comentario=meta.get("comentario") or "",
                de=de,
                a=a,
                de_display=_etiqueta(campo_estado, de),
                a_display=_etiqueta(campo_estado, a),
                cambios=diferencias,
            )
        )
    return resultado
