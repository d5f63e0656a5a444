"""The public documents: the sheet PDF of a published practice and the report PDF of a published event,
rendered once per published version by the exporters (FichaPdf, EventoPdf) as an anonymous visitor
would see them, kept in the default storage and served from there, so that anonymous traffic never
renders a PDF.

Each change to what a document prints raises its ``DocumentoPublico.version`` inside the
transaction that makes the change (``cambio_practica``, ``cambio_evento``: called by
``practicas.contenido`` and ``practicas.services``). Once it commits, the stale files are deleted and
the published ones are queued for rendering (``documento_generar``, a django-tasks task). A request
that finds no file for the current version queues it once (``documento_pedir``) and is told to come
back. The render stores its file only if the version did not move while it ran.
"""

import logging
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from exportaciones.base import obtener
from practicas.models import (
    BuenaPractica,
    ComentarioExperto,
    DocumentoPublico,
    Evento,
    PracticaPresentada,
)
from practicas.models import TipoDocumentoPublico as Tipo

log = logging.getLogger(__name__)

# The exporter that renders each kind, and the record it takes.
EXPORTADORES = {
    Tipo.FICHA: ("practicas.ficha_pdf", "practica"),
    Tipo.REPORTE: ("practicas.evento_pdf", "evento"),
}
# A version queued this long ago and still without its file is queued again (a lost task).
REINTENTAR_TRAS = timedelta(minutes=5)


@dataclass(frozen=True)
class Clave:
    tipo: str
    objeto_id: int


def publicado(tipo: str, objeto_id: int) -> bool:
    if tipo == Tipo.FICHA:
        return BuenaPractica.objects.publicadas().filter(pk=objeto_id).exists()
    return Evento.objects.publicados().filter(pk=objeto_id).exists()


# --- invalidation, inside the transaction that changes the content -------------------------------


def cambio_practica(practica_id: int, *, catalogo: bool = False) -> None:
    """A practice's printed content changed (its fields, lists, photos, expert feedback, or its
    state): its sheet and the reports that present it. ``catalogo``: it entered or left the
    catalogue, whose counts every report prints, so every published report changes too."""
    presentadas = PracticaPresentada._meta.db_table
    eventos = Evento._meta.db_table
    _cambio(
        f"""
        SELECT %s, %s::bigint
        UNION SELECT %s, evento_id FROM {presentadas} WHERE practica_id = %s
        UNION SELECT %s, id FROM {eventos} WHERE publicado AND %s
        """,  # noqa: S608 (table names are ours; the values are parameters)
        [Tipo.FICHA, practica_id, Tipo.REPORTE, practica_id, Tipo.REPORTE, catalogo],
    )


def cambio_evento(evento_id: int) -> None:
    """An event's report changed (its text, lists, photos, its practices, or its publication), and
    with it the sheets that print an expert's feedback given at this event."""
    comentarios = ComentarioExperto._meta.db_table
    _cambio(
        f"""
        SELECT %s, %s::bigint
        UNION SELECT %s, practica_id FROM {comentarios} WHERE evento_id = %s
        """,  # noqa: S608
        [Tipo.REPORTE, evento_id, Tipo.FICHA, evento_id],
    )


