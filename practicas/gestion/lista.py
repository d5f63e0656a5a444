"""DIFOCA's list of practices, the review buttons and the preview."""

import html
import re
import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from comun.texto import busqueda, entero
from practicas import contenido, recuentos, services
from practicas.gestion.comun import exigir_gestion, practica_de
from practicas.models import BuenaPractica, EstadoPractica, SinTildes, Tema
from practicas.views import _orden, consulta_de, por_indices
from territorio.models import Region

POR_PAGINA = 25

# The tabs, in the order DIFOCA works: what waits for review first.
PESTANAS = [
    (EstadoPractica.EN_REVISION, _("En revisión")),
    (EstadoPractica.BORRADOR, _("Borrador")),
    (EstadoPractica.PUBLICADA, _("Publicada")),
    ("todas", _("Todas")),
]


def lista(request: HttpRequest) -> HttpResponse:
    """Every practice, by state, filterable by region and theme and searchable; in a fixed number of
    queries whatever their number.

    The page's content is kept drawn in the cache of searches (``recuentos.guardado``, escrito: the
    address holds what was typed) under the catalogue's change number, which every insert, update or
    delete of a practice raises (its title, state, region, theme, dates, editor), and what else it
    shows: the address's filters, state and page, the language, the region and theme names (read
    with the number, in one query). Only DIFOCA and the Administrador enter, and they see the same
    list. The editors' names are not in that number (accounts have none): the kept content marks
    where each goes (``MARCA_EDITOR``) and each request reads the names of that page's editors (one
    query). A request that finds the content makes two queries."""
    exigir_gestion(request)
    filtros = {
        "q": busqueda(request),
        "region": request.GET.get("region", ""),
        "tema": request.GET.get("tema", ""),
        "estado": request.GET.get("estado", ""),
    }
    numero, nombres = recuentos.estado_actual()
    clave = (
        "gestion_dibujada",
        *filtros.values(),
        request.GET.get("pagina"),
        get_language(),
        *(tuple(sorted(n.items())) for n in nombres.values()),
    )
    contenido, editores = recuentos.guardado(
        numero, clave, lambda: _lista_dibujada(request, filtros, numero, nombres), escrito=True
    )
    return render(
        request,
        "practicas/gestion/lista.html",
        {"contenido": mark_safe(_con_editores(contenido, editores))},  # noqa: S308 - escaped when drawn
    )


def _lista_dibujada(request: HttpRequest, filtros: dict, numero: int, nombres: dict) -> tuple[str, list[int]]:
    """The list's content as ``practicas/gestion/_lista.html`` draws it, and the ids of the editors
    its rows name (see ``lista``)."""
    qs = BuenaPractica.objects.all()
    if consulta := consulta_de(filtros["q"]):
        # The text-search index, or part of the title as typed, accents ignored, through its
        # trigram index (three letters at least: a shorter piece is in every title).
        coincide = Q(busqueda=consulta)
        if len(filtros["q"].strip()) >= 3:
            coincide |= Q(titulo_sin_tildes__contains=SinTildes(Value(filtros["q"].strip())))
        qs = qs.filter(coincide)
    if (region_id := entero(filtros["region"])) is not None:
        qs = qs.filter(region_id=region_id)
    if (tema_id := entero(filtros["tema"])) is not None:
        qs = qs.filter(tema_id=tema_id)

    # A search's matches through their indexes (bitmaps), not the list's order index read whole
    # and each practice tested, which is what a rare word would cost.
    with por_indices(buscando=consulta is not None):
        contexto = _lista(request, qs, filtros, numero, nombres)
    editores = sorted({p.editada_por_id for p in contexto["pagina"] if p.editada_en and p.editada_por_id})
    return get_template("practicas/gestion/_lista.html").render(contexto), editores


# Where a kept list names a row's editor: each request writes the name as it is now. With a secret
# of this process in it (the kept entries are this process's own): a title cannot hold a mark.
_SECRETO = secrets.token_hex(8)
MARCA_EDITOR = "\ue005editor-" + _SECRETO + "-{}\ue005"
_MARCA_EDITOR = re.compile("\ue005editor-" + _SECRETO + "-\\d+\ue005")


