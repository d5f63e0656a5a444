"""Small helpers every app's views share."""

import re


def entero(valor) -> int | None:
    """A query-string id as an int, or None. ASCII digits only: "²".isdigit() is true, int("²") fails."""
    if isinstance(valor, str) and valor.isascii() and valor.isdigit() and len(valor) < 19:
        return int(valor)
    return None


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
