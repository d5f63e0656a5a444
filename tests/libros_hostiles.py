"""Hostile workbooks, built in the test from a real file of Chasqui, and the cost of uploading one.

Each kind keeps every part of the real file and changes one: what openpyxl would have to build in
memory, or what a zip can lie about. `medir` runs an upload and returns its peak traced memory, so
that a test asserts that a refusal was cheap as well as clear: the hostile files cost gigabytes only
once something builds them, so memory is the deterministic sign that nothing did (a wall-clock bound
would depend on the machine's load; speed is measured in bench/, never asserted).
"""

import io
import struct
import tracemalloc
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HOJA = "xl/worksheets/sheet1.xml"

# The bound a refused upload must stay within, in the test process (the whole request: middleware,
# session, form, template). The uploads took ~1 GiB and 90 s.
MEMORIA_MAXIMA = 24 * 1024 * 1024


def reemplazar(base: bytes, partes: dict, extra: dict | None = None) -> bytes:
    """The zip `base` with the parts in `partes` replaced (bytes, or an iterable of byte chunks that
    is streamed into the zip) and the parts of `extra` added."""
    salida = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as original,
        zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in original.infolist():
            contenido = partes.get(info.filename)
            if contenido is None:
                z.writestr(info.filename, original.read(info))
            elif isinstance(contenido, bytes):
                z.writestr(info.filename, contenido)
            else:
                with z.open(info.filename, "w") as destino:
                    for trozo in contenido:
                        destino.write(trozo)
        for nombre, contenido in (extra or {}).items():
            z.writestr(nombre, contenido)
    return salida.getvalue()


def _hoja(filas):
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'.encode()
    yield from filas
    yield b"</sheetData></worksheet>"


def muchas_celdas(base: bytes, cuantas: int = 2_700_000) -> bytes:
    """The issue's 137 KB file: millions of identical cells (a ~40 MB sheet, deflated ~1000:1)."""

    def filas():
        por_fila = 100
        for n in range(1, cuantas // por_fila + 1):
            yield f'<row r="{n}">'.encode() + b"<c><v>1</v></c>" * por_fila + b"</row>"

    return reemplazar(base, {HOJA: _hoja(filas())})


def celdas_justas(base: bytes, cuantas: int) -> bytes:
    """Many cells in few bytes: under the unpacked limit, over the cell count."""
    return reemplazar(
        base, {HOJA: b"".join(_hoja([b'<row r="1">' + b"<c><v>1</v></c>" * cuantas + b"</row>"]))}
    )


def estilos_enormes(base: bytes, formatos: int = 400_000) -> bytes:
    """The issue's 118 KB styles part: hundreds of thousands of cell formats."""

    def partes():
        yield f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}">'.encode()
        yield b'<fonts count="1"><font><sz val="11"/></font></fonts>'
        yield f'<cellXfs count="{formatos}">'.encode()
        for _ in range(formatos // 1000):
            yield b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 1000
        yield b"</cellXfs></styleSheet>"

    return reemplazar(base, {"xl/styles.xml": partes()})


def muchos_formatos(base: bytes, formatos: int) -> bytes:
    """A small styles part (a few KB) with more cell formats than allowed."""
    return reemplazar(
        base,
        {
            "xl/styles.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}"><cellXfs count="{formatos}">'
                + '<xf numFmtId="0"/>' * formatos
                + "</cellXfs></styleSheet>"
            ).encode()
        },
    )


def anidado(base: bytes, niveles: int = 200_000) -> bytes:
    """The issue's 24 KB sheet: elements nested hundreds of thousands deep."""
    return reemplazar(
        base, {HOJA: b"".join(_hoja([b"<row>" + b"<x>" * niveles + b"</x>" * niveles + b"</row>"]))}
    )


def billion_laughs(base: bytes) -> bytes:
    """XML entities that expand exponentially, in the workbook part every reader opens first."""
    entidades = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        libro = z.read("xl/workbook.xml").decode()
    doctype = f"<!DOCTYPE workbook [{entidades}]>"
    libro = (
        libro.replace("?>", "?>" + doctype, 1) if libro.startswith("<?xml") else doctype + libro
    ).replace(
        "</workbook>", "<definedNames><definedName name='x'>&lol9;</definedName></definedNames></workbook>"
    )
    return reemplazar(base, {"xl/workbook.xml": libro.encode()})


