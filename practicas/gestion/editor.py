"""The practice editor: the first screen (a new practice, with the similar ones it may repeat) and
the one page with the whole sheet, in the order of the Ministry's sheet (seeds/002, 003), saved as
DIFOCA types (htmx, as the balance matrix does) and with the page's «Guardar».

Everything is validated first; a list with a wrong row is not sent to ``contenido.practica_guardar``
(what is stored stays as it was) and its errors show next to the fields; the rest is saved."""

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import TooManyFieldsSent, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from comun.formularios import inicial
from practicas import contenido
from practicas.gestion.comun import exigir_gestion, practica_de
from practicas.gestion.formularios import FORMATO, LISTAS, NuevaForm, PracticaForm
from practicas.models import ORDEN_ESTRATEGIAS, BuenaPractica
from territorio.models import Dre, Ugel

CAMPOS_GENERALES = ("titulo", "region", "tema", "etapa", "anio")

# The lists as the page shows them: (name, title, «Agregar …», one row's name).
SECCIONES_LISTA = {
    "instancias": (
        gettext_lazy("Instancias involucradas"),
        gettext_lazy("Agregar instancia"),
        gettext_lazy("instancia"),
    ),
    "fases": (gettext_lazy("Fases"), gettext_lazy("Agregar fase"), gettext_lazy("fase")),
    "estrategias": (
        gettext_lazy("Estrategias"),
        gettext_lazy("Agregar estrategia"),
        gettext_lazy("estrategia"),
    ),
    "resultados": (gettext_lazy("Resultados"), gettext_lazy("Agregar resultado"), gettext_lazy("resultado")),
    "contactos": (gettext_lazy("Contactos"), gettext_lazy("Agregar contacto"), gettext_lazy("contacto")),
    "enlaces": (gettext_lazy("Conoce más"), gettext_lazy("Agregar enlace"), gettext_lazy("enlace")),
}


def nueva(request: HttpRequest) -> HttpResponse:
    """A new practice: title, region, theme, stage and year; a title like one of the same region
    asks first (it may be the same practice registered again)."""
    exigir_gestion(request)
    form = NuevaForm(request.POST or None)
    parecidas: list[BuenaPractica] = []
    if request.method == "POST" and form.is_valid():
        datos = form.cleaned_data
        if not datos["otra"]:
            parecidas = contenido.parecidas(titulo=datos["titulo"], region=datos["region"])
        if not parecidas:
            try:
                practica = contenido.practica_crear(
                    usuario=request.user, **{c: datos[c] for c in CAMPOS_GENERALES}
                )
            except ValidationError as e:
                _errores_a_form(form, e)
            else:
                messages.success(
                    request, _("Práctica creada. Completa su contenido: se guarda mientras escribes.")
                )
                return redirect("practicas:gestion_editar", practica.pk)
    return render(request, "practicas/gestion/nueva.html", {"form": form, "parecidas": parecidas})


def _errores_a_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for campo, errores in error.error_dict.items():
            form.add_error(campo if campo in form.fields else None, errores)
    else:
        form.add_error(None, error)