def _con_editores(contenido: str, editores: list[int]) -> str:
    """The kept content with its editors' names, read now (one query; none without editors)."""
    if not editores:
        return contenido
    Usuario = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, username, first_name, last_name FROM cuentas_usuario WHERE id = ANY(%s)", [editores]
        )
        for pk, username, nombre, apellido in cursor.fetchall():
            quien = str(Usuario(id=pk, username=username, first_name=nombre, last_name=apellido))
            contenido = contenido.replace(MARCA_EDITOR.format(pk), html.escape(quien))
    # An account deleted since it was drawn (its practices' editor emptied raises the number: the
    # next request draws them again).
    return _MARCA_EDITOR.sub("", contenido)


def _con_practicas() -> tuple[list[int], list[int]]:
    """The regions and themes that have practices: for each one, one probe of the index on the
    practices' region (theme), not a read of every practice."""
    return (
        list(
            Region.objects.filter(Exists(BuenaPractica.objects.filter(region=OuterRef("pk")))).values_list(
                "pk", flat=True
            )
        ),
        list(
            Tema.objects.filter(Exists(BuenaPractica.objects.filter(tema=OuterRef("pk")))).values_list(
                "pk", flat=True
            )
        ),
    )


def _opciones(ids: list[int], nombres: dict[int, str], elegido: str) -> SafeString:
    """The <option> elements of a filter, by name as the catalogue sorts them, drawn in one pass."""
    return mark_safe(  # noqa: S308 - every value escaped here
        "".join(
            f'<option value="{pk}"{" selected" if str(pk) == elegido else ""}>{escape(nombre)}</option>'
            for pk, nombre in sorted(
                ((pk, nombres[pk]) for pk in ids if pk in nombres), key=lambda par: _orden(par[1])
            )
        )
    )


def _filas_html(practicas) -> SafeString:
    """The list's rows, drawn in one pass with the edit address reversed and the labels translated
    once for the page (a template loop spent a {% url %} and two {% blocktranslate %} per row)."""
    editar = reverse("practicas:gestion_editar", args=[987654321]).split("987654321")
    # Translated here, once: a lazy text in an f-string or under % is translated again each time
    # (five times a row: more than the rest of the row).
    etiqueta = {clave: escape(str(texto)) for clave, texto in ETIQUETAS_COLUMNAS.items()}
    estados = {valor: escape(str(nombre)) for valor, nombre in EstadoPractica.choices}
    editada, por, registrada = (
        str(_("Editada el %(fecha)s")),
        str(_("por %(quien)s")),
        str(_("Registrada el %(fecha)s")),
    )
    filas = []
    # The standard library's escape, which Django's wraps (the same text), without the wrapper's
    # test for lazy arguments on each of a page's 150 cells; the dates by strftime, the same
    # digits as the date filter's "d/m/Y H:i".
    e = html.escape
    for p in practicas:
        if p.editada_en:
            edicion = editada % {"fecha": localtime(p.editada_en).strftime("%d/%m/%Y %H:%M")}
            if p.editada_por_id:  # the name is put in by each request (MARCA_EDITOR)
                edicion += " " + por % {"quien": MARCA_EDITOR.format(p.editada_por_id)}
        else:
            edicion = registrada % {"fecha": localtime(p.creada).strftime("%d/%m/%Y")}
        filas.append(
            f"""
      <tr>
        <th scope="row" class="fw-normal celda-nombre"><a href="{editar[0]}{p.pk}{editar[1]}">{e(p.titulo)}</a></th>
        <td data-label="{etiqueta["region"]}">{e(p.region.nombre)}</td>
        <td data-label="{etiqueta["tema"]}">{e(p.tema.nombre)}</td>
        <td class="tarjeta-primero" data-label="{etiqueta["estado"]}"><span class="badge estado-practica-{e(p.estado)}">{estados.get(p.estado, "")}</span></td>
        <td class="small" data-label="{etiqueta["edicion"]}"><span>{edicion}</span></td>
      </tr>
      """  # noqa: E501 - the markup as the template had it
        )
    return mark_safe("".join(filas))  # noqa: S308 - every value escaped here


