"""The icons Chasqui shows: only these, drawn from one SVG sprite built from the npm package.

Bootstrap Icons' font weighs 134 KB for 2,000 icons, arrives after the text (the line jumps when it
does) and is one more request. Instead, the icons named in ICONOS are copied from
node_modules/bootstrap-icons/icons/NAME.svg (installed by `make install` from package.json) into one
sprite of <symbol>s, served as a static file: static/iconos/iconos.svg, a few KB, hashed and cached
for a year with DEBUG off like the rest. Templates draw one with {% icono "name" %} or
{% icono variable "me-1" %} (comun/templatetags/iconos.py, a builtin): an inline <svg> sized 1em by
its own attributes, so the page keeps its layout while the sprite arrives.

The sprite is not kept in git: IconosFinder, a staticfiles finder, writes it into build/ the first
time it is asked for (runserver, the test server, collectstatic), so a fresh clone and a new name here
need no extra step. A name missing here fails at once: at template compile time for a literal, when
drawn for a variable, when registered for a menu entry; tests/test_iconos.py checks every name the
templates and the Python icon fields use.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

ICONOS = frozenset(
    {
        # The menu (EntradaMenu.icono, comun/registro.py) and the bar.
        "bell",
        "box-arrow-in-right",
        "building",
        "calendar3",
        "clipboard-check",
        "download",
        "gear",
        "house",
        "kanban",
        "lightbulb",
        "people",
        "person-circle",
        "send-fill",
        # DIFOCA's review buttons (practicas/gestion/lista.py, ACCIONES).
        "arrow-counterclockwise",
        "eye-slash",
        "globe",
        "send",
        # The templates.
        "arrow-clockwise",
        "arrow-down",
        "arrow-up",
        "box-arrow-up-right",
        "calendar-event",
        "check-circle",
        "check2",
        "clipboard2-data",
        "copy",
        "database",
        "exclamation-triangle",
        "eye",
        "file-earmark-excel",
        "file-earmark-pdf",
        "file-earmark-spreadsheet",
        "filetype-csv",
        "filetype-json",
        "grid-3x3-gap",
        "hourglass-split",
        "image",
        "inbox",
        "info-circle",
        "key",
        "pencil",
        "pencil-square",
        "person-plus",
        "plus-lg",
        "save",
        "search",
        "telephone",
        "trash",
        "upload",
        "x-circle",
        "x-lg",
    }
)

RUTA = "iconos/iconos.svg"  # its path among the static files


def fuente() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "bootstrap-icons" / "icons"


def carpeta() -> Path:
    """Where the sprite is written (build/, ignored by git)."""
    return Path(settings.BASE_DIR) / "build" / "estaticos"


class IconoDesconocido(ValueError):
    def __init__(self, nombre: str):
        super().__init__(f"Unknown icon {nombre!r}: add it to ICONOS in comun/iconos.py")


def validar(nombre: str) -> str:
    if nombre not in ICONOS:
        raise IconoDesconocido(nombre)
    return nombre


_SVG = re.compile(r"<svg\b[^>]*\bviewBox=\"([^\"]+)\"[^>]*>(.*)</svg>", re.S)


def sprite(iconos=ICONOS) -> str:
    """The sprite's text: one <symbol id="name"> per icon, in name order (the same bytes each time)."""
    origen = fuente()
    faltan = sorted(n for n in iconos if not (origen / f"{n}.svg").is_file())
    if faltan:
        raise FileNotFoundError(
            f"Not in {origen} (run `make install`; or is it a Bootstrap Icons name?): {', '.join(faltan)}"
        )
    simbolos = []
    for nombre in sorted(iconos):
        coincide = _SVG.search((origen / f"{nombre}.svg").read_text(encoding="utf-8"))
        if coincide is None:
            raise ValueError(f"{origen / nombre}.svg is not an SVG with a viewBox")
        cuerpo = " ".join(linea.strip() for linea in coincide.group(2).splitlines() if linea.strip())
        simbolos.append(f'<symbol id="{nombre}" viewBox="{coincide.group(1)}">{cuerpo}</symbol>')
    return '<svg xmlns="http://www.w3.org/2000/svg">\n' + "\n".join(simbolos) + "\n</svg>\n"


_construido: Path | None = None


def construir() -> Path:
    """Writes the sprite (once per process, and only if its bytes changed) and returns its path."""
    global _construido
    if _construido is None:
        archivo = carpeta() / RUTA
        texto = sprite()
        if not archivo.is_file() or archivo.read_text(encoding="utf-8") != texto:
            archivo.parent.mkdir(parents=True, exist_ok=True)
            temporal = archivo.with_suffix(".tmp")
            temporal.write_text(texto, encoding="utf-8")
            temporal.replace(archivo)  # atomic: a parallel reader sees the old sprite or the new one
        _construido = archivo
    return _construido


class IconosFinder(BaseFinder):
    """A staticfiles finder for the one generated file, built when first looked for."""

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != RUTA:
            return [] if find_all else None
        encontrado = str(construir())
        return [encontrado] if find_all else encontrado

    def list(self, ignore_patterns):
        construir()
        yield RUTA, FileSystemStorage(location=carpeta())
