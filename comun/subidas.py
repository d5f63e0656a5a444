"""Uploaded workbooks, checked before any parser sees them; uploads cut at the request.

An .xlsx is a zip of XML parts, and a small one can unpack into gigabytes, hold millions of identical
cells, a styles part of hundreds of thousands of formats, elements nested a million deep or XML
entities that expand (billion laughs); openpyxl would build all of it in memory. `revisar_libro`
refuses all of that from the zip itself, reading each part once, in chunks, counting the bytes that
really come out (the sizes the zip declares are compared, never trusted) and scanning the XML with
expat without building anything. Only then `abrir_libro` hands the file to openpyxl, in its read-only
streaming mode (with defusedxml installed, which openpyxl uses by itself). Each refusal is a
ValidationError with a message for the person who uploaded the file.

`SubidaLimitada`, the first upload handler, keeps no more than SUBIDA_MB_MAXIMO of any uploaded
file: beyond that the bytes are read and dropped, and the form refuses the file by its size.
"""

import copy
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.formats import number_format
from django.utils.translation import gettext as _

KB = 1024
MB = 1024 * KB
TROZO = 64 * KB

# Excel's names for workbooks that carry macros (and the binary format, which openpyxl cannot read).
EXTENSIONES_MACRO = (".xlsm", ".xltm", ".xlam", ".xlsb")
# What a workbook's [Content_Types].xml says about a part with macros.
TIPOS_MACRO = ("macroenabled", "vbaproject", "ms-office.vba", "activex")


@dataclass(frozen=True)
class LimitesLibro:
    """What an uploaded workbook may hold. Each feature sizes them from its own real file."""

    bytes: int  # the file as uploaded
    descomprimido: int  # all its parts, unpacked
    entradas: int  # parts in the zip
    estilos: int  # bytes of xl/styles.xml
    formatos: int  # cell formats (cellXfs) in the styles
    filas: int  # <row> elements, all sheets together
    celdas: int  # <c> elements, all sheets together
    profundidad: int = 32  # XML nesting; Excel's own parts stay under 12


class _Rechazo(Exception):
    def __init__(self, mensaje: str, code: str):
        super().__init__(mensaje)
        self.mensaje, self.code = mensaje, code


def _mb(n: int) -> str:
    return number_format(n / MB, 0 if n % MB == 0 or n >= 10 * MB else 1)


def revisar_libro(archivo, limites: LimitesLibro) -> None:
    """Check an uploaded .xlsx without parsing it; raises ValidationError with the reason.

    Codes: vacio, con_macros, no_es_xlsx, archivo_grande, demasiadas_partes, grande_por_dentro,
    tamano_falso, danado, entidades_xml, anidado, demasiados_estilos, demasiados_formatos,
    demasiadas_filas, demasiadas_celdas.
    """
    if getattr(archivo, "_chasqui_revisado", None) == limites:
        return  # already checked by the form, the same file
    try:
        _revisar(archivo, limites)
    except _Rechazo as rechazo:
        raise ValidationError(rechazo.mensaje, code=rechazo.code) from None
    finally:
        archivo.seek(0)
    archivo._chasqui_revisado = limites


