"""«Página N de M» on every page of a long PDF (ExportadorDocumento._generar_por_partes): the
light pages of ``exportaciones/numeracion.html`` that exportaciones.unir turns into a form drawn on
each page of the result, a layer of a few hundred pages at a time.

Laying out every number's page costs WeasyPrint about 3.5 ms a page (its page boxes, their margin
boxes and styles), about 15 ms a matrix. The pages of a layer differ only in the number's digits:
the page is the same box, DejaVu Sans has digits of one width (the text, aligned to the right, moves
only when the number gains a digit) and kerns none of them, and WeasyPrint writes the text as one
``TJ`` array of glyph ids, each followed by its own adjustment. So only a few pages are laid out:
the layer's first (the body's top margin lowers its number) and last, the first of each number of
digits in between, and one page whose number has every digit, which puts them all in the layer's
font and says how WeasyPrint writes each. Every other page is its sample's content with the digits'
glyphs put in the number's place: the bytes WeasyPrint writes for that page
(``tests/exportaciones/test_numeracion.py`` compares them, page by page). Anything not as expected
(another text, another way of writing it) lays out every page, as before.
"""

import io
import re

from django.template.loader import render_to_string

PLANTILLA = "exportaciones/numeracion.html"
PREFIJO = "Página "
CIFRAS = "1234567890"
# Fewer pages than this are laid out one by one (the samples would be nearly as many).
MINIMO = 8

_TJ = re.compile(rb"\[([^\]]*)\] TJ")
_PIEZA = re.compile(rb"<([0-9a-f]*)>|(-?\d+)")


def texto(numero, total) -> str:
    """The text of a number's page, as the template writes it."""
    return f"{PREFIJO}{numero} de {total}"


def numerar(numeros: range, total: int, horizontal: bool = False):
    """What ``exportaciones.unir.Union`` takes for the pages `numeros` of `total`: the PDF of the
    sample pages and, for each number, (its sample's page, its content); or, when the samples are
    not as expected, the PDF of every page. Each PDF laid out in a child process (``lanzar``)."""
    from exportaciones.base import _pdf_de, en_otro_proceso

    def maquetar(lista) -> bytes:
        contexto = {"numeros": lista, "total": total, "horizontal": horizontal}
        return en_otro_proceso(_pdf_de, render_to_string(PLANTILLA, contexto))

    muestras = _muestras(numeros)
    if muestras is None:
        return maquetar(numeros)
    pdf = maquetar(muestras)
    contenidos = _contenidos(pdf, numeros, muestras, total)
    if contenidos is None:
        return maquetar(numeros)
    return pdf, contenidos


def _muestras(numeros: range) -> list | None:
    """The pages laid out for `numeros`: the first, the first of each number of digits after it,
    the page with every digit, the last."""
    if len(numeros) < MINIMO:
        return None
    por_cifras: dict[int, int] = {}
    for numero in numeros[1:-1]:
        por_cifras.setdefault(len(str(numero)), numero)
    return [numeros[0], *por_cifras.values(), CIFRAS, numeros[-1]]


def _glifos(cuerpo: bytes) -> list[tuple[bytes, bytes]] | None:
    """The glyphs of a TJ array as WeasyPrint writes it (weasyprint.draw.text.draw_first_line:
    ``<`` glyph ids in hex ``>adjustment<`` … ``>``), each with the adjustment after it (b"" when
    none); None if it is written any other way."""
    glifos: list[tuple[bytes, bytes]] = []
    posicion = 0
    for pieza in _PIEZA.finditer(cuerpo):
        if pieza.start() != posicion:
            return None
        posicion = pieza.end()
        if pieza.group(1) is not None:
            ids = pieza.group(1)
            if not ids or len(ids) % 4:
                return None
            glifos.extend((ids[i : i + 4], b"") for i in range(0, len(ids), 4))
        elif not glifos or glifos[-1][1]:
            return None
        else:
            glifos[-1] = (glifos[-1][0], pieza.group(2))
    if not glifos or posicion != len(cuerpo) or _escrito(glifos) != cuerpo:
        return None
    return glifos


def _escrito(glifos: list[tuple[bytes, bytes]]) -> bytes:
    """The TJ array's content, as WeasyPrint writes these glyphs."""
    escrito = b"<" + b"".join(glifo + (b">" + ajuste + b"<" if ajuste else b"") for glifo, ajuste in glifos)
    return escrito[:-1] if escrito.endswith(b"<") else escrito + b">"


def _contenidos(pdf: bytes, numeros: range, muestras: list, total: int) -> list[tuple[int, bytes]] | None:
    """Each number's (sample page, content), or None if a sample is not as expected."""
    from pypdf import PdfReader

    paginas = PdfReader(io.BytesIO(pdf)).pages
    if len(paginas) != len(muestras):
        return None
    leidas = []  # per sample: its content, where its TJ array's content is, its glyphs
    for pagina, muestra in zip(paginas, muestras, strict=True):
        contenido = pagina.get_contents().get_data()
        arreglos = list(_TJ.finditer(contenido))
        if len(arreglos) != 1:
            return None
        glifos = _glifos(arreglos[0].group(1))
        if glifos is None or len(glifos) != len(texto(muestra, total)):
            return None
        leidas.append((contenido, arreglos[0].span(1), glifos))
    # Each digit's glyph and adjustment, from the page with every digit; the same on every sample.
    cifras: dict[str, tuple[bytes, bytes]] = {}
    for (_contenido, _donde, glifos), muestra in zip(leidas, muestras, strict=True):
        for caracter, glifo in zip(texto(muestra, total), glifos, strict=True):
            if caracter.isdigit() and cifras.setdefault(caracter, glifo) != glifo:
                return None
    if set(cifras) != set(CIFRAS):
        return None
    por_cifras = {len(str(m)): i for i, m in enumerate(muestras[1:-2], start=1)}
    inicio = len(PREFIJO)
    resultado = []
    for k, numero in enumerate(numeros):
        i = 0 if k == 0 else len(muestras) - 1 if k == len(numeros) - 1 else por_cifras[len(str(numero))]
        contenido, (desde, hasta), glifos = leidas[i]
        if numero != muestras[i]:
            glifos = list(glifos)
            for j, cifra in enumerate(str(numero)):
                glifos[inicio + j] = cifras[cifra]
            contenido = contenido[:desde] + _escrito(glifos) + contenido[hasta:]
        resultado.append((i, contenido))
    return resultado
