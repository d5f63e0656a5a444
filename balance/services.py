"""State changes of the balance: each one a transaction, with its history written inside it."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

import historial
from balance.cambios import contenido
from balance.models import (
    ANIO_MAXIMO,
    ESTADOS_EDITABLES,
    MAX_LINEAMIENTOS,
    Avance,
    Campana,
    CategoriaDificultad,
    Compromiso,
    Dificultad,
    EnvioDeMatriz,
    Estado,
    Fila,
    Lineamiento,
    Logro,
    Matriz,
    ObservacionDeRonda,
    SeguimientoCompromiso,
    anteriores,
)
from comun.modelos import Ordenado
from comun.texto import una_linea
from cuentas.models import Usuario
from cuentas.permisos import tiene_permiso
from territorio.models import Dre, Ugel


class ConflictoVersion(Exception):
    """Someone saved the matrix after this copy was loaded."""

    def __init__(self, actual: Matriz):
        super().__init__("version conflict")
        self.actual = actual


class MatrizIncompleta(ValidationError):
    """Sending was refused: what is missing, per lineamiento."""

    def __init__(self, faltantes):
        self.faltantes = faltantes
        super().__init__(_("La matriz aún no está completa."))


class ChoqueDeCampos(ConflictoVersion):
    """Someone saved the matrix after this copy was loaded and changed some of the same fields
    differently: `fusion.choques` names them; nothing is written until the person chooses."""

    def __init__(self, actual: Matriz, fusion: "Fusion"):
        super().__init__(actual)
        self.fusion = fusion


@dataclass
class Choque:
    """A field both people changed, differently: the text saved meanwhile and the one typed here."""

    campo: str  # the form field's name, e.g. f12-l1-cifra
    mio: str
    suyo: str


@dataclass
class Fusion:
    """What a save over a newer version writes, field by field (see fusionar)."""

    datos: dict[str, str]  # the values to save, keyed like the form
    choques: list[Choque]  # fields both changed differently, with no choice made
    de_otros: dict[str, tuple[str, str]]  # fields taken from the newer save: (sent here, saved there)


def _normal(valor: object) -> str:
    """A field's value as compared: text, line breaks as one character, no surrounding spaces
    (what the forms strip anyway)."""
    return str(valor if valor is not None else "").replace("\r\n", "\n").replace("\r", "\n").strip()


def fusionar(
    *,
    base: dict[str, str],
    mios: dict[str, str],
    guardados: dict[str, str],
    elecciones: dict[str, str] | None = None,
) -> Fusion:
    """Merge, per field, what a page sends (`mios`) over a matrix saved meanwhile by someone else or
    another tab (`guardados`), knowing what the page started from (`base`, the values of the version
    it loaded). All keyed by form field name, as the page shows them.

    - a field the page did not touch (sent == base) takes the saved value: another person's text is
      never reverted by a save that did not change it;
    - a field only the page changed (saved == base), or both changed to the same text, takes mine;
    - a field both changed differently is a choque, unless `elecciones` says "mio" or "suyo" for it:
      until then the saved value stays.
    Fields the page did not send are left as they are (a partial form never erases)."""
    elecciones = elecciones or {}
    datos = dict(mios)
    choques, de_otros = [], {}
    for campo, guardado in guardados.items():
        if campo not in mios:
            continue
        mio, suyo = _normal(mios[campo]), _normal(guardado)
        antes = _normal(base[campo]) if campo in base else None
        eleccion = elecciones.get(campo)
        if mio == suyo:
            continue
        if eleccion == "mio":
            continue
        if eleccion == "suyo" or mio == antes:
            datos[campo] = suyo
            de_otros[campo] = (mios[campo], suyo)
        elif suyo != antes:  # both changed it, differently (or the page did not say what it started from)
            datos[campo] = suyo
            choques.append(Choque(campo=campo, mio=mio, suyo=suyo))
    return Fusion(datos=datos, choques=choques, de_otros=de_otros)


@dataclass
class DatosFila:
    """What to write in one row; None leaves that part as stored."""

    acciones: str | None = None
    sugerencias: str | None = None
    enlace_evidencias: str | None = None
    logros: list[dict | None] | None = None  # per slot 1..3: cifra, que_cuenta, cualitativo, evidencia
    dificultades: list[str] | None = None  # per slot 1..3
    # per slot 1..3: a CategoriaDificultad id or None; None as a whole leaves the categories as stored
    categorias: list[int | None] | None = None


def _bloquear(matriz: Matriz, *, contenido: bool = False) -> Matriz:
    """Re-read the matrix under a row lock so concurrent changes queue up."""
    qs = Matriz.objects.select_for_update(of=("self",)).select_related("campana", "institucion")
    # of=self: not the campaign's row, so other schools keep saving meanwhile.
    return (qs.con_contenido() if contenido else qs).get(pk=matriz.pk)


def matriz_bloqueada(matriz: Matriz) -> Matriz:
    """The matrix and its content read under its row lock, inside the caller's transaction: a save
    that merges over what is stored, with no other save able to come in between."""
    return _bloquear(matriz, contenido=True)


# --- campaigns -----------------------------------------------------------------------------------


@transaction.atomic
def campana_crear(
    *,
    usuario: Usuario,
    anio: int,
    titulo: str,
    fecha_limite: date,
    lineamientos: list[str],
    ugel: Ugel | None = None,
    dre: Dre | None = None,
) -> Campana:
    """Create a closed campaign with its ordered lineamientos."""
    lineamientos = [una_linea(n) for n in lineamientos]
    if len(lineamientos) > MAX_LINEAMIENTOS:
        raise ValidationError(
            _("Una campaña puede tener hasta %(n)d lineamientos.") % {"n": MAX_LINEAMIENTOS}
        )
    campana = Campana(
        anio=anio, titulo=titulo, fecha_limite=fecha_limite, ugel=ugel, dre=dre, creada_por=usuario
    )
    if not tiene_permiso(usuario, "balance.gestionar_campana", campana):
        raise PermissionDenied
    campana.full_clean()
    with historial.accion(campana, "crear", usuario=usuario):
        campana.save()
        Lineamiento.objects.bulk_create(
            Lineamiento(campana=campana, orden=i, nombre=nombre)
            for i, nombre in enumerate(lineamientos, start=1)
        )
    return campana


# What campana_editar may change: the scope, year and state have their own paths.
CAMPANA_EDITABLES = ("titulo", "fecha_limite")


@transaction.atomic
def campana_editar(*, usuario: Usuario, campana: Campana, datos: dict[str, Any]) -> Campana:
    """Change a campaign's title or deadline (to extend it, for instance); a save that changes
    nothing writes nothing."""
    if not tiene_permiso(usuario, "balance.gestionar_campana", campana):
        raise PermissionDenied
    if otros := set(datos) - set(CAMPANA_EDITABLES):
        raise ValueError(f"not editable here: {', '.join(sorted(otros))}")
    campana = Campana.objects.select_for_update().get(pk=campana.pk)
    cambiados = [campo for campo, valor in datos.items() if getattr(campana, campo) != valor]
    if not cambiados:
        return campana
    for campo in cambiados:
        setattr(campana, campo, datos[campo])
    campana.full_clean()
    with historial.accion(campana, "editar", usuario=usuario):
        campana.save(update_fields=cambiados)
    return campana


def campana_siguiente(*, usuario: Usuario, campana: Campana) -> Campana:
    """Next year's campaign from this one: same scope and lineamientos, year and deadline moved by one."""
    anio = campana.anio + 1
    titulo = re.sub(rf"\b{campana.anio}\b", str(anio), campana.titulo)
    if titulo == campana.titulo:
        titulo = f"{campana.titulo} ({anio})"
    if campana.fecha_limite.year > ANIO_MAXIMO + 1:
        # A deadline saved before Campana.clean bounded it may be 9999-12-31: no year comes after it.
        raise ValidationError(
            _(
                "La fecha límite de esta campaña (%(fecha)s) no es válida: corrígela antes de crear "
                "la siguiente."
            )
            % {"fecha": campana.fecha_limite.strftime("%d/%m/%Y")}
        )
    try:
        limite = campana.fecha_limite.replace(year=campana.fecha_limite.year + 1)
    except ValueError:  # 29 February
        limite = campana.fecha_limite.replace(year=campana.fecha_limite.year + 1, day=28)
    return campana_crear(
        usuario=usuario,
        anio=anio,
        titulo=titulo,
        fecha_limite=limite,
        lineamientos=list(campana.lineamientos.values_list("nombre", flat=True)),
        ugel=campana.ugel,
        dre=campana.dre,
    )


