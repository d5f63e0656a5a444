"""The public catalogue of good practices and the published event reports: open to anyone."""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from comun.texto import busqueda, entero
from cuentas.permisos import obtener_para_leer
from practicas import publicos
from practicas.models import (
    CONFIG_BUSQUEDA,
    BuenaPractica,
    Etapa,
    Evento,
    PracticaPresentada,
    Tema,
    TipoDocumentoPublico,
)
from territorio.models import Region

POR_PAGINA = 12


def consulta_de(texto: str) -> SearchQuery | None:
    """What was typed, as a text-search query: every word must appear, as a word or the start of one
    (so "puent" finds "Puentes" while typing); a word typed with a leading "-" is excluded. A hyphen
    inside a word only separates its parts ("COVID-19" looks for both). None when nothing searchable
    was typed."""
    partes = []
    for palabra in unicodedata.normalize("NFC", texto).split()[:20]:
        # Letters, digits and inner hyphens only: nothing else may reach the query syntax. PostgreSQL
        # then splits "COVID-19" or "socio-emocional" exactly as it did in the practices' text.
        limpia = "".join(c for c in palabra if c.isalnum() or c == "-")
        termino = limpia.strip("-")
        if not termino:
            continue
        partes.append(f"!({termino}:*)" if limpia.startswith("-") else f"{termino}:*")
    if not partes:
        return None
    return SearchQuery(" & ".join(partes), config=CONFIG_BUSQUEDA, search_type="raw")


def catalogo(request: HttpRequest) -> HttpResponse:
    """Published practices (drafts too for DIFOCA), searchable in Spanish and filterable."""
    qs = BuenaPractica.objects.visible_to(request.user).con_ficha()
    filtros = {
        "q": busqueda(request),
        "region": request.GET.get("region", ""),
        "tema": request.GET.get("tema", ""),
        "etapa": request.GET.get("etapa", ""),
        "anio": request.GET.get("anio", ""),
    }
    if consulta := consulta_de(filtros["q"]):
        # The region or theme by name too ("Puno"): small tables, resolved first, so the practice's
        # search stays on its indexes.
        nombre = Q(nombre__unaccent__icontains=filtros["q"])
        qs = (
            qs.filter(
                Q(busqueda=consulta)
                | Q(region__in=Region.objects.filter(nombre).values("pk"))
                | Q(tema__in=Tema.objects.filter(nombre).values("pk"))
            )
            .annotate(relevancia=SearchRank(F("busqueda"), consulta))
            .order_by("-relevancia", "-anio", "titulo")
        )
    if (region_id := entero(filtros["region"])) is not None:
        qs = qs.filter(region_id=region_id)
    if (tema_id := entero(filtros["tema"])) is not None:
        qs = qs.filter(tema_id=tema_id)
    if filtros["etapa"] in Etapa.values:
        qs = qs.filter(etapa=filtros["etapa"])
    if (anio := entero(filtros["anio"])) is not None:
        qs = qs.filter(anio=anio)

    visibles = BuenaPractica.objects.visible_to(request.user)
    pagina = Paginator(qs, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "practicas/catalogo.html",
        {
            "pagina": pagina,
            "filtros": filtros,
            "regiones": Region.objects.filter(practicas__in=visibles).distinct(),
            "temas": Tema.objects.filter(practicas__in=visibles).distinct(),
            "etapas": Etapa.choices,
            "anios": visibles.order_by("-anio").values_list("anio", flat=True).distinct(),
            "eventos": Evento.objects.visible_to(request.user)
            .annotate(n=Count("presentaciones", filter=Q(presentaciones__practica__in=visibles)))
            .order_by("-fecha_inicio", "pk")[:5],
        },
    )


def ficha(request: HttpRequest, slug: str) -> HttpResponse:
    """One practice, laid out like the Ministry's sheet (seeds/002, 003); 404 unless visible."""
    practica = obtener_para_leer(request, BuenaPractica.objects.con_ficha_completa(request.user), slug=slug)
    return render(
        request,
        "practicas/ficha.html",
        {
            **practica.ficha(),
            "eventos": Evento.objects.visible_to(request.user).filter(presentaciones__practica=practica),
        },
    )


def eventos(request: HttpRequest) -> HttpResponse:
    """Every event report the user may see, newest first."""
    visibles = BuenaPractica.objects.visible_to(request.user)
    qs = (
        Evento.objects.visible_to(request.user)
        .annotate(n=Count("presentaciones", filter=Q(presentaciones__practica__in=visibles)))
        .order_by("-fecha_inicio", "pk")
    )
    pagina = Paginator(qs, 20).get_page(request.GET.get("pagina"))
    return render(request, "practicas/eventos.html", {"pagina": pagina, "filtros": {}})


