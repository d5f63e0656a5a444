"""`{{ form.campo|campo }}`: a form field drawn with the markup of crispy-bootstrap5's field.html, in
Python, for the pages that draw a hundred fields (the director's matrix).

crispy's `|as_crispy_field` renders field.html, its includes and the widget's own template for every
field: 1.8 ms a field, 89 % of the matrix edit page. This draws the same markup (the wrapper
«div_<id>», the label, the widget with crispy's classes — «textarea form-control», «select
form-select», «is-invalid» when it has an error —, Django's attributes — maxlength, data-*,
aria-invalid, aria-describedby → «<id>_error» and «<id>_helptext» —, the error block under it and the
help text) once per field kind: textarea, input (text, url, date, number…) and select. Anything else
(checkboxes, radios, files, widgets with their own template) goes to crispy as before, so the markup
is the same whichever path draws it (tests/comun/test_campos.py compares both).
"""

import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The widgets drawn here (exact classes: a subclass may bring its own template) and their template.
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT = "django/forms/widgets/select.html"
_OPCION = "django/forms/widgets/select_option.html"
_INPUT = {
    forms.TextInput: "django/forms/widgets/text.html",
    forms.URLInput: "django/forms/widgets/url.html",
    forms.EmailInput: "django/forms/widgets/email.html",
    forms.NumberInput: "django/forms/widgets/number.html",
    forms.DateInput: "django/forms/widgets/date.html",
}


def _e(valor) -> str:
    """What `{{ valor }}` / `{{ valor|stringformat:'s' }}` prints: str(), escaped unless safe. Plain
    text goes straight to html.escape, which is what django.utils.html.escape does underneath
    (without its lazy-argument wrapper, a tenth of this filter's time on long texts)."""
    if type(valor) is str:
        return html.escape(valor)
    return conditional_escape(valor if isinstance(valor, SafeString) else str(valor))


def _atributos(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {nombre}" if valor is True else f' {nombre}="{_e(valor)}"'
        for nombre, valor in attrs.items()
        if valor is not False
    )


def _clase(widget, errores: bool) -> str:
    """The class crispy's {% crispy_field %} gives the widget: its own class (or none), the widget's
    name in lowercase, and Bootstrap's form-control / form-select (+ is-invalid)."""
    nombre = widget.__class__.__name__.lower()
    clase = widget.attrs.get("class", "")
    if clase:
        if clase.find(nombre) == -1:
            clase += f" {nombre}"
    else:
        clase = nombre
    extra = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for palabra in (extra, "is-invalid") if errores else (extra,):
        if palabra not in clase.split():
            clase += f" {palabra}"
    return clase


def _control(campo: BoundField, widget, errores: bool) -> str:
    """The widget as BoundField.as_widget and its Django template draw it."""
    attrs = {**widget.attrs, "class": _clase(widget, errores), **campo.build_widget_attrs({}, widget)}
    if campo.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", campo.auto_id)
    w = widget.get_context(campo.html_name, campo.value(), attrs)["widget"]
    nombre = _e(w["name"])
    if w["template_name"] == _TEXTAREA:
        texto = _e(w["value"]) if w["value"] else ""
        return f'<textarea name="{nombre}"{_atributos(w["attrs"])}>\n{texto}</textarea>'
    if w["template_name"] == _SELECT:
        partes = [f'<select name="{nombre}"{_atributos(w["attrs"])}>']
        for grupo, opciones, _indice in w["optgroups"]:
            if grupo:
                partes.append(f'\n  <optgroup label="{_e(grupo)}">')
            for o in opciones:
                partes.append(
                    f'\n  <option value="{_e(o["value"])}"{_atributos(o["attrs"])}>{_e(o["label"])}</option>'
                )
            if grupo:
                partes.append("\n  </optgroup>")
        partes.append("\n</select>")
        return "".join(partes)
    valor = "" if w["value"] is None else f' value="{_e(w["value"])}"'
    return f'<input type="{_e(w["type"])}" name="{nombre}"{valor}{_atributos(w["attrs"])}>'


def _propio(widget) -> bool:
    """Whether this filter draws the widget (else crispy does)."""
    tipo = type(widget)
    if tipo is forms.Textarea:
        return widget.template_name == _TEXTAREA
    if tipo is forms.Select:
        return widget.template_name == _SELECT and widget.option_template_name == _OPCION
    return _INPUT.get(tipo) == widget.template_name


