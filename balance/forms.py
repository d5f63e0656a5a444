import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat, linebreaksbr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from balance.models import (
    MAX_COMPROMISOS,
    MAX_DIFICULTADES,
    MAX_LINEAMIENTOS,
    MAX_LOGROS,
    Avance,
    Campana,
    CategoriaDificultad,
    Compromiso,
    Dificultad,
    Fila,
    Logro,
    SeguimientoCompromiso,
    anterior_de,
    categorias_de,
    plazo_fuera_de_rango,
    validar_enlace,
)
from balance.services import DatosFila
from comun.subidas import KB, MB, LimitesLibro, revisar_libro
from comun.templatetags.campos import Molde, MoldeSelect
from comun.templatetags.campos import campo as dibujar
from comun.texto import CifraInvalida, cifra, sin_control, una_linea
from territorio.models import Ugel


class TextoLimpio(forms.CharField):
    """Text without the invisible control characters that pasting from other programs brings
    (Excel and XML cannot hold them); tabs and line breaks stay."""

    def to_python(self, value):
        value = super().to_python(value)
        return sin_control(value) if isinstance(value, str) else value


class UnaLinea(forms.CharField):
    """A one-line value (a title, a name): control characters out and spaces folded, by
    comun.texto.una_linea, the rule every text that reaches a file goes through."""

    def to_python(self, value):
        value = super().to_python(value)
        return una_linea(value) if isinstance(value, str) else value


def _texto(campo, filas=3, **kwargs):
    """A textarea bound to a model field's max_length, with the counter the template shows."""
    limite = campo.max_length
    return TextoLimpio(
        label=campo.verbose_name.capitalize(),
        required=False,
        max_length=limite,
        widget=forms.Textarea(attrs={"rows": filas, "maxlength": limite, "data-contador": limite}),
        **kwargs,
    )


class EnlaceField(forms.URLField):
    """A web link: http or https only (no javascript:, data:, ftp:), https assumed when missing."""

    default_validators = [validar_enlace]


def _enlace(campo):
    return EnlaceField(
        label=campo.verbose_name.capitalize(),
        required=False,
        max_length=campo.max_length,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "maxlength": campo.max_length}),
        error_messages={"invalid": validar_enlace.message},
    )


class FilaForm(forms.Form):
    acciones = _texto(Fila._meta.get_field("acciones"), filas=5)
    sugerencias = _texto(
        Fila._meta.get_field("sugerencias"),
        help_text=_("¿Qué sugieres mejorar, reajustar o cambiar para el próximo año?"),
    )
    enlace_evidencias = _enlace(Fila._meta.get_field("enlace_evidencias"))


class CifraField(forms.Field):
    """A figure as people write it ("1,250", "1.250", "1 250", "12,5": comun.texto.cifra's rule),
    with the model's limits; the same field reads the web form, the autosave and the Excel template."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _(
            "Escribe solo la cifra, por ejemplo 1250 o 1,250; las palabras van en «qué cuenta la cifra»."
        ),
        "decimales": _("Escribe la cifra con hasta %(n)d decimales, por ejemplo 12,5."),
        "digitos": _("La cifra es demasiado grande: hasta %(n)d dígitos."),
    }

    def __init__(self, *, max_digits=12, decimal_places=2, **kwargs):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            numero = value if isinstance(value, Decimal) else cifra(value)
        except CifraInvalida:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if numero is None:
            return None
        decimales = max(0, -numero.as_tuple().exponent)
        if decimales > self.decimal_places:
            redondeado = numero.quantize(Decimal(10) ** -self.decimal_places)
            if redondeado != numero:  # 0,500 is 0,5; 0,555 is refused, never rounded
                raise ValidationError(
                    self.error_messages["decimales"] % {"n": self.decimal_places}, code="decimales"
                )
            numero = redondeado
        enteros = self.max_digits - self.decimal_places
        if abs(numero) >= Decimal(10) ** enteros:
            raise ValidationError(self.error_messages["digitos"] % {"n": enteros}, code="digitos")
        return numero

    def prepare_value(self, value):
        """What the field shows: 1250 (no grouping, never ambiguous) and 12,5."""
        if isinstance(value, Decimal):
            return format(sin_ceros(value), "f").replace(".", ",")
        return value


class LogroForm(forms.Form):
    cifra = CifraField(
        label=_("Cifra"),
        required=False,
        max_digits=Logro._meta.get_field("cifra").max_digits,
        decimal_places=Logro._meta.get_field("cifra").decimal_places,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": _("p. ej. 85 o 1,250")}),
    )
    que_cuenta = TextoLimpio(
        label=_("¿Qué cuenta la cifra?"),
        required=False,
        max_length=Logro._meta.get_field("que_cuenta").max_length,
        widget=forms.TextInput(
            attrs={"placeholder": _("p. ej. estudiantes certificados en dos opciones ocupacionales")}
        ),
    )
    cualitativo = _texto(Logro._meta.get_field("cualitativo"), filas=2)
    evidencia = _enlace(Logro._meta.get_field("evidencia"))

    def slot(self, anterior: Logro | None) -> dict | None:
        """The slot's values (stored ones where not sent or invalid); None when the slot is empty."""
        datos = {
            nombre: _valor(self, nombre, getattr(anterior, nombre) if anterior else None)
            for nombre in self.fields
        }
        datos = {k: ("" if v is None and k != "cifra" else v) for k, v in datos.items()}
        return datos if any(v not in ("", None) for v in datos.values()) else None


def _valor(form, nombre, anterior):
    """What to save for one field: what was sent and is valid; otherwise what was stored."""
    if nombre in form.errors or form.add_prefix(nombre) not in form.data:
        return anterior
    return form.cleaned_data.get(nombre)