# The columns' names, which the narrow layout writes beside each cell (data-label).
ETIQUETAS_COLUMNAS = {
    "region": _("Región"),
    "tema": _("Tema"),
    "estado": _("Estado"),
    "edicion": _("Última edición"),
}


def _lista(request: HttpRequest, qs, filtros: dict, numero: int, nombres: dict) -> dict:
    """The list's queries, each through an index (see ``lista``); ``numero`` and ``nombres`` as
    ``recuentos.estado_actual`` read them."""
    # By state: without a search, from the index practica_gestion_estado alone; kept in the cache
    # under the catalogue's change number and the list's conditions (practicas.recuentos).
    por_estado = qs.values_list("estado").annotate(n=Count("id")).order_by()
    # Keyed by what the list's conditions are made of (the search as typed, the region and theme as
    # in the address), not by the query's SQL, which the ORM would compile for the key alone.
    clave = ("gestion", filtros["q"], filtros["region"], filtros["tema"])
    conteos = recuentos.guardado(numero, clave, lambda: dict(por_estado), escrito=True)
    if filtros["estado"] not in dict(PESTANAS):
        # Nothing chosen: what waits for review, when something does.
        filtros["estado"] = EstadoPractica.EN_REVISION if conteos.get(EstadoPractica.EN_REVISION) else "todas"
    if filtros["estado"] != "todas":
        qs = qs.filter(estado=filtros["estado"])
    qs = (
        qs.select_related("region", "tema")
        .only(
            "titulo", "estado", "anio", "creada", "editada_en", "editada_por_id", "region__nombre",
            "tema__nombre",
        )
        # The order of the indexes practica_gestion_estado and practica_gestion_orden.
        .order_by(F("editada_en").desc(nulls_last=True), F("creada").desc(), "titulo")
    )  # fmt: skip
    paginador = Paginator(qs, POR_PAGINA)
    # The tab's size is in the counts already: no COUNT query.
    paginador.count = (
        sum(conteos.values()) if filtros["estado"] == "todas" else conteos.get(filtros["estado"], 0)
    )
    pagina = paginador.get_page(request.GET.get("pagina"))
    pestanas = [
        (clave, etiqueta, sum(conteos.values()) if clave == "todas" else conteos.get(clave, 0))
        for clave, etiqueta in PESTANAS
    ]
    # The page itself: the planner may walk the list's order index and stop at the page's 25 when
    # the words are common (a word in every practice: 10,000 bitmap rows sorted, otherwise), or
    # take the bitmaps for a rare one; its estimates of a text search's matches tell which.
    if consulta_de(filtros["q"]) is not None:  # only a search turned them off (por_indices)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = on")
    pagina.object_list = list(pagina.object_list)  # read here, with the planner settings
    # The regions and themes that have practices, named as they are now.
    regiones, temas = recuentos.guardado(numero, ("gestion", "con_practicas"), _con_practicas)
    return {
        "pagina": pagina,
        "filas": _filas_html(pagina.object_list),
        "filtros": filtros,
        "pestanas": pestanas,
        "opciones_region": _opciones(regiones, nombres["region"], filtros["region"]),
        "opciones_tema": _opciones(temas, nombres["tema"], filtros["tema"]),
    }


def vista_previa(request: HttpRequest, pk: int) -> HttpResponse:
    """The public sheet exactly as the catalogue will show it, in any state: with what anyone may
    see (the feedback and events already published), not what DIFOCA sees."""
    exigir_gestion(request)
    publico = AnonymousUser()
    practica = practica_de(request, pk, BuenaPractica.objects.con_ficha_completa(publico))
    return render(
        request,
        "practicas/gestion/vista_previa.html",
        {
            **practica.ficha(),
            "eventos": practica.eventos_de_la_ficha,  # the published ones: read as the public reads them
            "pestana": "vista_previa",
            "vista_previa": True,
        },
    )


