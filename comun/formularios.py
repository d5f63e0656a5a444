"""Editable lists on a page (strategies, contacts, testimonials…): one form per row, in the order
the page shows them, with add, remove and reorder done in the browser (static/js/listas.js) and no
number typed by anyone. What a valid list yields is what ``comun.listas.sincronizar`` writes.

Each row carries two hidden fields: ``id`` (the stored row, empty while new) and ``clave`` (a key the
browser gives a new row, so that the answer to a save can tell it its id, and another list can name
it before it exists — a strategy's phase).
"""

from typing import Any

from django import forms
from django.db import models
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAXIMO_FILAS = 100

# formfield_overrides for an admin that shows a web link (models.URLField): https assumed when the
# scheme is missing, as the project's own forms do (Django 6.0's default; Django 5.2 warns of the
# change for every form field built without it).
ENLACES_HTTPS = {models.URLField: {"assume_scheme": "https"}}

# Django's own Spanish messages speak "usted" and Spain's Spanish ("Introduzca", "fichero"); the
# house speaks "tú". Keyed by message code; a form's own error_messages still win.
MENSAJES_EN_TU = {
    "required": _("Este campo es obligatorio."),
    "invalid_choice": _("Elige una de las opciones de la lista."),
    "min_value": _("Escribe un número mayor o igual a %(limit_value)s."),
    "max_value": _("Escribe un número menor o igual a %(limit_value)s."),
    "max_length": _("Escribe como máximo %(limit_value)d caracteres (ahora hay %(show_value)d)."),
    "max_digits": _("Escribe como máximo %(max)s dígitos."),
    "empty": _("El archivo está vacío: elige otro."),
    "missing": _("No llegó ningún archivo: vuelve a elegirlo."),
}
INVALIDO_EN_TU = {
    forms.DateField: _("Escribe una fecha válida, como 23/04/2026."),
    forms.IntegerField: _("Escribe un número entero, sin puntos ni comas."),
    forms.EmailField: _("Escribe un correo válido, como nombre@minedu.gob.pe."),
    forms.URLField: _("Escribe una dirección web completa, como https://www.minedu.gob.pe/."),
}


class EnTu:
    """A form mixin: every field's default messages in the house's "tú" (MENSAJES_EN_TU)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            propios = getattr(campo, "_mensajes_propios", None)
            if propios is None:
                # What the field's class or its declaration set on purpose is kept.
                propios = campo._mensajes_propios = {
                    k for k, v in campo.error_messages.items() if not _es_de_django(k, v)
                }
            for codigo, mensaje in MENSAJES_EN_TU.items():
                if codigo not in propios:
                    campo.error_messages[codigo] = mensaje
            for clase, mensaje in INVALIDO_EN_TU.items():
                if isinstance(campo, clase) and "invalid" not in propios:
                    campo.error_messages["invalid"] = mensaje


def _es_de_django(codigo: str, mensaje) -> bool:
    """Whether a field's message is one of Django's defaults (not one the project wrote)."""
    from django import forms as formularios

    for clase in (
        formularios.Field,
        formularios.CharField,
        formularios.ChoiceField,
        formularios.DateField,
        formularios.IntegerField,
        formularios.EmailField,
        formularios.URLField,
        formularios.FileField,
        formularios.ModelChoiceField,
        formularios.ModelMultipleChoiceField,
    ):
        if getattr(clase, "default_error_messages", {}).get(codigo) is mensaje:
            return True
    return False


class FilaForm(EnTu, forms.Form):
    """The base of every row: a subclass adds the row's fields."""

    id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput(attrs={"data-id": ""}))
    clave = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput(attrs={"data-clave": ""}))

    def has_changed(self) -> bool:
        """Written in: a row with only its hidden keys, and the values it took from the row above
        (fields marked data-heredar), is one added and never filled (or emptied)."""
        return any(
            nombre not in ("id", "clave") and "data-heredar" not in self.fields[nombre].widget.attrs
            for nombre in self.changed_data
        )

    def clave_o_id(self) -> str:
        """How the page names this row: its key, or for a stored row without one, ``e<id>``."""
        datos = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        clave = datos.get("clave") or self["clave"].value()
        ident = datos.get("id") or self["id"].value()
        return clave or (f"e{ident}" if ident else "")


class Lista(forms.BaseFormSet):
    """Rows in page order; a row added and left empty (or emptied) is not a row. Every row may be
    empty: the browser moves and removes rows, so no index is known to hold a stored one."""

    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "Hasta %(num)d fila en esta lista.", "Hasta %(num)d filas en esta lista.", "num"
        ),
        "missing_management_form": _("Faltan datos de la lista: recarga la página, lo escrito sigue aquí."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.extra = len(self.initial or [])

    def initial_form_count(self) -> int:
        return 0

    def filas_llenas(self) -> list[forms.Form]:
        return [f for f in self.forms if f.has_changed()]

    def filas(self) -> list[dict[str, Any]]:
        """The cleaned rows, in order (call after is_valid())."""
        return [f.cleaned_data for f in self.filas_llenas()]


def lista(form: type[FilaForm], maximo: int = MAXIMO_FILAS) -> type[Lista]:
    """The list class for a row form: at most ``maximo`` rows (refused with its message beyond)."""
    return formset_factory(
        form, formset=Lista, extra=0, max_num=maximo, validate_max=True, absolute_max=maximo + 50
    )


def inicial(filas, campos: list[str]) -> list[dict[str, Any]]:
    """The initial data of a list from stored rows: their fields, id and key."""
    return [{"id": f.pk, "clave": f"e{f.pk}", **{c: _valor(f, c) for c in campos}} for f in filas]


def _valor(fila, campo: str) -> Any:
    return getattr(fila, fila._meta.get_field(campo).attname)
