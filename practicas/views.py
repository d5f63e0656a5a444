"""The public catalogue of good practices and the published event reports: open to anyone."""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from comun.texto import busqueda, entero
from cuentas.permisos import obtener_para_leer
from practicas.models import (
    CONFIG_BUSQUEDA,
    BuenaPractica,
    Etapa,
    Evento,
    PracticaPresentada,
    Tema,
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


def indice_evento(evento: Evento, presentaciones) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The report page's table of contents: (anchor, title, practices) for each section the page
    shows, in its order; the template gives each section and practice the same anchors."""
    secciones = [
        ("presentacion", _("Presentación"), bool(evento.presentacion)),
        ("resumen", _("Resumen ejecutivo"), bool(evento.resumen_ejecutivo)),
        ("practicas", _("Buenas prácticas presentadas"), bool(presentaciones)),
        ("visita", _("Visita de campo"), bool(evento.visita)),
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
