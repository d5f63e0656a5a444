"""The Excel round trip: a template of one matrix to fill offline, and reading it back.

The template has one row per field: the label, the answer cell (column B), the limit and help, and a
hidden key (column D) named like the web form's fields, so an uploaded file is validated by the very
forms of the director's page. A hidden, signed sheet ties the file to its matrix.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from balance.forms import (
    LIMITES_PLANTILLA,
    CompromisoForm,
    DificultadForm,
    EdicionMatriz,
    FilaForm,
    LogroForm,
    sin_ceros,
)
from balance.models import MAX_COMPROMISOS, MAX_DIFICULTADES, MAX_LOGROS, NOTA_LOGROS, CategoriaDificultad
from balance.services import comparable
from comun.subidas import abrir_libro
from exportaciones.base import texto_celda

log = logging.getLogger(__name__)

HOJA = "Matriz"
HOJA_META = "_chasqui"
HOJA_LISTAS = "_listas"
SAL = "balance.plantilla"
COL_VALOR, COL_CLAVE = 2, 4


@dataclass
class Campo:
    clave: str  # the web form's field name, e.g. f12-l1-cifra
    etiqueta: str
    limite: int | None = None
    tipo: str = "texto"  # texto, decimal, fecha, enlace, lista
    ayuda: str = ""
    # tipo "lista": the form's value → the name the workbook shows (and reads back)
    opciones: dict[str, str] | None = None
    # Rows added after templates were already out: a file without them keeps what is stored.
    opcional: bool = False


@dataclass
class Bloque:
    titulo: str
    campos: list[Campo] = field(default_factory=list)
    nota: str = ""


def _limite(form_class, nombre):
    return getattr(form_class.base_fields[nombre], "max_length", None)


def opciones_de_categoria(matriz) -> dict[str, str]:
    """The difficulty categories the template offers: the active ones and any the matrix uses."""
    usadas = {d.categoria_id for f in matriz.filas.all() for d in f.dificultades.all()}
    return {
        str(c.pk): c.nombre
        for c in CategoriaDificultad.objects.filter(Q(activa=True) | Q(pk__in=usadas - {None}))
    }


def bloques(matriz, categorias: dict[str, str] | None = None) -> list[Bloque]:
    """The template's layout, from the matrix's rows (filas prefetched in order). `categorias`:
    opciones_de_categoria(matriz), read here when not given."""
    if categorias is None:
        categorias = opciones_de_categoria(matriz)
    resultado = []
    for fila in matriz.filas.all():
        p = f"f{fila.pk}"
        b = Bloque(f"{fila.lineamiento.orden}. {fila.lineamiento.nombre}", nota=str(NOTA_LOGROS))
        b.campos.append(Campo(f"{p}-acciones", _("Acciones realizadas"), _limite(FilaForm, "acciones")))
        for n in range(1, MAX_LOGROS + 1):
            q = f"{p}-l{n}"
            b.campos += [
                Campo(
                    f"{q}-cifra",
                    _("Logro %(n)d: cifra") % {"n": n},
                    tipo="decimal",
                    ayuda=_("Solo el número, p. ej. 85"),
                ),
                Campo(
                    f"{q}-que_cuenta",
                    _("Logro %(n)d: qué cuenta la cifra") % {"n": n},
                    _limite(LogroForm, "que_cuenta"),
                ),
                Campo(
                    f"{q}-cualitativo",
                    _("Logro %(n)d: descripción cualitativa") % {"n": n},
                    _limite(LogroForm, "cualitativo"),
                ),
                Campo(
                    f"{q}-evidencia",
                    _("Logro %(n)d: enlace de la evidencia") % {"n": n},
                    500,
                    "enlace",
                    _("Empieza con https://"),
                ),
            ]
        for n in range(1, MAX_DIFICULTADES + 1):
            b.campos += [
                Campo(f"{p}-d{n}-texto", _("Dificultad %(n)d") % {"n": n}, _limite(DificultadForm, "texto")),
                Campo(
                    f"{p}-d{n}-categoria",
                    _("Dificultad %(n)d: categoría") % {"n": n},
                    tipo="lista",
                    ayuda=_("Elige una de la lista, o déjala vacía."),
                    opciones=categorias,
                    opcional=True,
                ),
            ]
        b.campos += [
            Campo(f"{p}-sugerencias", _("Sugerencias para el próximo año"), _limite(FilaForm, "sugerencias")),
            Campo(
                f"{p}-enlace_evidencias",
                _("Enlace de las evidencias"),
                500,
                "enlace",
                _("Empieza con https://"),
            ),
        ]
        resultado.append(b)
    compromisos = Bloque(_("Compromisos de mejora para el próximo año"))
    for n in range(1, MAX_COMPROMISOS + 1):
        compromisos.campos += [
            Campo(f"c{n}-que", _("Compromiso %(n)d") % {"n": n}, _limite(CompromisoForm, "que")),
            Campo(
                f"c{n}-responsable",
                _("Compromiso %(n)d: responsable") % {"n": n},
                _limite(CompromisoForm, "responsable"),
            ),
            Campo(
                f"c{n}-plazo",
                _("Compromiso %(n)d: plazo") % {"n": n},
                tipo="fecha",
                ayuda=_("Fecha, p. ej. 31/03/2025"),
            ),
        ]
    resultado.append(compromisos)
    return resultado


def etiquetas(matriz) -> dict[str, str]:
    """Each form field's full name, lineamiento included («2. Lineamiento» — Logro 1: cifra): what
    an error of the autosave or of an uploaded template calls the field."""
    return {c.clave: f"«{b.titulo}» — {c.etiqueta}" for b in bloques(matriz) for c in b.campos}


def _valor_actual(edicion: EdicionMatriz) -> dict[str, object]:
    """The stored values, keyed like the form fields."""
    valores = {}
    for form in edicion.todas():
        for nombre in form.fields:
            valores[f"{form.prefix}-{nombre}"] = form.initial.get(nombre)
    return valores


def escribir(matriz, salida) -> None:
    """Write the filled-so-far template of this matrix to `salida`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    actuales = _valor_actual(EdicionMatriz(matriz))
    categorias = opciones_de_categoria(matriz)
    libro = Workbook()
    ws = libro.active
    ws.title = HOJA
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 34
    ws.column_dimensions["D"].hidden = True
    titulo, negrita = Font(bold=True, size=13), Font(bold=True)
    envolver = Alignment(wrap_text=True, vertical="top")
    relleno = PatternFill("solid", fgColor="F1E4E4")
    ws["A1"] = texto_celda(matriz.campana.titulo)
    ws["A1"].font = titulo
    ws["A2"] = texto_celda(
        f"{matriz.institucion.nombre} — {_('código modular')} {matriz.institucion.codigo_modular}"
    )
    ws["A3"] = _(
        "Escribe tus respuestas solo en la columna B. No cambies el nombre de las hojas ni las columnas A, C "
        "y D. Guarda como Libro de Excel (.xlsx) y súbelo en Chasqui: verás lo que cambia antes de guardar."
    )
    ws["A3"].alignment = envolver
    ws.merge_cells("A3:C3")
    ws.row_dimensions[3].height = 32
    fila = 5
    for encabezado, col in ((_("Campo"), "A"), (_("Tu respuesta"), "B"), (_("Límite y ayuda"), "C")):
        ws[f"{col}{fila}"] = encabezado
        ws[f"{col}{fila}"].font = negrita
    ws.freeze_panes = "A6"
    validaciones: dict[tuple, DataValidation] = {}
    # The names a list cell offers, on a hidden sheet (a list written in the rule itself is cut at
    # 255 characters and breaks on a comma inside a name).
    listas = libro.create_sheet(HOJA_LISTAS)
    listas.sheet_state = "hidden"
    for i, nombre in enumerate(categorias.values(), start=1):
        listas.cell(i, 1, texto_celda(nombre))

    def validacion(campo: Campo) -> DataValidation:
        clave = (campo.tipo, campo.limite)
        if clave not in validaciones:
            if campo.tipo == "lista":
                dv = DataValidation(
                    type="list", formula1=f"'{HOJA_LISTAS}'!$A$1:$A${max(len(categorias), 1)}"
                )
                dv.error = _("Elige una categoría de la lista.")
            elif campo.tipo == "decimal":
                dv = DataValidation(
                    type="decimal", operator="between", formula1="-1000000000", formula2="1000000000"
                )
                dv.error = _("Escribe solo un número.")
            elif campo.tipo == "fecha":
                dv = DataValidation(type="date", operator="greaterThan", formula1="36526")
                dv.error = _("Escribe una fecha, p. ej. 31/03/2025.")
            else:
                dv = DataValidation(
                    type="textLength", operator="lessThanOrEqual", formula1=str(campo.limite or 500)
                )
                dv.error = _("Máximo %(n)d caracteres.") % {"n": campo.limite or 500}
            dv.errorTitle = _("Valor no válido")
            dv.showErrorMessage = True
            dv.allow_blank = True
            ws.add_data_validation(dv)
            validaciones[clave] = dv
        return validaciones[clave]

    for bloque in bloques(matriz, categorias):
        fila += 2
        ws.cell(fila, 1, texto_celda(bloque.titulo)).font = titulo
        ws.cell(fila, 1).fill = relleno
        if bloque.nota:
            fila += 1
            ws.cell(fila, 1, bloque.nota).alignment = envolver
            ws.merge_cells(start_row=fila, start_column=1, end_row=fila, end_column=3)
            ws.row_dimensions[fila].height = 28
        for campo in bloque.campos:
            fila += 1
            ws.cell(fila, 1, campo.etiqueta).alignment = envolver
            valor = actuales.get(campo.clave)
            if campo.opciones is not None:
                valor = campo.opciones.get(str(valor), "") if valor is not None else ""
            valor = texto_celda(valor)
            celda = ws.cell(fila, COL_VALOR, "" if valor is None else valor)
            if isinstance(valor, str) and valor.startswith("="):
                celda.data_type = "s"  # what the director wrote stays text, never a formula
            celda.alignment = envolver
            celda.protection = Protection(locked=False)
            if campo.tipo == "fecha":
                celda.number_format = "DD/MM/YYYY"
            ayuda = [_("Hasta %(n)d caracteres.") % {"n": campo.limite}] if campo.limite else []
            ws.cell(
                fila, 3, " ".join(ayuda + ([str(campo.ayuda)] if campo.ayuda else []))
            ).alignment = envolver
            ws.cell(fila, COL_CLAVE, campo.clave)
            validacion(campo).add(celda)
    ws.protection.sheet = True  # labels and keys stay put; column B is unlocked

    meta = libro.create_sheet(HOJA_META)
    meta.sheet_state = "hidden"
    meta["A1"], meta["B1"] = "firma", firmar(matriz)
    meta["A2"], meta["B2"] = "institucion", matriz.institucion.codigo_modular
    libro.save(salida)


