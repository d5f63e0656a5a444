import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comun.formularios import EnTu, FilaForm, inicial, lista
from comun.texto import entero, sin_control, una_linea
from monitoreo.models import (
    COMPROMISOS_GESTION,
    ETAPAS_SIN_NOMBRE,
    MAX_ETAPAS,
    MAX_GRADOS,
    MESES,
    NOMBRE_MES,
    PRIMER_MES,
    ULTIMO_MES,
    Docente,
    Nivel,
    PlanMonitoreo,
    Tipo,
    Visita,
    clave_docente,
    etapa_de_la_fecha,
    grados_de,
    meses_por_etapa,
)
from territorio.models import Modalidad

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
        # The grades of the school's level (3, 4 y 5 años, an inicial's classrooms, 1.º–5.º of
        # secundaria…), as the calendar names them; a visit's grade from before is kept.
        grados = plan.grados()
        if self.instance.grado and self.instance.grado not in dict(grados):
            grados.append((self.instance.grado, plan.nombre_grado(self.instance.grado)))
        self.fields["grado"].choices = [("", _("— Elige el grado —")), *grados]
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
        """The stage as the plan names it, with its months: «Etapa 1 (abril, mayo, junio)»."""
        nombre = self.plan.nombres_etapas().get(n) or _("Etapa %(n)d") % {"n": n}
        meses = self.meses_por_etapa.get(n)
        if not meses:
            return nombre
        nombres = ", ".join(str(dict(MESES)[m]).lower() for m in sorted(meses))
        return f"{nombre} ({nombres})"

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


def _mes(mes: int) -> str:
    return str(NOMBRE_MES[mes]).lower()


def _meses(meses) -> str:
    return ", ".join(_mes(m) for m in sorted(meses))


