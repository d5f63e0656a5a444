"""The UGEL's list of directors as an Excel workbook: the file to fill, and reading it back.

One row per director: código modular, DNI, nombres, apellidos, correo. The file comes with the
UGEL's institutions that have no director account yet (their código modular filled in) and a sheet
listing all of them. Reading checks every row and saves nothing: the page shows what will be created
and ``services.directores_crear`` creates it, all or nothing, on confirmation (as balance's
matrix upload does).
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from comun.subidas import EXTENSIONES_MACRO, abrir_libro
from cuentas.forms import LIMITES_LISTA, validar_dni
from cuentas.models import Rol, Usuario
from territorio.models import Institucion, Ugel

log = logging.getLogger(__name__)

HOJA = "Directores"
HOJA_INSTITUCIONES = "Instituciones"
COLUMNAS = ("Código modular", "DNI", "Nombres", "Apellidos", "Correo")
MAX_FILAS = 3000


def escribir(ugel: Ugel, salida) -> None:
    """The workbook to fill for this UGEL, written to ``salida`` (a file or a response)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    instituciones = list(Institucion.objects.filter(ugel=ugel).order_by("nombre"))
    con_director = set(
        Institucion.objects.filter(ugel=ugel, asignaciones__rol=Rol.DIRECTOR).values_list("pk", flat=True)
    )
    libro = Workbook()
    hoja = libro.active
    hoja.title = HOJA
    hoja.append(COLUMNAS)
    for i in instituciones:
        if i.pk not in con_director:
            hoja.append([i.codigo_modular])
    for celda in hoja[1]:
        celda.font = Font(bold=True)
    hoja.freeze_panes = "A2"
    for letra, ancho in zip("ABCDE", (16, 12, 28, 28, 34), strict=True):
        hoja.column_dimensions[letra].width = ancho
        # Text, so that a DNI or a code starting with 0 keeps it.
        for fila in range(2, max(hoja.max_row, 200) + 1):
            hoja[f"{letra}{fila}"].number_format = "@"

    referencia = libro.create_sheet(HOJA_INSTITUCIONES)
    referencia.append([_("Código modular"), _("Institución"), _("Tiene director en Chasqui")])
    for celda in referencia[1]:
        celda.font = Font(bold=True)
    for i in instituciones:
        referencia.append([i.codigo_modular, i.nombre, _("sí") if i.pk in con_director else _("no")])
    referencia.column_dimensions["A"].width = 16
    referencia.column_dimensions["B"].width = 50
    libro.save(salida)


@dataclass
class Lectura:
    filas: list[dict] = field(default_factory=list)  # what will be created, JSON-serialisable
    errores: list[tuple[int | None, str]] = field(default_factory=list)  # (row, why)

    @property
    def valida(self) -> bool:
        return not self.errores and bool(self.filas)