def _cambio(documentos: str, parametros: list) -> None:
    """Raise the version of each document the query names (tipo, objeto_id), creating its row when
    missing: one statement, whatever the number of documents. An upsert, not read-then-write, so a
    render creating the row at the same time cannot miss the raise."""
    tabla = DocumentoPublico._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {tabla} (tipo, objeto_id, version, archivo, archivo_version, pedido)
            SELECT t, o, 1, '', 0, 0 FROM ({documentos}) AS x(t, o) ORDER BY t, o
            ON CONFLICT (tipo, objeto_id) DO UPDATE SET version = {tabla}.version + 1
            RETURNING tipo, objeto_id
            """,  # noqa: S608
            parametros,
        )
        claves = {Clave(t, o) for t, o in cursor.fetchall()}
    transaction.on_commit(lambda: refrescar(claves))


def refrescar(claves: set[Clave]) -> None:
    """After a change commits: delete the files no longer current, queue the published ones."""
    filtro = Q()
    for c in claves:
        filtro |= Q(tipo=c.tipo, objeto_id=c.objeto_id)
    for documento in DocumentoPublico.objects.filter(filtro):
        _borrar_viejo(documento)
        if publicado(documento.tipo, documento.objeto_id):
            documento_pedir(documento.tipo, documento.objeto_id, forzar=True)


def _borrar_viejo(documento: DocumentoPublico) -> None:
    if documento.archivo and not documento.listo:
        nombre = documento.archivo.name
        quitados = DocumentoPublico.objects.filter(
            pk=documento.pk, archivo=nombre, archivo_version=documento.archivo_version
        ).update(archivo="", archivo_version=0, generado=None)
        if quitados:
            documento.archivo.storage.delete(nombre)


# --- reading and queueing ------------------------------------------------------------------------


def documento_vigente(tipo: str, objeto_id: int) -> DocumentoPublico | None:
    """The stored document of this version, or None when it is not ready. One query."""
    documento = DocumentoPublico.objects.filter(tipo=tipo, objeto_id=objeto_id).first()
    return documento if documento is not None and documento.listo else None


def documento_pedir(tipo: str, objeto_id: int, *, forzar: bool = False) -> bool:
    """Queue the rendering of the current version once: the first request of a burst wins a
    conditional update, the others find it already asked. True when this call queued it."""
    from practicas.tasks import generar_documento_publico  # tasks import this module at load

    DocumentoPublico.objects.get_or_create(tipo=tipo, objeto_id=objeto_id)
    ahora = timezone.now()
    pendientes = DocumentoPublico.objects.filter(tipo=tipo, objeto_id=objeto_id)
    if not forzar:
        pendientes = pendientes.filter(
            Q(pedido__lt=F("version")) | Q(pedido_en__isnull=True) | Q(pedido_en__lt=ahora - REINTENTAR_TRAS)
        ).exclude(archivo_version=F("version"), archivo__gt="")
    if not pendientes.update(pedido=F("version"), pedido_en=ahora):
        return False
    transaction.on_commit(lambda: generar_documento_publico.enqueue(tipo, objeto_id))
    return True


# --- rendering (the background task) -------------------------------------------------------------


def documento_generar(tipo: str, objeto_id: int) -> DocumentoPublico | None:
    """Render the current version of a published document with its exporter, as an anonymous
    visitor (only public content prints), and store it in place of the previous file. Nothing is
    stored if the version moved meanwhile (a newer render is queued) or the record is no longer
    published (its file is deleted)."""
    documento, _creado = DocumentoPublico.objects.get_or_create(tipo=tipo, objeto_id=objeto_id)
    if not publicado(tipo, objeto_id):
        _borrar(documento)
        return None
    if documento.listo:
        return documento
    with transaction.atomic():
        # One render per document at a time, across workers: a second task waits for the first,
        # then finds its file (same version) or renders the newer version the first had to drop.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_ESPACIO[tipo], objeto_id % 2**31])
        documento.refresh_from_db()
        if documento.listo:
            return documento
        version = documento.version
        identificador, opcion = EXPORTADORES[tipo]
        exportador = obtener(identificador)(AnonymousUser(), {opcion: str(objeto_id)})
        with tempfile.TemporaryFile() as tmp:
            exportador.generar(tmp)
            tmp.seek(0)
            documento = DocumentoPublico.objects.select_for_update().get(pk=documento.pk)
            if documento.version != version or not publicado(tipo, objeto_id):
                log.info("public %s %s moved past v%s while rendering", tipo, objeto_id, version)
                return None
            viejo = documento.archivo.name if documento.archivo else ""
            nombre = f"{slugify(exportador.titulo_archivo())[:80] or tipo}-v{version}.pdf"
            documento.archivo.save(nombre, File(tmp), save=False)
            documento.archivo_version = version
            documento.generado = timezone.now()
            documento.save(update_fields=["archivo", "archivo_version", "generado"])
        if viejo and viejo != documento.archivo.name:
            almacen = documento.archivo.storage
            transaction.on_commit(lambda: almacen.delete(viejo))
    return documento


# Two int4 keys for pg_advisory_xact_lock: this module's kind, then the record's id.
_ESPACIO = {Tipo.FICHA: 7301, Tipo.REPORTE: 7302}


def _borrar(documento: DocumentoPublico) -> None:
    if documento.archivo:
        nombre = documento.archivo.name
        DocumentoPublico.objects.filter(pk=documento.pk, archivo=nombre).update(
            archivo="", archivo_version=0, generado=None
        )
        documento.archivo.storage.delete(nombre)


def documento_perdido(documento: DocumentoPublico) -> None:
    """Its file is gone from storage: forget it, so the next request queues a new render."""
    DocumentoPublico.objects.filter(pk=documento.pk, archivo=documento.archivo.name).update(
        archivo="", archivo_version=0, generado=None, pedido=0
    )


# --- the download's name -------------------------------------------------------------------------

_NO_EN_NOMBRES = dict.fromkeys(map(ord, '\\/:*?"<>|;'), " ")


def disposicion(titulo: str) -> str:
    """Content-Disposition for a download named after its title, accents kept: an ASCII name for
    old clients, the UTF-8 one (RFC 6266 / 5987) for the rest."""
    limpio = " ".join("".join(c for c in titulo if c.isprintable()).translate(_NO_EN_NOMBRES).split())
    limpio = limpio[:150].rstrip(" .") or "documento"
    ascii_ = unicodedata.normalize("NFKD", limpio).encode("ascii", "ignore").decode()
    ascii_ = " ".join(ascii_.split()) or "documento"
    return f"attachment; filename=\"{ascii_}.pdf\"; filename*=UTF-8''{quote(limpio + '.pdf', safe='')}"
