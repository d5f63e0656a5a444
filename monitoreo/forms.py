import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comun.formularios import EnTu, FilaForm, inicial, lista
from comun.texto import entero, sin_control, una_linea
from monitoreo.models import (
    COMPROMISOS_GESTION,
    MAX_ETAPAS,
    MAX_GRADOS,
    MESES,
    PRIMER_MES,
    ULTIMO_MES,
    Docente,
    Grado,
    Nivel,
    PlanMonitoreo,
    Tipo,
    Visita,
    clave_docente,
    etapa_de_la_fecha,
    meses_por_etapa,
)

# Each section of the plan: about two pages of text.
LARGO_TEXTO = 6000
# The plan's free-text sections, in the document's order.
TEXTOS_PLAN = (
    "poblacion",
    "responsables",
    "palabras_clave",
    "descripcion",
    "problema",
    "fundamentacion",
    "antecedentes",
    "financiamiento",
)

NO_OBSERVADO = ""
SEGUN_LA_FECHA = ""


class _CamposVisita(forms.ModelForm):
    """The visit's fields, made per plan (VisitaForm puts EnTu's messages on them afterwards)."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.preparar(plan)


class VisitaForm(EnTu, _CamposVisita):
    """A classroom visit as the director notes it in the field: the teacher from the school's list (or
    a new one), the stage proposed from the date and the calendar, the rubrics of the plan's year as
    I–IV or not observed (at least one observed), strengths, what to improve and the commitments, and a
    one-time token so that sending it twice records one."""

    notas = forms.CharField(
        label=_("Notas del cuaderno de campo"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    fortalezas = forms.CharField(
        label=_("Fortalezas observadas"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lo que el docente hace bien y conviene mantener."),
    )
    aspectos_mejorar = forms.CharField(
        label=_("Aspectos a mejorar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    compromisos = forms.CharField(
        label=_("Compromisos asumidos"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    docente = forms.CharField(
        label=_("…o escribe un docente nuevo"),
        required=False,
        max_length=150,
        help_text=_("Se agrega a la lista de docentes de tu institución."),
    )
    no_planificada = forms.BooleanField(
        label=_("Visita no planificada"),
        required=False,
        help_text=_("Márcala si la visita cae fuera de los meses que el calendario da a su etapa."),
    )
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Visita
        fields = [
            "fecha",
            "tipo",
            "etapa",
            "grado",
            "profesor",
            "notas",
            "fortalezas",
            "aspectos_mejorar",
            "compromisos",
        ]
        widgets = {
            "fecha": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tipo": forms.RadioSelect,
        }
        error_messages = {
            "fecha": {"invalid": _("Escribe la fecha como día/mes/año, por ejemplo 18/04/2024.")},
        }

    def preparar(self, plan):
        self.plan = self.instance.plan = plan  # the model's clean() checks the period and the stage
        self.meses_por_etapa = meses_por_etapa(plan)
        self.fields["etapa"] = forms.TypedChoiceField(
            label=_("Etapa"),
            coerce=int,
            required=False,
            empty_value=None,
            choices=[
                *([(SEGUN_LA_FECHA, _("Según la fecha"))] if self.meses_por_etapa else []),
                *[(n, self._nombre_etapa(n)) for n in plan.etapas()],
            ],
            help_text=_("«Según la fecha»: la etapa cuyos meses incluyen el día de la visita.")
            if self.meses_por_etapa
            else None,
        )
        self.fields["profesor"] = forms.ModelChoiceField(
            label=_("Docente observado"),
            required=False,
            queryset=Docente.objects.filter(institucion_id=plan.institucion_id).order_by("nombre"),
            empty_label=_("— Elige de la lista —"),
            error_messages={
                "invalid_choice": _(
                    "Ese docente no es de tu institución: elígelo de la lista o escríbelo como nuevo."
                )
            },
        )
        self.fields["tipo"].label = _("Tipo de visita")
        self.fields["tipo"].required = False  # monitoreo unless said otherwise
        self.fields["tipo"].choices = Tipo.choices
        # One field per rubric of the plan's year, named by its place in the year's list (rubrica_1…).
        self.rubricas_del_anio = {f"rubrica_{n}": r for n, r in enumerate(plan.rubricas(), start=1)}
        observados = (
            {o.rubrica_id: o.nivel for o in self.instance.observaciones.all()} if self.instance.pk else {}
        )
        for campo, rubrica in self.rubricas_del_anio.items():
            self.fields[campo] = forms.TypedChoiceField(
                label=rubrica.nombre,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(NO_OBSERVADO, _("No observado")), *Nivel.choices],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=observados.get(rubrica.pk, NO_OBSERVADO),
            )
        if self.instance.pk:
            self.initial.setdefault("no_planificada", not self.instance.planificada)
            if not self.instance.profesor_id:  # a visit from before the list: its typed name
                self.initial.setdefault("docente", self.instance.docente)
        else:
            self.initial.setdefault("token", uuid.uuid4())
        self.errores_rubricas: list[str] = []

    def _nombre_etapa(self, n: int) -> str:
        meses = self.meses_por_etapa.get(n)
        if not meses:
            return _("Etapa %(n)d") % {"n": n}
        nombres = ", ".join(str(dict(MESES)[m]).lower() for m in sorted(meses))
        return _("Etapa %(n)d (%(meses)s)") % {"n": n, "meses": nombres}

    def clean_docente(self):
        return una_linea(self.cleaned_data["docente"])

    def clean_notas(self):
        return sin_control(self.cleaned_data["notas"]).strip()

    def clean_fortalezas(self):
        return sin_control(self.cleaned_data["fortalezas"]).strip()

    def clean_aspectos_mejorar(self):
        return sin_control(self.cleaned_data["aspectos_mejorar"]).strip()

    def clean_compromisos(self):
        return sin_control(self.cleaned_data["compromisos"]).strip()

    def clean_fecha(self):
        fecha = self.cleaned_data["fecha"]
        if fecha > timezone.localdate():
            raise ValidationError(
                _("La fecha no puede ser futura: registra la visita cuando la hagas."), code="futura"
            )
        return fecha

    def clean(self):
        datos = super().clean()
        if not datos.get("tipo") and not self.has_error("tipo"):
            datos["tipo"] = Tipo.MONITOREO
        self._docente(datos)
        if all(datos.get(campo) is None for campo in self.rubricas_del_anio) and not any(
            self.has_error(campo) for campo in self.rubricas_del_anio
        ):
            mensaje = _("Marca el nivel de al menos una rúbrica: una visita sin nada observado no cuenta.")
            self.errores_rubricas.append(mensaje)
            self.add_error(None, ValidationError(mensaje, code="sin_rubricas"))
        self._etapa(datos)
        return datos

    def _docente(self, datos):
        profesor, nuevo = datos.get("profesor"), datos.get("docente")
        if self.has_error("profesor"):
            return
        if profesor and nuevo and clave_docente(nuevo) != profesor.clave:
            self.add_error(
                "docente", _("Elige al docente de la lista o escribe uno nuevo, no los dos a la vez.")
            )
        elif not profesor and not nuevo:
            self.add_error(
                "profesor", _("Elige al docente observado de la lista, o escribe su nombre como nuevo.")
            )

    def _etapa(self, datos):
        """The stage proposed from the date; a date outside its months only as an unplanned visit."""
        fecha, etapa, no_planificada = datos.get("fecha"), datos.get("etapa"), datos.get("no_planificada")
        datos["planificada"] = not no_planificada
        if fecha is None or self.has_error("etapa"):
            return
        if not self.meses_por_etapa:  # a plan with no calendar yet: the stage as chosen
            if etapa is None:
                self.add_error("etapa", _("Elige la etapa de la visita."))
            return
        mes = str(dict(MESES).get(fecha.month, fecha.strftime("%m"))).lower()
        if etapa is None:
            etapa = datos["etapa"] = etapa_de_la_fecha(self.plan, fecha)
            if etapa is None:
                if no_planificada:
                    mensaje = _(
                        "Ninguna etapa del calendario incluye %(mes)s: elige la etapa de esta visita."
                    )
                else:
                    mensaje = _(
                        "Ninguna etapa del calendario incluye %(mes)s: elige la etapa y marca "
                        "«Visita no planificada»."
                    )
                self.add_error("etapa" if no_planificada else "fecha", mensaje % {"mes": mes})
                return
        if not no_planificada and fecha.month not in self.meses_por_etapa.get(etapa, set()):
            self.add_error(
                "etapa",
                _(
                    "La etapa %(n)d no incluye %(mes)s en el calendario: corrige la fecha o la etapa, "
                    "o marca «Visita no planificada»."
                )
                % {"n": etapa, "mes": mes},
            )

    def _post_clean(self):
        # The stage may have been proposed in clean(): the instance gets it before the model's checks.
        if self.cleaned_data.get("etapa") is not None:
            self.instance.etapa = self.cleaned_data["etapa"]
        super()._post_clean()

    def otros_errores(self):
        """The form-wide errors shown at the top; the rubrics' go next to them."""
        return [e for e in self.non_field_errors() if e not in self.errores_rubricas]

    def rubricas(self):
        """Per rubric: its field and, per option, (the radio, its descriptor)."""
        return [
            (
                self[campo],
                [(opcion, rubrica.descriptor(entero(str(opcion.data["value"])))) for opcion in self[campo]],
            )
            for campo, rubrica in self.rubricas_del_anio.items()
        ]

    def datos(self) -> dict:
        campos = [c for c in self.Meta.fields if c != "profesor"]
        return {
            **{campo: self.cleaned_data[campo] for campo in campos},
            "planificada": self.cleaned_data["planificada"],
            "token": self.cleaned_data.get("token"),
            "profesor": self.cleaned_data.get("profesor"),
            "docente_nuevo": self.cleaned_data.get("docente") or "",
            # rubric → level (1–4), only the observed ones
            "niveles": {
                rubrica: self.cleaned_data[campo]
                for campo, rubrica in self.rubricas_del_anio.items()
                if self.cleaned_data.get(campo) is not None
            },
        }