def abrir_libro(archivo, limites: LimitesLibro):
    """The workbook in openpyxl's read-only mode, once `revisar_libro` let it through.

    Raises ValidationError (from revisar_libro, or code no_es_xlsx when openpyxl cannot read it).
    Close it (``libro.close()``) when done."""
    from openpyxl import load_workbook

    revisar_libro(archivo, limites)
    try:
        return load_workbook(archivo, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception:  # whatever a file that is not a workbook makes openpyxl raise
        raise ValidationError(_no_es_xlsx(), code="no_es_xlsx") from None


def _no_es_xlsx() -> str:
    return _(
        "El archivo no es un Excel .xlsx. Guárdalo en Excel como «Libro de Excel (.xlsx)» y súbelo de nuevo."
    )


def _revisar(archivo, limites: LimitesLibro) -> None:
    nombre = PurePath(getattr(archivo, "name", "") or "").name.lower()
    if nombre.endswith(EXTENSIONES_MACRO):
        raise _Rechazo(_con_macros(), "con_macros")
    tamano = archivo.size
    if not tamano:
        raise _Rechazo(_("El archivo está vacío."), "vacio")
    if tamano > limites.bytes:
        # Past SUBIDA_MB_MAXIMO the upload handler kept one byte more and dropped the rest.
        cortado = tamano > settings.SUBIDA_MB_MAXIMO * MB
        peso = _("más de %(n)s") % {"n": settings.SUBIDA_MB_MAXIMO} if cortado else _mb(tamano)
        raise _Rechazo(
            _(
                "El archivo pesa %(peso)s MB y el máximo es %(limite)s MB. "
                "El archivo correcto pesa mucho menos: ¿elegiste el que es?"
            )
            % {"peso": peso, "limite": _mb(limites.bytes)},
            "archivo_grande",
        )
    archivo.seek(0)
    try:
        zf = zipfile.ZipFile(archivo)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _Rechazo(_no_es_xlsx(), "no_es_xlsx") from None
    with zf:
        partes = zf.infolist()
        if len(partes) > limites.entradas:
            raise _Rechazo(
                _(
                    "El archivo tiene %(n)d partes por dentro y el archivo esperado tiene menos de "
                    "%(max)d. Guárdalo de nuevo en Excel como «Libro de Excel (.xlsx)» y súbelo."
                )
                % {"n": len(partes), "max": limites.entradas},
                "demasiadas_partes",
            )
        nombres = {p.filename.lower() for p in partes}
        if "[content_types].xml" not in nombres or "xl/workbook.xml" not in nombres:
            raise _Rechazo(_no_es_xlsx(), "no_es_xlsx")
        if any(PurePath(n).name == "vbaproject.bin" for n in nombres):
            raise _Rechazo(_con_macros(), "con_macros")
        declarado = sum(p.file_size for p in partes)
        if declarado > limites.descomprimido:
            raise _Rechazo(_grande_por_dentro(declarado, limites), "grande_por_dentro")
        conteo = _Conteo(limites)
        total = 0
        for parte in partes:
            total += _leer_parte(zf, parte, limites.descomprimido - total, conteo)


def _con_macros() -> str:
    return _(
        "El archivo tiene macros (.xlsm) y Chasqui no las acepta. "
        "Guárdalo en Excel como «Libro de Excel (.xlsx)», sin macros, y súbelo de nuevo."
    )


def _grande_por_dentro(tamano: int, limites: LimitesLibro) -> str:
    return _(
        "Por dentro, el archivo ocupa %(peso)s MB o más y el máximo es %(limite)s MB: "
        "tiene mucho más de lo que cabe en el archivo esperado. Borra lo que sobra o descárgalo de nuevo."
    ) % {"peso": _mb(tamano), "limite": _mb(limites.descomprimido)}


def _danado() -> str:
    return _(
        "El archivo está dañado o no es un Excel .xlsx. "
        "Guárdalo de nuevo en Excel como «Libro de Excel (.xlsx)» y súbelo."
    )


def _leer_parte(zf: zipfile.ZipFile, parte: zipfile.ZipInfo, queda: int, conteo: "_Conteo") -> int:
    """Unpack one part in chunks, counting what really comes out (stopping past `queda`) and
    scanning it when it is XML. Returns its real size."""
    if parte.is_dir():
        return 0
    # zipfile stops reading at the declared size: ask for one byte more than the room left, so a part
    # that says it is small and is not shows its real size, and nothing past the limit is unpacked.
    abierta = copy.copy(parte)
    abierta.file_size = queda + 1
    del abierta.CRC  # zipfile would check it at the size above; checked here, at the real end
    # Not .vml: the legacy drawings Excel writes for comments are not always well-formed XML.
    es_xml = parte.filename.lower().endswith((".xml", ".rels"))
    escaner = conteo.escaner(parte.filename) if es_xml else None
    leidos = crc = 0
    try:
        with zf.open(abierta) as datos:
            while trozo := datos.read(TROZO):
                leidos += len(trozo)
                crc = zlib.crc32(trozo, crc)
                if leidos > queda:
                    raise _Rechazo(_grande_por_dentro(leidos, conteo.limites), "grande_por_dentro")
                if escaner is not None:
                    escaner.Parse(trozo, False)
        if escaner is not None:
            escaner.Parse(b"", True)
    except _Rechazo:
        raise
    except expat.ExpatError:
        raise _Rechazo(_danado(), "danado") from None
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError, RuntimeError):
        raise _Rechazo(_danado(), "danado") from None
    if leidos != parte.file_size:
        raise _Rechazo(
            _(
                "El archivo dice que una de sus partes ocupa %(declarado)s bytes y ocupa %(real)s: "
                "está dañado o fue manipulado. Guárdalo de nuevo en Excel y súbelo."
            )
            % {"declarado": number_format(parte.file_size), "real": number_format(leidos)},
            "tamano_falso",
        )
    if crc != parte.CRC:
        raise _Rechazo(_danado(), "danado")
    return leidos