class DificultadForm(forms.Form):
    texto = _texto(Dificultad._meta.get_field("texto"), filas=2)
    # The choices are the list's active categories (and the one the difficulty has): set by
    # EdicionMatriz from one query for the whole matrix.
    categoria = forms.TypedChoiceField(
        label=_("Categoría"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        error_messages={
            "invalid_choice": _(
                "Esa categoría no está en la lista: elige una de la lista o déjala sin categoría."
            )
        },
    )

    def __init__(self, *args, categorias=(), actual=None, numero=None, **kwargs):
        """`categorias`: every CategoriaDificultad; `actual`: the id the stored difficulty has;
        `numero`: the slot, which names the field for a screen reader."""
        super().__init__(*args, **kwargs)
        campo = self.fields["categoria"]
        if numero:
            campo.label = _("Categoría de la dificultad %(n)d") % {"n": numero}
        campo.choices = [("", _("— sin categoría —"))] + [
            (c.pk, c.nombre) for c in categorias if c.activa or c.pk == actual
        ]


class CompromisoForm(forms.Form):
    que = _texto(Compromiso._meta.get_field("que"), filas=2)
    responsable = TextoLimpio(
        label=_("Responsable"),
        required=False,
        max_length=Compromiso._meta.get_field("responsable").max_length,
    )
    plazo = forms.DateField(
        label=_("Plazo"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class SeguimientoForm(forms.Form):
    """How one compromiso of the previous balance went."""

    avance = forms.ChoiceField(
        label=_("¿Cómo te fue?"),
        required=False,
        choices=[("", _("— sin responder —")), *Avance.choices],
        error_messages={"invalid_choice": _("Elige una opción de la lista.")},
    )
    comentario = TextoLimpio(
        label=_("Cuéntalo en breve"),
        required=False,
        max_length=SeguimientoCompromiso._meta.get_field("comentario").max_length,
        widget=forms.TextInput(
            attrs={
                "maxlength": SeguimientoCompromiso._meta.get_field("comentario").max_length,
                "placeholder": _("p. ej. se hizo en abril"),
            }
        ),
    )


# The follow-up of a previous compromiso: s<compromiso id>-avance, s<compromiso id>-comentario
SEGUIMIENTO = re.compile(r"^s(\d+)-(avance|comentario)$")

FORJADO = re.compile(r"^f\d+-(l|d)(\d+)-")


class EdicionMatriz:
    """Every form of one matrix, one section per lineamiento, bound to the same data.

    Fields that fail validation are reported next to themselves and left as stored; the rest of what
    the director typed is saved (nothing typed is thrown away for one bad link).
    """

    def __init__(self, matriz, data=None, *, formularios: bool = True):
        """`formularios=False`: only what the page needs besides its fields (the previous balance and
        its follow-ups), for a page that draws the fields from the stored values (dibujar_campos)."""
        self.matriz = matriz
        self.data = data
        self.secciones = []
        self.compromisos = []
        self.errores_generales = []
        if not formularios:
            return
        self.categorias = categorias_de(matriz)
        for fila in matriz.filas.all():
            logros = {lo.orden: lo for lo in fila.logros.all()}
            dificultades = {d.orden: d for d in fila.dificultades.all()}
            self.secciones.append(
                {
                    "fila": fila,
                    "form": FilaForm(data, prefix=f"f{fila.pk}", initial=_valores(fila, FilaForm)),
                    "logros": [
                        (
                            logros.get(n),
                            LogroForm(
                                data, prefix=f"f{fila.pk}-l{n}", initial=_valores(logros.get(n), LogroForm)
                            ),
                        )
                        for n in range(1, MAX_LOGROS + 1)
                    ],
                    "dificultades": [
                        DificultadForm(
                            data,
                            prefix=f"f{fila.pk}-d{n}",
                            initial=_valores(dificultades.get(n), DificultadForm),
                            categorias=self.categorias,
                            actual=getattr(dificultades.get(n), "categoria_id", None),
                            numero=n,
                        )
                        for n in range(1, MAX_DIFICULTADES + 1)
                    ],
                }
            )
        compromisos = {c.orden: c for c in matriz.compromisos.all()}
        self.compromisos = [
            CompromisoForm(data, prefix=f"c{n}", initial=_valores(compromisos.get(n), CompromisoForm))
            for n in range(1, MAX_COMPROMISOS + 1)
        ]

    @cached_property
    def anterior(self):
        """The institution's previous balance (its rows and compromisos), or None."""
        return anterior_de(self.matriz)  # its campana selected, its content loaded

    @cached_property
    def seguimientos(self) -> list[tuple[Compromiso, SeguimientoForm]]:
        """A form per compromiso of the previous balance: how it went."""
        if self.anterior is None:
            return []
        return [
            (
                c,
                SeguimientoForm(
                    self.data, prefix=f"s{c.pk}", initial=_valores(self._hechos.get(c.pk), SeguimientoForm)
                ),
            )
            for c in self.anterior.compromisos.all()
        ]

    @cached_property
    def seguimientos_dibujados(self) -> list[tuple[Compromiso, SafeString, SafeString]]:
        """Per compromiso of the previous balance, its two fields as |campo draws them: from the
        molds of SeguimientoForm's fields on a page opened (no data: the stored answers), from the
        forms on a page sent back (what was typed, with its marks)."""
        if self.data is not None:
            return [(c, dibujar(f["avance"]), dibujar(f["comentario"])) for c, f in self.seguimientos]
        if self.anterior is None:
            return []
        avance, comentario = _molde_avance(), _molde(SeguimientoForm, "comentario")
        resultado = []
        for c in self.anterior.compromisos.all():
            hecho = self._hechos.get(c.pk)
            p = f"s{c.pk}"
            resultado.append(
                (
                    c,
                    avance(p, getattr(hecho, "avance", "") or ""),
                    comentario(p, getattr(hecho, "comentario", "") or ""),
                )
            )
        return resultado

    @cached_property
    def _hechos(self) -> dict[int, SeguimientoCompromiso]:
        """This matrix's stored follow-ups, by compromiso id."""
        return {s.compromiso_id: s for s in self.matriz.seguimientos.all()}

    def _con_seguimiento(self) -> bool:
        return any(SEGUIMIENTO.match(clave) for clave in self.data or ())

    def seguimientos_datos(self) -> dict[int, dict[str, str]] | None:
        """What to save of the follow-ups, by compromiso id (None when none was sent). A compromiso
        that is not of the previous balance goes as sent: the service refuses the whole save."""
        if not self._con_seguimiento():
            return None
        propios = {c.pk: f for c, f in self.seguimientos}
        hechos = self._hechos
        datos: dict[int, dict[str, str]] = {}
        for clave in self.data:
            if m := SEGUIMIENTO.match(clave):
                pk = int(m.group(1))
                if pk not in propios:
                    datos.setdefault(pk, {})[m.group(2)] = str(self.data.get(clave))
        for pk, f in propios.items():
            previo = hechos.get(pk)
            datos[pk] = {k: _valor(f, k, getattr(previo, k, "")) or "" for k in SeguimientoForm.base_fields}
        return datos

    def todas(self):
        for s in self.secciones:
            yield s["form"]
            yield from (f for _, f in s["logros"])
            yield from s["dificultades"]
        yield from self.compromisos

    def is_valid(self) -> bool:
        for mensaje in _forjados(self.data or ()):
            if mensaje not in self.errores_generales:
                self.errores_generales.append(mensaje)
        validos = [f.is_valid() for f in self.todas()]
        if self._con_seguimiento():
            validos += [f.is_valid() for _c, f in self.seguimientos]
        return all(validos) and not self.errores_generales

    @property
    def campos_con_error(self) -> int:
        seguimientos = [f for _c, f in self.seguimientos] if self._con_seguimiento() else []
        return sum(len(f.errors) for f in [*self.todas(), *seguimientos])

    def valores(self) -> dict[str, str]:
        """What each field shows for the stored matrix, as text keyed by the field's name: the page
        posts it back (hidden «base») so a save over a newer version merges per field
        (services.fusionar), and the same text is what «saved meanwhile» is compared with."""
        valores = {}
        for form in self.todas():
            for nombre, campo in form.fields.items():
                valor = campo.prepare_value(form.initial.get(nombre))
                if isinstance(valor, date):
                    valor = valor.isoformat()
                valores[form.add_prefix(nombre)] = "" if valor is None else str(valor)
        return valores

    def marcar_faltantes(self, matriz=None) -> None:
        """Put what a send still misses next to its field, as that field's error (so the page, the
        summary and the autosave show it like a format error). `matriz`: the saved one, its content
        prefetched, when it is newer than the one the forms were built from. Call after datos():
        a marked field's value is no longer in cleaned_data."""
        filas = {f.pk: f for f in (matriz or self.matriz).filas.all()}
        for s in self.secciones:
            fila = filas.get(s["fila"].pk, s["fila"])
            for parte, mensaje in fila.partes_faltantes():
                if parte in ("acciones", "sugerencias"):
                    marcar(s["form"], parte, mensaje)
                elif parte == "dificultad":
                    marcar(s["dificultades"][0], "texto", mensaje)
                else:
                    _marcar_logro(fila, s["logros"], mensaje)

    def errores_por_campo(self, etiquetas: dict[str, str]) -> list["ErrorDeCampo"]:
        """Every field with an error (format, or missing for a send), in page order, named in full
        by `etiquetas` (plantilla.etiquetas): what the summary, the status line and the script that
        marks the fields read."""
        errores = []
        for form in self.todas():
            for nombre, mensajes in form.errors.items():
                if nombre not in form.fields:
                    continue
                campo = form[nombre]
                errores.append(
                    ErrorDeCampo(
                        id=campo.auto_id,
                        nombre=campo.html_name,
                        etiqueta=etiquetas.get(campo.html_name, str(campo.label)),
                        mensaje=" ".join(mensajes),
                    )
                )
        return errores

    def datos(self) -> tuple[dict[int, DatosFila], list[dict | None]]:
        """What to save: every field sent and valid; fields not sent or invalid keep their stored
        value (a partial or stale form never erases). Call is_valid() first."""
        filas = {}
        for s in self.secciones:
            fila, form = s["fila"], s["form"]
            dificultades = {d.orden: d.texto for d in fila.dificultades.all()}
            categorias = {d.orden: d.categoria_id for d in fila.dificultades.all()}
            filas[fila.pk] = DatosFila(
                **{k: _valor(form, k, getattr(fila, k)) for k in FilaForm.base_fields},
                logros=[f.slot(anterior) for anterior, f in s["logros"]],
                dificultades=[
                    _valor(f, "texto", dificultades.get(n, "")) or ""
                    for n, f in enumerate(s["dificultades"], 1)
                ],
                categorias=[
                    _valor(f, "categoria", categorias.get(n)) for n, f in enumerate(s["dificultades"], 1)
                ],
            )
        compromisos = []
        anteriores = {c.orden: c for c in self.matriz.compromisos.all()}
        for n, f in enumerate(self.compromisos, start=1):
            valores = {
                k: _valor(f, k, getattr(anteriores.get(n), k, None)) for k in CompromisoForm.base_fields
            }
            valores = {k: (v if v is not None or k == "plazo" else "") for k, v in valores.items()}
            compromisos.append(valores if any(valores.values()) else None)
        return filas, compromisos


def _forjados(claves) -> list[str]:
    """The messages for slots past the limit in the names sent (a page never has them)."""
    mensajes = []
    for clave in claves:
        m = FORJADO.match(clave)
        if m and int(m.group(2)) > (MAX_LOGROS if m.group(1) == "l" else MAX_DIFICULTADES):
            mensaje = (
                _("Se admiten hasta 3 logros por lineamiento.")
                if m.group(1) == "l"
                else _("Se admiten hasta 3 dificultades por lineamiento.")
            )
            if mensaje not in mensajes:
                mensajes.append(mensaje)
    return mensajes


@dataclass
class Cambios:
    """What an autosave writes, parsed from only the fields it changed (cambios_de)."""

    filas: dict[int, DatosFila]
    compromisos: list[dict | None] | None
    seguimientos: dict[int, dict[str, str]] | None
    errores: list[tuple[str, str, str]]  # (name, label, message) of each value refused, in page order
    errores_seguimiento: int  # follow-up answers refused (not marked on the page, as before)
    generales: list[str]

    def __bool__(self) -> bool:
        return bool(self.filas or self.compromisos is not None or self.seguimientos)


# The fields of the matrix by name: f<fila>-<campo>, f<fila>-l<n>-<campo>, f<fila>-d<n>-<campo>, c<n>-<campo>
NOMBRE = re.compile(r"^(?:f(\d+)-(?:([ld])(\d+)-)?|c(\d+)-)(\w+)$")


def cambios_de(matriz, datos, guardados: dict[str, str]) -> Cambios:
    """What an autosave changes, without building the page's forms: only the fields whose text
    differs from what the page shows for the stored matrix (`guardados`, valores_de(matriz), its
    content prefetched) are parsed and validated, each by its own form field, so the limits and the
    messages are the forms'. A refused value is reported and left as stored; a field not sent is
    left as stored. The rest of a row, slot or compromiso that changed is taken from what is stored,
    so the service writes exactly what changed (services.matriz_guardar compares again)."""
    limpios: dict[str, object] = {}
    errores: list[tuple[str, str, str]] = []
    categorias = None  # read only when a difficulty's category changed
    filas = {f.pk: f for f in matriz.filas.all()}
    for nombre, valor in datos.items():
        guardado = guardados.get(nombre)
        if guardado is None or valor == guardado:
            continue
        m = NOMBRE.match(nombre)
        if m is None:
            continue
        fila_pk, parte, n, _c, campo_nombre = m.groups()
        if parte == "d" and campo_nombre == "categoria":
            if categorias is None:
                categorias = list(CategoriaDificultad.objects.all())
            dificultad = next((d for d in filas[int(fila_pk)].dificultades.all() if d.orden == int(n)), None)
            campo = DificultadForm(
                categorias=categorias, actual=getattr(dificultad, "categoria_id", None), numero=int(n)
            ).fields["categoria"]
        else:
            clase = FilaForm if fila_pk and not parte else LogroForm if parte == "l" else DificultadForm
            campo = (clase if fila_pk else CompromisoForm).base_fields[campo_nombre]
        try:
            limpios[nombre] = campo.clean(valor)
        except ValidationError as e:
            errores.append((nombre, str(campo.label), " ".join(e.messages)))
    orden = {nombre: i for i, nombre in enumerate(guardados)}
    errores.sort(key=lambda e: orden[e[0]])

    resultado: dict[int, DatosFila] = {}
    for fila in filas.values():
        p = f"f{fila.pk}"
        datos_fila = DatosFila(
            **{k: limpios[f"{p}-{k}"] for k in FilaForm.base_fields if f"{p}-{k}" in limpios}
        )
        if any(f"{p}-l{n}-{k}" in limpios for n in range(1, MAX_LOGROS + 1) for k in LogroForm.base_fields):
            logros = {lo.orden: lo for lo in fila.logros.all()}
            datos_fila.logros = []
            for n in range(1, MAX_LOGROS + 1):
                slot = {}
                for k in LogroForm.base_fields:
                    nombre = f"{p}-l{n}-{k}"
                    v = limpios[nombre] if nombre in limpios else getattr(logros.get(n), k, None)
                    slot[k] = "" if v is None and k != "cifra" else v
                datos_fila.logros.append(slot if any(v not in ("", None) for v in slot.values()) else None)
        textos = [f"{p}-d{n}-texto" in limpios for n in range(1, MAX_DIFICULTADES + 1)]
        elegidas = [f"{p}-d{n}-categoria" in limpios for n in range(1, MAX_DIFICULTADES + 1)]
        if any(textos) or any(elegidas):
            dificultades = {d.orden: d for d in fila.dificultades.all()}
            datos_fila.dificultades = [
                (limpios[f"{p}-d{n}-texto"] if textos[n - 1] else getattr(dificultades.get(n), "texto", ""))
                or ""
                for n in range(1, MAX_DIFICULTADES + 1)
            ]
            if any(elegidas):
                datos_fila.categorias = [
                    limpios[f"{p}-d{n}-categoria"]
                    if elegidas[n - 1]
                    else getattr(dificultades.get(n), "categoria_id", None)
                    for n in range(1, MAX_DIFICULTADES + 1)
                ]
        if datos_fila != DatosFila():
            resultado[fila.pk] = datos_fila

    compromisos = None
    if any(f"c{n}-{k}" in limpios for n in range(1, MAX_COMPROMISOS + 1) for k in CompromisoForm.base_fields):
        guardados_c = {c.orden: c for c in matriz.compromisos.all()}
        compromisos = []
        for n in range(1, MAX_COMPROMISOS + 1):
            valores = {}
            for k in CompromisoForm.base_fields:
                nombre = f"c{n}-{k}"
                v = limpios[nombre] if nombre in limpios else getattr(guardados_c.get(n), k, None)
                valores[k] = v if v is not None or k == "plazo" else ""
            compromisos.append(valores if any(valores.values()) else None)

    seguimientos, rechazados = _seguimientos_cambiados(matriz, datos)
    return Cambios(
        filas=resultado,
        compromisos=compromisos,
        seguimientos=seguimientos,
        errores=errores,
        errores_seguimiento=rechazados,
        generales=_forjados(datos),
    )


def _seguimientos_cambiados(matriz, datos) -> tuple[dict[int, dict[str, str]] | None, int]:
    """The follow-ups sent that differ from the stored ones (one query, only when some were sent),
    each validated by SeguimientoForm's fields; and how many answers were refused. A compromiso
    that is not of the previous balance goes as sent: the service refuses the whole save."""
    enviados: dict[int, dict[str, str]] = {}
    for clave, valor in datos.items():
        if m := SEGUIMIENTO.match(clave):
            enviados.setdefault(int(m.group(1)), {})[m.group(2)] = str(valor)
    if not enviados:
        return None, 0
    hechos = {s.compromiso_id: s for s in matriz.seguimientos.all()}
    cambiados: dict[int, dict[str, str]] = {}
    rechazados = 0
    for pk, valores in enviados.items():
        previo = {k: getattr(hechos.get(pk), k, "") or "" for k in SeguimientoForm.base_fields}
        nuevo, cambio = dict(previo), False
        for k, valor in valores.items():
            if valor == previo[k]:
                continue
            try:
                nuevo[k] = SeguimientoForm.base_fields[k].clean(valor) or ""
                cambio = True
            except ValidationError:
                rechazados += 1
        if cambio:
            cambiados[pk] = nuevo
    return cambiados or None, rechazados


@dataclass
class ErrorDeCampo:
    """One field's error as the page shows it: under the field and in the summary that links to it."""

    id: str  # the field's id in the page
    nombre: str  # its name in the form
    etiqueta: str  # its full name: lineamiento, logro and field
    mensaje: str


# Under each empty field of a logro begun but not complete.
FALTA_EN_LOGRO = {
    "cifra": _("Falta la cifra para completar este logro."),
    "que_cuenta": _("Falta qué cuenta la cifra para completar este logro."),
    "cualitativo": _("Falta la descripción cualitativa para completar este logro."),
    "evidencia": _("Falta el enlace de la evidencia para completar este logro."),
}


def marcar(form, nombre: str, mensaje: str, code: str = "falta") -> None:
    """Add an error to one field (a missing part, a conflict), unless it already shows one."""
    if nombre in form.errors:
        return
    if not hasattr(form, "cleaned_data"):  # a page loaded (GET): the forms are not bound
        form.cleaned_data = {}
    form.add_error(nombre, ValidationError(mensaje, code=code))


def _marcar_logro(fila, slots, mensaje: str) -> None:
    """No complete logro: mark the empty fields of the slot closest to complete, or the first
    slot's figure with the whole message when none is begun."""
    guardados = {lo.orden: lo for lo in fila.logros.all()}

    def llenos(n):
        logro = guardados.get(n)
        return sum(getattr(logro, c) not in (None, "") for c in FALTA_EN_LOGRO) if logro else 0

    n = max(range(1, len(slots) + 1), key=lambda n: (llenos(n), -n))
    form, logro = slots[n - 1][1], guardados.get(n)
    if logro is None:
        marcar(form, "cifra", mensaje)
        return
    for campo, falta in FALTA_EN_LOGRO.items():
        if getattr(logro, campo) in (None, ""):
            marcar(form, campo, falta)


def valores_de(matriz) -> dict[str, str]:
    """EdicionMatriz(matriz).valores() without building the forms (its content prefetched): what
    every autosave answers as the page's new «base», and what a save over a newer version merges
    with. The same text per field, since a field's prepare_value does not depend on the form."""
    valores: dict[str, str] = {}
    for fila in matriz.filas.all():
        _valores_de_fila(valores, fila)
    _valores_de_compromisos(valores, matriz)
    return valores


def valores_tras(matriz, antes: dict[str, str], filas, compromisos: bool) -> dict[str, str]:
    """valores_de(matriz) after a save that changed only the rows whose ids are in `filas` and, when
    `compromisos`, the compromisos: `antes` (valores_de of the matrix before it, in the same order)
    with only those recomputed from the content as written."""
    valores = dict(antes)
    for fila in matriz.filas.all():
        if fila.pk in filas:
            _valores_de_fila(valores, fila)
    if compromisos:
        _valores_de_compromisos(valores, matriz)
    return valores


def _poner_valores(valores: dict[str, str], prefijo: str, form_class: type[forms.Form], obj) -> None:
    inicial = _valores(obj, form_class)
    for nombre, campo in form_class.base_fields.items():
        valor = campo.prepare_value(inicial.get(nombre))
        if isinstance(valor, date):
            valor = valor.isoformat()
        valores[f"{prefijo}-{nombre}"] = "" if valor is None else str(valor)


def _valores_de_fila(valores: dict[str, str], fila) -> None:
    _poner_valores(valores, f"f{fila.pk}", FilaForm, fila)
    logros = {lo.orden: lo for lo in fila.logros.all()}
    for n in range(1, MAX_LOGROS + 1):
        _poner_valores(valores, f"f{fila.pk}-l{n}", LogroForm, logros.get(n))
    dificultades = {d.orden: d for d in fila.dificultades.all()}
    for n in range(1, MAX_DIFICULTADES + 1):
        _poner_valores(valores, f"f{fila.pk}-d{n}", DificultadForm, dificultades.get(n))


def _valores_de_compromisos(valores: dict[str, str], matriz) -> None:
    compromisos = {c.orden: c for c in matriz.compromisos.all()}
    for n in range(1, MAX_COMPROMISOS + 1):
        _poner_valores(valores, f"c{n}", CompromisoForm, compromisos.get(n))


def _molde(form_class: type[forms.Form], nombre: str) -> Molde:
    """The mold of one field of the matrix's forms (per process and language: the label is text)."""
    clave = (form_class, nombre, get_language())
    if clave not in _MOLDES:
        _MOLDES[clave] = Molde(
            lambda prefijo, inicial: form_class(prefix=prefijo, initial={nombre: inicial})[nombre]
        )
    return _MOLDES[clave]


_MOLDES: dict[tuple, Molde] = {}


def _molde_avance() -> MoldeSelect:
    """The mold of a follow-up's «¿Cómo te fue?» select (per process and language)."""
    clave = (SeguimientoForm, "avance", get_language())
    if clave not in _MOLDES:
        _MOLDES[clave] = MoldeSelect(
            lambda p, inicial: SeguimientoForm(prefix=p, initial={"avance": inicial})["avance"]
        )
    return _MOLDES[clave]


# The category selects' molds, per process: keyed by the categories as read in the request (so an
# edited list makes new ones), never holding anything else.
_SELECTS: dict[tuple, MoldeSelect] = {}
_MAX_SELECTS = 64


def dibujar_campos(matriz, edicion: "EdicionMatriz | None", valores: dict[str, str] | None = None):
    """Every field of the director's page as HTML, per lineamiento (the row, its logros and
    dificultades) and per compromiso: from the forms of `edicion` by |campo when it has them (a page
    sent back with its marks), else from the stored values `valores` (valores_de(matriz)) put in
    each field kind's mold — the same markup (tests/balance/test_moldes.py), without building a
    hundred forms and drawing each field. Returns (secciones, compromisos)."""
    secciones, compromisos = [], []
    if edicion is not None and edicion.secciones:
        for s in edicion.secciones:
            secciones.append(
                {
                    "fila": s["fila"],
                    **{k: dibujar(s["form"][k]) for k in FilaForm.base_fields},
                    "logros": [{k: dibujar(f[k]) for k in LogroForm.base_fields} for _a, f in s["logros"]],
                    "dificultades": [
                        {k: dibujar(f[k]) for k in DificultadForm.base_fields} for f in s["dificultades"]
                    ],
                }
            )
        compromisos = [{k: dibujar(f[k]) for k in CompromisoForm.base_fields} for f in edicion.compromisos]
        return secciones, compromisos
    if valores is None:
        valores = valores_de(matriz)
    categorias = categorias_de(matriz)
    activas = {c.pk for c in categorias if c.activa}
    # The select's mold depends on the list as read now (names, order, which are active), the slot
    # number (its label), an inactive category kept by the difficulty, and the language: all in its key.
    lista = (get_language(), tuple((c.pk, c.nombre, c.activa) for c in categorias))

    def categoria(prefijo: str, n: int) -> SafeString:
        texto = valores[f"{prefijo}-categoria"]
        actual = int(texto) if texto else None
        inactiva = actual if actual is not None and actual not in activas else None
        clave = (n, inactiva, lista)
        molde = _SELECTS.get(clave)
        if molde is None:
            if len(_SELECTS) >= _MAX_SELECTS:  # lists left behind by edits of the categories
                _SELECTS.clear()
            molde = _SELECTS[clave] = MoldeSelect(
                lambda p, inicial: DificultadForm(
                    prefix=p, initial={"categoria": inicial}, categorias=categorias, actual=inactiva, numero=n
                )["categoria"]
            )
        return molde(prefijo, texto)

    def poner(form_class, prefijo: str) -> dict:
        return {
            k: _molde(form_class, k)(prefijo, valores[f"{prefijo}-{k}"])
            for k in form_class.base_fields
            if k != "categoria"
        }

    for fila in matriz.filas.all():
        p = f"f{fila.pk}"
        dificultades = []
        for n in range(1, MAX_DIFICULTADES + 1):
            d = poner(DificultadForm, f"{p}-d{n}")
            d["categoria"] = categoria(f"{p}-d{n}", n)
            dificultades.append(d)
        secciones.append(
            {
                "fila": fila,
                **poner(FilaForm, p),
                "logros": [poner(LogroForm, f"{p}-l{n}") for n in range(1, MAX_LOGROS + 1)],
                "dificultades": dificultades,
            }
        )
    compromisos = [poner(CompromisoForm, f"c{n}") for n in range(1, MAX_COMPROMISOS + 1)]
    return secciones, compromisos


def _valores(obj, form_class) -> dict:
    if obj is None:
        return {}
    # A foreign key (a difficulty's categoria) by its id, read without a query.
    return {k: sin_ceros(getattr(obj, f"{k}_id", None) or getattr(obj, k)) for k in form_class.base_fields}


def sin_ceros(valor):
    """87.00 reads as 87 and 12.50 as 12,5 in the form."""
    if isinstance(valor, Decimal):
        return valor.quantize(Decimal(1)) if valor == valor.to_integral() else valor.normalize()
    return valor


class Lineas(forms.CharField):
    """One value per line, each cleaned as UnaLinea: only a line break starts a new one (a vertical
    tab or a form feed pasted from elsewhere is not a new lineamiento)."""

    def to_python(self, value):
        value = super().to_python(value)
        return "\n".join(una_linea(linea) for linea in re.split(r"\r\n|\r|\n", value or ""))


class CampanaForm(forms.ModelForm):
    lineamientos = Lineas(
        label=_("Lineamientos, en orden"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Uno por línea (hasta 12), en el orden en que aparecen en la matriz."),
    )

    class Meta:
        model = Campana
        fields = ["anio", "titulo", "ugel", "dre", "fecha_limite"]
        field_classes = {"titulo": UnaLinea}
        widgets = {"fecha_limite": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, ugeles=None, dres=None, **kwargs):
        """`ugeles` the user manages; `dres` too when they may open a campaign for a whole DRE."""
        super().__init__(*args, **kwargs)
        self.fields["ugel"].queryset = ugeles if ugeles is not None else Ugel.objects.none()
        if dres is None or not dres.exists():
            del self.fields["dre"]
            self.fields["ugel"].required = True
            self.fields["ugel"].empty_label = None
        else:
            self.fields["dre"].queryset = dres
            self.fields["ugel"].help_text = _("Una UGEL, o deja este campo vacío y elige una DRE entera.")
            self.fields["ugel"].empty_label = _("— toda una DRE —")
            self.fields["dre"].empty_label = _("— ninguna —")

    # Exactly one of UGEL and DRE: the model's CHECK constraint says so, in one message.

    def clean_fecha_limite(self):
        fecha = self.cleaned_data["fecha_limite"]
        if mensaje := plazo_fuera_de_rango(self.cleaned_data.get("anio"), fecha):
            raise ValidationError(mensaje)
        return fecha

    def clean_lineamientos(self):
        nombres = [n for n in self.cleaned_data["lineamientos"].split("\n") if n]
        if not nombres:
            raise ValidationError(_("Escribe al menos un lineamiento."))
        if len(nombres) > MAX_LINEAMIENTOS:
            raise ValidationError(
                _("Una campaña puede tener hasta %(max)d lineamientos; escribiste %(n)d.")
                % {"max": MAX_LINEAMIENTOS, "n": len(nombres)}
            )
        largos = [n for n in nombres if len(n) > 150]
        if largos:
            raise ValidationError(_("Cada lineamiento puede tener hasta 150 caracteres."))
        if len(set(map(str.lower, nombres))) != len(nombres):
            raise ValidationError(_("Hay lineamientos repetidos."))
        return nombres


class CampanaEdicionForm(forms.ModelForm):
    class Meta:
        model = Campana
        fields = ["titulo", "fecha_limite"]
        field_classes = {"titulo": UnaLinea}
        widgets = {"fecha_limite": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"fecha_limite": _("Ampliar el plazo permite que los directores vuelvan a enviar.")}

    def clean_fecha_limite(self):
        fecha = self.cleaned_data["fecha_limite"]
        if mensaje := plazo_fuera_de_rango(self.instance.anio, fecha):
            raise ValidationError(mensaje)
        return fecha


class AbrirCampanaForm(forms.Form):
    """Opening a campaign confirms its deadline: shown, editable, never in the past."""

    fecha_limite = forms.DateField(
        label=_("Fecha límite para enviar las matrices"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Revisa la fecha: los directores la verán en su aviso y en su inicio."),
    )

    def clean_fecha_limite(self):
        fecha = self.cleaned_data["fecha_limite"]
        if fecha < timezone.localdate():
            raise ValidationError(_("Esa fecha ya pasó: elige hoy o una fecha posterior."))
        return fecha


# Django's own message is in "usted": the review's texts answer in "tú".
DEMASIADO_LARGO = _("Escribe hasta %(limit_value)d caracteres (tienes %(show_value)d).")


class ReabrirForm(forms.Form):
    motivo = TextoLimpio(
        label=_("Motivo para reabrir"),
        max_length=2000,
        error_messages={
            "required": _("Explica al director por qué reabres la matriz."),
            "max_length": DEMASIADO_LARGO,
        },
        help_text=_("El director lo verá en su aviso y en el historial de la matriz."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000, "data-contador": 2000}),
    )


class RevisionForm(forms.Form):
    accion = forms.ChoiceField(
        choices=[("devolver", _("Devolver con observaciones")), ("aprobar", _("Aprobar"))]
    )
    motivo = TextoLimpio(
        label=_("Motivo o comentario"),
        required=False,
        max_length=2000,
        error_messages={"max_length": DEMASIADO_LARGO},
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000, "data-contador": 2000}),
    )

    def __init__(self, *args, filas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filas = list(filas)
        for fila in self.filas:
            # TextoLimpio: a control character pasted in was stored raw and reached the exports.
            self.fields[f"obs_{fila.pk}"] = TextoLimpio(
                label=_("Observación sobre «%(lineamiento)s»") % {"lineamiento": fila.lineamiento.nombre},
                required=False,
                max_length=2000,
                error_messages={"max_length": DEMASIADO_LARGO},
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000, "data-contador": 2000}),
            )

    def clean(self):
        datos = super().clean()
        if datos.get("accion") == "devolver" and not (datos.get("motivo") or "").strip():
            self.add_error("motivo", _("Explica al director por qué devuelves la matriz."))
        if datos.get("accion") == "aprobar":
            # Observations belong to a return: an approved matrix shows only its approval.
            for fila in self.filas:
                if (datos.get(f"obs_{fila.pk}") or "").strip():
                    self.add_error(
                        f"obs_{fila.pk}",
                        _(
                            "Al aprobar no se guardan observaciones: bórrala y escribe tu consejo en "
                            "«Motivo o comentario», o devuelve la matriz."
                        ),
                    )
        return datos

    def observaciones(self) -> dict[int, str]:
        return {fila.pk: self.cleaned_data.get(f"obs_{fila.pk}", "") for fila in self.filas}

    def campo_observacion(self, fila):
        return self[f"obs_{fila.pk}"]


# What an uploaded template may hold (comun.subidas). The template of a matrix of five lineamientos
# weighs 13 KB, unpacks into 62 KB (150 KB with every field written to its limit) in 11 parts, with
# about 350 rows, 1,000 cells, a 4 KB styles part and a dozen cell formats; Excel and LibreOffice add
# a few parts and formats when they save it. The limits leave room for that and for more lineamientos,
# and no more: a file within them is read in well under a second and a few MB.
LIMITES_PLANTILLA = LimitesLibro(
    bytes=1 * MB,
    descomprimido=2 * MB,
    entradas=40,
    estilos=256 * KB,
    formatos=500,
    filas=5_000,
    celdas=20_000,
)


class SubirPlantillaForm(forms.Form):
    archivo = forms.FileField(
        label=_("Plantilla llena (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={
            "required": _("Elige el archivo de la plantilla."),
            "empty": _("El archivo está vacío."),
        },
    )

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        revisar_libro(archivo, LIMITES_PLANTILLA)  # before anything parses it
        return archivo


def dibujar_cuerpo(secciones: list[dict], compromisos: list[dict], nota) -> SafeString:
    """The body of the director's page in one pass: each lineamiento's card (its fields as
    dibujar_campos drew them, its progress bar «barra»), then the compromisos' card up to its last
    slot; what matriz_editar.html drew with a loop per section, logro, dificultad and compromiso, the
    same bytes (tests/balance/test_moldes.py), each label translated once per page."""
    e, c = html.escape, conditional_escape  # c: a value escaped unless already safe, as {{ }} does
    observacion = e(gettext("Observación de la UGEL:"))
    logros = e(gettext("Logros"))
    logros_nota = e(gettext("(los 3 más importantes en relación al lineamiento)"))
    dificultades = e(gettext("Dificultades"))
    dificultades_nota = e(gettext("(las 3 más importantes)"))
    nota = c(nota)
    logro, compromiso = gettext("Logro %(n)s"), gettext("Compromiso %(n)s")
    partes = []
    for s in secciones:
        fila = s["fila"]
        orden, pk = fila.lineamiento.orden, fila.pk
        obs = ""
        if fila.observacion:
            obs = (
                f'<div class="observacion-ugel mb-3"><strong>{observacion}</strong> '
                f"{linebreaksbr(fila.observacion, autoescape=True)}</div>"
            )
        partes.append(
            f'\n    <section class="card shadow-sm mb-4 seccion-lineamiento" id="lin-{orden}" '
            f'aria-labelledby="titulo-{pk}">\n'
            '      <div class="card-header d-flex justify-content-between align-items-center gap-2">\n'
            f'        <h2 class="h6 mb-0" id="titulo-{pk}">{orden}. {e(fila.lineamiento.nombre)}</h2>\n'
            f'        <div class="minw-7rem" id="avance-{pk}">{c(s["barra"])}</div>\n'
            "      </div>\n"
            '      <div class="card-body">\n'
            f"        {obs}\n"
            f"        {c(s['acciones'])}\n\n"
            f'        <h3 class="h6 mt-3">{logros} <span class="fw-normal small text-body-secondary">'
            f"{logros_nota}</span></h3>\n"
            f'        <p class="small nota-logros">{nota}</p>\n        '
        )
        for n, lf in enumerate(s["logros"], 1):
            partes.append(
                '\n        <fieldset class="logro-slot mb-2">\n'
                f'          <legend class="small fw-semibold mb-1">{e(logro % {"n": n})}</legend>\n'
                '          <div class="row g-2">\n'
                f'            <div class="col-sm-3">{c(lf["cifra"])}</div>\n'
                f'            <div class="col-sm-9">{c(lf["que_cuenta"])}</div>\n'
                "          </div>\n"
                f"          {c(lf['cualitativo'])}\n"
                f"          {c(lf['evidencia'])}\n"
                "        </fieldset>\n        "
            )
        partes.append(
            f'\n\n        <h3 class="h6 mt-3">{dificultades} '
            f'<span class="fw-normal small text-body-secondary">{dificultades_nota}</span></h3>\n        '
        )
        for df in s["dificultades"]:
            partes.append(
                '\n          <div class="row g-2 mb-2 dificultad-slot">\n'
                f'            <div class="col-md-8">{c(df["texto"])}</div>\n'
                f'            <div class="col-md-4">{c(df["categoria"])}</div>\n'
                "          </div>\n        "
            )
        partes.append(
            f"\n\n        {c(s['sugerencias'])}\n        {c(s['enlace_evidencias'])}\n"
            "      </div>\n    </section>\n    "
        )
    partes.append(
        '\n\n    <section class="card shadow-sm mb-4" id="compromisos">\n'
        f'      <div class="card-header"><h2 class="h6 mb-0">'
        f"{e(gettext('Compromisos de mejora para el próximo año'))}</h2></div>\n"
        '      <div class="card-body">\n'
        f'        <p class="small text-body-secondary">'
        f"{e(gettext('Qué harás, quién se encarga y para cuándo, acordado con tu UGEL.'))}</p>\n        "
    )
    for n, cf in enumerate(compromisos, 1):
        partes.append(
            '\n        <fieldset class="logro-slot mb-2">\n'
            f'          <legend class="small fw-semibold mb-1">{e(compromiso % {"n": n})}</legend>\n'
            f"          {c(cf['que'])}\n"
            f'          <div class="row g-2"><div class="col-sm-8">{c(cf["responsable"])}</div>'
            f'<div class="col-sm-4">{c(cf["plazo"])}</div></div>\n'
            "        </fieldset>\n        "
        )
    return mark_safe("".join(partes))


def datos_de_filas(matriz) -> list[SafeString]:
    """What each row of the matrix holds, as the detail page lists it inside its «dl» (acciones,
    logros, dificultades, sugerencias, the evidence link), drawn in one pass per row instead of the
    template's loops and filters: the same bytes (tests/balance/test_moldes.py), the labels
    translated once per page."""
    e, raya, afuera = html.escape, "—", ' rel="noopener noreferrer" target="_blank"'
    acciones, logros, dificultades = (
        e(gettext("Acciones realizadas")),
        e(gettext("Logros")),
        e(gettext("Dificultades")),
    )
    sugerencias, enlace, evidencia = (
        e(gettext("Sugerencias")),
        e(gettext("Enlace de las evidencias")),
        e(gettext("Evidencia")),
    )
    resultado = []
    for fila in matriz.filas.all():
        partes = [
            f'      <dt class="col-md-3">{acciones}</dt><dd class="col-md-9">'
            f"{linebreaksbr(fila.acciones, autoescape=True) or raya}</dd>\n"
            f'      <dt class="col-md-3">{logros}</dt>\n      <dd class="col-md-9">\n        '
        ]
        for logro in fila.logros.all() or ():
            enlace_logro = ""
            if logro.evidencia:
                enlace_logro = f'<br><a href="{e(logro.evidencia)}"{afuera}>{evidencia}</a>'
            partes.append(
                f'\n          <div class="mb-2"><strong>{floatformat(logro.cifra, "-2")} '
                f"{e(logro.que_cuenta)}</strong><br>{linebreaksbr(logro.cualitativo, autoescape=True)}\n"
                f"          {enlace_logro}</div>\n        "
            )
        if not fila.logros.all():
            partes.append(raya)
        partes.append(
            f'\n      </dd>\n      <dt class="col-md-3">{dificultades}</dt>\n      <dd class="col-md-9">'
        )
        for n, d in enumerate(fila.dificultades.all(), 1):
            categoria = ""
            if d.categoria:
                categoria = (
                    f' <span class="badge text-bg-light border fw-normal">{e(d.categoria.nombre)}</span>'
                )
            partes.append(f"<div>{n}. {e(d.texto)}{categoria}</div>")
        if not fila.dificultades.all():
            partes.append(raya)
        partes.append(
            f'</dd>\n      <dt class="col-md-3">{sugerencias}</dt><dd class="col-md-9">'
            f"{linebreaksbr(fila.sugerencias, autoescape=True) or raya}</dd>\n"
            f'      <dt class="col-md-3">{enlace}</dt><dd class="col-md-9">'
        )
        if fila.enlace_evidencias:
            url = e(fila.enlace_evidencias)
            partes.append(f'<a href="{url}"{afuera}>{url}</a>')
        else:
            partes.append(raya)
        partes.append("</dd>")
        resultado.append(mark_safe("".join(partes)))
    return resultado
