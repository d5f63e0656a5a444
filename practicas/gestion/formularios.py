"""The forms of DIFOCA's practice editor: the first screen (a new practice) and the editor's page,
its own fields and each of its lists (comun.formularios rows, in the order the page shows them)."""

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comun.formularios import EnTu, FilaForm, lista
from comun.texto import sin_control, una_linea
from practicas.models import (
    BuenaPractica,
    Contacto,
    Enlace,
    Estrategia,
    Etapa,
    Fase,
    Instancia,
    Resultado,
    Tema,
    TipoInstancia,
    TipoResultado,
)
from territorio.models import Region

FORMATO = _(
    'Formato: deja una línea en blanco entre párrafos; empieza con "- " cada punto de una lista; '
    "**texto** en negrita."
)


class Linea(forms.CharField):
    """A one-line value: control characters out, spaces folded."""

    def to_python(self, value):
        value = super().to_python(value)
        return una_linea(value) if isinstance(value, str) else value


class Texto(forms.CharField):
    """Running text: control characters out, tabs and line breaks kept."""

    def to_python(self, value):
        value = super().to_python(value)
        return sin_control(value) if isinstance(value, str) else value


def _etiqueta(modelo, campo: str) -> str:
    return modelo._meta.get_field(campo).verbose_name.capitalize()


def _linea(modelo, campo: str, required=False, **attrs) -> Linea:
    limite = modelo._meta.get_field(campo).max_length
    return Linea(
        label=_etiqueta(modelo, campo),
        required=required,
        max_length=limite,
        widget=forms.TextInput(attrs={"maxlength": limite, **attrs}),
    )


def _texto(modelo, campo: str, filas=4, required=False, formato=True) -> Texto:
    limite = modelo._meta.get_field(campo).max_length
    attrs = {"rows": filas}
    if limite:
        attrs.update(maxlength=limite, **{"data-contador": limite})
    if formato:
        attrs["data-formato"] = ""
    return Texto(
        label=_etiqueta(modelo, campo), required=required, max_length=limite, widget=forms.Textarea(attrs)
    )