def firmar(matriz) -> str:
    """Ties the file to its matrix and to the version it was made from."""
    datos = {"m": matriz.pk, "c": matriz.campana_id, "i": matriz.institucion_id, "v": matriz.version}
    return signing.dumps(datos, salt=SAL)


@dataclass
class Lectura:
    datos: dict[str, str] = field(default_factory=dict)
    errores: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, cell, why)
    celdas: dict[str, str] = field(default_factory=dict)  # form key → cell

    @property
    def valida(self) -> bool:
        return not self.errores


def _texto(valor, tipo: str) -> str:
    if valor is None:
        return ""
    if isinstance(valor, dt.datetime):
        valor = valor.date()
    if isinstance(valor, dt.date):
        return valor.isoformat()
    if isinstance(valor, bool):
        return str(valor)
    if isinstance(valor, int | float | Decimal):
        try:
            texto = format(sin_ceros(Decimal(str(valor))), "f")
        except InvalidOperation:  # too large to be a figure: the form says so
            texto = str(valor)
        entera, coma, fraccion = texto.partition(".")
        if tipo == "decimal" and coma and len(fraccion) == 3:
            # A number cell 1,125 is a decimal: written "1,1250", the form's rule (comun.texto.cifra)
            # cannot read it as thousands, and refuses the third decimal.
            texto += "0"
        return texto.replace(".", ",") if tipo == "decimal" else texto
    return str(valor).strip()