class Edicion:
    """The editor's page bound to a practice: its own fields and its lists (each a formset)."""

    def __init__(self, practica: BuenaPractica, datos: QueryDict | None = None):
        self.practica = practica
        if datos is None:
            self.form = PracticaForm(initial=_inicial_practica(practica))
            filas = _filas_guardadas(practica)
            fases = [(f"e{f.pk}", f.nombre) for f in filas["fases"]]
            self.listas = {
                nombre: clase(
                    prefix=nombre,
                    initial=_inicial_lista(nombre, filas[nombre], campos),
                    form_kwargs={"opciones": fases} if nombre == "estrategias" else {},
                )
                for nombre, (clase, campos) in LISTAS.items()
            }
        else:
            self.form = PracticaForm(datos)
            clase, _campos = LISTAS["fases"]
            self.listas = {"fases": clase(datos, prefix="fases")}
            # The phases as the page now has them: a strategy may take one typed a second ago.
            # Only phases with a name: one emptied is gone, and its strategies must say where they go.
            fases = [
                (f.clave_o_id(), f["nombre"].value() or "")
                for f in self.listas["fases"].forms
                if f.clave_o_id() and f.has_changed()
            ]
            for nombre, (clase, _campos) in LISTAS.items():
                if nombre != "fases":
                    kwargs = {"opciones": fases} if nombre == "estrategias" else {}
                    self.listas[nombre] = clase(datos, prefix=nombre, form_kwargs=kwargs)

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(f.is_valid() for f in self.listas.values())])

    def documento(self, solo: set[str] | None = None) -> contenido.Documento:
        """What may be saved: the valid fields and the lists without errors (call after is_valid);
        with ``solo``, only those fields and lists (what the page changed, when it is saved over a
        newer version). Phases and strategies go together: a phase left out deletes the strategies
        still in it."""
        datos = self.form.cleaned_data
        campos = {n: datos[n] for n in self.form.fields if n in datos and n not in self.form.errors}
        validas = {n for n, f in self.listas.items() if f.is_valid()}
        if solo is not None:
            campos = {n: v for n, v in campos.items() if n in solo}
            if solo & {"fases", "estrategias"}:
                solo = solo | {"fases", "estrategias"}
            validas &= solo
        listas: dict[str, list[dict[str, Any]]] = {}
        fases = None
        for nombre, formset in self.listas.items():
            if nombre not in validas or nombre == "fases":
                continue
            if nombre == "estrategias" and "fases" not in validas:
                continue
            listas[nombre] = [{k: v for k, v in fila.items() if k != "clave"} for fila in formset.filas()]
        if {"fases", "estrategias"} <= validas:
            fases = [
                {"clave": f.clave_o_id(), "id": f.cleaned_data["id"], "nombre": f.cleaned_data["nombre"]}
                for f in self.listas["fases"].filas_llenas()
            ]
        return contenido.Documento(campos=campos, listas=listas, fases=fases)

    def nuevas(self, escritas: dict[str, list]) -> list[tuple[str, str, int]]:
        """The rows the save created: (the row's id field name, its key, its new id)."""
        resultado = []
        for nombre, filas in escritas.items():
            for form, fila in zip(self.listas[nombre].filas_llenas(), filas, strict=False):
                if form.cleaned_data.get("id") != fila.pk:
                    resultado.append((form.add_prefix("id"), form.clave_o_id(), fila.pk))
        return resultado

    def errores(self) -> list[tuple[str, str]]:
        """Every error as (where, what), for the status line."""
        salida = [
            (self.form[n].label if n in self.form.fields else _("Página"), " ".join(e))
            for n, e in self.form.errors.items()
        ]
        for nombre, formset in self.listas.items():
            titulo = SECCIONES_LISTA[nombre][0]
            salida += [(titulo, e) for e in formset.non_form_errors()]
            for i, form in enumerate(formset.forms, 1):
                for campo, errores in form.errors.items():
                    donde = f"{titulo}, {_('fila')} {i}"
                    if campo in form.fields:
                        donde += f", {form[campo].label}"
                    salida.append((donde, " ".join(errores)))
        # Phases and strategies are saved together (see documento()).
        fases, estrategias = self.listas["fases"].is_valid(), self.listas["estrategias"].is_valid()
        if fases and not estrategias:
            salida.append(
                (SECCIONES_LISTA["fases"][0], _("se guardarán cuando se corrijan las estrategias."))
            )
        if estrategias and not fases:
            salida.append(
                (SECCIONES_LISTA["estrategias"][0], _("se guardarán cuando se corrijan las fases."))
            )
        return salida

    def secciones(self) -> dict[str, dict[str, Any]]:
        return {
            nombre: {
                "nombre": nombre,
                "formset": formset,
                "titulo": SECCIONES_LISTA[nombre][0],
                "agregar": SECCIONES_LISTA[nombre][1],
                "fila": SECCIONES_LISTA[nombre][2],
            }
            for nombre, formset in self.listas.items()
        }


