"""Small helpers every app's views share."""


def entero(valor) -> int | None:
    """A query-string id as an int, or None. ASCII digits only: "²".isdigit() is true, int("²") fails."""
    if isinstance(valor, str) and valor.isascii() and valor.isdigit() and len(valor) < 19:
        return int(valor)
    return None