def evento(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's report (seeds/001): presentation, summary, the practices in order, visit, voices."""
    evento = obtener_para_leer(
        request,
        Evento.objects.prefetch_related(
            "regiones",
            "testimonios",
            Prefetch(
                "presentaciones",
                queryset=PracticaPresentada.objects.filter(
                    practica__in=BuenaPractica.objects.visible_to(request.user)
                ).select_related("practica__region", "practica__tema"),
            ),
        ),
        slug=slug,
    )
    comentarios = {c.practica_id: c for c in evento.comentarios.all()}
    presentaciones = [(p, comentarios.get(p.practica_id)) for p in evento.presentaciones.all()]
    return render(
        request,
        "practicas/evento.html",
        {
            "evento": evento,
            "presentaciones": presentaciones,
            "regiones": evento.regiones.all(),
            "indice": indice_evento(evento, presentaciones),
        },
    )


# --- public documents: anyone downloads a published sheet or report, served from storage -----------

# How long the "being prepared" page asks the browser to wait before trying again.
REINTENTAR_SEGUNDOS = 10


def ficha_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The sheet PDF of a published practice, for anyone; 404 for a draft (DIFOCA prints those from
    the exports)."""
    practica = get_object_or_404(BuenaPractica.objects.publicadas().only("pk", "slug", "titulo"), slug=slug)
    return _documento_publico(
        request,
        TipoDocumentoPublico.FICHA,
        practica.pk,
        titulo=f"Buena práctica {practica.titulo}",
        volver=reverse("practicas:ficha", args=[practica.slug]),
    )


def evento_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The report PDF of a published event, for anyone; 404 while it is unpublished."""
    evento = get_object_or_404(Evento.objects.publicados().only("pk", "slug", "nombre"), slug=slug)
    return _documento_publico(
        request,
        TipoDocumentoPublico.REPORTE,
        evento.pk,
        titulo=f"Reporte {evento.nombre}",
        volver=reverse("practicas:evento", args=[evento.slug]),
    )


def _documento_publico(request, tipo: str, objeto_id: int, *, titulo: str, volver: str) -> HttpResponse:
    """The stored PDF of the current version, revalidated by its ETag; never rendered here. Not
    ready yet: it is queued (once) and the visitor is asked to come back."""
    documento = publicos.documento_vigente(tipo, objeto_id)
    if documento is not None:
        etag = f'"{tipo}-{objeto_id}-v{documento.archivo_version}"'
        ultima = int(documento.generado.timestamp())
        if (respuesta := get_conditional_response(request, etag=etag, last_modified=ultima)) is None:
            try:
                archivo = documento.archivo.open("rb")
            except FileNotFoundError:
                publicos.documento_perdido(documento)
            else:
                respuesta = FileResponse(archivo, content_type="application/pdf")
                respuesta["Content-Disposition"] = publicos.disposicion(titulo)
        if respuesta is not None:
            respuesta["ETag"] = etag
            respuesta["Last-Modified"] = http_date(ultima)
            # Stored by browsers and proxies, but checked every time: a republished document is
            # never taken from a cache (the ETag answers 304 while it has not changed).
            patch_cache_control(respuesta, public=True, no_cache=True)
            return respuesta
    publicos.documento_pedir(tipo, objeto_id)
    respuesta = render(
        request,
        "practicas/preparando.html",
        {"titulo": titulo, "volver": volver, "segundos": REINTENTAR_SEGUNDOS},
        status=503,
    )
    respuesta["Retry-After"] = str(REINTENTAR_SEGUNDOS)
    patch_cache_control(respuesta, no_store=True)
    return respuesta


def indice_evento(evento: Evento, presentaciones) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The report page's table of contents: (anchor, title, practices) for each section the page
    shows, in its order; the template gives each section and practice the same anchors."""
    secciones = [
        ("presentacion", _("Presentación"), bool(evento.presentacion)),
        ("resumen", _("Resumen ejecutivo"), bool(evento.resumen_ejecutivo)),
        ("practicas", _("Buenas prácticas presentadas"), bool(presentaciones)),
        ("visita", _("Visita de campo"), bool(evento.visita or evento.visita_instituciones)),
        ("testimonios", _("Testimonios"), bool(evento.testimonios.all())),
    ]
    return [
        (
            ancla,
            titulo,
            [(f"practica-{p.orden}", f"{p.orden}. {p.practica.titulo}") for p, _c in presentaciones]
            if ancla == "practicas"
            else [],
        )
        for ancla, titulo, existe in secciones
        if existe
    ]
