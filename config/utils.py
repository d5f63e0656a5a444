"""Small helpers every app's views share."""

import re
import unicodedata


def entero(valor) -> int | None:
    """A query-string id as an int, or None. ASCII digits only: "²".isdigit() is true, int("²") fails."""
    if isinstance(valor, str) and valor.isascii() and valor.isdigit() and len(valor) < 19:
        return int(valor)
    return None


def alfabetico(texto: str) -> tuple[str, str]:
    """A sort key in Spanish reading order: "Áncash" among the A (the C collation puts it after Z),
    accents ignored first; "ñ" after "n" (its tilde is the one mark kept)."""
    descompuesto = unicodedata.normalize("NFD", texto.casefold())
    sin_tildes = "".join(
        c
        for i, c in enumerate(descompuesto)
        if not unicodedata.combining(c) or (c == "\u0303" and descompuesto[i - 1 : i] == "n")
    )
    sin_tildes = unicodedata.normalize("NFC", sin_tildes).replace("ñ", "n\U0010ffff")
    return sin_tildes, texto


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def busqueda(request, nombre: str = "q", largo: int = 200) -> str:
    """What the user typed in a search box: control characters out (PostgreSQL refuses NUL, which
    would be a 500), spaces folded, at most `largo` characters."""
    return " ".join(CONTROL.sub(" ", request.GET.get(nombre, "")).split())[:largo]