def leer(matriz, archivo) -> Lectura:
    """Read an uploaded template of this matrix. Nothing is saved here.

    The file is checked (comun.subidas, LIMITES_PLANTILLA) before openpyxl reads it, in read-only mode."""
    lectura = Lectura()

    def error(mensaje, hoja="", celda=""):
        lectura.errores.append((hoja, celda, mensaje))
        return lectura

    try:
        libro = abrir_libro(archivo, LIMITES_PLANTILLA)
    except ValidationError as rechazo:
        log.info("uploaded template refused: %s", rechazo.code)
        return error(" ".join(rechazo.messages))
    try:
        return _leer_libro(matriz, libro, lectura, error)
    finally:
        libro.close()


def _leer_libro(matriz, libro, lectura: Lectura, error) -> Lectura:
    from openpyxl.utils import get_column_letter

    if HOJA_META not in libro.sheetnames:
        return error(
            _("Este archivo no es la plantilla de Chasqui. Descarga la plantilla desde tu matriz y llénala.")
        )
    firma_celda = next(
        libro[HOJA_META].iter_rows(min_row=1, max_row=1, min_col=2, max_col=2, values_only=True)
    )
    try:
        firma = signing.loads(str(firma_celda[0] or ""), salt=SAL)
    except signing.BadSignature:
        return error(_("La plantilla fue alterada o no es de Chasqui. Descárgala de nuevo."), HOJA_META, "B1")
    if not isinstance(firma, dict):
        return error(_("La plantilla fue alterada o no es de Chasqui. Descárgala de nuevo."), HOJA_META, "B1")
    if firma.get("c") != matriz.campana_id:
        return error(
            _("La plantilla es de otra campaña. Descarga la plantilla de «%(campana)s».")
            % {"campana": matriz.campana.titulo}
        )
    if firma.get("i") != matriz.institucion_id or firma.get("m") != matriz.pk:
        return error(
            _("La plantilla es de otra institución. Descarga la de %(nombre)s.")
            % {"nombre": matriz.institucion.nombre}
        )
    if "v" not in firma:
        return error(_("Esta plantilla es de una versión anterior de Chasqui. Descárgala de nuevo."))
    if firma.get("v") != matriz.version:
        cuando = timezone.localtime(matriz.editada_en).strftime("%d/%m/%Y %H:%M") if matriz.editada_en else ""
        return error(
            _(
                "Desde que descargaste esta plantilla, la matriz cambió en Chasqui (%(cuando)s). "
                "Descarga la plantilla de nuevo para no borrar esos cambios."
            )
            % {"cuando": cuando}
        )
    if HOJA not in libro.sheetnames:
        return error(
            _(
                "No se encontró la hoja «%(hoja)s» (hojas del archivo: %(hojas)s). "
                "No cambies el nombre de las hojas."
            )
            % {
                "hoja": HOJA,
                "hojas": ", ".join(n for n in libro.sheetnames if n not in (HOJA_META, HOJA_LISTAS)),
            }
        )

    campos = {c.clave: c for b in bloques(matriz) for c in b.campos}
    tipos = {clave: c.tipo for clave, c in campos.items()}
    ws = libro[HOJA]
    ws.reset_dimensions()  # the size a file states is not trusted: every row it has is streamed
    # The template has a row per field plus titles; anything far below is not ours to read. Rows that
    # only carry formatting (LibreOffice, Google Sheets) are let be; rows are streamed, never held.
    limite = 3 * len(tipos) + 100
    for numero, fila in enumerate(ws.iter_rows(min_row=1, max_col=COL_CLAVE, values_only=True), start=1):
        if numero > limite:
            if any(v not in (None, "") for v in fila):
                return error(
                    _(
                        "La hoja tiene datos en la fila %(n)d; la plantilla termina mucho antes. "
                        "Borra lo que sobra."
                    )
                    % {"n": numero},
                    HOJA,
                )
            continue
        fila = tuple(fila) + (None,) * (COL_CLAVE - len(fila))
        clave = fila[COL_CLAVE - 1]
        if not isinstance(clave, str) or clave not in tipos:
            if isinstance(clave, str) and clave.strip():
                error(_("Esta fila no corresponde a la plantilla de esta matriz."), HOJA, f"D{numero}")
            continue
        texto = _texto(fila[COL_VALOR - 1], tipos[clave])
        if (opciones := campos[clave].opciones) is not None and texto:
            # A name of the list → its value; a name not in the list stays as typed, and the form
            # says so next to its cell.
            por_nombre = {nombre.casefold(): valor for valor, nombre in opciones.items()}
            texto = por_nombre.get(" ".join(texto.split()).casefold(), texto)
        lectura.datos[clave] = texto
        lectura.celdas[clave] = f"{get_column_letter(COL_VALOR)}{numero}"
    faltan = [c for c in tipos if c not in lectura.datos and not campos[c].opcional]
    if faltan:
        error(_("Faltan %(n)d filas de la plantilla: no borres filas.") % {"n": len(faltan)}, HOJA)
    if lectura.errores:
        return lectura

    edicion = EdicionMatriz(matriz, lectura.datos)
    if not edicion.is_valid():
        nombres = etiquetas(matriz)
        for form in edicion.todas():
            for nombre, mensajes in form.errors.items():
                clave = f"{form.prefix}-{nombre}"
                texto = " ".join(mensajes)
                if clave in nombres:
                    texto = f"{nombres[clave]}: {texto}"
                error(texto, HOJA, lectura.celdas.get(clave, ""))
        for mensaje in edicion.errores_generales:
            error(mensaje, HOJA)
    return lectura


