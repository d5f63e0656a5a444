"""Small helpers every app's views share."""

import unicodedata


def entero(valor) -> int | None:
    """A query-string id as an int, or None. ASCII digits only: "²".isdigit() is true, int("²") fails."""
    if isinstance(valor, str) and valor.isascii() and valor.isdigit() and len(valor) < 19:
        return int(valor)
    return None


def alfabetico(texto: str) -> str:
    """A sort key in Spanish reading order: "Áncash" with the A, not after Z as the C collation does."""
    return unicodedata.normalize("NFD", texto).casefold()
