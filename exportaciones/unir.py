"""Joins tagged PDFs (WeasyPrint's, one per part of a long document) into one tagged PDF, written
object by object as each part is read, so memory does not grow with the document.

A general merger (pypdf's PdfWriter.append) keeps every object in memory until it writes, and drops
what makes a PDF accessible: the structure tree, the /StructParents of the pages, the language. Here
each part's objects are copied to the output with new numbers and only what ties them together is
rewritten:

- the pages point to one page tree, and carry their number ("Página N de M") as an artifact: a form
  made from a light WeasyPrint page that has only that text, drawn after the page's own content.
  Each page names its form's object number as it is copied; the forms are laid out and written
  once the last part is in (M is known only then), so a part can be joined while the next one is
  still being laid out;
- a part can come later than the pages after it (a table of contents whose numbers are known only
  at the end): its place is kept (``reservar``, with its number of pages or without it) and filled
  when it comes (``agregar(pdf, reserva)``); each part's pages are placed in the result's page tree
  when it is closed;
- the part's /Document structure element is merged into the one of the result, and its parent tree
  becomes a leaf of the result's, its keys (and those of the pages and link annotations) shifted
  past the previous parts'; table header ids get the part's prefix so they stay unique;
- the bookmarks of every part are read and written again as one outline, on the result's pages;
- the catalog says what a PDF/UA document says: marked, its language, its title shown, the XMP
  metadata of the first part (which names PDF/UA).

Each part is read without parsing every object (``_Crudo``: its cross-reference stream and object
streams, as WeasyPrint writes them): an object is copied as the bytes it was written as, its
references renumbered on those bytes (strings skipped whole), and only the pages and the few
objects tying the part together are parsed by pypdf. Parsing and writing again every structure
element through pypdf cost about six times as much (0.07 s of CPU per matrix).

What is kept in memory is where each object written is (a few bytes) and two numbers per page.
"""

import io
import re
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
    read_object,
)

# Objects of the result whose numbers are fixed before the parts are copied.
CATALOGO, PAGINAS, ARBOL, DOCUMENTO, PADRES, MARCADORES, METADATOS, INFO, ABRIR, CERRAR = range(1, 11)
RESERVADOS = 10
NOMBRE_NUMERO = NameObject("/ChasquiPagina")


@dataclass
class Reserva:
    """The place of a part that comes later: its position among the parts, and its pages (None:
    not known yet; the pages of every part are placed in the result when it is closed)."""

    parte: int
    paginas: int | None


@dataclass
class Marcador:
    titulo: str
    pagina: int  # in its part, from 0 (in the result once the union is closed)
    izquierda: float
    arriba: float
    hijos: list["Marcador"] = field(default_factory=list)