def cambios(matriz, datos: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(section, field, before, after) for every field the file changes."""
    actual = EdicionMatriz(matriz)
    nueva = EdicionMatriz(matriz, datos)
    nueva.is_valid()
    antes = _valor_actual(actual)
    campos = {c.clave: (b.titulo, c) for b in bloques(matriz) for c in b.campos}
    resultado = []
    for form in nueva.todas():
        for nombre in form.fields:
            clave = f"{form.prefix}-{nombre}"
            if clave not in datos and campos[clave][1].opcional:
                continue  # a row the file does not have: kept as stored
            previo, nuevo = antes.get(clave), form.cleaned_data.get(nombre)
            if comparable(previo) != comparable(nuevo):
                seccion, campo = campos[clave]
                if campo.opciones is not None:
                    previo, nuevo = (
                        campo.opciones.get(str(v), v) if v is not None else v for v in (previo, nuevo)
                    )
                resultado.append((seccion, campo.etiqueta, _mostrar(previo), _mostrar(nuevo)))
    return resultado


def _mostrar(valor) -> str:
    if valor in (None, ""):
        return "—"
    if isinstance(valor, dt.date):
        return valor.strftime("%d/%m/%Y")
    if isinstance(valor, Decimal):
        return _texto(valor, "decimal")
    return str(valor)
