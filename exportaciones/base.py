"""What every export shares: an exporter declares an identifier, a Spanish name and its parameters,
and yields rows (XLSX) or renders a template (PDF). Views and the background task only check scope
and hand over; apps register their exporters here and this module imports no app.
"""

import collections
import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, ClassVar
from urllib.parse import urlencode

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext

from comun.registro import Registro
from comun.texto import entero, sin_control, una_linea
from territorio.alcance import obtener_visible

Progreso = Callable[[int], None]  # receives 0..100

exportadores: Registro[type["Exportador"]] = Registro("exportadores")


def registrar(cls: type["Exportador"]) -> type["Exportador"]:
    """Class decorator: make the exporter reachable by its identifier."""
    return exportadores.registrar(cls.identificador, cls)


def obtener(identificador: str) -> type["Exportador"] | None:
    return exportadores.obtener(identificador)


class Exportador:
    """An export of records the user may see. Subclasses resolve their parameters in __init__,
    inside the user's scope (Http404 otherwise), so an exporter that exists is one the user may run."""

    identificador: ClassVar[str]
    nombre: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]
    # Up to this many records it is generated in the request; above, in the background.
    umbral_inmediato: ClassVar[int] = 200
    # The record ids it takes from the query string (?matriz=12), declared once: the links in the
    # templates are built from them ({% url_exportacion %}) and parametro_id reads only these.
    opciones: ClassVar[tuple[str, ...]] = ()

    def __init__(self, usuario, parametros: dict[str, str]):
        self.usuario = usuario
        self.parametros = {k: str(v) for k, v in parametros.items()}

    @classmethod
    def url(cls, **valores) -> str:
        """The address that runs this export with these options (all of them, and only them)."""
        if set(valores) != set(cls.opciones):
            raise ValueError(f"{cls.identificador} takes {sorted(cls.opciones)}, got {sorted(valores)}")
        url = reverse("exportaciones:exportar", args=[cls.identificador])
        return f"{url}?{urlencode(valores)}" if valores else url

    def parametro_id(self, nombre: str) -> int:
        """A record id from the parameters (``?matriz=12``); anything else is a 404, like a record
        out of scope."""
        if nombre not in self.opciones:
            raise ValueError(f"{self.identificador} does not declare the option {nombre!r}")
        valor = entero(self.parametros.get(nombre))
        if valor is None:
            raise Http404
        return valor

    def obtener(self, queryset_o_modelo, opcion: str):
        """The record an option names (``?matriz=12``), fetched in the user's scope: 404 outside it,
        like any page (territorio.alcance.obtener_visible)."""
        return obtener_visible(self.usuario, queryset_o_modelo, pk=self.parametro_id(opcion))

    def tamano(self) -> int:
        """How many records the export covers, to choose between now and the background."""
        return 1

    def titulo_archivo(self) -> str:
        return self.nombre

    def nombre_archivo(self) -> str:
        fecha = timezone.localdate().isoformat()
        return f"{slugify(self.titulo_archivo())[:80] or 'exportacion'}-{fecha}.{self.extension}"

    def generar(self, salida: IO[bytes], progreso: Progreso | None = None) -> None:
        raise NotImplementedError


# --- rows → XLSX ---------------------------------------------------------------------------------

HOJA_INVALIDOS = re.compile(r"[\[\]:*?/\\]")


def texto_celda(valor):
    """The last line of defence of every workbook: a string loses the control characters Excel and
    XML cannot hold (comun.texto.sin_control, the rule the forms apply; tabs and line breaks stay)."""
    if isinstance(valor, Promise):
        valor = str(valor)  # lazy translations
    return sin_control(valor) if isinstance(valor, str) else valor