class _Conteo:
    """What the XML parts hold, counted across the whole file while expat streams through them."""

    def __init__(self, limites: LimitesLibro):
        self.limites = limites
        self.filas = self.celdas = self.formatos = 0

    def escaner(self, nombre: str):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        nombre = nombre.lower()
        hoja = nombre.startswith("xl/worksheets/")
        estilos = nombre == "xl/styles.xml"
        tipos = nombre == "[content_types].xml"
        pila: list[str] = []
        limites = self.limites

        def inicio(etiqueta, atributos):
            local = etiqueta.rsplit(" ", 1)[-1]
            if len(pila) >= limites.profundidad:
                raise _Rechazo(
                    _(
                        "El archivo tiene elementos anidados más de %(n)d niveles, y Excel no escribe así. "
                        "Guárdalo de nuevo en Excel y súbelo."
                    )
                    % {"n": limites.profundidad},
                    "anidado",
                )
            if hoja:
                if local == "c":
                    self.celdas += 1
                    if self.celdas > limites.celdas:
                        raise _Rechazo(
                            _(
                                "El archivo tiene más de %(n)s celdas y el archivo esperado tiene muchas "
                                "menos. Borra las filas y columnas que sobran, o descárgalo de nuevo."
                            )
                            % {"n": number_format(limites.celdas, force_grouping=True)},
                            "demasiadas_celdas",
                        )
                elif local == "row":
                    self.filas += 1
                    if self.filas > limites.filas:
                        raise _Rechazo(
                            _(
                                "El archivo tiene más de %(n)s filas y el archivo esperado tiene muchas "
                                "menos. Borra las filas que sobran, o descárgalo de nuevo."
                            )
                            % {"n": number_format(limites.filas, force_grouping=True)},
                            "demasiadas_filas",
                        )
            elif estilos and local == "xf" and pila and pila[-1] == "cellXfs":
                self.formatos += 1
                if self.formatos > limites.formatos:
                    raise _Rechazo(
                        _(
                            "El archivo tiene más de %(n)s formatos de celda distintos y el archivo "
                            "esperado usa unos pocos. Copia solo los datos en el archivo descargado de "
                            "Chasqui y súbelo."
                        )
                        % {"n": number_format(limites.formatos, force_grouping=True)},
                        "demasiados_formatos",
                    )
            elif tipos:
                tipo = (atributos.get("ContentType") or "").lower()
                if any(t in tipo for t in TIPOS_MACRO):
                    raise _Rechazo(_con_macros(), "con_macros")
            pila.append(local)

        def fin(_etiqueta):
            pila.pop()

        def doctype(*_args):
            # Excel never writes a DOCTYPE: one here can only bring entities (billion laughs, files).
            raise _Rechazo(
                _(
                    "El archivo trae declaraciones XML (DOCTYPE o ENTITY) que Excel no escribe y que "
                    "pueden dañar el servidor. Guárdalo de nuevo en Excel y súbelo."
                ),
                "entidades_xml",
            )

        parser.StartElementHandler = inicio
        parser.EndElementHandler = fin
        parser.StartDoctypeDeclHandler = doctype
        parser.EntityDeclHandler = doctype
        parser.ExternalEntityRefHandler = doctype
        if estilos:
            return _Medido(parser, limites.estilos)
        return parser


class _Medido:
    """The styles part's scanner, which also refuses it past its own size limit."""

    def __init__(self, parser, limite: int):
        self._parser, self._limite, self._leidos = parser, limite, 0

    def Parse(self, datos: bytes, final: bool):  # noqa: N802 (expat's name)
        self._leidos += len(datos)
        if self._leidos > self._limite:
            raise _Rechazo(
                _(
                    "La parte de estilos del archivo ocupa más de %(n)s KB y la del archivo esperado, "
                    "unos pocos. Copia solo los datos en el archivo descargado de Chasqui y súbelo."
                )
                % {"n": number_format(self._limite // KB, force_grouping=True)},
                "demasiados_estilos",
            )
        return self._parser.Parse(datos, final)


class SubidaLimitada(FileUploadHandler):
    """The first upload handler: passes on at most SUBIDA_MB_MAXIMO MB (+1 byte) of each file and
    drops the rest as it arrives, so nothing larger is ever kept in memory or on disk; the form then
    refuses the file by its size, with its limit. The proxy should cut such bodies before (README)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._limite = settings.SUBIDA_MB_MAXIMO * MB + 1

    def receive_data_chunk(self, raw_data, start):
        queda = self._limite - start
        if queda <= 0:
            return None  # later handlers do not see it
        return raw_data[:queda]

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file
