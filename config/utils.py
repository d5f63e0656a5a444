"""Small helpers every app's views share."""

import re


def entero(valor) -> int | None:
    """A query-string id as an int, or None. ASCII digits only: "²".isdigit() is true, int("²") fails."""
    if isinstance(valor, str) and valor.isascii() and valor.isdigit() and len(valor) < 19:
        return int(valor)
    return None


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def busqueda(request, nombre: str = "q", largo: int = 200) -> str:
    """What the user typed in a search box: control characters out (PostgreSQL refuses NUL, which
    would be a 500), spaces folded, at most `largo` characters."""
    return " ".join(CONTROL.sub(" ", request.GET.get(nombre, "")).split())[:largo]
