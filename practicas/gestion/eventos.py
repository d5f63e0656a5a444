"""DIFOCA's events: the list, a new event, the report's editor (one page in the report's order,
seeds/001), its photos, and publishing or withdrawing the report."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import historial
from comun.formularios import EnTu, FilaForm, Lista, inicial, lista
from comun.texto import entero
from practicas import services
from practicas.cifras import cifras_cop
from practicas.contenido import (
    CAMPOS_EVENTO,
    ConflictoVersion,
    Documento,
    evento_crear,
    evento_guardar,
    foto_agregar,
)
from practicas.gestion.comun import evento_de, exigir_gestion
from practicas.gestion.formularios import Linea, Texto
from practicas.gestion.galeria import FotosLista
from practicas.models import BuenaPractica, EstadoPractica, Evento
from territorio.models import Region

FORMATO = gettext_lazy(
    'Formato: deja una línea en blanco entre párrafos; empieza con "- " cada punto de una lista; '
    "**texto** en negrita."
)
TEXTOS_LARGOS = (
    "presentacion",
    "resumen_ejecutivo",
    "cop",
    "ruta_fortalecimiento",
    "red_gestores",
    "desarrollo",
    "dia1",
    "visita",
    "visita_instituciones",
)
# How many photos one upload may bring.
FOTOS_POR_SUBIDA = 20


def _fecha(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


class FechasEnOrden:
    """The end date next to its field, in Spanish, before the database's check would refuse it."""

    def clean(self):
        datos = super().clean()
        inicio, fin = datos.get("fecha_inicio"), datos.get("fecha_fin")
        if inicio and fin and fin < inicio:
            self.add_error("fecha_fin", _("La fecha de fin no puede ser anterior a la de inicio."))
        return datos


def limpios(modelo, campos) -> dict[str, type[forms.CharField]]:
    """comun.texto's cleaning for a model form's text fields: running text keeps its line breaks, a
    one-line value is folded (a control character pasted in reached the report and its PDF raw)."""
    clases = {}
    for nombre in campos:
        campo = modelo._meta.get_field(nombre)
        if isinstance(campo, models.TextField):
            clases[nombre] = Texto
        elif isinstance(campo, models.CharField) and not campo.choices:
            clases[nombre] = Linea
    return clases