def con_macros(base: bytes) -> bytes:
    """A macro workbook saved with the .xlsx name: vbaProject.bin and the macro-enabled content type."""
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        tipos = z.read("[Content_Types].xml").decode()
    tipos = tipos.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    return reemplazar(
        base, {"[Content_Types].xml": tipos.encode()}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64}
    )


def solo_tipo_macro(base: bytes) -> bytes:
    """Only the content types say macro-enabled (no vbaProject.bin)."""
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        tipos = z.read("[Content_Types].xml").decode()
    tipos = tipos.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return reemplazar(base, {"[Content_Types].xml": tipos.encode()})


def mentiroso(base: bytes, real: int = 900_000) -> bytes:
    """A sheet that unpacks into `real` bytes and whose zip headers (local and central) say 100."""
    return _mentir(base, _hoja([b'<row r="1"><c><v>1</v></c></row>', b" " * real]))


def mentiroso_enorme(base: bytes) -> bytes:
    """A sheet of 64 MB (blank space between two cells) whose headers say it holds 100 bytes."""
    return _mentir(base, _hoja([b'<row r="1"><c><v>1</v></c></row>', *[b" " * 2**20] * 64]))


def estilos_pesados(base: bytes, fuentes: int = 20_000) -> bytes:
    """A styles part of about a megabyte with a handful of cell formats: thousands of fonts."""
    return reemplazar(
        base,
        {
            "xl/styles.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}"><fonts count="{fuentes}">'
                + '<font><sz val="11"/></font>' * fuentes
                + '</fonts><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>'
            ).encode()
        },
    )


def _mentir(base: bytes, hoja) -> bytes:
    datos = bytearray(reemplazar(base, {HOJA: hoja}))
    with zipfile.ZipFile(io.BytesIO(bytes(datos))) as z:
        info = z.getinfo(HOJA)
        inicio_central = z.start_dir
    # Local file header: the uncompressed size is at offset 22.
    struct.pack_into("<I", datos, info.header_offset + 22, 100)
    # Central directory: walk its entries to the sheet's and patch its size (offset 24).
    pos = inicio_central
    while datos[pos : pos + 4] == b"PK\x01\x02":
        largo_nombre, largo_extra, largo_comentario = struct.unpack_from("<HHH", datos, pos + 28)
        nombre = bytes(datos[pos + 46 : pos + 46 + largo_nombre]).decode()
        if nombre == HOJA:
            struct.pack_into("<I", datos, pos + 24, 100)
        pos += 46 + largo_nombre + largo_extra + largo_comentario
    return bytes(datos)


def demasiadas_partes(base: bytes, cuantas: int = 500) -> bytes:
    return reemplazar(base, {}, {f"xl/media/vacia{n}.xml": b"<a/>" for n in range(cuantas)})


def medir(funcion):
    """Run `funcion()`; return (its result, peak traced memory in bytes)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        resultado = funcion()
        _actual, pico = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return resultado, pico


def casos(lim) -> dict:
    """Each hostile kind, with the start of the refusal it gets under the limits `lim`."""
    return {
        "muchas_celdas": (muchas_celdas, "Por dentro, el archivo ocupa"),
        "celdas_justas": (lambda b: celdas_justas(b, lim.celdas + 1), "celdas y el archivo esperado"),
        "estilos_enormes": (estilos_enormes, "Por dentro, el archivo ocupa"),
        "estilos_pesados": (estilos_pesados, "La parte de estilos del archivo ocupa más de 256 KB"),
        "muchos_formatos": (lambda b: muchos_formatos(b, lim.formatos + 1), "formatos de celda distintos"),
        "anidado": (anidado, "elementos anidados más de 32 niveles"),
        "mentiroso": (mentiroso, "dice que una de sus partes ocupa 100 bytes"),
        "mentiroso_enorme": (mentiroso_enorme, "Por dentro, el archivo ocupa"),
        "billion_laughs": (billion_laughs, "declaraciones XML (DOCTYPE o ENTITY)"),
        "macros": (con_macros, "tiene macros (.xlsm)"),
        "tipo_macro": (solo_tipo_macro, "tiene macros (.xlsm)"),
        "partes": (demasiadas_partes, "partes por dentro"),
    }