@transaction.atomic
def campana_abrir(*, usuario: Usuario, campana: Campana, fecha_limite: date | None = None) -> int:
    """Open the campaign and give every CEBA/CETPRO in its scope a matrix. Returns how many were created.
    `fecha_limite`: the deadline confirmed when opening (recorded as an edit when it changes)."""
    if not tiene_permiso(usuario, "balance.gestionar_campana", campana):
        raise PermissionDenied
    if fecha_limite is not None:
        campana_editar(usuario=usuario, campana=campana, datos={"fecha_limite": fecha_limite})
    campana = Campana.objects.select_for_update().get(pk=campana.pk)
    lineamientos = list(campana.lineamientos.all())
    if not lineamientos:
        raise ValidationError(_("La campaña necesita al menos un lineamiento antes de abrirse."))
    # The new matrices' history starts here too: created by this user, "Campaña abierta".
    with historial.accion(campana, "abrir", usuario=usuario, comentario=_("Campaña abierta")):
        campana.abierta = True
        campana.save(update_fields=["abierta"])
        existentes = set(campana.matrices.values_list("institucion_id", flat=True))
        nuevas = Matriz.objects.bulk_create(
            Matriz(campana=campana, institucion_id=pk)
            for pk in campana.instituciones().exclude(pk__in=existentes).values_list("pk", flat=True)
        )
        Fila.objects.bulk_create(Fila(matriz=m, lineamiento=li) for m in nuevas for li in lineamientos)
        Campana.marcar_cambio(campana.pk)
    return len(nuevas)