def _inicial_practica(practica: BuenaPractica) -> dict[str, Any]:
    campos = (
        *CAMPOS_GENERALES,
        "problema",
        "consiste",
        "intro_estrategias",
        "cierre_estrategias",
        "intro_logros",
        "cierre",
    )
    return {c: getattr(practica, practica._meta.get_field(c).attname) for c in campos}


def _filas_guardadas(practica: BuenaPractica) -> dict[str, list]:
    """Each list's stored rows, in the page's order: one query per list, whatever its length."""
    return {
        "instancias": list(practica.instancias_involucradas.all()),
        "fases": list(practica.fases.all()),
        "estrategias": list(practica.estrategias.order_by(*ORDEN_ESTRATEGIAS)),
        "resultados": list(practica.resultados.all()),
        "contactos": list(practica.contactos.all()),
        "enlaces": list(practica.enlaces.all()),
    }


def _inicial_lista(nombre: str, filas: list, campos) -> list[dict[str, Any]]:
    datos = inicial(filas, list(campos))
    if nombre == "estrategias":
        for fila in datos:
            fila["fase"] = f"e{fila['fase']}" if fila["fase"] else ""
    return datos


def _version(request: HttpRequest, practica: BuenaPractica) -> int:
    """The version the page was drawn from; «Quedarme con mis cambios» carries the newer one it was
    shown (the page's own stays, so its plain «Guardar» still conflicts)."""
    try:
        return int(request.POST.get("forzar") or request.POST.get("version", ""))
    except ValueError:
        raise contenido.ConflictoVersion(practica) from None


def _tocados(request: HttpRequest, edicion: Edicion) -> set[str] | None:
    """The fields and lists this page changed, as static/js/autoguardado.js counts them (None: the
    page did not say, as without JavaScript — then everything it shows)."""
    if "tocados" not in request.POST:
        return None
    try:
        nombres = json.loads(request.POST["tocados"] or "[]")
    except ValueError:
        return None
    conocidos = set(edicion.form.fields) | set(edicion.listas)
    return (
        {n for n in nombres if isinstance(n, str) and n in conocidos} if isinstance(nombres, list) else None
    )


def _guardar(request: HttpRequest, practica: BuenaPractica, edicion: Edicion):
    """Save what is valid; returns the saved practice and the new rows. «Quedarme con mis cambios»
    (``forzar``) saves over the newer version only what this page changed: what someone else saved
    in the other fields stays."""
    version = _version(request, practica)
    edicion.is_valid()
    escritas: dict[str, list] = {}
    solo = _tocados(request, edicion) if request.POST.get("forzar") else None
    guardada = contenido.practica_guardar(
        practica=practica,
        usuario=request.user,
        version=version,
        documento=edicion.documento(solo),
        filas=escritas,
    )
    return guardada, edicion.nuevas(escritas)


def _mensaje(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for errores in error.message_dict.values() for m in errores)
    return " ".join(error.messages)


DEMASIADO = gettext_lazy(
    "La página envió demasiados datos y no se guardó: cada lista admite hasta 100 filas. "
    "Lo guardado no cambió; tu texto sigue en este navegador."
)


def _demasiado(request: HttpRequest) -> bool:
    """A post with more fields than Django reads (a list far beyond its limit)."""
    try:
        request.POST  # noqa: B018 (parsing is what is checked)
    except TooManyFieldsSent:
        return True
    return False