class _Salida:
    """The output file. Streams are written as they come; other objects are gathered a few hundred
    at a time into compressed object streams (as WeasyPrint writes them), and the cross-reference
    is a compressed stream too. Per object, only where it is is kept (type, offset or object
    stream, index)."""

    por_lote = 500

    def __init__(self, salida: IO[bytes]):
        self.salida = salida
        self.posicion = 0
        self.tipos = array("B", [0] * (RESERVADOS + 1))  # 0 free, 1 at an offset, 2 in an object stream
        self.campo2 = array("Q", [0] * (RESERVADOS + 1))  # offset, or the object stream's number
        self.campo3 = array("H", [0] * (RESERVADOS + 1))  # index inside the object stream
        self.lote: list[tuple[int, bytes]] = []

    def escribir(self, datos: bytes) -> None:
        self.salida.write(datos)
        self.posicion += len(datos)

    def nuevo(self) -> int:
        self.tipos.append(0)
        self.campo2.append(0)
        self.campo3.append(0)
        return len(self.tipos) - 1

    def objeto(self, numero: int, valor) -> None:
        cuerpo = io.BytesIO()
        if isinstance(valor, StreamObject):
            datos = valor._data
            diccionario = DictionaryObject(valor)
            diccionario[NameObject("/Length")] = NumberObject(len(datos))
            diccionario.write_to_stream(cuerpo)
            cuerpo.write(b"\nstream\n" + datos + b"\nendstream")
            self._directo(numero, cuerpo.getvalue())
        else:
            valor.write_to_stream(cuerpo)
            self.lote.append((numero, cuerpo.getvalue()))
            if len(self.lote) >= self.por_lote:
                self.vaciar()

    def crudo(self, numero: int, cuerpo: bytes, datos: bytes | None = None) -> None:
        """An object already serialised: a dictionary (or any value) gathered into an object stream,
        or, with its ``datos``, a stream whose dictionary says their /Length."""
        if datos is None:
            self.lote.append((numero, cuerpo))
            if len(self.lote) >= self.por_lote:
                self.vaciar()
        else:
            self._directo(numero, cuerpo + b"\nstream\n" + datos + b"\nendstream")

    def _directo(self, numero: int, cuerpo: bytes) -> None:
        self.tipos[numero], self.campo2[numero] = 1, self.posicion
        self.escribir(b"%d 0 obj\n" % numero + cuerpo + b"\nendobj\n")

    def vaciar(self) -> None:
        """Write the gathered objects as one compressed object stream."""
        if not self.lote:
            return
        numero = self.nuevo()
        cabecera, cuerpos, desplazamiento = [], [], 0
        for i, (n, cuerpo) in enumerate(self.lote):
            cabecera.append(b"%d %d" % (n, desplazamiento))
            cuerpos.append(cuerpo)
            desplazamiento += len(cuerpo) + 1
            self.tipos[n], self.campo2[n], self.campo3[n] = 2, numero, i
        inicio = b" ".join(cabecera) + b"\n"
        datos = zlib.compress(inicio + b"\n".join(cuerpos) + b"\n")
        self.lote = []
        self._directo(
            numero,
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (len(cabecera), len(inicio), len(datos), datos),
        )

    def stream(self, numero: int, datos: bytes, **claves) -> None:
        s = StreamObject()
        s._data = datos
        for k, v in claves.items():
            s[NameObject("/" + k)] = v
        self.objeto(numero, s)

    def cerrar(self, raiz: int, info: int) -> None:
        """The cross-reference stream and the end of the file."""
        self.vaciar()
        numero = self.nuevo()
        self.tipos[numero], self.campo2[numero] = 1, self.posicion
        compresor, datos = zlib.compressobj(), io.BytesIO()
        for inicio in range(0, len(self.tipos), 10000):
            tramo = bytearray()
            for n in range(inicio, min(inicio + 10000, len(self.tipos))):
                tipo = self.tipos[n]
                tramo += tipo.to_bytes(1, "big") + self.campo2[n].to_bytes(5, "big")
                tramo += (self.campo3[n] if tipo == 2 else (65535 if n == 0 else 0)).to_bytes(2, "big")
            datos.write(compresor.compress(bytes(tramo)))
        datos.write(compresor.flush())
        datos = datos.getvalue()
        inicio = self.posicion
        self.escribir(
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 5 2] /Root %d 0 R /Info %d 0 R /Filter /FlateDecode"
            b" /Length %d >>\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % (numero, len(self.tipos), raiz, info, len(datos), datos, inicio)
        )


def _ref(numero: int) -> IndirectObject:
    return IndirectObject(numero, 0, None)  # type: ignore[arg-type]


class _Copia:
    """Copies the objects of one read PDF into the output, numbered anew, as they are reached."""

    def __init__(self, salida: _Salida, lector: PdfReader, fijos: dict[int, int] | None = None):
        self.salida = salida
        self.lector = lector
        self.numeros: dict[int, int] = dict(fijos or {})
        self.pendientes: list[int] = []
        self.transformar: Callable[[int, object], object] | None = None

    def numero(self, viejo: int) -> int:
        nuevo = self.numeros.get(viejo)
        if nuevo is None:
            nuevo = self.numeros[viejo] = self.salida.nuevo()
            self.pendientes.append(viejo)
        return nuevo

    def valor(self, v):
        """A direct value with its references renumbered (the objects they name are queued)."""
        if isinstance(v, IndirectObject):
            return _ref(self.numero(v.idnum))
        if isinstance(v, StreamObject):
            copia = StreamObject()
            copia._data = v._data
            for k, x in v.items():
                copia[NameObject(k)] = self.valor(x)
            return copia
        if isinstance(v, DictionaryObject):
            return DictionaryObject({NameObject(k): self.valor(x) for k, x in v.items()})
        if isinstance(v, ArrayObject):
            return ArrayObject(self.valor(x) for x in v)
        return v

    def escribir(self, viejo: int) -> None:
        original = self.lector.get_object(viejo)
        if original is None:
            valor = NullObject()
        else:
            valor = self.transformar(viejo, original) if self.transformar else None
            if valor is None:
                valor = self.valor(original)
        self.salida.objeto(self.numeros[viejo], valor)

    def vaciar(self) -> None:
        """Write every queued object (and what they reach)."""
        while self.pendientes:
            self.escribir(self.pendientes.pop())