def nombre_hoja(nombre: str, usados: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the book
    (Excel compares them without case). A longer name is cut on a word boundary and ends in "…";
    a repeated one gets " (2)", " (3)"… within the 31 characters."""
    base = una_linea(HOJA_INVALIDOS.sub(" ", str(nombre))).strip("'") or "Hoja"
    candidato, n = _acortar(base, 31), 2
    while candidato.lower() in usados:
        sufijo = f" ({n})"
        candidato, n = _acortar(base, 31 - len(sufijo)) + sufijo, n + 1
    usados.add(candidato.lower())
    return candidato


def _acortar(texto: str, limite: int) -> str:
    """The text in at most ``limite`` characters, cut after a whole word and marked with "…"; a
    single word longer than that is cut inside it (there is no boundary to cut on)."""
    if len(texto) <= limite:
        return texto
    corte = texto[: limite - 1]
    if texto[limite - 1] != " " and " " in corte:
        corte = corte[: corte.rindex(" ")]
    return corte.rstrip(" .,;:-–—(") + "…"


@dataclass
class Columna:
    titulo: str
    ancho: int = 18
    envolver: bool = False  # long text: wrapped


@dataclass
class Hoja:
    """A sheet: optional title lines above the header (whose document it is, when it was exported),
    the header row, then the rows. The header stays frozen, filters over the data and is repeated on
    each printed page (A4, fitted to the page's width; ``horizontal`` for wide sheets).

    A sheet too wide for one page at a readable size prints ``paginas_de_ancho`` pages across, read
    across then down, with the columns ``repetir`` (first, last; 1-based) that say whose row it is
    repeated at the left of each page."""

    nombre: str
    columnas: Sequence[Columna]
    filas: Iterable[Sequence] = field(default_factory=list)
    titulo: Sequence[str] = ()
    horizontal: bool = False
    paginas_de_ancho: int = 1
    repetir: tuple[int, int] | tuple[()] = ()
    # Columns frozen at the left with the header (whose row it is), and whether a blank row
    # separates the title lines from the header.
    columnas_fijas: int = 0
    linea_en_blanco: bool = True


class ExportadorFilas(Exportador):
    """Turns sheets of rows into an XLSX file (``escribir_libro``)."""

    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def hojas(self) -> Iterable[Hoja]:
        raise NotImplementedError

    def total_filas(self) -> int:
        """Rows across all sheets, for the progress bar."""
        return self.tamano()

    def generar(self, salida, progreso=None):
        escribir_libro(salida, self.hojas(), self.total_filas(), progreso)


def escribir_libro(salida: IO[bytes], hojas: Iterable[Hoja], total_filas: int = 0, progreso=None) -> None:
    """The one writer of the exported workbooks: XlsxWriter in constant-memory mode, each row written
    to disk as it comes, so memory does not grow with the rows. Strings stay text (never formulas,
    numbers or links); dates and times are real dates in Lima's clock."""
    import xlsxwriter

    libro = xlsxwriter.Workbook(
        salida,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    estilos = _Estilos(libro)
    usados: set[str] = set()
    total, hechas, cada = max(total_filas, 1), 0, 250
    hojas = list(hojas)  # the sheets, prepared (titles, a summary); their rows may come as written
    lectura = _LecturaAdelantada(hojas) if _adelantar(hojas) else None
    try:
        for hoja in lectura.hojas if lectura else hojas:
            limpias = lectura is not None
            hechas = _escribir_hoja(libro, estilos, usados, hoja, hechas, total, cada, progreso, limpias)
    finally:
        if lectura:
            lectura.cerrar()
    if not usados:
        libro.add_worksheet("Sin datos")
    libro.close()
    if progreso:
        progreso(100)


def _escribir_hoja(libro, estilos, usados, hoja, hechas, total, cada, progreso, limpias=False) -> int:
    """One sheet, its rows as they come; the rows written so far in the book. ``limpias``: its texts
    come without control characters already (cleaned by the process that read them ahead)."""
    ws = libro.add_worksheet(nombre_hoja(hoja.nombre, usados))
    # Title lines, a blank row, then the header (row 1 when there is no title).
    encabezado = len(hoja.titulo) + (1 if hoja.linea_en_blanco else 0) if hoja.titulo else 0
    ws.freeze_panes(encabezado + 1, hoja.columnas_fijas)
    _imprimir(ws, hoja, encabezado)
    for i, col in enumerate(hoja.columnas):
        # In pixels, so that the file holds the width as given (as openpyxl wrote it), not the
        # width plus Excel's padding.
        ws.set_column_pixels(i, i, col.ancho * 7)
    for n, linea in enumerate(hoja.titulo):
        ws.write_string(n, 0, texto_celda(str(linea)), estilos.titulo if n == 0 else None)
    for i, col in enumerate(hoja.columnas):
        ws.write_string(encabezado, i, texto_celda(str(col.titulo)), estilos.encabezado)
    # One format per column and kind of value, looked up once per sheet.
    por_columna = [estilos.columna(col.envolver) for col in hoja.columnas]
    texto = [formatos[0] for formatos in por_columna]
    columnas = len(por_columna)
    escribir_texto, en_blanco, escribir_numero = ws.write_string, ws.write_blank, ws.write_number
    fila = encabezado
    for valores in hoja.filas:
        fila += 1
        if len(valores) != columnas:
            raise ValueError(f"Row {fila + 1} of {hoja.nombre!r} has {len(valores)} values, not {columnas}")
        for i, valor in enumerate(valores):
            # Most cells are text, then numbers: written here; the rest by their kind (_poner).
            tipo = valor.__class__
            if tipo is str:
                if not valor:  # empty, with its column's format (what is typed in it later wraps too)
                    en_blanco(fila, i, None, texto[i])
                else:
                    # isprintable() is a fast test that most texts pass (no control characters).
                    limpio = limpias or valor.isprintable()
                    escribir_texto(fila, i, valor if limpio else sin_control(valor), texto[i])
            elif tipo is float or tipo is int:
                escribir_numero(fila, i, valor, texto[i])
            elif valor is not None:
                _poner(ws, fila, i, valor, por_columna[i])
        hechas += 1
        if progreso and hechas % cada == 0:
            progreso(min(99, 100 * hechas // total))
    if hoja.columnas:
        ws.autofilter(encabezado, 0, fila, len(hoja.columnas) - 1)
    return hechas


def _adelantar(hojas: Sequence[Hoja]) -> bool:
    """Whether the rows are read ahead by another process, on a connection of its own
    (``_LecturaAdelantada``): when some sheet reads its rows as it goes (not a list already made
    here, as one matrix's workbook), outside a transaction and with autocommit (the background
    worker, a request: another connection sees the same data), in a process of one thread
    (``_sin_otros_hilos``)."""
    from django.db import connection

    return (
        any(not isinstance(hoja.filas, (list, tuple)) for hoja in hojas)
        and connection.get_autocommit()
        and not connection.in_atomic_block
        and _sin_otros_hilos()
    )


def _sin_otros_hilos() -> bool:
    """Whether this process runs a single thread. A fork copies only the thread that forks: a lock
    another one held at that moment (Django's signals', taken when the child connects; libpq's)
    would stay held in the child for ever. With other threads (runserver, a worker with autoreload,
    gunicorn --threads, a test's live server) the rows are read here."""
    import threading

    return threading.active_count() == 1


class _LecturaAdelantada:
    """The sheets' rows read ahead of the writer by a forked process of its own (``_bifurcar``), on
    its own connection, and handed over through a pipe in batches (pickled): while XlsxWriter turns
    rows into XML here, PostgreSQL runs the queries and that process turns their results into rows
    and takes the control characters out of their texts (``_sin_control_en``), on another core. A
    thread would share Python's lock with the writer: every time it took the lock back, the writer
    stopped, which cost the workbook about a tenth of its time at national size, several times the
    thread's own work.

    The pipe holds about a megabyte (a few hundred rows, a fifth of a second of writing, longer than
    a sheet's query takes to start): the reader waits when it is full, so memory does not grow with
    the rows. It reads every sheet in one read-only transaction: all of them see the same moment of
    the data, and a server-side cursor inside a transaction hands rows over as PostgreSQL makes them
    (outside one, a cursor WITH HOLD keeps the whole result before the first row). An error there
    is raised here; ``cerrar`` stops it and waits for it."""

    lote = 100  # rows per batch through the pipe
    tubo = 1 << 20  # the pipe's size, in bytes (Linux allows up to 1 MiB unprivileged)

    def __init__(self, hojas: Sequence[Hoja]):
        import os

        # The sheets themselves, prepared here (their titles, the summary); their rows are read there.
        self._hojas: list[Hoja] = list(hojas)
        self._terminada = not self._hojas  # everything received (nothing to stop in cerrar)
        self.pid, lectura = _bifurcar(self._leer)
        self._entrada = os.fdopen(lectura, "rb")

    @property
    def hojas(self) -> Iterable[Hoja]:
        for k, hoja in enumerate(self._hojas):
            yield Hoja(**{**hoja.__dict__, "filas": self._filas(k)})

    def _filas(self, k: int):
        import pickle

        while True:
            try:
                de, lote = pickle.load(self._entrada)
            except (EOFError, pickle.UnpicklingError) as error:  # it ended, or was killed mid-batch
                raise RuntimeError(
                    f"Reading the rows failed: the reading process ended ({error!r})"
                ) from None
            if de == "error":
                raise RuntimeError(f"Reading the rows failed:\n{lote}")
            if de != k:
                raise RuntimeError(f"Rows of sheet {de} arrived while writing sheet {k}")
            if lote is None:
                self._terminada = k == len(self._hojas) - 1
                return
            yield from lote

    def _leer(self, escritura: int) -> None:
        """In the forked process: every sheet's rows into the pipe, then (k, None) after each sheet."""
        import fcntl
        import os
        import pickle

        from django.db import connection, transaction

        # A smaller pipe works too, only less ahead (F_SETPIPE_SZ is Linux's).
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(escritura, fcntl.F_SETPIPE_SZ, self.tubo)
        salida = os.fdopen(escritura, "wb")
        propias = []

        def mandar(elemento) -> None:
            try:
                datos = pickle.dumps(elemento, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - any value that does not travel: see _viajera
                k, lote = elemento
                datos = pickle.dumps((k, [[_viajera(v) for v in fila] for fila in lote]))
            salida.write(datos)

        try:
            propias = conexiones_propias()
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                for k, hoja in enumerate(self._hojas):
                    lote = []
                    for fila in hoja.filas:
                        lote.append(_sin_control_en(fila))
                        if len(lote) >= self.lote:
                            mandar((k, lote))
                            lote = []
                    if lote:
                        mandar((k, lote))
                    mandar((k, None))
                    salida.flush()
        except BrokenPipeError:  # the writer stopped: nobody reads any more
            return
        except BaseException:
            import traceback

            with contextlib.suppress(OSError):
                mandar(("error", traceback.format_exc()))
        finally:
            with contextlib.suppress(OSError):
                salida.flush()
            for propia in propias:  # never an inherited one: closing it would end the parent's session
                propia.close()

    def cerrar(self) -> None:
        """Wait for the reading process: at once when it has sent everything, stopped otherwise."""
        import os
        import signal

        self._entrada.close()
        if not self._terminada:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _sin_control_en(fila: Sequence) -> Sequence:
    """The row with its texts cleaned as the writer cleans them (sin_control), here in the reading
    process, on another core: the same row when none needs it, as most."""
    for valor in fila:
        if valor.__class__ is str and not valor.isprintable():
            return [sin_control(v) if v.__class__ is str else v for v in fila]
    return fila


def _viajera(valor):
    """A cell's value as it can go through a pipe: a plain value as it is, anything else its text
    (as the writer writes it: _poner), cleaned."""
    if valor is None or valor.__class__ in (str, int, float, bool, Decimal, dt.date, dt.datetime):
        return valor
    return sin_control(str(valor))


class _Estilos:
    """The workbook's few formats: the title, the header, and per column (wrapped or not) one for
    text and numbers, one for dates and one for dates with time."""

    def __init__(self, libro):
        self.libro = libro
        self.titulo = libro.add_format({"bold": True, "font_size": 13})
        self.encabezado = libro.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self._columnas: dict[bool, tuple] = {}

    def columna(self, envolver: bool) -> tuple:
        if envolver not in self._columnas:
            base = {"valign": "top", "text_wrap": True} if envolver else {"valign": "top"}
            self._columnas[envolver] = tuple(
                self.libro.add_format({**base, **extra})
                for extra in ({}, {"num_format": "DD/MM/YYYY"}, {"num_format": "DD/MM/YYYY HH:MM"})
            )
        return self._columnas[envolver]


def _poner(ws, fila: int, col: int, valor, formatos: tuple) -> None:
    """One value, as Excel should read it (``formatos``: plain, date, date and time)."""
    tipo = valor.__class__
    if tipo is str:
        if valor:
            ws.write_string(fila, col, sin_control(valor), formatos[0])
        else:  # empty, with its column's format (what is typed in it later wraps too)
            ws.write_blank(fila, col, None, formatos[0])
    elif tipo is int or tipo is float or tipo is Decimal:
        ws.write_number(fila, col, valor, formatos[0])
    elif tipo is bool:
        ws.write_boolean(fila, col, valor, formatos[0])
    elif isinstance(valor, dt.datetime):
        # Excel has no time zones: the users' clock, America/Lima.
        valor = timezone.localtime(valor).replace(tzinfo=None) if timezone.is_aware(valor) else valor
        ws.write_datetime(fila, col, valor, formatos[2])
    elif isinstance(valor, dt.date):
        ws.write_datetime(fila, col, valor, formatos[1])
    elif isinstance(valor, (int, float, Decimal)):
        ws.write_number(fila, col, valor, formatos[0])
    else:  # lazy translations, str subclasses, anything else: its text
        ws.write_string(fila, col, sin_control(str(valor)), formatos[0])


def _imprimir(ws, hoja: Hoja, encabezado: int) -> None:
    """Print settings: A4, ``paginas_de_ancho`` pages wide and as many pages tall as needed, the
    header (row ``encabezado``, from 0) on every page, narrow margins, and the sheet's name and page
    number in the footer."""
    ws.set_paper(9)  # A4
    if hoja.horizontal:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(hoja.paginas_de_ancho, 0)
    ws.repeat_rows(encabezado)
    if hoja.paginas_de_ancho > 1:
        # A row continues on the next page, not after every row's first part.
        ws.print_across()
    if hoja.repetir:
        primera, ultima = hoja.repetir
        ws.repeat_columns(primera - 1, ultima - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_header("", {"margin": 0.2})
    ws.set_footer("&L&A&R" + gettext("Página &P de &N"), {"margin": 0.3})


# --- template → PDF ------------------------------------------------------------------------------


class ExportadorDocumento(Exportador):
    """Renders a Django template to PDF with WeasyPrint, on the shared print stylesheet
    (A4, "Página N de M", who and when in the footer, DejaVu fonts embedded)."""

    extension = "pdf"
    content_type = "application/pdf"
    plantilla: ClassVar[str]
    horizontal: ClassVar[bool] = False

    def contexto(self) -> dict:
        return {}

    def pie(self) -> str:
        """The footer's left part: whose document it is."""
        return ""

    paginas_por_capa: ClassVar[int] = 200

    def partes(self) -> Iterable[dict] | None:
        """For long documents: the contexts of consecutive parts, each laid out on its own so memory
        stays flat; the pages are then joined and numbered as one document. None: one part.

        A part whose context has ``indice`` (a list of ``(anchor, label)`` of elements with that id
        in the parts after it) is a table of contents: target-counter() cannot see across parts, so
        it is laid out at the end, with ``indice_paginas``: ``(anchor, label, page)``, the page as
        "Página N de M" prints it. Those pages count its own, which ``paginas_indice`` foretells:
        laid out again only if it was wrong."""
        return None

    def paginas_indice(self, contexto: dict) -> int:
        """How many pages the table of contents of this context (``partes``) will take. A wrong
        answer costs one more layout of it, not a wrong document."""
        return 1

    def total_partes(self) -> int:
        return 1

    def _html(self, contexto: dict, numerar: bool = True):
        from django.conf import settings
        from weasyprint import HTML

        return HTML(string=self._texto_html(contexto, numerar), base_url=str(settings.BASE_DIR))

    def _texto_html(self, contexto: dict, numerar: bool = True) -> str:
        """The template rendered (every database read happens here), ready for WeasyPrint."""
        contexto = {
            **contexto,
            "pie": self.pie(),
            "generado": self.generado,
            "horizontal": self.horizontal,
            "titulo_documento": self.titulo_archivo(),
            "numerar": numerar,
        }
        return render_to_string(self.plantilla, contexto)

    # Every PDF is tagged PDF/UA-1: structure tree, language (<html lang>), title shown (<title>),
    # bookmarks from the headings, images with their alt text. Photos come already resized
    # (comun.imagenes) and are embedded as they are, unless printed so small that they would hold
    # more than 200 dots per inch: then WeasyPrint embeds them reduced to that.
    opciones_pdf: ClassVar[dict] = {"pdf_variant": "pdf/ua-1", "dpi": 200}

    def generar(self, salida, progreso=None):
        self.generado = timezone.localtime()
        partes = self.partes()
        if partes is None:
            if progreso:
                progreso(10)
            self._html(self.contexto()).write_pdf(salida, **self.opciones_pdf)
            if progreso:
                progreso(100)
            return
        self._generar_por_partes(partes, salida, progreso)

    def _generar_por_partes(self, partes, salida, progreso):
        """Each part's template rendered here, then laid out and written to a temporary file by
        WeasyPrint in a forked process of its own (``lanzar``): what a layout leaves behind
        (Python's heap does not shrink, Pango and fontconfig keep their caches) goes away with that
        process, so this one's memory does not grow with the parts. Up to ``maquetas_a_la_vez()``
        parts are laid out at once, each on a core of its own (the memory of that many parts,
        however many follow); meanwhile this process renders the next one and joins the ones
        before, in their order, into one tagged PDF, object by object (exportaciones.unir), with
        "Página N de M" over all of them.

        A table of contents has its place kept in the result and is laid out at the end, while the
        last part is joined, with the numbers its length foretold (``paginas_indice``) gives; if it
        comes out of another length, it is laid out again with the numbers that length gives (its
        number column has a fixed width: other numbers do not change its length)."""
        import tempfile
        from pathlib import Path

        from exportaciones.numeracion import numerar
        from exportaciones.unir import Union

        total = max(self.total_partes(), 1)
        # WeasyPrint imported and one light page laid out in this process (once: the worker does
        # it when it starts), so every forked layout inherits them instead of redoing them.
        preparar_pdf()
        total_paginas = 0

        def numeracion(numeros: range):
            # Light pages that carry only their number, where the print stylesheet puts it.
            return numerar(numeros, total_paginas, self.horizontal)

        with tempfile.TemporaryDirectory(prefix="chasqui-pdf-") as carpeta:
            union = Union(salida, numeracion)
            union.por_capa = self.paginas_por_capa
            indices = []  # (its place in the result, context) of each table of contents
            # anchor → (its page among the pages of the parts that are not tables of contents, how
            # many tables of contents come before it)
            paginas: dict[str, tuple[int, int]] = {}
            # (the process laying a part out, its file), oldest first: at most
            # maquetas_a_la_vez() at once, received and joined in their order.
            en_curso: collections.deque = collections.deque()
            a_la_vez = maquetas_a_la_vez()
            listo = None

            def recibir():
                """Wait for the oldest part being laid out; its anchors' pages. Its file, to be joined."""
                nonlocal total_paginas
                hijo, archivo = en_curso.popleft()
                anclas = hijo.esperar()
                for i, de_la_pagina in enumerate(anclas):
                    for ancla in de_la_pagina:
                        paginas.setdefault(ancla, (total_paginas + i + 1, len(indices)))
                total_paginas += len(anclas)
                return archivo

            def unir(archivo):
                union.agregar(str(archivo))
                archivo.unlink()

            try:
                for n, contexto in enumerate(partes, start=1):
                    if "indice" in contexto:  # its place, after the parts before it
                        while en_curso:
                            unir(recibir())
                        indices.append((union.reservar(), contexto))
                        continue
                    # Rendered while the parts before are laid out.
                    html = self._texto_html(contexto, numerar=False)
                    listo = recibir() if len(en_curso) >= a_la_vez else None
                    archivo = Path(carpeta) / f"{n:05d}.pdf"
                    hijo = lanzar(maquetar, html, str(archivo), self.opciones_pdf)
                    en_curso.append((hijo, archivo))
                    del html
                    if listo:  # joined while the parts after it are laid out
                        unir(listo)
                    if progreso:
                        progreso(min(90, 90 * n // total))
                # The last ones: each joined while the ones after it are still laid out; the very
                # last is kept to be joined while the tables of contents are laid out.
                listo = None
                while en_curso:
                    if listo:
                        unir(listo)
                    listo = recibir()
            finally:
                for hijo, _archivo in en_curso:
                    if hijo.lectura is not None:
                        # Something failed here: the children are waited for, not left behind.
                        with contextlib.suppress(Exception):
                            hijo.esperar()
            # The pages are known now: the tables of contents are laid out while the last part is
            # joined, with the numbers the lengths foretold give; again if one came out of another
            # length (then it keeps it: the number column is as wide as any number).
            largos = [self.paginas_indice(contexto) for _reserva, contexto in indices]

            def pagina(ancla: str, largos: list[int]) -> int | None:
                """The anchor's page in the whole document, the tables of contents this long."""
                if ancla not in paginas:
                    return None
                sin_indices, antes = paginas[ancla]
                return sin_indices + sum(largos[:antes])

            for _vez in range(3):
                numerados = []
                try:
                    for k, (_reserva, contexto) in enumerate(indices):
                        contexto = {
                            **contexto,
                            "indice_paginas": [(a, e, pagina(a, largos)) for a, e in contexto["indice"]],
                        }
                        archivo = Path(carpeta) / f"indice-{k}.pdf"
                        html = self._texto_html(contexto, numerar=False)
                        numerados.append((archivo, lanzar(maquetar, html, str(archivo), self.opciones_pdf)))
                    if listo:
                        unir(listo)
                        listo = None
                    salieron = [len(hijo.esperar()) for _archivo, hijo in numerados]
                finally:
                    for _archivo, hijo in numerados:
                        if hijo.lectura is not None:  # something failed: waited for, not left behind
                            with contextlib.suppress(Exception):
                                hijo.esperar()
                if salieron == largos:
                    break
                largos = salieron
            else:
                raise RuntimeError("The tables of contents did not keep their length once numbered")
            total_paginas += sum(largos)
            for (reserva, _contexto), (archivo, _hijo) in zip(indices, numerados, strict=True):
                union.agregar(str(archivo), reserva)
                archivo.unlink()
            paginas.clear()
            if progreso:
                progreso(95)
            union.cerrar(self.titulo_archivo())
        if progreso:
            progreso(100)


def maquetas_a_la_vez() -> int:
    """How many parts of a long PDF are laid out at once: one per core this process may run on, at
    most two (each holds a part's memory; past two, the rendering and joining here keep up no more).
    A machine of one core lays them out one after another."""
    import os

    try:
        nucleos = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        nucleos = os.cpu_count() or 1
    return max(1, min(2, nucleos))


_preparado = False


def preparar_pdf() -> None:
    """Import WeasyPrint (and the joiner, pypdf) and lay out one light page, once per process: the
    import (about 0.4 s, 0.15 s more in ``ctypes.util.find_library``, which runs ldconfig and gcc
    for each library name it tries, and 0.1 s for pypdf) and fontconfig's, Pango's and
    WeasyPrint's start-up (0.05 s) are paid once, not by every long PDF, and each layout forked
    after it inherits them (otherwise about half a second a part). The background worker calls it
    when it starts (``ExportacionesConfig.ready``), so the first export queued does not wait for it
    either."""
    global _preparado
    if not _preparado:
        import exportaciones.unir  # noqa: F401 (pypdf, which joins the parts: 0.1 s more)

        _pdf_de(render_to_string("exportaciones/numeracion.html", {"numeros": range(1, 2), "total": 1}))
        _preparado = True


def maquetar(html: str, archivo: str, opciones: dict) -> list[list[str]]:
    """Lay out one part with WeasyPrint and write it to `archivo`; the anchors of each page."""
    from django.conf import settings
    from weasyprint import HTML

    documento = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    anclas = [list(pagina.anchors) for pagina in documento.pages]
    documento.write_pdf(archivo, **opciones)
    return anclas


def _pdf_de(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def en_otro_proceso(funcion, *args):
    """``funcion(*args)`` in a forked child (``lanzar``), waited for: its result, or its error raised
    here."""
    return lanzar(funcion, *args).esperar()


class _Hijo:
    """A forked child started by ``lanzar``."""

    def __init__(self, pid: int, lectura: int):
        self.pid, self.lectura = pid, lectura

    def esperar(self):
        """The child's result (its error raised here), once it has ended. Only once."""
        import os
        import pickle

        if self.lectura is None:
            raise RuntimeError("The layout process was already waited for")
        lectura, self.lectura = self.lectura, None
        with os.fdopen(lectura, "rb") as tubo:
            datos = tubo.read()
        _pid, estado = os.waitpid(self.pid, 0)
        if not datos:
            raise RuntimeError(f"The layout process ended without an answer (status {estado})")
        bien, valor = pickle.loads(datos)
        if not bien:
            raise RuntimeError(f"The layout process failed: {valor}")
        return valor


def _bifurcar(cuerpo: Callable[[int], None]) -> tuple[int, int]:
    """Fork: in the child, ``cuerpo(escritura)`` with the write end of a pipe (its to close), then
    ``_exit``, which runs no cleanup (nothing this process holds is closed or flushed from there);
    here, the child's pid and the read end. No cyclic garbage collection in the child: it lives for
    one task and its memory goes back to the system when it ends, while a collection walks every
    object it made (about a tenth of a PDF layout's CPU at 25 matrices); most of what it drops is
    freed by reference counts. If the fork fails, neither end of the pipe is left open."""
    import gc
    import os

    lectura, escritura = os.pipe()
    try:
        pid = os.fork()
    except BaseException:  # no child (EAGAIN, ENOMEM)
        os.close(lectura)
        os.close(escritura)
        raise
    if pid == 0:  # pragma: no cover (the child: its coverage is not collected)
        codigo = 1
        try:
            os.close(lectura)
            gc.disable()
            cuerpo(escritura)
            codigo = 0
        finally:
            os._exit(codigo)
    os.close(escritura)
    return pid, lectura


_heredadas: list = []


def conexiones_propias() -> list:
    """In a forked child: a connection of its own for every database, made when first used; they are
    returned, for the child to close. The ones it inherited share their sockets with the parent's
    sessions: they are kept, never used and never closed (closing one would end the parent's
    session), and go with the child's ``_exit``."""
    from django.db import connections

    propias = []
    for alias in connections:
        heredada = connections[alias]
        _heredadas.append(heredada)
        propias.append(type(heredada)(dict(heredada.settings_dict), alias))
        connections[alias] = propias[-1]
    return propias


def lanzar(funcion, *args) -> _Hijo:
    """Start ``funcion(*args)`` in a forked child (``_bifurcar``) and return at once; ``.esperar()``
    gives its result (or raises its error), sent back through a pipe. The child touches no database
    (the inherited connection is never used) and its memory is returned to the system when it
    ends. Every child started must be waited for."""
    import os
    import pickle

    def cuerpo(escritura: int) -> None:
        try:
            resultado = (True, funcion(*args))
        except BaseException:  # handed to the parent, raised there
            import traceback

            resultado = (False, traceback.format_exc())
        with os.fdopen(escritura, "wb") as tubo:
            pickle.dump(resultado, tubo, protocol=pickle.HIGHEST_PROTOCOL)

    pid, lectura = _bifurcar(cuerpo)
    return _Hijo(pid, lectura)
