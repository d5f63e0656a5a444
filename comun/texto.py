"""Small helpers every app's views share."""

import re
from decimal import Decimal, InvalidOperation


def entero(valor) -> int | None:
    """A query-string id as an int, or None. ASCII digits only: "²".isdigit() is true, int("²") fails."""
    if isinstance(valor, str) and valor.isascii() and valor.isdigit() and len(valor) < 19:
        return int(valor)
    return None


class CifraInvalida(ValueError):
    """What was typed is not a figure (the message says so, in Spanish, for the person)."""


# Spaces people use to group thousands: plain, no-break and narrow no-break (Word, Excel).
ESPACIOS_MILES = re.compile(r"[ \u00a0\u202f]+")


def _agrupado(texto: str, separador: str) -> bool:
    """Whether "2,353,000" is digits in groups of three after a first group of one to three."""
    return bool(re.fullmatch(r"[0-9]{1,3}(?:" + re.escape(separador) + r"[0-9]{3})+", texto))


def cifra(texto) -> Decimal | None:
    """A figure as people in Peru write it, or None when empty. Raises CifraInvalida.

    Thousands are grouped with a comma, a point or a space ("2,353", "2.353", "2 353"); decimals
    follow a comma or a point ("12,5", "12.5"). The rule for one separator: followed by exactly
    three digits (and after one to three digits, not a lone 0) it groups thousands, so "1,250" and
    "1.250" are 1250; otherwise it is the decimal mark, so "12,5", "1,25" and "0,125" are decimals.
    With both marks, the last one is the decimal mark ("1.250,5", "1,250.5"). A leading minus is
    kept; digits are ASCII. Anything else (words, units, "%", two decimal marks) is refused, never
    guessed.
    """
    valor = una_linea(str(texto)) if texto is not None else ""
    if not valor:
        return None
    signo = ""
    if valor[0] in "-\u2212":
        signo, valor = "-", valor[1:].strip()
    partes = ESPACIOS_MILES.split(valor)
    if len(partes) > 1:
        # Spaces group thousands: "2 353" or "2 353,5"; the last group may carry the decimals.
        ultimo = re.fullmatch(r"([0-9]{3})([.,][0-9]+)?", partes[-1])
        if not (
            re.fullmatch(r"[0-9]{1,3}", partes[0])
            and all(re.fullmatch(r"[0-9]{3}", p) for p in partes[1:-1])
            and ultimo
        ):
            raise CifraInvalida(valor)
        valor = "".join(partes[:-1]) + ultimo.group(1) + (ultimo.group(2) or "")
    if not re.fullmatch(r"[0-9.,]+", valor) or valor[0] in ".," or valor[-1] in ".,":
        raise CifraInvalida(valor)
    comas, puntos = valor.count(","), valor.count(".")
    if comas and puntos:
        decimal = "," if valor.rfind(",") > valor.rfind(".") else "."
        miles = "." if decimal == "," else ","
        entera, _, fraccion = valor.rpartition(decimal)
        if valor.count(decimal) != 1 or not _agrupado(entera, miles):
            raise CifraInvalida(valor)
        numero = entera.replace(miles, "") + "." + fraccion
    elif comas + puntos > 1:
        separador = "," if comas else "."
        if not _agrupado(valor, separador):
            raise CifraInvalida(valor)
        numero = valor.replace(separador, "")
    elif comas + puntos == 1:
        separador = "," if comas else "."
        entera, _, fraccion = valor.partition(separador)
        miles = len(fraccion) == 3 and len(entera) <= 3 and entera != "0"
        numero = entera + fraccion if miles else entera + "." + fraccion
    else:
        numero = valor
    try:
        return Decimal(signo + numero)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise CifraInvalida(valor) from None


# Invisible characters that pasting from other programs brings: PostgreSQL refuses NUL, Excel and
# XML refuse the rest. In running text, tabs and line breaks are kept (CONTROL_EN_TEXTO).
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_EN_TEXTO = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def una_linea(texto: str) -> str:
    """A one-line value (a name, a title, a search): control characters out, spaces folded."""
    return " ".join(CONTROL.sub(" ", texto or "").split())


def sin_control(texto: str) -> str:
    """Running text: control characters out, tabs and line breaks kept."""
    return CONTROL_EN_TEXTO.sub("", texto)


def busqueda(request, nombre: str = "q", largo: int = 200) -> str:
    """What the user typed in a search box, at most `largo` characters (a NUL would be a 500)."""
    return una_linea(request.GET.get(nombre, ""))[:largo]


# What a spreadsheet opening a CSV reads as the start of a formula (OWASP's "CSV injection").
INICIO_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def sin_formula(texto: str) -> str:
    """A CSV cell that a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (an XLSX cell is typed as text instead: exportaciones.base)."""
    return f"'{texto}" if texto.startswith(INICIO_FORMULA) else texto


# The bullets a list typed as text may start its lines with (the seeds' "- ", "• ", the ✓ of Pasco).
VINETAS = ("- ", "• ", "✓ ", "* ")


def sin_vineta(linea: str) -> str | None:
    """The line's text without its bullet; None when it has none."""
    for marca in VINETAS:
        if linea.startswith(marca):
            return linea[len(marca) :].strip()
    return None


def lineas(texto: str) -> list[str]:
    """The non-empty lines of a list typed one per line, without their bullet ("- CETPRO Huacho.")."""
    salida = []
    for linea in (texto or "").splitlines():
        linea = linea.strip()
        sin = sin_vineta(linea)
        linea = linea if sin is None else sin
        if linea:
            salida.append(linea)
    return salida