# A literal string as pydyf writes it (parentheses and backslashes inside are escaped; a text that is
# not ASCII is a hex string, <FEFF…>, with no spaces in it).
_CADENA = rb"\((?:[^\\()]|\\.)*\)"
# What a part's object may need rewritten, left to right (a string is skipped whole, so nothing
# inside one is taken for a reference): a table header's /ID, a cell's /Headers, a link's
# /StructParent key, a reference.
_PIEZA = re.compile(
    rb"/ID (" + _CADENA + rb")"
    rb"|/Headers \[((?:\s*" + _CADENA + rb")*\s*)\]"
    rb"|(" + _CADENA + rb")"
    rb"|/StructParent (\d+)"
    rb"|(?<![\d.])(\d+) 0 R"
)
_CADENA_SOLA = re.compile(_CADENA)
# An /ID or /Headers written otherwise (hex strings): read and rewritten through pypdf.
_A_MANO = re.compile(rb"/ID <|/Headers \[[^\]]*<")
_OBJETO = re.compile(rb"(\d+) (\d+) obj\s*")
_DELIMITADOR = re.compile(_CADENA + rb"|<<|>>")


_NUMS = re.compile(rb"<<\s*/Nums\s*\[(.*)\]\s*>>", re.S)
_PAR = re.compile(rb"\s*(\d+)\s+(\[[^\]\[()<>]*\]|\d+ 0 R)")


def _pares(cuerpo: bytes | None) -> list[tuple[int, bytes]] | None:
    """A parent tree written as one /Nums array of keys and arrays of references (or references),
    as its (key, value's bytes); None if it is written any other way."""
    m = _NUMS.fullmatch(cuerpo.strip()) if cuerpo is not None else None
    if m is None:
        return None
    pares, posicion, contenido = [], 0, m.group(1).rstrip()
    while posicion < len(contenido):
        par = _PAR.match(contenido, posicion)
        if par is None:
            return None
        pares.append((int(par.group(1)), par.group(2)))
        posicion = par.end()
    return pares