def _texto(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    return " ".join(str(valor).split())


def _digitos(valor, cuantos: int) -> str:
    """A code typed as a number loses its leading zeros in Excel: put them back."""
    if isinstance(valor, int | float) and not isinstance(valor, bool) and float(valor).is_integer():
        return str(int(valor)).zfill(cuantos)
    return _texto(valor)


def leer(ugel: Ugel, archivo) -> Lectura:
    """Check every row of an uploaded list for this UGEL. Nothing is saved here. The file is checked
    (comun.subidas, LIMITES_LISTA) before openpyxl reads it, in read-only mode."""
    lectura = Lectura()

    def error(mensaje, fila=None):
        lectura.errores.append((fila, mensaje))
        return lectura

    nombre = getattr(archivo, "name", "") or ""
    if not nombre.lower().endswith((".xlsx", *EXTENSIONES_MACRO)):
        return error(
            _("El archivo no es un Excel .xlsx. Descarga la lista y guárdala como «Libro de Excel (.xlsx)».")
        )
    try:
        libro = abrir_libro(archivo, LIMITES_LISTA)
    except ValidationError as rechazo:
        log.info("uploaded list of directors refused: %s", rechazo.code)
        return error(" ".join(rechazo.messages))
    try:
        if HOJA not in libro.sheetnames:
            return error(
                _("El archivo no tiene la hoja «%(hoja)s». Descarga la lista desde esta página.")
                % {"hoja": HOJA}
            )
        hoja = libro[HOJA]
        hoja.reset_dimensions()  # the size a file states is not trusted
        filas = []
        for valores in hoja.iter_rows(min_row=2, max_col=len(COLUMNAS), values_only=True):
            filas.append(valores)
            if len(filas) > MAX_FILAS:
                return error(_("La lista tiene más de %(n)d filas.") % {"n": MAX_FILAS})
    finally:
        libro.close()
    while filas and not any(v not in (None, "") for v in filas[-1]):
        filas.pop()  # rows that only carry formatting, at the end

    leidas = []
    for numero, valores in enumerate(filas, start=2):
        valores = list(valores) + [None] * (len(COLUMNAS) - len(valores))
        codigo = _digitos(valores[0], 7)
        dni = _digitos(valores[1], 8)
        nombres, apellidos, correo = (_texto(v) for v in valores[2:5])
        if not (dni or nombres or apellidos or correo):
            continue  # an institution left without a director this time, or an empty row
        leidas.append((numero, codigo, dni, nombres, apellidos, correo))

    instituciones = {
        i.codigo_modular: i
        for i in Institucion.objects.filter(codigo_modular__in={c for _n, c, *_r in leidas}).select_related(
            "ugel"
        )
    }
    tomados = {
        u.lower()
        for u in Usuario.objects.filter(username__in={d for _n, _c, d, *_r in leidas}).values_list(
            "username", flat=True
        )
    }
    vistos: dict[str, int] = {}
    for numero, codigo, dni, nombres, apellidos, correo in leidas:
        motivos = []
        institucion = instituciones.get(codigo)
        if not codigo:
            motivos.append(_("falta el código modular"))
        elif institucion is None:
            motivos.append(
                _("el código modular %(c)s no es de ninguna institución registrada") % {"c": codigo}
            )
        elif institucion.ugel_id != ugel.pk:
            motivos.append(
                _("la institución %(c)s no es de la %(ugel)s: no puedes crear su director")
                % {"c": codigo, "ugel": ugel}
            )
        try:
            validar_dni(dni)
        except ValidationError as e:
            motivos.extend(e.messages)
        else:
            if dni.lower() in tomados:
                motivos.append(_("ya existe una cuenta con el usuario %(dni)s") % {"dni": dni})
            elif dni in vistos:
                motivos.append(
                    _("el DNI %(dni)s se repite (ya está en la fila %(fila)d)")
                    % {"dni": dni, "fila": vistos[dni]}
                )
            else:
                vistos[dni] = numero
        if not nombres:
            motivos.append(_("faltan los nombres"))
        elif len(nombres) > 150:
            motivos.append(_("los nombres pasan de 150 caracteres"))
        if not apellidos:
            motivos.append(_("faltan los apellidos"))
        elif len(apellidos) > 150:
            motivos.append(_("los apellidos pasan de 150 caracteres"))
        if not correo:
            motivos.append(_("falta el correo"))
        elif len(correo) > 254:
            motivos.append(_("el correo pasa de 254 caracteres"))
        else:
            try:
                validate_email(correo)
            except ValidationError:
                motivos.append(_("«%(correo)s» no es un correo electrónico válido") % {"correo": correo})
        for motivo in motivos:
            error(motivo, numero)
        if not motivos:
            lectura.filas.append(
                {
                    "fila": numero,
                    "institucion": institucion.pk,
                    "codigo_modular": codigo,
                    "institucion_nombre": institucion.nombre,
                    "dni": dni,
                    "nombres": nombres,
                    "apellidos": apellidos,
                    "correo": correo,
                }
            )
    if not leidas:
        error(
            _(
                "La lista no tiene ningún director: llena al menos una fila "
                "(DNI, nombres, apellidos y correo)."
            )
        )
    return lectura
