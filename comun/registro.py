"""A generic registry, and the ones the top floor reads.

A feature app plugs in by registering from its ``AppConfig.ready()``: its menu entry, its section of
the home page, its demo loader (and, in ``exportaciones``, its exporters). What reads a registry
(the menu, the home page, ``cargar_demo``) iterates it and names no app, so adding an app edits
nothing below it.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.http import HttpRequest

from comun.iconos import validar as validar_icono

T = TypeVar("T")


class Registro(Generic[T]):
    """Items by a unique key, iterated in the order of their ``orden`` (then of registration)."""

    def __init__(self, nombre: str):
        self.nombre = nombre
        self._items: dict[str, T] = {}

    def registrar(self, clave: str, item: T) -> T:
        # The same item again is harmless (apps re-populated in tests); another under a taken key is
        # a clash between two apps.
        if clave in self._items and self._items[clave] != item:
            raise ValueError(f"{self.nombre}: duplicate key {clave!r}")
        self._items[clave] = item
        return item

    def retirar(self, clave: str) -> None:
        self._items.pop(clave, None)

    def obtener(self, clave: str) -> T | None:
        return self._items.get(clave)

    def __contains__(self, clave: str) -> bool:
        return clave in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._items.values(), key=lambda item: getattr(item, "orden", 0)))

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class EntradaMenu:
    """A link in the navigation bar, shown to whoever ``visible(request)`` lets in."""

    clave: str
    etiqueta: Any  # a lazy translation
    url: str  # a URL name, reversed when the menu is drawn
    icono: str  # a Bootstrap icon name, one of comun.iconos.ICONOS
    visible: Callable[[HttpRequest], bool]
    orden: int = 50
    personal: bool = False  # in the user's dropdown instead of the bar
    # Optional ``contador(request) -> int``: shown as a badge beside the entry when above zero.
    contador: Callable[[HttpRequest], int] | None = None

    def __post_init__(self):
        validar_icono(self.icono)  # a misspelt icon fails when the app registers, not on a page


@dataclass(frozen=True)
class SeccionInicio:
    """A section of the home page ("what is waiting for you"). ``contexto(request)`` returns the
    template's context, or None when the section has nothing for this user (it is then left out).
    ``por_datos``: the template reads nothing but that context (no user, request or token), whose
    values have a complete ``repr`` (str, numbers, dates, tuples, dicts): its drawing is then kept in
    the cache under the data themselves (inicio's ``{% seccion %}``), nothing to invalidate."""

    clave: str
    plantilla: str
    contexto: Callable[[HttpRequest], dict | None]
    orden: int = 50
    por_datos: bool = False


@dataclass(frozen=True)
class Demo:
    """An app's demo loader, run by ``manage.py cargar_demo`` after the loaders it names."""

    clave: str
    cargador: str  # dotted path of ``cargar(salida)``, imported only when the demo is loaded
    despues_de: tuple[str, ...] = field(default_factory=tuple)

    def cargar(self, salida: Callable[[str], None]) -> None:
        from django.utils.module_loading import import_string

        import_string(self.cargador)(salida)


def con_cuenta(request: HttpRequest) -> bool:
    """A menu entry for every signed-in user."""
    return request.user.is_authenticated


menu: Registro[EntradaMenu] = Registro("menu")
secciones_inicio: Registro[SeccionInicio] = Registro("inicio")
demos: Registro[Demo] = Registro("demo")


def orden_demos() -> list[Demo]:
    """The demo loaders, each after those it declares it needs; a missing or circular need fails."""
    from graphlib import TopologicalSorter

    grafo = {}
    for demo in demos:
        for previa in demo.despues_de:
            if previa not in demos:
                raise ValueError(f"demo {demo.clave!r} needs {previa!r}, which is not registered")
        grafo[demo.clave] = set(demo.despues_de)
    return [demos.obtener(clave) for clave in TopologicalSorter(grafo).static_order()]