@register.filter
def campo(campo: BoundField) -> SafeString:
    """The field as crispy-bootstrap5's field.html draws it (`|as_crispy_field`), label, help and
    errors included."""
    widget = campo.field.widget
    if getattr(campo.form, "helper", None) is not None or campo.is_hidden or not _propio(widget):
        return as_crispy_field(campo)
    errores = campo.errors
    auto_id = campo.auto_id
    clases = campo.css_classes()
    partes = [f'<div id="div_{auto_id}" class="mb-3{" " + clases if clases else ""}">']
    if campo.label:
        requerido = campo.field.required
        para = campo.id_for_label
        atributo_para = f' for="{_e(para)}"' if para else ""
        marca = " requiredField" if requerido else ""
        asterisco = '<span class="asteriskField">*</span>' if requerido else ""
        partes.append(f'<label{atributo_para} class="form-label{marca}">{_e(campo.label)}{asterisco}</label>')
    partes.append(_control(campo, widget, bool(errores)))
    if errores:
        partes.append(f'<div id="{_e(errores.field_id or auto_id)}_error" class="invalid-feedback">')
        partes.extend(
            f'<p id="error_{n}_{auto_id}"><strong>{_e(error)}</strong></p>'
            for n, error in enumerate(errores, 1)
        )
        partes.append("</div>")
    if campo.help_text:
        id_ayuda = f'id="{auto_id}_helptext" ' if auto_id else ""
        partes.append(f'<div {id_ayuda}class="form-text">{campo.help_text}</div>')  # |safe, as crispy
    partes.append("</div>")
    return mark_safe("".join(partes))


# --- molds: a field's markup made once, only its name and value put in per field --------------------

_PREFIJO = "zzmoldezz"  # stands for the form's prefix in a mold
_VALOR = "ZZVALORZZ"  # stands for the value (html.escape leaves it as it is)


class Molde:
    """The markup `campo` draws for one field of a form class, made once with placeholders for the
    form's prefix and the value, so a page of a hundred fields of a few kinds (the director's matrix)
    puts in only those two per field: `molde(prefijo, texto)`, `texto` being what the field shows
    (its prepared value as text, "" when empty). Only for a field with no errors, of a widget that
    shows its value as text (textarea, input); a select is MoldeSelect.

    `hacer(prefijo, inicial)`: the unbound BoundField of that prefix and initial value."""

    def __init__(self, hacer):
        lleno = hacer(_PREFIJO, _VALOR)
        widget = lleno.field.widget
        if not _propio(widget) or isinstance(widget, forms.Select):
            raise ValueError("only a textarea or an input drawn by |campo has a Molde")
        self.lleno = str(campo(lleno))
        self.vacio = str(campo(hacer(_PREFIJO, None)))
        if self.lleno.count(_VALOR) != 1:
            raise ValueError("this field does not show its value once as text: draw it with |campo")

    def __call__(self, prefijo: str, texto: str) -> SafeString:
        if not texto:
            return mark_safe(self.vacio.replace(_PREFIJO, prefijo))
        return mark_safe(self.lleno.replace(_PREFIJO, prefijo).replace(_VALOR, html.escape(texto)))


class MoldeSelect(Molde):
    """Molde of a select: drawn with nothing chosen (the empty option selected, as Django does),
    the option of the value marked instead."""

    def __init__(self, hacer):
        vacio = hacer(_PREFIJO, None)
        if type(vacio.field.widget) is not forms.Select or not _propio(vacio.field.widget):
            raise ValueError("only a select drawn by |campo has a MoldeSelect")
        self.vacio = str(campo(vacio))
        self._vacia = '<option value="" selected>'
        if self.vacio.count(self._vacia) != 1:
            raise ValueError("this select has no empty option: draw it with |campo")

    def __call__(self, prefijo: str, texto: str) -> SafeString:
        html_ = self.vacio.replace(_PREFIJO, prefijo)
        if texto:
            opcion = f'<option value="{html.escape(texto)}">'
            html_ = html_.replace(self._vacia, '<option value="">', 1).replace(
                opcion, f'<option value="{html.escape(texto)}" selected>', 1
            )
        return mark_safe(html_)