@transaction.atomic
def campana_cerrar(*, usuario: Usuario, campana: Campana) -> None:
    """Close the campaign: matrices can be read and reviewed, not edited or sent."""
    if not tiene_permiso(usuario, "balance.gestionar_campana", campana):
        raise PermissionDenied
    # The stored row, not the caller's copy (which may predate the opening): the history records
    # the change from what is stored.
    actual = Campana.objects.select_for_update().get(pk=campana.pk)
    if not actual.abierta:
        raise ValidationError(_("La campaña ya está cerrada."))
    with historial.accion(actual, "cerrar", usuario=usuario):
        Campana.objects.filter(pk=campana.pk).update(abierta=False)
        actual.abierta = False
    campana.abierta = False


# --- the director's matrix ---------------------------------------------------------------------


def motivo_no_editable(matriz: Matriz) -> str | None:
    """Why the director cannot change the matrix now, in their words; None when they can."""
    if not matriz.campana.abierta:
        return _("La campaña está cerrada: la matriz ya no se puede modificar.")
    if matriz.estado not in ESTADOS_EDITABLES:
        return _("La matriz está %(estado)s: no se puede modificar hasta que la UGEL la devuelva.") % {
            "estado": matriz.get_estado_display().lower()
        }
    return None


def _exigir_edicion(matriz: Matriz, usuario: Usuario) -> None:
    if not tiene_permiso(usuario, "balance.editar_matriz", matriz):
        raise PermissionDenied
    if motivo := motivo_no_editable(matriz):
        raise ValidationError(motivo)


def matriz_guardar(
    *,
    matriz: Matriz,
    usuario: Usuario,
    version: int,
    filas: dict[int, DatosFila],
    compromisos: list[dict] | None = None,
    seguimientos: dict[int, dict[str, str]] | None = None,
    importada: bool = False,
    bloqueada: bool = False,
) -> Matriz:
    """Save the director's draft: only what differs from what is stored is written, and a save that
    changes nothing leaves the version alone (so it cannot conflict with another tab).
    `importada`: the content comes from the offline Excel template (recorded as an import).
    `seguimientos`: how each compromiso of the institution's previous balance went, by compromiso
    id ({"avance", "comentario"}); a compromiso of another matrix refuses the whole save.
    `bloqueada`: the caller read `matriz` and its content (con_contenido) under its row lock
    (select_for_update) in the transaction it is in now: neither is read again.

    Returns the saved matrix with its content as written (not read back: the writes are applied to
    the content already read, under the same lock).

    Raises ConflictoVersion when `version` is not the stored one: nothing is written then.
    """
    # With the caller's lock, inside the caller's transaction (no savepoint: if this fails, the
    # whole transaction does).
    with transaction.atomic(savepoint=not bloqueada):
        return _guardar_contenido(
            matriz=matriz,
            usuario=usuario,
            version=version,
            filas=filas,
            compromisos=compromisos,
            seguimientos=seguimientos,
            importada=importada,
            bloqueada=bloqueada,
        )