class PlanForm(EnTu, forms.ModelForm):
    """The plan's general data and sections, plus its calendar as a grid of checkboxes named
    ``c-<stage key>-<grade>-<month>``: the stage's key in the stage list (``e<id>`` for a stored one,
    the browser's for a new one) or, from older pages, its number. EdicionPlan reads the grid back
    with the stage list (``leer_calendario``)."""

    compromisos = forms.TypedMultipleChoiceField(
        label=_("Compromisos de gestión que aborda"),
        coerce=int,
        required=False,
        choices=[(n, _("Compromiso %(n)d") % {"n": n}) for n in COMPROMISOS_GESTION],
        widget=forms.CheckboxSelectMultiple,
    )
    aulas = forms.CharField(
        label=_("Aulas que acompañas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Una por línea, por ejemplo «Aula Los Patitos (3 años)». Déjalo vacío para organizar el "
            "calendario por edades: 3, 4 y 5 años."
        ),
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
            "aulas",
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
        self.inicial = institucion.modalidad == Modalidad.EBR_INICIAL
        if self.inicial:
            self.initial.setdefault("aulas", "\n".join(self.instance.aulas or []))
        else:
            del self.fields["aulas"]  # only inicial names classrooms
        for campo in self.TEXTOS:
            # The limit is checked in clean(), after line breaks are normalised as the browser counts.
            self.fields[campo].max_length = None
            self.fields[campo].widget = forms.Textarea(attrs={"rows": 3, "maxlength": LARGO_TEXTO})
        if not self.instance.pk:
            self.initial.setdefault("anio", timezone.localdate().year)
        else:
            self.initial.setdefault("version", self.instance.version)
        self.periodo_guardado = (self.instance.mes_inicio, self.instance.mes_fin)
        self.errores_calendario: list[str] = []
        self.marcadas: set[tuple[int, int, int]] = (
            {(c.etapa, c.grado, c.mes) for c in self.instance.celdas.all()} if self.instance.pk else set()
        )

    def clean_aulas(self):
        aulas = [una_linea(a) for a in (self.cleaned_data.get("aulas") or "").splitlines()]
        aulas = [a[:60] for a in aulas if a]
        if len(aulas) > MAX_GRADOS:
            raise ValidationError(
                _("Hasta %(n)d aulas: agrupa las demás o organiza el calendario por edades.")
                % {"n": MAX_GRADOS}
            )
        antes = list(self.instance.aulas or [])
        reordena = bool(aulas) != bool(antes) or len(aulas) < len(antes)
        if self.instance.pk and aulas != antes and reordena and self.instance.celdas.exists():
            raise ValidationError(
                _(
                    "El calendario ya tiene marcas por %(antes)s: cambiar a %(ahora)s las movería de "
                    "grado. Desmarca el calendario y guarda antes de cambiarlo, o solo renombra las "
                    "aulas o agrega otras al final."
                )
                % {
                    "antes": _("aula") if self.instance.aulas else _("edad"),
                    "ahora": _("aulas") if aulas else _("edades"),
                }
            )
        return aulas

    def grados(self) -> list[tuple[int, str]]:
        """The grades of the grid: the school's level (the classrooms being written, for inicial)."""
        if self.inicial and self.is_bound:
            aulas = [a for a in (una_linea(x) for x in str(self.data.get("aulas") or "").splitlines()) if a]
        else:
            aulas = self.instance.aulas
        return grados_de(self.instance.institucion.modalidad, aulas)

    def periodo(self) -> list[int]:
        """The months of the plan's period as the page now says (the stored one when it is wrong), and
        any month a marked cell holds (so that a mark outside a narrowed period is seen, not lost)."""
        inicio, fin = self.periodo_guardado
        if not (inicio in NOMBRE_MES and fin in NOMBRE_MES and inicio <= fin):
            inicio, fin = PRIMER_MES, ULTIMO_MES
        if self.is_bound:
            leido = (entero(str(self.data.get("mes_inicio"))), entero(str(self.data.get("mes_fin"))))
            if all(m in NOMBRE_MES for m in leido) and leido[0] <= leido[1]:
                inicio, fin = leido
        marcados = {m for _e, _g, m in self.marcadas}
        return [m for m, _n in MESES if inicio <= m <= fin or m in marcados]

    def leer_calendario(self, claves: dict[str, int] | None):
        """The marked cells from the grid: ``claves`` maps each stage's key in the stage list to its
        number (its place); None when the page sent no stage list (numbers only, up to the stages
        stored or the grid's first four)."""
        numeros = claves or {}
        if claves is not None:
            tope = len(numeros)
        elif self.instance.pk:
            tope = max(len(self.instance.etapas()), ETAPAS_SIN_NOMBRE)
        else:
            tope = ETAPAS_SIN_NOMBRE
        grados = {g for g, _n in self.grados()}
        marcadas = set()
        for nombre in self.data:
            partes = nombre.split("-")
            if len(partes) != 4 or partes[0] != "c":
                continue
            clave, grado, mes = partes[1:]
            if not all(p.isascii() and p.isdigit() and len(p) <= 2 for p in (grado, mes)):
                continue
            if clave.isascii() and clave.isdigit() and len(clave) <= 2:
                etapa = int(clave)
                if not 1 <= etapa <= tope:
                    continue
            elif clave in numeros:
                etapa = numeros[clave]
            else:
                continue
            grado, mes = int(grado), int(mes)
            if grado in grados and PRIMER_MES <= mes <= ULTIMO_MES and etapa <= MAX_ETAPAS:
                marcadas.add((etapa, grado, mes))
        self.marcadas = marcadas

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
        return datos

    def revisar_calendario(self, meses_etapas: dict[int, set[int]] | None, etapas_quitadas=(), mapa=None):
        """After the stage list is read: the marked cells inside the period and their stage's months,
        and the recorded visits still inside the plan. ``meses_etapas``: each stage's months by its new
        number (None: no stage list sent); ``mapa``: old stage number → new one."""
        datos = self.cleaned_data
        anio, inicio, fin = datos.get("anio"), datos.get("mes_inicio"), datos.get("mes_fin")
        periodo_valido = inicio and fin and inicio <= fin
        fuera = sorted({mes for _e, _g, mes in self.marcadas if periodo_valido and not inicio <= mes <= fin})
        if fuera:
            self.errores_calendario.append(
                _("El calendario marca meses fuera del periodo del plan: %(meses)s.")
                % {"meses": _meses(fuera)}
            )
        elif meses_etapas is not None:
            ajenas: dict[int, set[int]] = {}
            for e, _g, m in self.marcadas:
                if m not in meses_etapas.get(e, set()):
                    ajenas.setdefault(e, set()).add(m)
            for e, meses in sorted(ajenas.items()):
                self.errores_calendario.append(
                    _(
                        "La etapa %(n)d marca %(meses)s, que no está entre sus meses: agrega el mes a la "
                        "etapa o desmarca esas casillas."
                    )
                    % {"n": e, "meses": _meses(meses)}
                )
        if self.instance.pk and anio and periodo_valido:
            self._sin_dejar_visitas_fuera(anio, inicio, fin, meses_etapas, mapa or {})
        for error in self.errores_calendario:
            self.add_error(None, error)

    def _sin_dejar_visitas_fuera(self, anio, inicio, fin, meses_etapas, mapa):
        """Recorded visits must still fit the plan: its year, its period, one of its stages."""
        if meses_etapas is not None:
            etapas = set(meses_etapas)
        else:
            etapas = {etapa for etapa, _g, _m in self.marcadas} | {
                e.orden for e in self.instance.etapas_del_plan.all()
            }
        fuera = [
            v
            for v in self.instance.visitas.all()
            if v.fecha.year != anio
            or not inicio <= v.fecha.month <= fin
            or (etapas and mapa.get(v.etapa, v.etapa) not in etapas)
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


class EtapaFila(FilaForm):
    """A stage of the plan: its name and its months (inside the plan's period, checked by
    EdicionPlan, which knows the period being written)."""

    nombre = forms.CharField(
        label=_("Nombre de la etapa"),
        max_length=100,
        required=False,
        help_text=_("Por ejemplo «Primera visita» o «Diagnóstico»."),
    )
    meses = forms.TypedMultipleChoiceField(
        label=_("Meses de la etapa"),
        coerce=int,
        choices=MESES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Marca al menos un mes de la etapa, o quita la etapa.")},
    )

    def clean(self):
        datos = super().clean()
        if datos.get("nombre"):
            datos["nombre"] = una_linea(datos["nombre"])
        if "meses" in datos:
            datos["meses"] = sorted(set(datos["meses"]))
        return datos


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


# A new plan starts with the three rounds of visits of the school's document (seeds/004).
ETAPAS_NUEVAS = [
    {"clave": "n1", "nombre": "", "meses": [4, 5, 6]},
    {"clave": "n2", "nombre": "", "meses": [7, 8, 9]},
    {"clave": "n3", "nombre": "", "meses": [10, 11, 12]},
]


class EdicionPlan:
    """The plan form, its stages and its three lists (activities, approaches, objectives), valid
    together; the calendar grid is read with the stages' keys.

    A list the request does not carry (no ``<prefix>-TOTAL_FORMS``: a client that does not send it)
    is left as it is stored, not emptied."""

    def __init__(self, datos, *, plan: PlanMonitoreo, institucion):
        self.form = PlanForm(datos, instance=plan, institucion=institucion)
        self.plan = plan
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
        self.etapas_enviadas = datos is not None and "etapas-TOTAL_FORMS" in datos
        if plan.pk:
            guardadas = inicial(plan.etapas_del_plan.all(), ["nombre", "meses"])
        else:
            guardadas = [dict(e) for e in ETAPAS_NUEVAS]
        self.etapas = lista(EtapaFila, MAX_ETAPAS)(
            datos if self.etapas_enviadas else None,
            prefix="etapas",
            initial=None if self.etapas_enviadas else guardadas,
        )
        if datos is not None:
            self.form.leer_calendario(self.claves() if self.etapas_enviadas else None)

    def claves(self) -> dict[str, int]:
        """Each stage row's key (``e<id>`` for a stored one) and its number: its place in the list."""
        filas = self.etapas.filas_llenas() if self.etapas.is_bound else self.etapas.forms
        claves = {}
        for numero, fila in enumerate(filas, start=1):
            if fila.is_bound:
                clave, ident = fila["clave"].value(), entero(str(fila["id"].value() or ""))
            else:
                clave, ident = fila.initial.get("clave"), fila.initial.get("id")
            for k in (clave, f"e{ident}" if ident else None):
                if k:
                    claves.setdefault(k, numero)
        return claves

    def is_valid(self) -> bool:
        validas = [
            self.form.is_valid(),
            *[self.listas[n].is_valid() for n in self.enviadas],
            not self.etapas_enviadas or self.etapas.is_valid(),
        ]
        if validas[0] and not getattr(self, "_revisadas", False):
            self._revisadas = True
            self._revisar_etapas()
        return all(validas) and self.form.is_valid() and (not self.etapas_enviadas or self.etapas.is_valid())

    def _revisar_etapas(self):
        """Each stage's months inside the period being written (the error at the stage's months), and
        the calendar against the stages."""
        datos = self.form.cleaned_data
        inicio, fin = datos.get("mes_inicio"), datos.get("mes_fin")
        if not self.etapas_enviadas:
            self.form.revisar_calendario(None)
            return
        if not self.etapas.is_valid():
            return
        meses_etapas, mapa = {}, {}
        previas = {e.pk: e.orden for e in self.plan.etapas_del_plan.all()} if self.plan.pk else {}
        for numero, fila in enumerate(self.etapas.filas_llenas(), start=1):
            meses = fila.cleaned_data.get("meses") or []
            meses_etapas[numero] = set(meses)
            if (ident := fila.cleaned_data.get("id")) in previas:
                mapa[previas.pop(ident)] = numero
            fuera = [m for m in meses if inicio and fin and not inicio <= m <= fin]
            if fuera:
                fila.add_error(
                    "meses",
                    _(
                        "%(meses)s queda fuera del periodo del plan (%(inicio)s a %(fin)s): cambia el "
                        "periodo o quita ese mes de la etapa."
                    )
                    % {"meses": _meses(fuera).capitalize(), "inicio": _mes(inicio), "fin": _mes(fin)},
                )
        quitadas = set(previas.values())
        con_visitas = sorted(quitadas & {v.etapa for v in self.plan.visitas.all()}) if self.plan.pk else []
        if con_visitas:
            self.form.errores_calendario.append(
                _(
                    "La etapa %(n)d tiene visitas registradas: corrígelas o elimínalas antes de quitar "
                    "la etapa."
                )
                % {"n": con_visitas[0]}
            )
        for viejo in quitadas:
            mapa[viejo] = None
        self.form.revisar_calendario(meses_etapas, mapa=mapa)

    @property
    def errores(self) -> bool:
        return (
            bool(self.form.errors)
            or any(self.listas[n].total_error_count() for n in self.enviadas)
            or (self.etapas_enviadas and bool(self.etapas.total_error_count()))
        )

    def filas(self) -> dict[str, list[dict]]:
        """The lists sent, as comun.listas.sincronizar takes them (call after is_valid())."""
        return {nombre: self.listas[nombre].filas() for nombre in self.enviadas}

    def filas_etapas(self) -> list[dict] | None:
        """The stages in their new order, as services.plan_guardar takes them; None when not sent."""
        if not self.etapas_enviadas:
            return None
        return [
            {"id": f.get("id"), "nombre": f.get("nombre", ""), "meses": f.get("meses", [])}
            for f in self.etapas.filas()
        ]

    def calendario(self) -> list[dict]:
        """The grid to draw: per stage row (its key, number, name, months), per grade, per month of
        the period a cell (checkbox name, month, marked, inside the stage's months)."""
        periodo = self.form.periodo()
        grados = self.form.grados()
        marcadas = self.form.marcadas
        claves = self.claves()
        filas = self.etapas.filas_llenas() if self.etapas.is_bound else self.etapas.forms
        bloques = []
        for numero, fila in enumerate(filas, start=1):
            clave = next((k for k, n in claves.items() if n == numero), None)
            if clave is None:
                continue
            if fila.is_bound:
                meses = {entero(str(m)) for m in fila["meses"].value() or []}
                nombre = fila["nombre"].value() or ""
            else:
                meses, nombre = set(fila.initial.get("meses") or []), fila.initial.get("nombre") or ""
            etiqueta = _("Etapa %(n)d") % {"n": numero}
            bloques.append(
                {
                    "clave": clave,
                    "numero": numero,
                    "etiqueta": etiqueta,
                    "nombre": nombre,
                    "meses": [(m, NOMBRE_MES[m], m in meses) for m in periodo],
                    "grados": [
                        {
                            "grado": grado,
                            "nombre": nombre_grado,
                            "celdas": [
                                {
                                    "nombre": f"c-{clave}-{grado}-{mes}",
                                    "mes": mes,
                                    "nombre_mes": NOMBRE_MES[mes],
                                    "marcada": (numero, grado, mes) in marcadas,
                                    "activa": mes in meses,
                                    "etiqueta": f"{etiqueta}, {nombre_grado}, {_mes(mes)}",
                                }
                                for mes in periodo
                            ],
                        }
                        for grado, nombre_grado in grados
                    ],
                }
            )
        return bloques