class _Crudo:
    """A PDF as WeasyPrint writes it (pydyf, compressed: a cross-reference stream, the objects that
    are not streams in object streams), read without parsing every object: each object is the
    bytes it was written as (``crudo``). The few objects ``Union`` rewrites are parsed by pypdf when
    asked for (``get_object``, which makes this a reader pypdf's references can resolve through).
    Anything else is refused (ValueError)."""

    strict = True

    def __init__(self, datos: bytes):
        self.datos = datos
        fin = datos.rfind(b"startxref")
        if fin < 0:
            raise ValueError("Not a PDF: no startxref")
        _numero, cuerpo, xref = self._en(int(datos[fin + 9 :].split()[0]))
        trailer = self._leer(cuerpo)
        if xref is None or trailer.get("/Type") != "/XRef":
            raise ValueError("The part has no cross-reference stream (WeasyPrint writes one)")
        self.trailer = trailer
        anchos = [int(w) for w in trailer["/W"]]
        tramos = [int(x) for x in trailer.get("/Index", [0, trailer["/Size"]])]
        tabla = self._decodificado(trailer, xref)
        fila = sum(anchos)
        # number → (kind, field 2, field 3): 1 at an offset, 2 in an object stream (its number, index)
        self.entradas: dict[int, tuple[int, int, int]] = {}
        posicion = 0
        for primero, cuantos in zip(tramos[::2], tramos[1::2], strict=True):
            for numero in range(primero, primero + cuantos):
                campos, p = [], posicion
                for ancho in anchos:
                    campos.append(int.from_bytes(tabla[p : p + ancho], "big") if ancho else 1)
                    p += ancho
                posicion += fila
                if campos[0] in (1, 2):
                    self.entradas[numero] = (campos[0], campos[1], campos[2])
        self.flujos: dict[int, list[bytes]] = {}  # object stream → its objects' bytes, by index
        self.leidos: dict[int, object] = {}

    # --- bytes ---

    def _en(self, posicion: int) -> tuple[int, bytes, bytes | None]:
        """The object written at `posicion`: its number, its value's bytes (a stream's dictionary),
        and a stream's data (None for any other object)."""
        m = _OBJETO.match(self.datos, posicion)
        if m is None:
            raise ValueError(f"No object at byte {posicion}")
        inicio = m.end()
        if self.datos.startswith(b"<<", inicio):
            profundidad, fin = 0, None
            for d in _DELIMITADOR.finditer(self.datos, inicio):
                if d.group() == b"<<":
                    profundidad += 1
                elif d.group() == b">>":
                    profundidad -= 1
                    if profundidad == 0:
                        fin = d.end()
                        break
            if fin is None:
                raise ValueError(f"Unterminated dictionary at byte {inicio}")
            resto = re.compile(rb"\s*stream\r?\n").match(self.datos, fin)
            if resto is not None:
                cuerpo = self.datos[inicio:fin]
                largo = re.search(rb"/Length (\d+)(?! \d+ R)", cuerpo)
                if largo is None:
                    raise ValueError(f"A stream without a direct /Length at byte {inicio}")
                datos = self.datos[resto.end() : resto.end() + int(largo.group(1))]
                return int(m.group(1)), cuerpo, datos
        fin = self.datos.find(b"endobj", inicio)
        if fin < 0:
            raise ValueError(f"Unterminated object at byte {inicio}")
        return int(m.group(1)), self.datos[inicio:fin].rstrip(), None

    def _decodificado(self, diccionario, datos: bytes) -> bytes:
        filtro = diccionario.get("/Filter")
        if filtro is None:
            return datos
        if filtro != "/FlateDecode" or "/DecodeParms" in diccionario:
            raise ValueError(f"Unexpected stream filter {filtro}")
        return zlib.decompress(datos)

    def _flujo(self, numero: int) -> list[bytes]:
        if numero not in self.flujos:
            tipo, posicion, _ = self.entradas[numero]
            if tipo != 1:
                raise ValueError("An object stream inside an object stream")
            _n, cuerpo, datos = self._en(posicion)
            diccionario = self._leer(cuerpo)
            if datos is None or diccionario.get("/Type") != "/ObjStm":
                raise ValueError(f"Object {numero} is not an object stream")
            datos = self._decodificado(diccionario, datos)
            primero = int(diccionario["/First"])
            cabecera = datos[:primero].split()
            desplazamientos = [int(x) for x in cabecera[1::2]] + [len(datos) - primero]
            self.flujos[numero] = [
                datos[primero + a : primero + b].strip()
                for a, b in zip(desplazamientos, desplazamientos[1:], strict=False)
            ]
        return self.flujos[numero]

    def crudo(self, numero: int) -> tuple[bytes | None, bytes | None]:
        """The bytes of object `numero` (a stream's dictionary, and its data), None if it is free."""
        entrada = self.entradas.get(numero)
        if entrada is None:
            return None, None
        tipo, campo2, campo3 = entrada
        if tipo == 2:
            return self._flujo(campo2)[campo3], None
        _n, cuerpo, datos = self._en(campo2)
        return cuerpo, datos

    # --- parsed (pypdf) ---

    def _leer(self, cuerpo: bytes):
        return read_object(io.BytesIO(cuerpo), self)

    def get_object(self, referencia):
        numero = referencia if isinstance(referencia, int) else referencia.idnum
        if numero not in self.leidos:
            cuerpo, datos = self.crudo(numero)
            if cuerpo is None:
                valor = NullObject()
            elif datos is not None:
                valor = StreamObject()
                valor.update(self._leer(cuerpo))
                valor._data = self._decodificado(valor, datos)
                valor.pop(NameObject("/Filter"), None)
            else:
                valor = self._leer(cuerpo)
            if isinstance(valor, (DictionaryObject, ArrayObject)):
                valor.indirect_reference = IndirectObject(numero, 0, self)  # type: ignore[arg-type]
            self.leidos[numero] = valor
        return self.leidos[numero]

    def paginas(self, nodo=None) -> list[int]:
        """The numbers of the pages, in order."""
        if nodo is None:
            nodo = self.trailer["/Root"]["/Pages"]
        nodo = nodo.get_object()
        if nodo.get("/Type") == "/Page":
            return [nodo.indirect_reference.idnum]
        return [n for hijo in nodo["/Kids"] for n in self.paginas(hijo)]


class _CopiaCruda(_Copia):
    """A _Copia from a _Crudo: every object is copied as the bytes it was written as, its references
    (and a link's /StructParent key, a header's /ID, a cell's /Headers) rewritten on those bytes;
    only the pages, and what cannot be rewritten that way, go through pypdf (``transformar``)."""

    lector: _Crudo

    def __init__(self, salida, lector, fijos, paginas: set[int], clave: int, prefijo: bytes):
        super().__init__(salida, lector, fijos)
        self.paginas, self.clave, self.prefijo = paginas, clave, prefijo
        self.maximo = -1  # the largest /StructParent key of the part's links

    def _pieza(self, m: re.Match) -> bytes:
        if m.group(5) is not None:
            return b"%d 0 R" % self.numero(int(m.group(5)))
        if m.group(3) is not None:
            return m.group(3)
        if m.group(4) is not None:
            clave = int(m.group(4))
            self.maximo = max(self.maximo, clave)
            return b"/StructParent %d" % (self.clave + clave)
        if m.group(1) is not None:
            return b"/ID (" + self.prefijo + m.group(1)[1:]
        return (
            b"/Headers [" + _CADENA_SOLA.sub(lambda c: b"(" + self.prefijo + c.group()[1:], m.group(2)) + b"]"
        )

    def _referencias(self, m: re.Match) -> bytes:
        if m.group(5) is not None:
            return b"%d 0 R" % self.numero(int(m.group(5)))
        return m.group()

    def escribir(self, viejo: int) -> None:
        cuerpo, datos = self.lector.crudo(viejo)
        numero = self.numeros[viejo]
        if cuerpo is None:
            self.salida.objeto(numero, NullObject())
        elif datos is not None:  # a stream: only its dictionary's references
            self.salida.crudo(numero, _PIEZA.sub(self._referencias, cuerpo), datos)
        elif viejo in self.paginas or _A_MANO.search(cuerpo):
            super().escribir(viejo)
        else:
            self.salida.crudo(numero, _PIEZA.sub(self._pieza, cuerpo))