def _guardar_contenido(
    *,
    matriz: Matriz,
    usuario: Usuario,
    version: int,
    filas: dict[int, DatosFila],
    compromisos: list[dict] | None,
    seguimientos: dict[int, dict[str, str]] | None,
    importada: bool,
    bloqueada: bool,
) -> Matriz:
    leida = matriz
    if bloqueada:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("bloqueada=True: the caller's lock lives in its transaction")
    else:
        matriz = _bloquear(matriz)
    _exigir_edicion(matriz, usuario)
    if matriz.version != version:
        raise ConflictoVersion(
            Matriz.objects.select_related("campana", "institucion").con_contenido().get(pk=matriz.pk)
        )
    if bloqueada:
        pass  # its content was read under the lock by the caller
    elif leida.version == version and "filas" in getattr(leida, "_prefetched_objects_cache", {}):
        # The caller's copy, content prefetched, is of the version now locked: every write of the
        # content bumps the version under this lock, so that content is what is stored (not read again).
        matriz._prefetched_objects_cache = leida._prefetched_objects_cache
    else:
        matriz = _bloquear(matriz, contenido=True)

    propias = {f.pk: f for f in matriz.filas.all()}
    elegidas = {c for d in filas.values() for c in (d.categorias or ()) if c is not None}
    activas = (
        set(CategoriaDificultad.objects.activas().filter(pk__in=elegidas).values_list("pk", flat=True))
        if elegidas
        else set()
    )
    escrituras: list[Escritura] = []  # compared first, written together inside one recorded action
    en_memoria: list[Callable[[], None]] = []  # then the same changes on the content read
    # What the boards' charts count changes (Campana.marcar_cambio): the first edit (the matrix is
    # no longer «sin iniciar») or a difficulty. Most autosaves touch neither.
    cuenta = matriz.editada_en is None
    for fila_id, datos in filas.items():
        fila = propias.get(fila_id)
        if fila is None:
            raise PermissionDenied  # a row of another matrix
        textos = {
            k: v
            for k in ("acciones", "sugerencias", "enlace_evidencias")
            if (v := getattr(datos, k)) is not None and v != getattr(fila, k)
        }
        if textos:
            escrituras.append(_actualizacion(Fila, fila.pk, textos))
            en_memoria.append(partial(_poner, fila, textos))
        if datos.logros is not None:
            escrituras += _escrituras_por_orden(
                Logro, {"fila": fila}, fila.logros.all(), datos.logros, LOGRO_CAMPOS, en_memoria
            )
        if datos.dificultades is not None:
            slots: list[dict | None] = [{"texto": t} if t else None for t in datos.dificultades]
            campos: tuple[str, ...] = ("texto",)
            if datos.categorias is not None:
                _comprobar_categorias(fila, datos.categorias, activas)
                campos = ("texto", "categoria_id")
                for slot, categoria in zip(slots, datos.categorias, strict=False):
                    if slot is not None:
                        slot["categoria_id"] = categoria
            de_dificultades = _escrituras_por_orden(
                Dificultad, {"fila": fila}, fila.dificultades.all(), slots, campos, en_memoria
            )
            cuenta = cuenta or bool(de_dificultades)
            escrituras += de_dificultades
    if seguimientos:
        escrituras += _escrituras_seguimiento(matriz, seguimientos)
    if compromisos is not None:
        escrituras += _escrituras_por_orden(
            Compromiso,
            {"matriz": matriz},
            matriz.compromisos.all(),
            compromisos,
            COMPROMISO_CAMPOS,
            en_memoria,
        )
    if not escrituras:
        return matriz

    nombre, tipo = ("importar", historial.Tipo.IMPORTACION) if importada else ("guardar", None)
    with historial.accion(matriz, nombre, usuario=usuario, tipo=tipo):
        # The UPDATEs go to PostgreSQL together, with the matrix's own, in one round trip (most
        # saves are only that); a delete or an insert goes in its turn, after those before it.
        pendientes: list[tuple[str, list]] = []
        for escribir in escrituras:
            if isinstance(escribir, tuple):
                pendientes.append(escribir)
            else:
                _ejecutar(pendientes)
                escribir()
        # The content read under the lock, with the same changes: what is stored now (nothing else
        # can write it until the commit), for the progress and for the caller, not read back.
        for aplicar in en_memoria:
            aplicar()
        matriz.__dict__.get("_prefetched_objects_cache", {}).pop("seguimientos", None)
        guardada = matriz
        guardada.version += 1
        guardada.editada_en = guardada.actualizada = timezone.now()
        guardada.editada_por = usuario
        guardada.progreso = guardada.calcular_progreso()
        # What save(update_fields=…) writes, in one plain UPDATE: the ORM's save takes the autosave
        # 0.6 ms more to build (no signal listens to Matriz; the history's triggers see the same row).
        pendientes.append(
            (
                f"UPDATE {Matriz._meta.db_table} SET version = %s, editada_en = %s, editada_por_id = %s, "
                "progreso = %s, actualizada = %s WHERE id = %s",
                [
                    guardada.version,
                    guardada.editada_en,
                    usuario.pk,
                    guardada.progreso,
                    guardada.actualizada,
                    guardada.pk,
                ],
            )
        )
        _ejecutar(pendientes)
        if cuenta:
            Campana.marcar_cambio(guardada.campana_id)
    return guardada