class EnlaceWeb(forms.URLField):
    """A web address: http or https only (no javascript:, data:), https assumed when missing."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Escribe una dirección web completa, como https://www.minedu.gob.pe/.")
    }


class Generales(EnTu, forms.Form):
    """The practice's general data, as the first screen and the editor ask them."""

    titulo = _linea(BuenaPractica, "titulo", required=True)
    region = forms.ModelChoiceField(
        Region.objects.all(), label=_("Región"), empty_label=_("Elige la región"), to_field_name="pk"
    )
    tema = forms.ModelChoiceField(Tema.objects.all(), label=_("Tema"), empty_label=_("Elige el tema"))
    etapa = forms.ChoiceField(
        label=_("Estadio de madurez"), choices=[("", _("Elige el estadio")), *Etapa.choices]
    )
    anio = forms.IntegerField(
        label=_("Año"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("Escribe un año entre 2000 y 2100."),
            "max_value": _("Escribe un año entre 2000 y 2100."),
            "invalid": _("Escribe el año con cuatro cifras."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titulo"].error_messages["required"] = _("Escribe el título de la práctica.")
        self.fields["region"].error_messages["required"] = _("Elige la región de la práctica.")
        self.fields["region"].error_messages["invalid_choice"] = _("Elige una región de la lista.")
        self.fields["tema"].error_messages["required"] = _("Elige el tema de la práctica.")
        self.fields["tema"].error_messages["invalid_choice"] = _("Elige un tema de la lista.")
        self.fields["etapa"].error_messages["required"] = _("Elige el estadio de madurez.")
        self.fields["anio"].error_messages["required"] = _("Escribe el año de la práctica.")
        self.fields["anio"].widget.attrs.update(inputmode="numeric")


class NuevaForm(Generales):
    otra = forms.BooleanField(
        label=_("Es otra práctica: crearla de todos modos"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anio"].initial = timezone.localdate().year


class PracticaForm(Generales):
    """The editor's own fields (the lists are formsets)."""

    problema = _texto(BuenaPractica, "problema", filas=6)
    consiste = _texto(BuenaPractica, "consiste", filas=6)
    intro_estrategias = _texto(BuenaPractica, "intro_estrategias", filas=2)
    cierre_estrategias = _texto(BuenaPractica, "cierre_estrategias", filas=3)
    intro_logros = _texto(BuenaPractica, "intro_logros", filas=2)
    cierre = _texto(BuenaPractica, "cierre", filas=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problema"].label = _("Problema")
        self.fields["consiste"].label = _("¿En qué consiste?")
        self.fields["intro_estrategias"].label = _("Texto que presenta las estrategias")
        self.fields["cierre_estrategias"].label = _("Texto tras las estrategias")
        self.fields["intro_logros"].label = _("Introducción de «¿Qué está logrando?»")
        self.fields["cierre"].label = _("Resumen final")
        for nombre in ("problema", "intro_estrategias", "cierre_estrategias", "intro_logros", "cierre"):
            ayuda = BuenaPractica._meta.get_field(nombre).help_text
            if ayuda:
                self.fields[nombre].help_text = ayuda


class InstanciaForm(FilaForm):
    tipo = forms.ChoiceField(
        label=_("Tipo"),
        choices=TipoInstancia.choices,
        initial=TipoInstancia.UGEL,
        widget=forms.Select(attrs={"data-heredar": ""}),
    )
    nombre = _linea(Instancia, "nombre", required=True, list="instancias-sugeridas")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nombre"].error_messages["required"] = _("Escribe el nombre de la instancia.")


class FaseForm(FilaForm):
    nombre = _linea(Fase, "nombre", required=True, **{"data-etiqueta": ""})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nombre"].label = _("Nombre de la fase")
        self.fields["nombre"].error_messages["required"] = _("Escribe el nombre de la fase.")


class EstrategiaForm(FilaForm):
    """A strategy names its phase by the key the page gives each phase row (``opciones``: the
    phases' (key, name) as the page now has them)."""

    fase = forms.ChoiceField(
        label=_("Fase"),
        required=False,
        error_messages={
            "invalid_choice": _("Esa fase ya no está (se quitó o quedó sin nombre): elige otra o «Sin fase».")
        },
        widget=forms.Select(attrs={"data-opciones-de": "fases", "data-heredar": ""}),
    )
    titulo = _linea(Estrategia, "titulo")
    descripcion = _texto(Estrategia, "descripcion", filas=3, required=True)

    def __init__(self, *args, opciones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fase"].choices = [("", _("— Sin fase —")), *opciones]
        self.fields["fase"].error_messages["invalid_choice"] = _("Esa fase ya no está: elige otra.")
        self.fields["titulo"].label = _("Título o frase inicial")
        self.fields["descripcion"].label = _("Descripción")
        self.fields["descripcion"].error_messages["required"] = _("Describe la estrategia.")


class ResultadoForm(FilaForm):
    tipo = forms.ChoiceField(
        label=_("Tipo"),
        choices=TipoResultado.choices,
        initial=TipoResultado.CUANTITATIVO,
        widget=forms.Select(attrs={"data-heredar": ""}),
    )
    titulo = _linea(Resultado, "titulo")
    cifra = _linea(Resultado, "cifra")
    descripcion = _texto(Resultado, "descripcion", filas=3, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["descripcion"].label = _("Descripción")
        self.fields["descripcion"].error_messages["required"] = _("Describe el resultado.")


class ContactoForm(FilaForm):
    nombre = _linea(Contacto, "nombre", required=True)
    cargo = _linea(Contacto, "cargo")
    correo = forms.EmailField(
        label=_("Correo"),
        required=False,
        max_length=Contacto._meta.get_field("correo").max_length,
        error_messages={"invalid": _("Escribe un correo válido, como nombre@minedu.gob.pe.")},
    )
    telefono = _linea(Contacto, "telefono", inputmode="tel")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nombre"].error_messages["required"] = _("Escribe el nombre del contacto.")
        self.fields["correo"].widget.attrs.update(autocomplete="off")


class EnlaceForm(FilaForm):
    texto = _linea(Enlace, "texto", required=True)
    url = EnlaceWeb(
        label=_("Dirección"),
        max_length=Enlace._meta.get_field("url").max_length,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "maxlength": 500}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["texto"].error_messages["required"] = _("Escribe el texto del enlace.")
        self.fields["url"].error_messages["required"] = _("Escribe la dirección del enlace.")


# Each list of the page: its form, the model's fields it edits, and its title on the page.
LISTAS = {
    "instancias": (lista(InstanciaForm), ("tipo", "nombre")),
    "fases": (lista(FaseForm), ("nombre",)),
    "estrategias": (lista(EstrategiaForm), ("fase", "titulo", "descripcion")),
    "resultados": (lista(ResultadoForm), ("tipo", "titulo", "cifra", "descripcion")),
    "contactos": (lista(ContactoForm), ("nombre", "cargo", "correo", "telefono")),
    "enlaces": (lista(EnlaceForm), ("texto", "url")),
}
