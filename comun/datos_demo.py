"""Demo data files: YAML read with ``yaml.safe_load`` and checked against the shape its loader expects.

An esquema is a dict (exactly these keys, each with its own esquema; a key written with a final "?"
may be left out), a one-item list (a list of that), a type, or a union such as ``int | None``. A file
that does not match fails at once, naming the file and the place in it, instead of a KeyError
half-way through the load.
"""

from datetime import date
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

import yaml
from django.conf import settings
from django.core.management.base import CommandError

TIPOS = {
    str: "texto",
    int: "número entero",
    float: "número decimal",
    bool: "sí/no",
    date: "fecha AAAA-MM-DD",
    NoneType: "vacío (null)",
    list: "lista",
    dict: "mapeo de claves",
}


class DatosInvalidos(CommandError):
    """A demo data file that is not YAML, or lacks a key, or has one of the wrong type."""

    # A CommandError, so that cargar_demo prints the message on one line instead of a traceback.


def leer(ruta: Path, esquema: Any) -> Any:
    """The data of the YAML file at ``ruta``, once it matches ``esquema``."""
    nombre = nombre_archivo(ruta)
    try:
        datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DatosInvalidos(f"{nombre}: no es YAML válido: {error}") from error
    _revisar(datos, esquema, "", nombre)
    return datos


def nombre_archivo(ruta: Path) -> Path:
    """How messages name a data file: from the project folder when it is inside it."""
    try:
        return ruta.resolve().relative_to(settings.BASE_DIR)
    except ValueError:
        return ruta


def _revisar(valor: Any, esquema: Any, lugar: str, nombre: Path) -> None:
    donde = f"{nombre}: {lugar or 'el documento'}"
    if isinstance(esquema, dict):
        if not isinstance(valor, dict):
            raise DatosInvalidos(f"{donde}: se esperaba un mapeo de claves, hay {_tipo(type(valor))}")
        for clave, parte in esquema.items():
            opcional = clave.endswith("?")
            clave = clave.removesuffix("?")
            if clave not in valor:
                if opcional:
                    continue
                raise DatosInvalidos(f"{donde}: falta la clave «{clave}»")
            _revisar(valor[clave], parte, f"{lugar}.{clave}" if lugar else clave, nombre)
        conocidas = {clave.removesuffix("?") for clave in esquema}
        if sobran := sorted(str(clave) for clave in valor if clave not in conocidas):
            raise DatosInvalidos(f"{donde}: clave desconocida «{sobran[0]}»")
    elif isinstance(esquema, list):
        if not isinstance(valor, list):
            raise DatosInvalidos(f"{donde}: se esperaba una lista, hay {_tipo(type(valor))}")
        for numero, elemento in enumerate(valor):
            _revisar(elemento, esquema[0], f"{lugar}[{numero}]", nombre)
    elif not isinstance(valor, esquema) or (isinstance(valor, bool) and bool not in _tipos(esquema)):
        # bool is an int to Python, but `anio: yes` is a mistake, not a year.
        raise DatosInvalidos(
            f"{donde}: se esperaba {_tipo(esquema)}, hay {_tipo(type(valor))} ({valor!r:.40})"
        )


def _tipos(esquema: Any) -> tuple:
    return esquema.__args__ if isinstance(esquema, UnionType) else (esquema,)


def _tipo(esquema: Any) -> str:
    return " o ".join(TIPOS.get(tipo, tipo.__name__) for tipo in _tipos(esquema))