@dataclass(frozen=True)
class Accion:
    """A review button: what it does, spelled out, and the service behind it."""

    clave: str  # the history verb
    etiqueta: str
    desde: str
    explicacion: str
    exito: str
    estilo: str
    icono: str
    con_motivo: bool = False

    def ejecutar(self, practica, usuario, comentario):
        servicio = getattr(services, f"practica_{self.clave}")
        if self.con_motivo:
            return servicio(practica=practica, usuario=usuario, comentario=comentario)
        return servicio(practica=practica, usuario=usuario)


ACCIONES = {
    "enviar-a-revision": Accion(
        "enviar_a_revision",
        _("Enviar a revisión"),
        EstadoPractica.BORRADOR,
        _(
            "La práctica queda lista para que el equipo de DIFOCA la revise antes de publicarla. "
            "Aún no aparece en el catálogo público; se avisa a DIFOCA."
        ),
        _("La práctica está en revisión."),
        "chasqui",
        "send",
    ),
    "devolver": Accion(
        "devolver",
        _("Devolver a borrador"),
        EstadoPractica.EN_REVISION,
        _(
            "La práctica vuelve a borrador para que se corrija. Quien la registró recibe un aviso "
            "con el motivo que escribas."
        ),
        _("La práctica volvió a borrador."),
        "outline-secondary",
        "arrow-counterclockwise",
        con_motivo=True,
    ),
    "publicar": Accion(
        "publicar",
        _("Publicar"),
        EstadoPractica.EN_REVISION,
        _(
            "La práctica aparece en el catálogo público de buenas prácticas: cualquiera, con o sin "
            "cuenta, podrá verla. Quien la registró recibe un aviso."
        ),
        _("La práctica está publicada en el catálogo."),
        "success",
        "globe",
    ),
    "retirar": Accion(
        "retirar",
        _("Retirar del catálogo"),
        EstadoPractica.PUBLICADA,
        _(
            "La práctica deja de verse en el catálogo público y vuelve a borrador. Quien la registró "
            "recibe un aviso con el motivo que escribas."
        ),
        _("La práctica se retiró del catálogo y volvió a borrador."),
        "outline-danger",
        "eye-slash",
        con_motivo=True,
    ),
}


def acciones_de(practica: BuenaPractica) -> list[tuple[str, Accion]]:
    """The review buttons a practice shows in its state."""
    return [(slug, a) for slug, a in ACCIONES.items() if a.desde == practica.estado]


@require_http_methods(["GET", "POST"])
def accion(request: HttpRequest, pk: int, accion: str) -> HttpResponse:
    """A review button's confirmation page (GET), and the change itself (POST): works without
    JavaScript; a refusal is shown on the same page, the reason's error next to its field."""
    practica = practica_de(request, pk)
    if (elegida := ACCIONES.get(accion)) is None:
        raise Http404
    comentario = request.POST.get("comentario", "")[:2000] if request.method == "POST" else ""
    errores, error_motivo = [], ""
    faltan = services.faltantes(practica) if elegida.clave == "enviar_a_revision" else []
    if request.method == "POST":
        try:
            elegida.ejecutar(practica, request.user, comentario)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error_motivo = " ".join(error.message_dict.get("comentario", []))
                errores = [m for campo, ms in error.message_dict.items() if campo != "comentario" for m in ms]
            else:
                errores = error.messages
            practica.refresh_from_db()
            faltan = []  # the refusal lists them
        else:
            messages.success(request, elegida.exito)
            return redirect("practicas:gestion_editar", practica.pk)
    return render(
        request,
        "practicas/gestion/confirmar.html",
        {
            "practica": practica,
            "accion": elegida,
            "slug_accion": accion,
            "posible": practica.estado == elegida.desde and not faltan,
            "faltan": faltan,
            # Before it reaches the catalogue: another practice of the region with a title like it.
            "parecidas": contenido.parecidas(
                titulo=practica.titulo, region=practica.region, excluir=practica.pk
            )
            if elegida.clave in ("enviar_a_revision", "publicar")
            else [],
            "errores": errores,
            "error_motivo": error_motivo,
            "comentario": comentario,
        },
        status=400 if (errores or error_motivo) else 200,
    )