# A write of a save: a call (a delete, an insert) or an UPDATE as (SQL, parameters), see _ejecutar.
Escritura = Callable[[], object] | tuple[str, list]


def _actualizacion(modelo: type[Model], pk: int, valores: dict[str, object]) -> tuple[str, list]:
    """What ``modelo.objects.filter(pk=pk).update(**valores)`` sends, as (SQL, parameters), for
    _ejecutar to send with others (the ORM compiles each update anew: 0.3 ms an autosave)."""
    campos = [modelo._meta.get_field(nombre) for nombre in valores]
    conexion = transaction.get_connection()
    asignaciones = ", ".join(f'"{campo.column}" = %s' for campo in campos)
    return (
        f'UPDATE "{modelo._meta.db_table}" SET {asignaciones} WHERE "{modelo._meta.pk.column}" = %s',
        [
            campo.get_db_prep_save(valores[campo.name if campo.name in valores else campo.attname], conexion)
            for campo in campos
        ]
        + [pk],
    )


def _ejecutar(pendientes: list[tuple[str, list]]) -> None:
    """The statements gathered, sent in one execute (PostgreSQL runs them in order, in the current
    transaction; the history's context is set once before them), and the list emptied."""
    if not pendientes:
        return
    with transaction.get_connection().cursor() as cursor:
        cursor.execute("; ".join(sql for sql, _p in pendientes), [p for _s, ps in pendientes for p in ps])
    pendientes.clear()


def _comprobar_categorias(fila: Fila, categorias: list[int | None], activas: set[int]) -> None:
    """Each category is one of the list's `activas`, or one the row's difficulties already have (a
    category deactivated after it was chosen stays on its difficulty). Raises ValidationError."""
    elegidas = {c for c in categorias if c is not None}
    if elegidas - activas - {d.categoria_id for d in fila.dificultades.all()}:
        raise ValidationError(_("Esa categoría de dificultad no está en la lista. Elige otra de la lista."))


def _escrituras_seguimiento(
    matriz: Matriz, seguimientos: dict[int, dict[str, str]]
) -> list[Callable[[], object]]:
    """The writes of the follow-ups of the previous balance's compromisos: each one created,
    changed, or deleted when emptied. Raises ValidationError (nothing written) for a compromiso that
    is not of this institution's previous balance, or an answer not in the list."""
    previa = anteriores([matriz]).get(matriz.pk)
    propios = set(previa.compromisos.values_list("pk", flat=True)) if previa else set()
    if set(seguimientos) - propios:
        raise ValidationError(
            _(
                "Ese compromiso no es del balance anterior de tu institución: no se guardó nada. "
                "Recarga la página."
            )
        )
    guardados = {s.compromiso_id: s for s in matriz.seguimientos.all()}
    escrituras: list[Callable[[], object]] = []
    nuevos = []
    for compromiso_id, valores in seguimientos.items():
        valores = {k: (valores.get(k) or "").strip() for k in ("avance", "comentario")}
        if valores["avance"] not in ("", *Avance.values):
            raise ValidationError(_("Elige cómo te fue con el compromiso de la lista: no se guardó nada."))
        previo = guardados.get(compromiso_id)
        if previo is None:
            if any(valores.values()):
                nuevos.append(SeguimientoCompromiso(matriz=matriz, compromiso_id=compromiso_id, **valores))
        elif not any(valores.values()):
            escrituras.append(SeguimientoCompromiso.objects.filter(pk=previo.pk).delete)
        elif cambios := {k: v for k, v in valores.items() if getattr(previo, k) != v}:
            escrituras.append(partial(SeguimientoCompromiso.objects.filter(pk=previo.pk).update, **cambios))
    if nuevos:
        escrituras.append(partial(SeguimientoCompromiso.objects.bulk_create, nuevos))
    return escrituras