def _limpio(texto: str) -> str:
    """Control characters out; Windows line breaks as one character, as the browser counted them."""
    return sin_control((texto or "").replace("\r\n", "\n")).strip()


class PlanForm(EnTu, forms.ModelForm):
    """The plan's general data and sections, plus its calendar as a grid of checkboxes named
    ``c-<etapa>-<grado>-<mes>`` (the template draws it; ``celdas()`` reads it back)."""

    compromisos = forms.TypedMultipleChoiceField(
        label=_("Compromisos de gestión que aborda"),
        coerce=int,
        required=False,
        choices=[(n, _("Compromiso %(n)d") % {"n": n}) for n in COMPROMISOS_GESTION],
        widget=forms.CheckboxSelectMultiple,
    )
    # The version the page was loaded with: a save from an older page is refused (ConflictoVersion).
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    TEXTOS = TEXTOS_PLAN

    class Meta:
        model = PlanMonitoreo
        fields = [
            "anio",
            "titulo",
            "director",
            "provincia",
            "compromisos",
            "mes_inicio",
            "mes_fin",
            *TEXTOS_PLAN,
        ]
        error_messages = {
            "titulo": {
                "required": _("Ponle un título al plan, por ejemplo «Buscando la excelencia docente».")
            },
            "anio": {"required": _("Escribe el año del plan.")},
        }

    def __init__(self, *args, institucion, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institucion = institucion
        for campo in self.TEXTOS:
            # The limit is checked in clean(), after line breaks are normalised as the browser counts.
            self.fields[campo].max_length = None
            self.fields[campo].widget = forms.Textarea(attrs={"rows": 3, "maxlength": LARGO_TEXTO})
        if not self.instance.pk:
            self.initial.setdefault("anio", timezone.localdate().year)
        else:
            self.initial.setdefault("version", self.instance.version)
        self.errores_calendario: list[str] = []
        self.marcadas = (
            {(c.etapa, c.grado, c.mes) for c in self.instance.celdas.all()} if self.instance.pk else set()
        )
        if self.is_bound:
            self.marcadas = set(self._leer_celdas())

    def _leer_celdas(self):
        for nombre in self.data:
            partes = nombre.split("-")
            if (
                len(partes) == 4
                and partes[0] == "c"
                and all(p.isascii() and p.isdigit() and len(p) <= 2 for p in partes[1:])
            ):
                etapa, grado, mes = (int(p) for p in partes[1:])
                if 1 <= etapa <= MAX_ETAPAS and 1 <= grado <= MAX_GRADOS and PRIMER_MES <= mes <= ULTIMO_MES:
                    yield etapa, grado, mes

    def clean(self):
        datos = super().clean()
        for campo in self.TEXTOS:
            if campo in datos:
                datos[campo] = _limpio(datos[campo])
                if len(datos[campo]) > LARGO_TEXTO:
                    self.add_error(
                        campo,
                        _("Escribe como máximo %(n)d caracteres (hay %(hay)d).")
                        % {"n": LARGO_TEXTO, "hay": len(datos[campo])},
                    )
        for campo in ("titulo", "director", "provincia"):
            if datos.get(campo):
                datos[campo] = una_linea(datos[campo])
        anio = datos.get("anio")
        otro = PlanMonitoreo.objects.filter(institucion=self.instance.institucion, anio=anio).exclude(
            pk=self.instance.pk
        )
        if anio and otro.exists():
            self.add_error(
                "anio",
                _("Tu institución ya tiene su plan de %(anio)d: edítalo en vez de crear otro.")
                % {"anio": anio},
            )
        if anio is not None and not 2000 <= anio <= 2100:
            self.add_error("anio", _("Escribe un año entre 2000 y 2100."))
        inicio, fin = datos.get("mes_inicio"), datos.get("mes_fin")
        if inicio and fin and inicio > fin:
            self.add_error("mes_fin", _("El mes de término no puede ser anterior al de inicio."))
        periodo_valido = inicio and fin and inicio <= fin
        fuera = sorted({mes for _e, _g, mes in self.marcadas if periodo_valido and not inicio <= mes <= fin})
        if fuera:
            nombres = ", ".join(str(dict(MESES)[m]).lower() for m in fuera)
            self.errores_calendario.append(
                _("El calendario marca meses fuera del periodo del plan: %(meses)s.") % {"meses": nombres}
            )
        if self.instance.pk and anio and periodo_valido:
            self._sin_dejar_visitas_fuera(anio, inicio, fin)
        for error in self.errores_calendario:
            self.add_error(None, error)
        return datos

    def _sin_dejar_visitas_fuera(self, anio, inicio, fin):
        """Recorded visits must still fit the plan: its year, its period, a stage its calendar marks."""
        etapas = {etapa for etapa, _g, _m in self.marcadas}
        fuera = [
            v
            for v in self.instance.visitas.all()
            if v.fecha.year != anio
            or not inicio <= v.fecha.month <= fin
            or (etapas and v.etapa not in etapas)
        ]
        if fuera:
            visitas = "; ".join(f"{v.fecha:%d/%m/%Y} ({v.docente}, etapa {v.etapa})" for v in fuera[:5])
            self.errores_calendario.append(
                _(
                    "Estas visitas registradas quedarían fuera del plan (año, periodo o etapas del "
                    "calendario): %(visitas)s. Ajusta el cambio para que sigan dentro."
                )
                % {"visitas": visitas}
            )

    def otros_errores(self):
        """The form-wide errors shown at the top; the calendar's go next to the grid."""
        return [e for e in self.non_field_errors() if e not in self.errores_calendario]

    def calendario(self):
        """The grid to draw: per stage, per grade, (checkbox name, month, marked) for each month."""
        return [
            (
                etapa,
                [
                    (
                        nombre,
                        [
                            (f"c-{etapa}-{grado}-{mes}", mes, (etapa, grado, mes) in self.marcadas)
                            for mes, _m in MESES
                        ],
                    )
                    for grado, nombre in Grado.choices
                ],
            )
            for etapa in range(1, MAX_ETAPAS + 1)
        ]


class ActividadFila(FilaForm):
    """A row of the activities and schedule table."""

    actividad = forms.CharField(
        label=_("Actividad"),
        max_length=200,
        error_messages={"required": _("Escribe el nombre de la actividad, o quita la fila.")},
    )
    responsable = forms.CharField(label=_("Responsable"), max_length=150, required=False)
    cronograma = forms.CharField(
        label=_("Cronograma"),
        max_length=100,
        required=False,
    )

    def clean(self):
        datos = super().clean()
        for campo in ("actividad", "responsable", "cronograma"):
            if datos.get(campo):
                datos[campo] = una_linea(datos[campo])
        return datos


class EnfoqueFila(FilaForm):
    """A named theoretical approach and what it means for the plan."""

    nombre = forms.CharField(
        label=_("Enfoque"),
        max_length=200,
        required=False,
    )
    texto = forms.CharField(
        label=_("En qué consiste"),
        max_length=LARGO_TEXTO,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        datos = super().clean()
        if datos.get("nombre"):
            datos["nombre"] = una_linea(datos["nombre"])
        if "texto" in datos:
            datos["texto"] = _limpio(datos["texto"])
        if not self.errors and not datos.get("nombre") and not datos.get("texto"):
            self.add_error("nombre", _("Escribe el nombre del enfoque, o quita la fila."))
        return datos


class ObjetivoFila(FilaForm):
    """One objective of the plan."""

    texto = forms.CharField(
        label=_("Objetivo"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Escribe el objetivo, o quita la fila.")},
    )

    def clean(self):
        datos = super().clean()
        if "texto" in datos:
            datos["texto"] = _limpio(datos["texto"])
        return datos


# The plan's editable lists: (prefix and relation, row form, fields written).
LISTAS_PLAN = {
    "actividades": (ActividadFila, ["actividad", "responsable", "cronograma"]),
    "enfoques": (EnfoqueFila, ["nombre", "texto"]),
    "objetivos": (ObjetivoFila, ["texto"]),
}


class EdicionPlan:
    """The plan form and its three lists (activities, approaches, objectives), valid together.

    A list the request does not carry (no ``<prefix>-TOTAL_FORMS``: a client that does not send it)
    is left as it is stored, not emptied."""

    def __init__(self, datos, *, plan: PlanMonitoreo, institucion):
        self.form = PlanForm(datos, instance=plan, institucion=institucion)
        self.listas = {}
        self.enviadas: set[str] = set()
        for nombre, (fila, campos) in LISTAS_PLAN.items():
            enviada = datos is not None and f"{nombre}-TOTAL_FORMS" in datos
            if enviada:
                self.enviadas.add(nombre)
            filas = getattr(plan, nombre).all() if plan.pk else []
            # Bound rows are compared with nothing (a row is what it holds, not what changed in it):
            # with the stored rows as initial, an unchanged row would read as empty and be dropped.
            self.listas[nombre] = lista(fila)(
                datos if enviada else None,
                prefix=nombre,
                initial=None if enviada else inicial(filas, campos),
            )

    def is_valid(self) -> bool:
        validas = [self.form.is_valid(), *[self.listas[n].is_valid() for n in self.enviadas]]
        return all(validas)

    @property
    def errores(self) -> bool:
        return bool(self.form.errors) or any(self.listas[n].total_error_count() for n in self.enviadas)

    def filas(self) -> dict[str, list[dict]]:
        """The lists sent, as comun.listas.sincronizar takes them (call after is_valid())."""
        return {nombre: self.listas[nombre].filas() for nombre in self.enviadas}
