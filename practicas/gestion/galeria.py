"""A practice's gallery (photos uploaded several at a time, captioned, ordered, removed) and the
guest expert's feedback (add, edit, delete). DIFOCA and the Administrador only (``practica_de``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from comun.formularios import EnTu, FilaForm, inicial, lista
from practicas import contenido
from practicas.gestion.comun import practica_de
from practicas.gestion.formularios import Linea, Texto
from practicas.models import BuenaPractica, ComentarioExperto, Evento

# More files than this in one upload are refused as a whole (Django's own cap is 100 per request).
MAXIMO_POR_SUBIDA = 30
ACEPTA = "image/jpeg,image/png,image/webp"
PISTA_PUNTOS = gettext_lazy(
    'Un punto por línea, empezando con "- ". Puedes empezar con una frase de introducción.'
)


# --- Gallery -----------------------------------------------------------------------------------


class VariosArchivos(forms.ClearableFileInput):
    allow_multiple_selected = True


class VariasFotos(forms.FileField):
    """Several files in one field (Django's "Uploading multiple files" pattern). An empty or odd file
    is not refused here: each goes to ``foto_agregar``, which says why it is refused, by its name."""

    widget = VariosArchivos

    def clean(self, data, initial=None):
        archivos = [a for a in (data if isinstance(data, list | tuple) else [data]) if a]
        if not archivos:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(archivos) > MAXIMO_POR_SUBIDA:
            raise ValidationError(
                _("Sube hasta %(n)d fotos a la vez.") % {"n": MAXIMO_POR_SUBIDA}, code="demasiadas"
            )
        return archivos


class SubidaForm(EnTu, forms.Form):
    fotos = VariasFotos(
        label=gettext_lazy("Fotos"),
        help_text=gettext_lazy(
            "Puedes elegir varias a la vez: JPEG, PNG o WebP. Cada una se reduce para la web; "
            "su leyenda será el nombre del archivo hasta que la cambies abajo."
        ),
        error_messages={"required": gettext_lazy("Elige al menos una foto.")},
        widget=VariosArchivos(attrs={"accept": ACEPTA}),
    )


class FotoFila(FilaForm):
    leyenda = Linea(
        label=gettext_lazy("Leyenda"),
        max_length=300,
        error_messages={"required": gettext_lazy("Escribe una leyenda para esta foto.")},
    )

    def has_changed(self) -> bool:
        # A stored photo whose caption was emptied is still a row (and an error), never a removal.
        return bool(self["id"].value()) or super().has_changed()


FotosLista = lista(FotoFila)


def _ids(texto: str) -> list[int]:
    return [int(p) for p in texto.split(",") if p.strip().isdigit()]


def _pagina_galeria(
    request: HttpRequest,
    practica: BuenaPractica,
    *,
    subida: SubidaForm | None = None,
    filas: forms.BaseFormSet | None = None,
    rechazadas: list[tuple[str, list[str]]] | None = None,
    agregadas: int = 0,
    conflicto: BuenaPractica | None = None,
    status: int = 200,
) -> HttpResponse:
    fotos = {f.pk: f for f in practica.fotos.all()}
    if filas is None:
        filas = FotosLista(prefix="fotos", initial=inicial(fotos.values(), ["leyenda"]))
    filas_con_foto = []
    for form in filas.forms:
        foto = fotos.get(_entero(form["id"].value()))
        if foto is not None:  # a row of a photo deleted meanwhile is not shown
            filas_con_foto.append((form, foto))
    return render(
        request,
        "practicas/gestion/galeria.html",
        {
            "practica": practica,
            "pestana": "galeria",
            "subida": subida or SubidaForm(),
            "filas": filas,
            "filas_con_foto": filas_con_foto,
            "cargadas": ",".join(str(form_foto[1].pk) for form_foto in filas_con_foto),
            "rechazadas": rechazadas or [],
            "agregadas": agregadas,
            "conflicto": conflicto,
            "acepta": ACEPTA,
        },
        status=status,
    )


def _entero(valor) -> int | None:
    try:
        return int(valor)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def galeria(request: HttpRequest, pk: int) -> HttpResponse:
    practica = practica_de(request, pk)
    if request.method == "POST" and "subir" in request.POST:
        return _subir(request, practica)
    if request.method == "POST":
        return _guardar(request, practica)
    return _pagina_galeria(request, practica)


def _subir(request: HttpRequest, practica: BuenaPractica) -> HttpResponse:
    """Each file is added on its own: one refused does not stop the others."""
    subida = SubidaForm(request.POST, request.FILES)
    if not subida.is_valid():
        return _pagina_galeria(request, practica, subida=subida, status=422)
    agregadas, rechazadas = 0, []
    for archivo in subida.cleaned_data["fotos"]:
        try:
            contenido.foto_agregar(practica=practica, usuario=request.user, archivo=archivo)
        except ValidationError as error:
            rechazadas.append((archivo.name, error.messages))
        else:
            agregadas += 1
    if agregadas:
        messages.success(
            request,
            ngettext(
                "Se agregó %(n)d foto a la galería.", "Se agregaron %(n)d fotos a la galería.", agregadas
            )
            % {"n": agregadas},
        )
    if not rechazadas:
        return redirect("practicas:gestion_galeria", practica.pk)
    # The page is drawn again (not redirected) to say why each file was refused; the gallery and
    # its version are read afresh, since every photo added raised the version.
    practica.refresh_from_db(fields=["version"])
    return _pagina_galeria(request, practica, rechazadas=rechazadas, agregadas=agregadas, status=422)


def _guardar(request: HttpRequest, practica: BuenaPractica) -> HttpResponse:
    filas = FotosLista(request.POST, prefix="fotos")
    version = _entero(request.POST.get("version"))
    if version is None:
        raise Http404
    if not filas.is_valid():
        return _pagina_galeria(request, practica, filas=filas, status=422)
    # Only stored photos: this page adds pictures by upload, never a caption without its picture.
    datos = [{"id": f["id"], "leyenda": f["leyenda"]} for f in filas.filas() if f["id"]]
    try:
        contenido.practica_guardar(
            practica=practica,
            usuario=request.user,
            version=version,
            documento=contenido.Documento(listas={"fotos": datos}),
        )
    except contenido.ConflictoVersion as conflicto:
        return _conflicto(request, practica, conflicto.actual, datos)
    except ValidationError as error:
        for mensaje in error.messages:
            filas._non_form_errors = filas.error_class([*filas.non_form_errors(), mensaje])
        return _pagina_galeria(request, practica, filas=filas, status=422)
    messages.success(request, _("Se guardó la galería."))
    return redirect("practicas:gestion_galeria", practica.pk)


def _conflicto(
    request: HttpRequest, practica: BuenaPractica, actual: BuenaPractica, datos: list[dict]
) -> HttpResponse:
    """Nothing was written. The page comes back with the captions and order as typed, the photos
    added elsewhere since (after them, so that saving again does not remove them) and the current
    version, so that saving again keeps what is shown."""
    cargadas = set(_ids(request.POST.get("cargadas", "")))
    existentes = list(practica.fotos.all())
    propias = {f.pk for f in existentes}
    filas = [d for d in datos if d["id"] in propias]
    filas += [{"id": f.pk, "leyenda": f.leyenda} for f in existentes if f.pk not in cargadas]
    practica.version = actual.version
    formset = FotosLista(prefix="fotos", initial=[{**f, "clave": f"e{f['id']}"} for f in filas])
    return _pagina_galeria(request, practica, filas=formset, conflicto=actual, status=409)


# --- Expert feedback ---------------------------------------------------------------------------


class ComentarioForm(EnTu, forms.Form):
    # Linea and Texto: comun.texto's cleaning (a control character pasted in reached the PDFs raw).
    experto = Linea(
        label=gettext_lazy("Experto invitado (nombre)"),
        max_length=200,
        error_messages={"required": gettext_lazy("Escribe el nombre del experto invitado.")},
    )
    cargo = Linea(label=gettext_lazy("Cargo"), max_length=200, required=False)
    institucion = Linea(label=gettext_lazy("Institución"), max_length=200, required=False)
    evento = forms.ModelChoiceField(
        label=gettext_lazy("Evento"),
        queryset=Evento.objects.order_by("-fecha_inicio", "pk"),
        required=False,
        empty_label=gettext_lazy("Fuera de un evento"),
        help_text=gettext_lazy("El intercambio donde el experto comentó la práctica."),
    )
    aspectos_clave = Texto(
        label=gettext_lazy("Aspectos clave de la práctica"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=PISTA_PUNTOS,
        error_messages={"required": gettext_lazy("Escribe al menos un aspecto clave de la práctica.")},
    )
    oportunidades_mejora = Texto(
        label=gettext_lazy("Oportunidades de mejora"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=PISTA_PUNTOS,
        required=False,
    )
    recomendaciones = Texto(
        label=gettext_lazy("Recomendaciones para la sostenibilidad y réplica"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=PISTA_PUNTOS,
        required=False,
    )

    def clean_aspectos_clave(self) -> str:
        return con_intro_aparte(self.cleaned_data["aspectos_clave"])

    def clean_oportunidades_mejora(self) -> str:
        return con_intro_aparte(self.cleaned_data["oportunidades_mejora"])

    def clean_recomendaciones(self) -> str:
        return con_intro_aparte(self.cleaned_data["recomendaciones"])


CAMPOS_COMENTARIO = list(ComentarioForm.base_fields)


def con_intro_aparte(texto: str) -> str:
    """A blank line between the introductory sentence and the first "- " point: the ``parrafos``
    filter (the practice sheet, the event report) makes a list only of a block of "- " lines."""
    lineas = texto.replace("\r\n", "\n").split("\n")
    salida: list[str] = []
    for linea in lineas:
        previa = salida[-1].strip() if salida else ""
        if linea.lstrip().startswith("- ") and previa and not previa.startswith("- "):
            salida.append("")
        salida.append(linea)
    return "\n".join(salida)


def _comentario_de(practica: BuenaPractica, cid: int) -> ComentarioExperto:
    """Only this practice's comments: another practice's id is not found."""
    try:
        return practica.comentarios.select_related("evento").get(pk=cid)
    except ComentarioExperto.DoesNotExist:
        raise Http404 from None


def _pagina_comentarios(
    request: HttpRequest,
    practica: BuenaPractica,
    form: ComentarioForm,
    *,
    editando: ComentarioExperto | None = None,
    borrando: ComentarioExperto | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "practicas/gestion/comentarios.html",
        {
            "practica": practica,
            "pestana": "comentarios",
            "comentarios": practica.comentarios.select_related("evento"),
            "form": form,
            "editando": editando,
            "borrando": borrando,
        },
        status=status,
    )


def _guardar_comentario(
    request: HttpRequest, practica: BuenaPractica, comentario: ComentarioExperto | None
) -> HttpResponse:
    form = ComentarioForm(request.POST)
    if form.is_valid():
        try:
            contenido.comentario_guardar(
                practica=practica, usuario=request.user, datos=form.cleaned_data, comentario=comentario
            )
        except ValidationError as error:
            for campo, lista_errores in error.message_dict.items():
                form.add_error(campo if campo in form.fields else None, lista_errores)
        else:
            messages.success(
                request,
                _("Se guardó el comentario del experto.")
                if comentario is None
                else _("Se guardaron los cambios del comentario."),
            )
            return redirect("practicas:gestion_comentarios", practica.pk)
    return _pagina_comentarios(request, practica, form, editando=comentario, status=422)


@require_http_methods(["GET", "POST"])
def comentarios(request: HttpRequest, pk: int) -> HttpResponse:
    practica = practica_de(request, pk)
    if request.method == "POST":
        return _guardar_comentario(request, practica, None)
    return _pagina_comentarios(request, practica, ComentarioForm())


@require_http_methods(["GET", "POST"])
def comentario_editar(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    practica = practica_de(request, pk)
    comentario = _comentario_de(practica, cid)
    if request.method == "POST":
        return _guardar_comentario(request, practica, comentario)
    form = ComentarioForm(initial={c: getattr(comentario, c) for c in CAMPOS_COMENTARIO})
    return _pagina_comentarios(request, practica, form, editando=comentario)


@require_http_methods(["GET", "POST"])
def comentario_borrar(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    practica = practica_de(request, pk)
    comentario = _comentario_de(practica, cid)
    if request.method == "POST":
        contenido.comentario_borrar(comentario=comentario, usuario=request.user)
        messages.success(
            request, _("Se borró el comentario de %(experto)s.") % {"experto": comentario.experto}
        )
        return redirect("practicas:gestion_comentarios", practica.pk)
    return _pagina_comentarios(request, practica, ComentarioForm(), borrando=comentario)