LOGRO_CAMPOS = ("cifra", "que_cuenta", "cualitativo", "evidencia")
COMPROMISO_CAMPOS = ("que", "responsable", "plazo")


def comparable(valor: object) -> object:
    """A stored or typed value in a form where equal means unchanged ("" is None, 87 is 87.00)."""
    if valor in (None, ""):
        return None
    if isinstance(valor, Decimal | int | float):
        return Decimal(str(valor)).normalize()
    return valor


def _escrituras_por_orden(
    modelo: type[Ordenado],
    padre: dict[str, Model],
    guardados: Iterable[Ordenado],
    slots: list[dict | None],
    campos: tuple[str, ...],
    en_memoria: list[Callable[[], None]] | None = None,
) -> list[Escritura]:
    """The writes that turn the stored rows into the numbered slots (1..n), each row in place by orden:
    an UPDATE of the fields that changed, an INSERT when a slot fills, a DELETE when it empties, nothing
    for an unchanged slot. Rows keep their primary key, so each one's history can be followed.
    `en_memoria` receives what makes the parent's prefetched rows (when they were prefetched) match,
    to run after the writes."""
    existentes = {o.orden: o for o in guardados}
    llenos = {orden: slot for orden, slot in enumerate(slots, start=1) if slot}
    escrituras: list[Escritura] = []
    if vacios := [o.pk for orden, o in existentes.items() if orden not in llenos]:
        escrituras.append(modelo.objects.filter(pk__in=vacios).delete)
    nuevos = []
    finales = []  # the rows after the writes, in orden
    for orden, slot in llenos.items():
        # Built as an INSERT would be, so that a missing key means the field's default here too.
        nuevo = modelo(orden=orden, **padre, **slot)
        guardado = existentes.get(orden)
        if guardado is None:
            nuevos.append(nuevo)
            finales.append(nuevo)
            continue
        cambios = {
            c: getattr(nuevo, c)
            for c in campos
            if comparable(getattr(nuevo, c)) != comparable(getattr(guardado, c))
        }
        finales.append(guardado)
        if cambios:
            escrituras.append(_actualizacion(modelo, guardado.pk, cambios))
            if en_memoria is not None:
                en_memoria.append(partial(_poner, guardado, cambios))
    if nuevos:
        escrituras.append(partial(modelo.objects.bulk_create, nuevos))
    if escrituras and en_memoria is not None:
        en_memoria.append(partial(_poner_filas, padre, modelo, finales))
    return escrituras


def _poner(obj: Model, valores: dict[str, object]) -> None:
    """Set on a row read what an UPDATE just wrote, as the database would read it back (a cifra with
    its two decimals)."""
    for nombre, valor in valores.items():
        campo = obj._meta.get_field(nombre)
        if isinstance(valor, Decimal) and getattr(campo, "decimal_places", None) is not None:
            valor = valor.quantize(Decimal(1).scaleb(-campo.decimal_places))
        setattr(obj, nombre, valor)


def _poner_filas(padre: dict[str, Model], modelo: type[Ordenado], filas: list[Ordenado]) -> None:
    """The parent's prefetched rows of `modelo` replaced by `filas` (the new ones now with their id
    from the INSERT); nothing when they were not prefetched (the next read goes to the database)."""
    (dueno,) = padre.values()
    cache = getattr(dueno, "_prefetched_objects_cache", {})
    nombre = next(r.get_accessor_name() for r in dueno._meta.related_objects if r.related_model is modelo)
    if nombre not in cache:
        return
    decimales = [
        c.name for c in modelo._meta.concrete_fields if getattr(c, "decimal_places", None) is not None
    ]
    for fila in filas:  # an inserted one as read back: its cifra with the column's decimals
        _poner(fila, {c: v for c in decimales if isinstance(v := getattr(fila, c), Decimal)})
    copia = cache[nombre]._chain()
    copia._result_cache = filas
    copia._prefetch_done = True
    cache[nombre] = copia


def comprobar_envio(*, matriz: Matriz, usuario: Usuario) -> None:
    """What a send checks, without sending: the confirmation page is shown only when it would work.
    Raises PermissionDenied, ValidationError (not editable, deadline passed) or MatrizIncompleta."""
    _exigir_edicion(matriz, usuario)
    if matriz.campana.vencida:
        raise ValidationError(
            _("El plazo venció el %(fecha)s: ya no se pueden enviar matrices. Pide a tu UGEL que lo amplíe.")
            % {"fecha": matriz.campana.fecha_limite.strftime("%d/%m/%Y")}
        )
    completa = Matriz.objects.con_contenido().get(pk=matriz.pk)
    faltantes = completa.faltantes()
    if faltantes:
        raise MatrizIncompleta(faltantes)


