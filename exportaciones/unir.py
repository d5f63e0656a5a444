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
  at the end): its place is kept (``reservar``) and filled when it comes (``agregar(pdf, reserva)``);
- the part's /Document structure element is merged into the one of the result, and its parent tree
  becomes a leaf of the result's, its keys (and those of the pages and link annotations) shifted
  past the previous parts'; table header ids get the part's prefix so they stay unique;
- the bookmarks of every part are read and written again as one outline, on the result's pages;
- the catalog says what a PDF/UA document says: marked, its language, its title shown, the XMP
  metadata of the first part (which names PDF/UA).

What is kept in memory is where each object written is (a few bytes) and two numbers per page.
"""

import io
import zlib
from array import array
from collections.abc import Callable, Iterator
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
)

# Objects of the result whose numbers are fixed before the parts are copied.
CATALOGO, PAGINAS, ARBOL, DOCUMENTO, PADRES, MARCADORES, METADATOS, INFO, ABRIR, CERRAR = range(1, 11)
RESERVADOS = 10
NOMBRE_NUMERO = NameObject("/ChasquiPagina")


@dataclass
class Reserva:
    """The place of a part that comes later: its position among the parts and its pages."""

    parte: int
    base: int  # its first page in the result, from 0
    paginas: int


@dataclass
class Marcador:
    titulo: str
    pagina: int  # in the result, from 0
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


class Union:
    """Usage: ``u = Union(salida, numeracion)``; ``u.agregar(pdf)`` per part, in order (or
    ``r = u.reservar(paginas)`` in its place and ``u.agregar(pdf, r)`` later); ``u.cerrar(titulo)``.
    `numeracion(numeros)` returns a PDF (bytes) whose pages carry the numbers, "de M" the total."""

    por_capa = 200

    def __init__(self, salida: IO[bytes], numeracion: Callable[[range], bytes] | None = None):
        self.salida = _Salida(salida)
        self.salida.escribir(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.numeracion = numeracion
        self.paginas: array = array("Q")
        self.formas: array = array("Q")  # per page, the object its number's form will be written to
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

    def reservar(self, paginas: int) -> Reserva:
        """Keep the place of a part of `paginas` pages that will be added later (``agregar``)."""
        reserva = Reserva(len(self.hijos), len(self.paginas), paginas)
        self.paginas.extend([0] * paginas)
        self.formas.extend([0] * paginas)
        self.hijos.append(array("Q"))
        self.marcadores.append([])
        return reserva

    def agregar(self, pdf: IO[bytes] | str, reserva: Reserva | None = None) -> None:
        lector = PdfReader(pdf)
        if reserva is None:
            reserva = self.reservar(len(lector.pages))
        elif len(lector.pages) != reserva.paginas:
            raise ValueError(f"The part has {len(lector.pages)} pages, not the {reserva.paginas} reserved")
        raiz = lector.trailer["/Root"].get_object()
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
        copia = _Copia(self.salida, lector, fijos)
        base = reserva.base
        paginas = {}
        for i, pagina in enumerate(lector.pages):
            viejo = pagina.indirect_reference.idnum
            paginas[viejo] = i
            copia.numeros[viejo] = self.salida.nuevo()  # known now, written in order below
            self.paginas[base + i] = copia.numeros[viejo]
        clave = self.siguiente_clave
        maximo = -1

        def transformar(viejo, original):
            nonlocal maximo
            if viejo in paginas:
                return self._pagina(copia, original, base + paginas[viejo], clave)
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
        for viejo in paginas:  # in order: each page also pulls its number's form
            copia.escribir(viejo)
            copia.vaciar()
        if documento is not None:
            for hijo in self._lista(documento.get_object().get("/K")):
                self.hijos[reserva.parte].append(
                    copia.valor(hijo).idnum if isinstance(hijo, IndirectObject) else 0
                )
            copia.vaciar()
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
        maximo = max(maximo, len(lector.pages) - 1)
        self.siguiente_clave = clave + maximo + 1
        self.marcadores[reserva.parte].extend(self._marcadores(lector, lector.outline, base))

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

    def _pagina(self, copia: _Copia, original: DictionaryObject, indice: int, clave: int) -> DictionaryObject:
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
        self.formas[indice] = self.salida.nuevo()  # written by _numerar, at the end
        formas[NOMBRE_NUMERO] = _ref(self.formas[indice])
        recursos[NameObject("/XObject")] = formas
        v[NameObject("/Resources")] = recursos
        contenido = v.get("/Contents")
        contenido = list(contenido) if isinstance(contenido, ArrayObject) else [contenido]
        v[NameObject("/Contents")] = ArrayObject([_ref(ABRIR), *contenido, _ref(CERRAR)])
        return v

    def _numerar(self) -> None:
        """The forms that draw "Página N de M" on each page, from numbering layers of a few hundred
        pages laid out by WeasyPrint (``numeracion``), written where the pages point to."""
        total = len(self.paginas)
        for inicio in range(0, total, self.por_capa):
            numeros = range(inicio + 1, min(inicio + self.por_capa, total) + 1)
            lector = PdfReader(io.BytesIO(self.numeracion(numeros)))
            copia = _Copia(self.salida, lector)
            for numero, pagina in zip(numeros, lector.pages, strict=True):
                forma = StreamObject()
                forma._data = pagina.get_contents().get_data()
                forma[NameObject("/Type")] = NameObject("/XObject")
                forma[NameObject("/Subtype")] = NameObject("/Form")
                forma[NameObject("/BBox")] = ArrayObject(FloatObject(x) for x in pagina.mediabox)
                forma[NameObject("/Resources")] = copia.valor(pagina["/Resources"].get_object())
                self.salida.objeto(self.formas[numero - 1], forma)
            copia.vaciar()

    def _marcadores(self, lector: PdfReader, nivel: list, base: int) -> Iterator[Marcador]:
        anterior = None
        for item in nivel:
            if isinstance(item, list):
                if anterior is not None:
                    anterior.hijos.extend(self._marcadores(lector, item, base))
                continue
            pagina = lector.get_destination_page_number(item)
            anterior = Marcador(
                str(item.title),
                base + (pagina or 0),
                float(item.get("/Left") or 0),
                float(item.get("/Top") or 0),
            )
            yield anterior

    # --- the end ---

    def cerrar(self, titulo: str, creador: str = "Chasqui") -> None:
        s = self.salida
        if not all(self.paginas):
            raise ValueError("A reserved part was never added")
        if self.numeracion is not None:
            self._numerar()
        s.objeto(
            PAGINAS,
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Pages"),
                    NameObject("/Kids"): ArrayObject(_ref(n) for n in self.paginas),
                    NameObject("/Count"): NumberObject(len(self.paginas)),
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
                                _ref(self.paginas[m.pagina]),
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