class Union:
    """Usage: ``u = Union(salida, numeracion)``; ``u.agregar(pdf)`` per part, in order (or
    ``r = u.reservar(paginas)`` in its place and ``u.agregar(pdf, r)`` later); ``u.cerrar(titulo)``.
    `numeracion(numeros)` returns a PDF (bytes) whose pages carry the numbers, "de M" the total;
    or a PDF and, for each number, (one of its pages, a content stream): the number's form is that
    content on that page's resources and box (exportaciones.numeracion)."""

    por_capa = 200

    def __init__(
        self,
        salida: IO[bytes],
        numeracion: Callable[[range], bytes | tuple[bytes, list[tuple[int, bytes]]]] | None = None,
    ):
        self.salida = _Salida(salida)
        self.salida.escribir(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.numeracion = numeracion
        # Per part, in order: its pages' objects, and the object each page's number's form will be
        # written to (None: a place kept for a part not added yet).
        self.paginas: list[array | None] = []
        self.formas: list[array | None] = []
        # Per part, in order: the kids of the result's /Document, and its bookmarks.
        self.hijos: list[array] = []
        self.marcadores: list[list[Marcador]] = []
        self.hojas: list[tuple[int, int, int]] = []  # parent tree leaves: (object, first key, last key)
        self.siguiente_clave = 0
        self.lang = None
        self.metadatos: bytes | None = None
        self.partes = 0
        # The page's own content between "q" and "Q", then its number as an artifact.
        self.salida.stream(ABRIR, b"q\n")
        self.salida.stream(CERRAR, b"Q\n/Artifact BMC\nq " + NOMBRE_NUMERO.encode() + b" Do Q\nEMC\n")

    # --- parts ---

    def reservar(self, paginas: int | None = None) -> Reserva:
        """Keep the place of a part that will be added later (``agregar``): of `paginas` pages, or of
        as many as it has when it comes (None)."""
        reserva = Reserva(len(self.hijos), paginas)
        self.paginas.append(None)
        self.formas.append(None)
        self.hijos.append(array("Q"))
        self.marcadores.append([])
        return reserva

    def agregar(self, pdf: IO[bytes] | str, reserva: Reserva | None = None) -> None:
        """Copy a part (a PDF written by WeasyPrint: a file's path or a file) to the result, at the
        end or in the place kept for it."""
        if isinstance(pdf, str):
            with open(pdf, "rb") as archivo:
                lector = _Crudo(archivo.read())
        else:
            lector = _Crudo(pdf.read())
        numeros = lector.paginas()
        if reserva is None:
            reserva = self.reservar(len(numeros))
        elif self.paginas[reserva.parte] is not None:
            raise ValueError("That part was already added")
        elif reserva.paginas is not None and len(numeros) != reserva.paginas:
            raise ValueError(f"The part has {len(numeros)} pages, not the {reserva.paginas} reserved")
        raiz = lector.trailer["/Root"]
        self.partes += 1
        prefijo = f"p{self.partes}-"
        if self.lang is None and "/Lang" in raiz:
            self.lang = raiz["/Lang"]
        if self.metadatos is None and "/Metadata" in raiz:
            self.metadatos = raiz["/Metadata"].get_object().get_data()
        arbol = raiz.get("/StructTreeRoot")
        arbol = arbol.get_object() if arbol is not None else None
        fijos = {raiz.indirect_reference.idnum: CATALOGO}
        fijos[raiz.raw_get("/Pages").idnum] = PAGINAS
        documento = None
        if arbol is not None:
            fijos[arbol.indirect_reference.idnum] = ARBOL
            kids = arbol.raw_get("/K")
            if isinstance(kids.get_object(), ArrayObject):
                kids = kids.get_object()
            kids = kids if isinstance(kids, ArrayObject) else ArrayObject([kids])
            documento = kids[0]  # WeasyPrint: one /Document element
            fijos[documento.idnum] = DOCUMENTO
        paginas = {viejo: i for i, viejo in enumerate(numeros)}
        propias = self.paginas[reserva.parte] = array("Q", [0] * len(numeros))
        self.formas[reserva.parte] = array("Q", [0] * len(numeros))
        clave = self.siguiente_clave
        copia = _CopiaCruda(self.salida, lector, fijos, set(paginas), clave, prefijo.encode())
        for i, viejo in enumerate(numeros):
            copia.numeros[viejo] = self.salida.nuevo()  # known now, written in order below
            propias[i] = copia.numeros[viejo]
        maximo = -1

        def transformar(viejo, original):
            """The objects copied through pypdf: the pages, and what _CopiaCruda cannot rewrite on
            its bytes."""
            nonlocal maximo
            if viejo in paginas:
                return self._pagina(copia, original, reserva.parte, paginas[viejo], clave)
            if isinstance(original, DictionaryObject) and not isinstance(original, StreamObject):
                if "/StructParent" in original:  # a link annotation
                    v = copia.valor(original)
                    v[NameObject("/StructParent")] = NumberObject(clave + int(original["/StructParent"]))
                    maximo = max(maximo, int(original["/StructParent"]))
                    return v
                if original.get("/Type") == "/StructElem":
                    return self._elemento(copia, original, prefijo)
            return None

        copia.transformar = transformar
        for viejo in numeros:  # in order: each page also pulls its number's form
            copia.escribir(viejo)
            copia.vaciar()
        if documento is not None:
            for hijo in self._lista(documento.get_object().get("/K")):
                self.hijos[reserva.parte].append(
                    copia.valor(hijo).idnum if isinstance(hijo, IndirectObject) else 0
                )
            copia.vaciar()
            padres = arbol.raw_get("/ParentTree")
            pares = _pares(lector.crudo(padres.idnum)[0]) if isinstance(padres, IndirectObject) else None
            if pares is not None:  # on its bytes, as WeasyPrint writes it: one /Nums array
                hoja = [(clave + k, _PIEZA.sub(copia._referencias, v)) for k, v in pares]
                maximo = max(maximo, *(k for k, _v in pares)) if pares else maximo
                copia.vaciar()
                if hoja:
                    numero = self.salida.nuevo()
                    self.salida.crudo(
                        numero,
                        b"<</Nums [%s]/Limits [%d %d]>>"
                        % (b" ".join(b"%d %s" % kv for kv in hoja), hoja[0][0], hoja[-1][0]),
                    )
                    self.hojas.append((numero, hoja[0][0], hoja[-1][0]))
                hoja = None
            else:
                nums = arbol["/ParentTree"].get_object().get("/Nums", ArrayObject()).get_object()
                hoja = ArrayObject()
                for k in range(0, len(nums), 2):
                    maximo = max(maximo, int(nums[k]))
                    hoja.append(NumberObject(clave + int(nums[k])))
                    hoja.append(copia.valor(nums[k + 1]))
                copia.vaciar()
            if hoja:
                numero = self.salida.nuevo()
                self.salida.objeto(
                    numero,
                    DictionaryObject(
                        {
                            NameObject("/Nums"): hoja,
                            NameObject("/Limits"): ArrayObject([hoja[0], hoja[-2]]),
                        }
                    ),
                )
                self.hojas.append((numero, int(hoja[0]), int(hoja[-2])))
        maximo = max(maximo, copia.maximo, len(numeros) - 1)
        self.siguiente_clave = clave + maximo + 1
        esquema = raiz.get("/Outlines")
        primero = esquema.get_object().raw_get("/First") if esquema is not None else None
        self.marcadores[reserva.parte].extend(self._marcadores(lector, primero, paginas))

    @staticmethod
    def _lista(k) -> list:
        if k is None:
            return []
        return list(k) if isinstance(k, ArrayObject) else [k]

    def _elemento(self, copia: _Copia, original: DictionaryObject, prefijo: str) -> DictionaryObject:
        """A structure element; ids of table headers (and the cells' references to them) stay unique."""
        v = copia.valor(original)
        if "/ID" in v:
            v[NameObject("/ID")] = TextStringObject(prefijo + str(v["/ID"]))
        atributos = v.get("/A")
        if isinstance(atributos, DictionaryObject) and "/Headers" in atributos:
            atributos[NameObject("/Headers")] = ArrayObject(
                TextStringObject(prefijo + str(h)) for h in atributos["/Headers"]
            )
        return v

    def _pagina(
        self, copia: _Copia, original: DictionaryObject, parte: int, indice: int, clave: int
    ) -> DictionaryObject:
        v = DictionaryObject(
            {NameObject(k): copia.valor(x) for k, x in original.items() if k not in ("/Resources", "/Parent")}
        )
        v[NameObject("/Parent")] = _ref(PAGINAS)
        if "/StructParents" in original:
            v[NameObject("/StructParents")] = NumberObject(clave + int(original["/StructParents"]))
        propios = original.get("/Resources")
        propios = propios.get_object() if propios is not None else DictionaryObject()
        if self.numeracion is None:
            v[NameObject("/Resources")] = copia.valor(original.get("/Resources", DictionaryObject()))
            return v
        recursos = DictionaryObject(
            {NameObject(k): copia.valor(x) for k, x in propios.items() if k != "/XObject"}
        )
        formas = propios.get("/XObject")
        formas = copia.valor(formas.get_object()) if formas is not None else DictionaryObject()
        forma = self.formas[parte][indice] = self.salida.nuevo()  # written by _numerar, at the end
        formas[NOMBRE_NUMERO] = _ref(forma)
        recursos[NameObject("/XObject")] = formas
        v[NameObject("/Resources")] = recursos
        contenido = v.get("/Contents")
        contenido = list(contenido) if isinstance(contenido, ArrayObject) else [contenido]
        v[NameObject("/Contents")] = ArrayObject([_ref(ABRIR), *contenido, _ref(CERRAR)])
        return v

    def _numerar(self) -> None:
        """The forms that draw "Página N de M" on each page, from numbering layers of a few hundred
        pages laid out by WeasyPrint (``numeracion``), written where the pages point to."""
        todas = array("Q")
        for de_la_parte in self.formas:
            todas.extend(de_la_parte)
        total = len(todas)
        for inicio in range(0, total, self.por_capa):
            numeros = range(inicio + 1, min(inicio + self.por_capa, total) + 1)
            capa = self.numeracion(numeros)
            pdf, contenidos = capa if isinstance(capa, tuple) else (capa, None)
            lector = PdfReader(io.BytesIO(pdf))
            copia = _Copia(self.salida, lector)
            paginas = lector.pages
            if len(paginas if contenidos is None else contenidos) != len(numeros):
                raise ValueError(f"The numbering does not have the {len(numeros)} pages {numeros}")
            for k, numero in enumerate(numeros):
                forma = StreamObject()
                if contenidos is None:
                    pagina = paginas[k]
                    forma._data = pagina.get_contents().get_data()
                else:  # the content given, on the resources and box of the page named
                    i, forma._data = contenidos[k]
                    pagina = paginas[i]
                forma[NameObject("/Type")] = NameObject("/XObject")
                forma[NameObject("/Subtype")] = NameObject("/Form")
                forma[NameObject("/BBox")] = ArrayObject(FloatObject(x) for x in pagina.mediabox)
                forma[NameObject("/Resources")] = copia.valor(pagina["/Resources"].get_object())
                self.salida.objeto(todas[numero - 1], forma)
            copia.vaciar()

    def _marcadores(self, lector: _Crudo, item, paginas: dict[int, int]) -> list[Marcador]:
        """The bookmarks from outline item `item` on (its /Next, and their children), on the part's
        pages (`paginas`: the part's page objects → their index in the part)."""
        resultado = []
        while item is not None:
            item = item.get_object()
            destino = item.get("/Dest")
            destino = destino.get_object() if destino is not None else ArrayObject()
            pagina = (
                paginas.get(destino[0].idnum, 0) if destino and isinstance(destino[0], IndirectObject) else 0
            )
            izquierda = destino[2] if len(destino) > 2 and destino[1] == "/XYZ" else None
            arriba = destino[3] if len(destino) > 3 and destino[1] == "/XYZ" else None
            marcador = Marcador(
                str(item["/Title"]),
                pagina,
                float(izquierda) if isinstance(izquierda, (int, float)) else 0.0,
                float(arriba) if isinstance(arriba, (int, float)) else 0.0,
            )
            if "/First" in item:
                marcador.hijos = self._marcadores(lector, item.raw_get("/First"), paginas)
            resultado.append(marcador)
            item = item.raw_get("/Next") if "/Next" in item else None
        return resultado

    # --- the end ---

    def cerrar(self, titulo: str, creador: str = "Chasqui") -> None:
        s = self.salida
        if any(de_la_parte is None for de_la_parte in self.paginas):
            raise ValueError("A reserved part was never added")
        # The parts' pages, in order; the bookmarks on them.
        inicio = 0
        for de_la_parte, marcadores in zip(self.paginas, self.marcadores, strict=True):
            _desplazar(marcadores, inicio)
            inicio += len(de_la_parte)
        self.en_orden = array("Q", (n for de_la_parte in self.paginas for n in de_la_parte))
        if self.numeracion is not None:
            self._numerar()
        s.objeto(
            PAGINAS,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Pages"),
                    NameObject("/Kids"): ArrayObject(_ref(n) for n in self.en_orden),
                    NameObject("/Count"): NumberObject(len(self.en_orden)),
                }
            ),
        )
        s.objeto(
            ARBOL,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructTreeRoot"),
                    NameObject("/K"): ArrayObject([_ref(DOCUMENTO)]),
                    NameObject("/ParentTree"): _ref(PADRES),
                    NameObject("/ParentTreeNextKey"): NumberObject(self.siguiente_clave),
                }
            ),
        )
        s.objeto(
            DOCUMENTO,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/Document"),
                    NameObject("/P"): _ref(ARBOL),
                    NameObject("/K"): ArrayObject(_ref(n) for hijos in self.hijos for n in hijos if n),
                }
            ),
        )
        padres = DictionaryObject()
        if self.hojas:
            padres[NameObject("/Kids")] = ArrayObject(_ref(n) for n, _a, _b in self.hojas)
        else:
            padres[NameObject("/Nums")] = ArrayObject()
        s.objeto(PADRES, padres)
        self._escribir_marcadores()
        if self.metadatos is not None:
            s.stream(METADATOS, self.metadatos, Type=NameObject("/Metadata"), Subtype=NameObject("/XML"))
        s.objeto(
            INFO,
            DictionaryObject(
                {
                    NameObject("/Title"): TextStringObject(titulo),
                    NameObject("/Creator"): TextStringObject(creador),
                    NameObject("/Producer"): TextStringObject("WeasyPrint + Chasqui"),
                }
            ),
        )
        catalogo = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): _ref(PAGINAS),
                NameObject("/StructTreeRoot"): _ref(ARBOL),
                NameObject("/MarkInfo"): DictionaryObject({NameObject("/Marked"): BooleanObject(True)}),
                NameObject("/ViewerPreferences"): DictionaryObject(
                    {NameObject("/DisplayDocTitle"): BooleanObject(True)}
                ),
                NameObject("/Outlines"): _ref(MARCADORES),
            }
        )
        if any(self.marcadores):
            catalogo[NameObject("/PageMode")] = NameObject("/UseOutlines")
        if self.lang is not None:
            catalogo[NameObject("/Lang")] = TextStringObject(str(self.lang))
        if self.metadatos is not None:
            catalogo[NameObject("/Metadata")] = _ref(METADATOS)
        s.objeto(CATALOGO, catalogo)
        s.cerrar(CATALOGO, INFO)

    def _escribir_marcadores(self) -> None:
        s = self.salida

        def escribir(items: list[Marcador], padre: int) -> tuple[int, int, int]:
            numeros = [s.nuevo() for _ in items]
            total = 0
            for i, (m, n) in enumerate(zip(items, numeros, strict=True)):
                d = DictionaryObject(
                    {
                        NameObject("/Title"): TextStringObject(m.titulo),
                        NameObject("/Parent"): _ref(padre),
                        NameObject("/Dest"): ArrayObject(
                            [
                                _ref(self.en_orden[m.pagina]),
                                NameObject("/XYZ"),
                                FloatObject(m.izquierda),
                                FloatObject(m.arriba),
                                NumberObject(0),
                            ]
                        ),
                    }
                )
                if i:
                    d[NameObject("/Prev")] = _ref(numeros[i - 1])
                if i + 1 < len(numeros):
                    d[NameObject("/Next")] = _ref(numeros[i + 1])
                if m.hijos:
                    primero, ultimo, cuenta = escribir(m.hijos, n)
                    d[NameObject("/First")] = _ref(primero)
                    d[NameObject("/Last")] = _ref(ultimo)
                    d[NameObject("/Count")] = NumberObject(-cuenta)  # closed
                s.objeto(n, d)
                total += 1
            return (numeros[0], numeros[-1], total) if numeros else (0, 0, 0)

        raiz = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
        marcadores = [m for de_la_parte in self.marcadores for m in de_la_parte]
        if marcadores:
            primero, ultimo, cuenta = escribir(marcadores, MARCADORES)
            raiz[NameObject("/First")] = _ref(primero)
            raiz[NameObject("/Last")] = _ref(ultimo)
            raiz[NameObject("/Count")] = NumberObject(cuenta)
        s.objeto(MARCADORES, raiz)


def _desplazar(marcadores: list[Marcador], inicio: int) -> None:
    """Bookmarks on a part's pages, and their children, onto the result's: the part starts at page
    `inicio` (from 0)."""
    for m in marcadores:
        m.pagina += inicio
        _desplazar(m.hijos, inicio)