@transaction.atomic
def matriz_enviar(*, matriz: Matriz, usuario: Usuario) -> Matriz:
    """Send the matrix to the UGEL, if complete and before the deadline."""
    matriz = _bloquear(matriz)
    comprobar_envio(matriz=matriz, usuario=usuario)
    with historial.accion(matriz, "enviar", usuario=usuario):
        if matriz.enviada_en is not None:
            # Sent before: this send starts a new review round, which begins with no observations.
            _archivar_observaciones(matriz)
            matriz.ronda += 1
        matriz.estado = Estado.ENVIADA
        matriz.enviada_en = timezone.now()
        matriz.revision_abierta_en = None
        matriz.progreso = 100
        matriz.save(
            update_fields=["estado", "enviada_en", "ronda", "revision_abierta_en", "progreso", "actualizada"]
        )
        # What was sent, kept for the next round's reviewer (what changed since the return).
        EnvioDeMatriz.objects.create(
            matriz=matriz,
            ronda=matriz.ronda,
            enviado=matriz.enviada_en,
            enviado_por=usuario,
            contenido=contenido(Matriz.objects.con_contenido().get(pk=matriz.pk)),
        )
        Campana.marcar_cambio(matriz.campana_id)
    return matriz


def _archivar_observaciones(matriz: Matriz) -> None:
    """Move the current round's observations to the round's record and leave the rows empty."""
    filas = matriz.filas.exclude(observacion="")
    ObservacionDeRonda.objects.bulk_create(
        ObservacionDeRonda(fila_id=pk, ronda=matriz.ronda, texto=texto)
        for pk, texto in filas.values_list("pk", "observacion")
    )
    filas.update(observacion="")


def motivo_no_retirable(matriz: Matriz) -> str | None:
    """Why the director cannot withdraw the sent matrix now; None when they can. The UGEL "opens its
    review" when one of its reviewers first loads the sent matrix's page (matriz_abrir_revision)."""
    if matriz.estado != Estado.ENVIADA:
        return _("Solo se retira una matriz enviada; esta está %(estado)s.") % {
            "estado": matriz.get_estado_display().lower()
        }
    if matriz.revision_abierta_en is not None:
        return _(
            "La UGEL ya empezó a revisar tu matriz (la abrió el %(fecha)s): ya no puedes retirarla. "
            "Si necesitas corregir algo, pídele que te la devuelva."
        ) % {"fecha": timezone.localtime(matriz.revision_abierta_en).strftime("%d/%m/%Y %H:%M")}
    if not matriz.campana.abierta:
        return _("La campaña está cerrada: la matriz ya no se puede modificar.")
    return None


@transaction.atomic
def matriz_retirar(*, matriz: Matriz, usuario: Usuario) -> Matriz:
    """The director takes back a sent matrix the UGEL has not started to review: it returns to the
    state it had before the send (draft, or observed with that round's observations back)."""
    matriz = _bloquear(matriz)
    if not tiene_permiso(usuario, "balance.editar_matriz", matriz):
        raise PermissionDenied
    if motivo := motivo_no_retirable(matriz):
        raise ValidationError(motivo)
    with historial.accion(matriz, "retirar", usuario=usuario):
        campos = ["estado", "revision_abierta_en", "actualizada"]
        matriz.revision_abierta_en = None
        # The withdrawn send is undone: what it kept goes with it (the next send keeps its own).
        EnvioDeMatriz.objects.filter(matriz=matriz, ronda=matriz.ronda).delete()
        if matriz.ronda > 1:
            # Undo the new round the send started: its observations come back next to each field.
            matriz.ronda -= 1
            anteriores = ObservacionDeRonda.objects.filter(fila__matriz=matriz, ronda=matriz.ronda)
            for pk, texto in anteriores.values_list("fila_id", "texto"):
                Fila.objects.filter(pk=pk).update(observacion=texto)
            anteriores.delete()
            matriz.estado = Estado.OBSERVADA
            campos.append("ronda")
        else:
            matriz.estado = Estado.BORRADOR
            matriz.enviada_en = None
            campos.append("enviada_en")
        matriz.save(update_fields=campos)
        Campana.marcar_cambio(matriz.campana_id)
    return matriz


