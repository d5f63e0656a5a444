import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoreo.models import RUBRICAS, Nivel, Visita

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NO_OBSERVADO = ""


class VisitaForm(forms.ModelForm):
    """A classroom visit as the director notes it in the field: the five rubrics as I–IV or not observed."""

    notas = forms.CharField(
        label=_("Notas del cuaderno de campo"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    compromisos = forms.CharField(
        label=_("Compromisos asumidos"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Visita
        fields = ["fecha", "docente", "grado", "etapa", *[c for c, _n in RUBRICAS], "notas", "compromisos"]
        widgets = {
            "fecha": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "fecha": {"invalid": _("Escribe la fecha como día/mes/año, por ejemplo 18/04/2024.")},
            "docente": {"required": _("Escribe el nombre del docente observado.")},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = self.instance.plan = plan  # the model's clean() checks the period and the stage
        self.fields["etapa"] = forms.TypedChoiceField(
            label=_("Etapa"),
            coerce=int,
            choices=[(n, _("Etapa %(n)d") % {"n": n}) for n in plan.etapas()],
        )
        for campo, nombre in RUBRICAS:
            self.fields[campo] = forms.TypedChoiceField(
                label=nombre,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(NO_OBSERVADO, _("No observado")), *Nivel.choices],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=NO_OBSERVADO,
            )

    def clean_docente(self):
        return " ".join(CONTROL.sub(" ", self.cleaned_data["docente"]).split())

    def clean_notas(self):
        return CONTROL.sub("", self.cleaned_data["notas"]).strip()

    def clean_compromisos(self):
        return CONTROL.sub("", self.cleaned_data["compromisos"]).strip()

    def clean_fecha(self):
        fecha = self.cleaned_data["fecha"]
        if fecha > timezone.localdate():
            raise ValidationError(
                _("La fecha no puede ser futura: registra la visita cuando la hagas."), code="futura"
            )
        return fecha

    def campos_rubrica(self):
        return [self[campo] for campo, _nombre in RUBRICAS]

    def datos(self) -> dict:
        return {campo: self.cleaned_data[campo] for campo in self.Meta.fields}