def editar(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole sheet on one page; the page's «Guardar» works without JavaScript."""
    practica = practica_de(request, pk)
    conflicto = error = None
    if request.method == "POST" and _demasiado(request):
        messages.error(request, DEMASIADO)
        return redirect("practicas:gestion_editar", practica.pk)
    if request.method == "POST":
        edicion = Edicion(practica, request.POST)
        try:
            guardada, nuevas = _guardar(request, practica, edicion)
        except contenido.ConflictoVersion as e:
            conflicto = e.actual
        except ValidationError as e:
            error = _mensaje(e)
        else:
            if not edicion.errores():
                messages.success(request, _("Cambios guardados."))
                return redirect("practicas:gestion_editar", practica.pk)
            # Shown again with its errors: the new rows saved keep their id, or the next «Guardar»
            # would create them twice.
            datos = request.POST.copy()
            for campo, _clave, nuevo in nuevas:
                datos[campo] = str(nuevo)
            datos["version"] = str(guardada.version)
            practica = guardada
            edicion = Edicion(practica, datos)
            edicion.is_valid()
            error = _("Se guardó lo demás; por corregir (marcado en rojo): ") + "; ".join(
                f"{donde} — {que}" for donde, que in edicion.errores()
            )
    else:
        edicion = Edicion(practica)
    return render(
        request,
        "practicas/gestion/editar.html",
        {
            "practica": practica,
            "pestana": "contenido",
            "edicion": edicion,
            "form": edicion.form,
            "secciones": edicion.secciones(),
            "conflicto": conflicto,
            "error": error,
            "formato": FORMATO,
            "sugeridas": _sugeridas(practica),
            # A title or region changed into another practice's: said on every visit until resolved.
            "parecidas": contenido.parecidas(
                titulo=practica.titulo, region=practica.region, excluir=practica.pk
            ),
            "reenvio": request.method == "POST",
            "tocados": request.POST.get("tocados", "") if request.method == "POST" else "",
            # After a conflict the page keeps the version it was drawn from.
            "version_pagina": request.POST.get("version", "") if conflicto else practica.version,
            "tocados_nombres": _nombres_tocados(request, edicion) if conflicto else [],
        },
    )


def _nombres_tocados(request: HttpRequest, edicion: Edicion) -> list[str]:
    """What «Quedarme con mis cambios» would write, as the page names it."""
    tocados = _tocados(request, edicion)
    if tocados is None:
        return []
    nombres = [str(edicion.form.fields[n].label) for n in edicion.form.fields if n in tocados]
    return nombres + [str(SECCIONES_LISTA[n][0]) for n in edicion.listas if n in tocados]


def _sugeridas(practica: BuenaPractica) -> list[str]:
    """The region's DRE and UGEL names, offered while typing an office."""
    dres = list(Dre.objects.filter(region_id=practica.region_id).values_list("nombre", flat=True))
    ugeles = list(Ugel.objects.filter(dre__region_id=practica.region_id).values_list("nombre", flat=True))
    return dres + ugeles


@require_POST
def autoguardar(request: HttpRequest, pk: int) -> HttpResponse:
    """The page saved in the background (htmx, or a beacon when the tab closes): a fragment for the
    status line, the new version, and the ids of the rows the save created."""
    if not request.user.is_authenticated:
        # Not a redirect to the login page: it would be swapped into the status line.
        return render(
            request, "practicas/gestion/_editor_autoguardado.html", {"sesion_vencida": True}, status=401
        )
    practica = practica_de(request, pk)
    if _demasiado(request):
        return render(
            request, "practicas/gestion/_editor_autoguardado.html", {"error": DEMASIADO}, status=413
        )
    edicion = Edicion(practica, request.POST)
    contexto: dict[str, Any] = {"practica": practica}
    try:
        guardada, nuevas = _guardar(request, practica, edicion)
    except contenido.ConflictoVersion as e:
        contexto.update(conflicto=e.actual)
        estado = 409
    except ValidationError as e:
        contexto.update(error=_mensaje(e))
        estado = 409
    else:
        errores = edicion.errores()
        contexto.update(guardada=guardada, nuevas=nuevas, errores=errores)
        estado = 422 if errores else 200
    return render(request, "practicas/gestion/_editor_autoguardado.html", contexto, status=estado)