def matriz_abrir_revision(*, matriz: Matriz, usuario: Usuario) -> None:
    """A UGEL reviewer opened the sent matrix's page: its review has started (no more withdrawing).
    Only the first opening in a round is written; anyone else's visit changes nothing."""
    if matriz.estado != Estado.ENVIADA or matriz.revision_abierta_en is not None:
        return
    if not tiene_permiso(usuario, "balance.revisar_matriz", matriz):
        return
    ahora = timezone.now()
    Matriz.objects.filter(pk=matriz.pk, estado=Estado.ENVIADA, revision_abierta_en__isnull=True).update(
        revision_abierta_en=ahora
    )
    matriz.revision_abierta_en = ahora


# --- the UGEL's review ------------------------------------------------------------------------


def _exigir_revision(matriz: Matriz, usuario: Usuario) -> None:
    if not tiene_permiso(usuario, "balance.revisar_matriz", matriz):
        raise PermissionDenied
    if matriz.estado != Estado.ENVIADA:
        raise ValidationError(
            _("Solo se revisa una matriz enviada; esta está %(estado)s.")
            % {"estado": matriz.get_estado_display().lower()}
        )


def _guardar_observaciones(matriz: Matriz, observaciones: dict[int, str]) -> None:
    propias = set(matriz.filas.values_list("pk", flat=True))
    for fila_id, texto in observaciones.items():
        if fila_id not in propias:
            raise PermissionDenied
        Fila.objects.filter(pk=fila_id).update(observacion=texto)


@transaction.atomic
def matriz_devolver(
    *, matriz: Matriz, usuario: Usuario, motivo: str, observaciones: dict[int, str] | None = None
) -> Matriz:
    """Return a sent matrix to its director with observations; a reason is required."""
    matriz = _bloquear(matriz)
    _exigir_revision(matriz, usuario)
    if not motivo.strip():
        raise ValidationError({"motivo": _("Explica al director por qué devuelves la matriz.")})
    with historial.accion(matriz, "devolver", usuario=usuario, comentario=motivo.strip()):
        _guardar_observaciones(matriz, observaciones or {})
        matriz.estado = Estado.OBSERVADA
        matriz.save(update_fields=["estado", "actualizada"])
        Campana.marcar_cambio(matriz.campana_id)
    return matriz


def motivo_no_reabrible(matriz: Matriz) -> str | None:
    """Why the UGEL cannot reopen the matrix now; None when it can (approved, campaign open)."""
    if matriz.estado != Estado.APROBADA:
        return _("Solo se reabre una matriz aprobada; esta está %(estado)s.") % {
            "estado": matriz.get_estado_display().lower()
        }
    if not matriz.campana.abierta:
        return _("La campaña está cerrada: el director no podría corregir la matriz.")
    return None


@transaction.atomic
def matriz_reabrir(*, matriz: Matriz, usuario: Usuario, motivo: str) -> Matriz:
    """Reopen an approved matrix so its director corrects and sends it again; a reason is required and
    the campaign must be open (otherwise the director could not edit it)."""
    matriz = _bloquear(matriz)
    if not tiene_permiso(usuario, "balance.revisar_matriz", matriz):
        raise PermissionDenied
    if no_reabrible := motivo_no_reabrible(matriz):
        raise ValidationError(no_reabrible)
    if not motivo.strip():
        raise ValidationError({"motivo": _("Explica al director por qué reabres la matriz.")})
    with historial.accion(matriz, "reabrir", usuario=usuario, comentario=motivo.strip()):
        matriz.estado = Estado.OBSERVADA
        matriz.aprobada_en = None
        matriz.aprobada_por = None
        matriz.save(update_fields=["estado", "aprobada_en", "aprobada_por", "actualizada"])
        Campana.marcar_cambio(matriz.campana_id)
    return matriz


@transaction.atomic
def matriz_aprobar(*, matriz: Matriz, usuario: Usuario, comentario: str = "") -> Matriz:
    """Approve a sent matrix. The approval closes the round with its comment only: observations
    belong to a return, so an approved matrix shows no observation."""
    matriz = _bloquear(matriz)
    _exigir_revision(matriz, usuario)
    with historial.accion(matriz, "aprobar", usuario=usuario, comentario=comentario.strip()):
        matriz.estado = Estado.APROBADA
        matriz.aprobada_en = timezone.now()
        matriz.aprobada_por = usuario
        matriz.save(update_fields=["estado", "aprobada_en", "aprobada_por", "actualizada"])
        Campana.marcar_cambio(matriz.campana_id)
    return matriz