class EventoNuevoForm(EnTu, FechasEnOrden, forms.ModelForm):
    class Meta:
        model = Evento
        fields = ("nombre", "macrorregion", "region_anfitriona", "sede", "fecha_inicio", "fecha_fin")
        field_classes = limpios(Evento, fields)
        widgets = {"fecha_inicio": _fecha(), "fecha_fin": _fecha()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_anfitriona"].queryset = Region.objects.order_by("nombre")


class EventoForm(EnTu, FechasEnOrden, forms.ModelForm):
    """The event's own fields and its participating regions (checkboxes: they work on a phone)."""

    class Meta:
        model = Evento
        fields = (*CAMPOS_EVENTO, "regiones")
        field_classes = limpios(Evento, CAMPOS_EVENTO)
        widgets = {
            "fecha_inicio": _fecha(),
            "fecha_fin": _fecha(),
            "regiones": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            **{c: forms.Textarea(attrs={"rows": 6}) for c in TEXTOS_LARGOS},
            "visita_instituciones": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_anfitriona"].queryset = Region.objects.order_by("nombre")
        self.fields["regiones"].queryset = Region.objects.order_by("nombre")
        for nombre in TEXTOS_LARGOS:
            ayuda = self.fields[nombre].help_text
            self.fields[nombre].help_text = f"{ayuda} {FORMATO}" if ayuda else FORMATO


class PresentacionForm(FilaForm):
    """A practice of the programme, with the report's shorter version of its sheet."""

    practica = forms.TypedChoiceField(label=gettext_lazy("Práctica"), coerce=int, choices=())
    problema = Texto(
        label=gettext_lazy("Problema (versión del reporte)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    estrategia = Texto(
        label=gettext_lazy("Estrategia (versión del reporte)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resultados = Texto(
        label=gettext_lazy("Resultados (versión del reporte)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, opciones=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One list of choices for every row: no query per row.
        self.fields["practica"].choices = opciones


class TestimonioForm(FilaForm):
    autor = Linea(label=gettext_lazy("Autor"), max_length=200)
    cargo = Linea(label=gettext_lazy("Cargo o institución"), max_length=200, required=False)
    texto = Texto(label=gettext_lazy("Testimonio"), widget=forms.Textarea(attrs={"rows": 4}))


class VariasFotos(forms.ClearableFileInput):
    allow_multiple_selected = True


class SubidaFotos(forms.FileField):
    """Several files from one <input multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", VariasFotos(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        archivos = data if isinstance(data, list | tuple) else [data]
        # Each file is checked by foto_agregar, one by one: one bad file does not refuse the rest.
        archivos = [a for a in archivos if a]
        if not archivos:
            raise ValidationError(_("Elige al menos una foto."), code="required")
        if len(archivos) > FOTOS_POR_SUBIDA:
            raise ValidationError(_("Sube hasta %(n)d fotos a la vez.") % {"n": FOTOS_POR_SUBIDA})
        return archivos


class SubirFotosForm(EnTu, forms.Form):
    imagenes = SubidaFotos(
        label=gettext_lazy("Fotos"),
        help_text=gettext_lazy("Puedes elegir varias a la vez. Luego escribe la leyenda de cada una."),
    )


LISTAS = {
    "presentaciones": (PresentacionForm, ("practica", "problema", "estrategia", "resultados")),
    "testimonios": (TestimonioForm, ("autor", "cargo", "texto")),
}


def _version(request: HttpRequest, evento: Evento) -> int:
    """The version the page was drawn from; a page that does not say is treated as an older copy."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise ConflictoVersion(evento) from None


def _practicas() -> dict[int, BuenaPractica]:
    """Every practice a programme may name, read once for all the rows."""
    qs = BuenaPractica.objects.select_related("region").only(
        "id", "titulo", "estado", "anio", "region__nombre"
    )
    return {p.pk: p for p in qs.order_by("titulo", "pk")}


def _opciones(practicas: dict[int, BuenaPractica]) -> list:
    publicadas = [
        (p.pk, f"{p.titulo} — {p.region.nombre}, {p.anio}")
        for p in practicas.values()
        if p.estado == EstadoPractica.PUBLICADA
    ]
    otras = [
        (p.pk, f"{p.titulo} — {p.region.nombre}, {p.anio} ({p.get_estado_display().lower()})")
        for p in practicas.values()
        if p.estado != EstadoPractica.PUBLICADA
    ]
    opciones: list = [("", _("— Elige una práctica —"))]
    if publicadas:
        opciones.append((_("Publicadas"), publicadas))
    if otras:
        opciones.append((_("Sin publicar (el reporte publicado no las admite)"), otras))
    return opciones


def _lista(nombre: str, evento: Evento, datos=None, opciones=()) -> Lista:
    form, campos = LISTAS[nombre]
    kwargs: dict[str, Any] = {"prefix": nombre}
    if nombre == "presentaciones":
        kwargs["form_kwargs"] = {"opciones": opciones}
    if datos is not None:
        return lista(form)(datos, **kwargs)
    return lista(form)(initial=inicial(getattr(evento, nombre).all(), list(campos)), **kwargs)


def lista_eventos(request: HttpRequest) -> HttpResponse:
    """DIFOCA's events, newest first, with how many practices each presents."""
    exigir_gestion(request)
    qs = (
        Evento.objects.select_related("region_anfitriona")
        .annotate(n_practicas=Count("presentaciones"))
        .order_by("-fecha_inicio", "nombre")
    )
    pagina = Paginator(qs, 25).get_page(request.GET.get("pagina"))
    return render(request, "practicas/gestion/eventos.html", {"pagina": pagina, "filtros": {}})


def nuevo(request: HttpRequest) -> HttpResponse:
    """The event's first data; the rest is written in the editor."""
    exigir_gestion(request)
    form = EventoNuevoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evento = evento_crear(usuario=request.user, **form.cleaned_data)
        except ValidationError as e:
            _errores_en(form, e)
        else:
            messages.success(request, _("Evento creado: completa su reporte."))
            return redirect("practicas:gestion_evento", evento.pk)
    return render(request, "practicas/gestion/evento_nuevo.html", {"form": form})


def _errores_en(form: forms.Form, error: ValidationError) -> None:
    for campo, mensajes in (
        error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    ).items():
        form.add_error(campo if campo in form.fields else None, mensajes)


def editor(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole report on one page, saved with «Guardar». What is valid is saved; a list with an
    invalid row is left as it was stored and stays on screen as typed, with its errors."""
    evento = evento_de(request, pk, Evento.objects.select_related("editado_por"))
    practicas = _practicas()
    opciones = _opciones(practicas)
    guardado_nombre = evento.nombre
    version = evento.version
    conflicto = None
    errores_listas: dict[str, list[str]] = {}
    if request.method == "POST":
        form = EventoForm(request.POST, instance=evento)
        listas = {n: _lista(n, evento, request.POST, opciones) for n in LISTAS}
        documento = Documento()
        regiones = None
        if form.is_valid():
            documento.campos = {c: form.cleaned_data[c] for c in CAMPOS_EVENTO}
            regiones = form.cleaned_data["regiones"]
        for nombre, formset in listas.items():
            if formset.is_valid():
                filas = formset.filas()
                if nombre == "presentaciones":
                    filas = [{**f, "practica": practicas[f["practica"]]} for f in filas]
                documento.listas[nombre] = filas
        guardado = None
        while documento.campos or documento.listas:
            try:
                guardado = evento_guardar(
                    evento=evento,
                    usuario=request.user,
                    version=_version(request, evento),
                    documento=documento,
                    regiones=regiones,
                )
                break
            except ConflictoVersion as e:
                conflicto = e.actual
                break
            except ValidationError as e:
                # Leave out the part the service refused, say why next to it, and save the rest.
                antes = (len(documento.campos), len(documento.listas))
                for clave, mensajes in _por_clave(e).items():
                    if clave in documento.listas:
                        del documento.listas[clave]
                        errores_listas.setdefault(clave, []).extend(mensajes)
                    else:
                        documento.campos, regiones = {}, None
                        form.add_error(clave if clave in form.fields else None, mensajes)
                if (len(documento.campos), len(documento.listas)) == antes:
                    documento = Documento()
        todo_valido = form.is_valid() and not errores_listas and all(f.is_valid() for f in listas.values())
        if guardado is not None and todo_valido:
            messages.success(request, _("Reporte guardado."))
            return redirect("practicas:gestion_evento", evento.pk)
        if conflicto is not None:
            version = conflicto.version
            autor = conflicto.editado_por
            quien = (autor.get_full_name() or autor.get_username()) if autor else _("Otra persona")
            cuando = (
                date_format(localtime(conflicto.editado_en), "j \\d\\e F, H:i")
                if conflicto.editado_en
                else ""
            )
            messages.error(
                request,
                _(
                    "%(quien)s guardó este evento (%(cuando)s) mientras lo editabas: no se guardó nada de lo "
                    "tuyo, que sigue aquí. Revisa su versión en otra pestaña; si vuelves a guardar, lo "
                    "tuyo reemplazará lo suyo."
                )
                % {"quien": quien, "cuando": cuando},
            )
        elif guardado is not None:
            version = guardado.version
            # Saved lists are shown as stored: new rows need their ids for the next save.
            for nombre in documento.listas:
                listas[nombre] = _lista(nombre, guardado, None, opciones)
            messages.error(
                request,
                _(
                    "Se guardó lo demás; lo marcado en rojo no se guardó todavía y sigue aquí "
                    "como lo escribiste."
                ),
            )
        else:
            version = entero(request.POST.get("version", "")) or evento.version
            messages.error(
                request, _("No se guardó nada: revisa lo marcado en rojo; lo que escribiste sigue aquí.")
            )
    else:
        form = EventoForm(instance=evento)
        listas = {n: _lista(n, evento, None, opciones) for n in LISTAS}
    context = {
        "evento": evento,
        "nombre_guardado": guardado_nombre,
        "form": form,
        "version": version,
        "conflicto": conflicto,
        "presentaciones": listas["presentaciones"],
        "filas_presentaciones": [
            (f, _practica_de_fila(f, practicas)) for f in listas["presentaciones"].forms
        ],
        "testimonios": listas["testimonios"],
        "errores_listas": errores_listas,
        "cifras": cifras_cop(),
        "historial": historial.entradas(evento, estados=True),
        "formato": FORMATO,
        "n_fotos": evento.fotos.count(),
    }
    return render(request, "practicas/gestion/evento_editar.html", context)


def _por_clave(error: ValidationError) -> dict[str | None, list[str]]:
    if hasattr(error, "error_dict"):
        return {(None if k == "__all__" else k): v for k, v in error.message_dict.items()}
    return {None: error.messages}


def _practica_de_fila(form: forms.Form, practicas: dict[int, BuenaPractica]) -> BuenaPractica | None:
    try:
        return practicas.get(int(form["practica"].value()))
    except (TypeError, ValueError):
        return None


def fotos(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's photos: upload several, then caption, order or remove them."""
    evento = evento_de(request, pk)
    subida = SubirFotosForm()
    datos = version_pagina = None
    if request.method == "POST" and "subir" in request.POST:
        subida = SubirFotosForm(request.POST, request.FILES)
        if subida.is_valid():
            rechazadas, n = [], 0
            for archivo in subida.cleaned_data["imagenes"]:
                try:
                    foto_agregar(evento=evento, usuario=request.user, archivo=archivo)
                    n += 1
                except ValidationError as e:
                    rechazadas.append(f"{archivo.name}: {' '.join(e.messages)}")
            for r in rechazadas:
                subida.add_error("imagenes", r)
            if n:
                messages.success(request, _("Fotos agregadas: %(n)d. Escribe su leyenda abajo.") % {"n": n})
            if not rechazadas:
                return redirect("practicas:gestion_evento_fotos", evento.pk)
    elif request.method == "POST":
        datos = request.POST
        formset = FotosLista(datos, prefix="fotos")
        if formset.is_valid():
            try:
                evento_guardar(
                    evento=evento,
                    usuario=request.user,
                    version=_version(request, evento),
                    # Pictures come by upload: a row without id is not a photo.
                    documento=Documento(listas={"fotos": [f for f in formset.filas() if f["id"]]}),
                )
            except ConflictoVersion:
                # The page keeps the version it was drawn from: saving it again conflicts again
                # (photos uploaded meanwhile are not on it, and would be taken as removed).
                version_pagina = entero(request.POST.get("version", ""))
                messages.error(
                    request,
                    _(
                        "Alguien cambió las fotos mientras las editabas: no se guardó nada. "
                        "Recarga la página."
                    ),
                )
            else:
                messages.success(request, _("Fotos guardadas."))
                return redirect("practicas:gestion_evento_fotos", evento.pk)
    almacenadas = list(evento.fotos.all())
    if datos is None:
        formset = FotosLista(initial=inicial(almacenadas, ["leyenda"]), prefix="fotos")
    por_pk = {f.pk: f for f in almacenadas}
    filas = []
    for form in formset.forms:
        try:
            foto = por_pk.get(int(form["id"].value()))
        except (TypeError, ValueError):
            foto = None
        filas.append((form, foto))
    return render(
        request,
        "practicas/gestion/evento_fotos.html",
        {
            "evento": evento,
            "subida": subida,
            "fotos": formset,
            "filas": filas,
            "version": version_pagina if version_pagina is not None else evento.version,
        },
    )


@require_POST
def publicar(request: HttpRequest, pk: int) -> HttpResponse:
    evento = evento_de(request, pk)
    try:
        services.evento_publicar(evento=evento, usuario=request.user)
    except ValidationError as e:
        messages.error(request, _("No se publicó el reporte. %(motivo)s") % {"motivo": " ".join(e.messages)})
    else:
        messages.success(request, _("Reporte publicado: ya lo ve todo el mundo."))
    return redirect("practicas:gestion_evento", evento.pk)


@require_POST
def retirar(request: HttpRequest, pk: int) -> HttpResponse:
    evento = evento_de(request, pk)
    try:
        services.evento_retirar(evento=evento, usuario=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Reporte retirado: ya no aparece en el sitio público."))
    return redirect("practicas:gestion_evento", evento.pk)
