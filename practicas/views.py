"""The public catalogue of good practices and the published event reports: open to anyone."""

import secrets
import unicodedata
from contextlib import contextmanager
from functools import lru_cache

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, F, Prefetch, Q, TextField, Value, When
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Concat, Replace
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from comun import versiones
from comun.templatetags.iconos import svg
from comun.texto import busqueda, entero, lineas
from cuentas.alcance import alcance_de
from cuentas.permisos import obtener_para_leer
from practicas import cifras, graficos, publicos, recuentos
from practicas.exports import cifras_del_evento, fechas_del_evento, secciones_con_contenido
from practicas.models import (
    CONFIG_BUSQUEDA,
    FICHA,
    BuenaPractica,
    EstadoPractica,
    Etapa,
    Evento,
    Foto,
    FotoEvento,
    PracticaPresentada,
    TipoDocumentoPublico,
)

POR_PAGINA = 12


def _terminos(texto: str) -> str | None:
    """What was typed, in the text-search query syntax (see ``consulta_de``)."""
    partes = []
    for palabra in unicodedata.normalize("NFC", texto).split()[:20]:
        # Letters, digits and inner hyphens only: nothing else may reach the query syntax. PostgreSQL
        # then splits "COVID-19" or "socio-emocional" exactly as it did in the practices' text.
        limpia = "".join(c for c in palabra if c.isalnum() or c == "-")
        termino = limpia.strip("-")
        if not termino:
            continue
        partes.append(f"!({termino}:*)" if limpia.startswith("-") else f"{termino}:*")
    return " & ".join(partes) or None


def consulta_de(texto: str) -> SearchQuery | None:
    """What was typed, as a text-search query: every word must appear, as a word or the start of one
    (so "puent" finds "Puentes" while typing); a word typed with a leading "-" is excluded. A hyphen
    inside a word only separates its parts ("COVID-19" looks for both). None when nothing searchable
    was typed."""
    if terminos := _terminos(texto):
        return SearchQuery(terminos, config=CONFIG_BUSQUEDA, search_type="raw")
    return None


def solo_palabras_vacias(texto: str) -> bool:
    """Whether what was typed has words but none PostgreSQL searches ("de la": stopwords only)."""
    terminos = _terminos(texto)
    if terminos is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(to_tsquery(%s::regconfig, %s))", [CONFIG_BUSQUEDA, terminos])
        return cursor.fetchone()[0] == 0


# Where ts_headline marks a matched word: characters no typed text keeps (they are taken out of the
# text first), turned into <mark> only after the text is escaped. No stored markup ever renders.
INICIO, FIN = "\ue000", "\ue001"


def _sin_marcas(expresion):
    return Replace(Replace(expresion, Value(INICIO), Value("")), Value(FIN), Value(""))


def resaltado(texto: str) -> SafeString:
    """A headline from the database as HTML: the text escaped, the matched words in <mark>."""
    return mark_safe(  # noqa: S308 - escaped here; only the marks are markup
        escape(texto).replace(INICIO, "<mark>").replace(FIN, "</mark>")
    )


def _coincide(consulta: SearchQuery, texto: str, nombres: dict[str, dict[int, str]]) -> tuple[Q, tuple]:
    """The practice's words match, or its region's or theme's name contains what was typed ("Puno",
    accents and case ignored). The names are the ones the page has already read: the practice's
    search stays on its index, with the region and theme indexes OR-ed to it, instead of a scan of
    every practice. Also returns the ids matched by name, for the cache's key."""
    buscado = _orden(texto.strip())
    ids = {
        clave: sorted(pk for pk, nombre in nombres[clave].items() if buscado and buscado in _orden(nombre))
        for clave in ("region", "tema")
    }
    condicion = Q(busqueda=consulta)
    if ids["region"]:
        condicion |= Q(region_id__in=ids["region"])
    if ids["tema"]:
        condicion |= Q(tema_id__in=ids["tema"])
    return condicion, (tuple(ids["region"]), tuple(ids["tema"]))


@lru_cache(maxsize=1024)  # the same few dozen names on every page that sorts them
def _orden(texto: str) -> str:
    """A name as Spanish readers sort it: accents do not move it ("Áncash" among the a)."""
    return "".join(c for c in unicodedata.normalize("NFKD", texto.casefold()) if not unicodedata.combining(c))


# The column each filter of the catalogue's address filters.
CAMPO = {"region": "region_id", "tema": "tema_id", "etapa": "etapa", "anio": "anio"}


def _facetas(cuentas: dict, nombres: dict, elegidos: dict, filtros: dict[str, str]) -> dict[str, list]:
    """Each facet's options with how many practices each would show, given the search and the other
    active filters (not its own: ``recuentos.contar_facetas``). The option chosen stays listed
    (with 0) even when the other filters leave it empty."""

    def con_nombre(faceta: str) -> list[tuple[str, str, int]]:
        opciones = [(str(pk), nombres[faceta].get(pk, ""), n) for pk, n in cuentas[faceta].items()]
        return sorted(opciones, key=lambda o: _orden(o[1]))

    regiones, temas = con_nombre("region"), con_nombre("tema")
    etapas = [(valor, etiqueta, cuentas["etapa"].get(valor, 0)) for valor, etiqueta in Etapa.choices]
    anios = sorted(((str(a), str(a), n) for a, n in cuentas["anio"].items()), reverse=True)
    for clave, opciones in (("region", regiones), ("tema", temas)):
        elegido = elegidos[clave]
        if elegido is None or filtros[clave] in {o[0] for o in opciones}:
            continue
        if nombre := nombres[clave].get(elegido):
            opciones.append((filtros[clave], nombre, 0))
            opciones.sort(key=lambda o: _orden(o[1]))
    if elegidos["anio"] is not None and filtros["anio"] not in {o[0] for o in anios}:
        anios.append((filtros["anio"], filtros["anio"], 0))
        anios.sort(key=lambda o: o[0], reverse=True)
    return {"region": regiones, "tema": temas, "etapa": etapas, "anio": anios}


def _opciones_html(opciones: list[tuple[str, str, int]], elegido: str) -> SafeString:
    """A filter's <option> elements, drawn in one pass (the regions and themes are some 60 rows:
    a template loop with a test per option cost more than the rest of the form)."""
    return mark_safe(  # noqa: S308 - every value escaped here
        "".join(
            f'<option value="{escape(valor)}"{" selected" if valor == elegido else ""}>'
            f"{escape(nombre)} ({n})</option>"
            for valor, nombre, n in opciones
        )
    )


def _filas_html(filas: list[graficos.FilaTabla]) -> SafeString:
    """The chart's data table rows (a region each), drawn in one pass, the same markup as a
    template loop; every cell names its column for the narrow layout (``data-label``)."""
    total = escape(_("Total"))
    etiquetas = [escape(str(e)) for e in Etapa.labels]  # translated once, not in every cell
    return mark_safe(  # noqa: S308 - every value escaped here
        "".join(
            f'<tr><th scope="row" class="fw-normal">{escape(fila.region)}</th>'
            + "".join(
                f'<td class="text-end" data-label="{etiqueta}">{n}</td>'
                for etiqueta, n in zip(etiquetas, fila.por_etapa, strict=True)
            )
            + f'<td class="text-end fw-semibold" data-label="{total}">{fila.total}</td></tr>'
            for fila in filas
        )
    )


def _tarjetas_html(practicas) -> SafeString:
    """The page's practice cards, drawn in one pass with the addresses reversed and the labels
    translated once for the page (a template loop spent more on two {% url %}, two
    {% blocktranslate %} and two truncations per card than on the rest of the page). A search's
    title and passage come marked already (``resaltado``)."""
    ficha = reverse("practicas:ficha", args=["slug-0"]).split("slug-0")
    pdf = reverse("practicas:ficha_pdf", args=["slug-0"]).split("slug-0")
    estadio = {
        valor: _("Estadio %(etapa)s") % {"etapa": escape(etiqueta.lower())}
        for valor, etiqueta in Etapa.choices
    }
    descargar = svg("file-earmark-pdf", "me-1") + _("Descargar ficha (PDF)")
    estados = dict(EstadoPractica.choices)
    region = _("Región %(region)s")
    tarjetas = []
    for p in practicas:
        slug = escape(p.slug)
        titulo = escape(p.titulo)
        if p.estado != EstadoPractica.PUBLICADA:
            pie = f'<span class="badge text-bg-warning">{escape(estados.get(p.estado, p.estado))}</span>'
        else:
            pie = (
                f'<a class="ms-auto position-relative z-2" href="{pdf[0]}{slug}{pdf[1]}"'
                f' aria-describedby="pdf-{p.pk}">{descargar}</a>'
                f'<span class="visually-hidden" id="pdf-{p.pk}">{titulo}</span>'
            )
        enlace = getattr(p, "titulo_html", None) or titulo
        extracto = getattr(p, "extracto_html", None) or escape(Truncator(p.problema).words(30, truncate=" …"))
        tarjetas.append(
            f"""
  <div class="col">
    <article class="card h-100 shadow-sm tarjeta-practica">
      <div class="card-body">
        <p class="small text-uppercase fw-semibold text-body-secondary mb-1">{region % {"region": escape(p.region.nombre)}} · {p.anio}</p>
        <h3 class="h6 card-title"><a class="stretched-link text-decoration-none" href="{ficha[0]}{slug}{ficha[1]}">{enlace}</a></h3>
        <p class="small mb-2">{escape(Truncator(p.instancias).chars(90))}</p>
        <p class="small text-body-secondary mb-0 extracto">{extracto}</p>
      </div>
      <div class="card-footer bg-transparent small d-flex flex-wrap gap-1">
        <span class="badge text-bg-light border">{escape(p.tema.nombre)}</span>
        <span class="badge etapa-{escape(p.etapa)}">{estadio.get(p.etapa, "")}</span>
        {pie}
      </div>
    </article>
  </div>
  """  # noqa: E501 - the markup as the template had it
        )
    return mark_safe("".join(tarjetas))  # noqa: S308 - every value escaped here


@require_safe
def catalogo(request: HttpRequest) -> HttpResponse:
    """Published practices (drafts too for DIFOCA), searchable in Spanish and filterable, with the
    Community's figures and a chart of the catalogue by region and stage."""
    visibles = BuenaPractica.objects.visible_to(request.user)
    filtros = {
        "q": busqueda(request),
        "region": request.GET.get("region", ""),
        "tema": request.GET.get("tema", ""),
        "etapa": request.GET.get("etapa", ""),
        "anio": request.GET.get("anio", ""),
    }
    elegidos = {
        "region": entero(filtros["region"]),
        "tema": entero(filtros["tema"]),
        "etapa": filtros["etapa"] if filtros["etapa"] in Etapa.values else None,
        "anio": entero(filtros["anio"]),
    }
    # What the address holds that means nothing is dropped, so the form and the links agree.
    for nombre, valor in elegidos.items():
        filtros[nombre] = "" if valor is None else str(valor)

    contenido = _catalogo_dibujado(request, visibles, filtros, elegidos)
    return render(request, "practicas/catalogo.html", {"contenido": contenido})


@contextmanager
def por_indices(*, buscando: bool = False):
    """The catalogue's queries read practices through their indexes, never every row. PostgreSQL
    prices a search's ``busqueda @@ query`` on a sequential scan as a cheap operator, but each
    practice's vector is stored out of line (TOAST) and read back for the test: at 10,000 practices
    a search matching a third of them took 30 ms scanning against 15 ms through the GIN index, and
    the planner still chose the scan. So, inside one transaction, sequential scans are priced out
    (``SET LOCAL``: it ends with the transaction, nothing leaks to the connection's next request);
    a table with no usable index is still scanned (tests/practicas/test_catalogo_indices.py checks
    that none of the catalogue's practice queries needs to). Without a savepoint: inside an outer
    transaction (a test) the setting lasts until that one ends, which only steers plans.

    A search also prices out plain index scans: its results are ordered by relevance, so no
    index gives their order, and the only index scan left would read every published practice
    in the index of ``estado`` and test each one; bitmaps of the text index (OR-ed with the named
    region's or theme's) read only what matches.

    JIT off: a query that must still scan a small table (the regions' names matched with LIKE)
    carries the scan's penalty in its estimated cost, which would pass JIT's threshold and spend
    tens of milliseconds compiling a query that runs in a tenth of one."""
    ajustes = "SET LOCAL enable_seqscan = off; SET LOCAL jit = off"
    if buscando:
        ajustes += "; SET LOCAL enable_indexscan = off"
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(ajustes)
        yield


def _presentada_visible(user) -> Q:
    """An event's presented practice the user may see, as a condition on the presentation's own
    practice (a join by its key), not ``practica__in`` every visible practice, which PostgreSQL
    answers by reading them all."""
    if alcance_de(user).difoca:
        return Q()
    return Q(presentaciones__practica__estado=EstadoPractica.PUBLICADA)


# How many of a search's matches are ranked by relevance: the first ones in the catalogue's order
# (year, then title), ten pages. A multiple of POR_PAGINA, so no page mixes the two orders.
CANDIDATOS = 10 * POR_PAGINA
# A search's order past relevance: the catalogue's (year, then title), the order of the index
# practica_orden, which PostgreSQL may walk and stop at the first CANDIDATOS matches when the words
# are common, instead of reading and sorting every match (see Candidatos).
ORDEN_BUSQUEDA = ("-anio", "titulo")


def _anotar(qs, consulta: SearchQuery):
    """A search's results with their title and summary, the matched words marked (for the page's
    twelve rows only: PostgreSQL computes them after the LIMIT)."""
    return qs.annotate(
        titulo_resaltado=SearchHeadline(
            _sin_marcas(F("titulo")),
            consulta,
            config=CONFIG_BUSQUEDA,
            start_sel=INICIO,
            stop_sel=FIN,
            highlight_all=True,
        ),
        # The card's summary: the passages where the words are, from the problem, what the
        # practice consists of and its lists (results, contacts, the public feedback…). The lists
        # are most of a practice's text (some 5 KB of its 6), and ts_headline parses all it is
        # given: they are given only when the problem and the description do not hold the words.
        extracto=Case(
            When(
                SearchVectorExact(SearchVector(_resumen(), config=CONFIG_BUSQUEDA), consulta),
                then=_extracto(_resumen(), consulta),
            ),
            default=_extracto(
                Concat(_resumen(), Value("\n"), F("texto_listas"), output_field=TextField()), consulta
            ),
        ),
    )


def _resumen():
    return Concat(F("problema"), Value("\n"), F("consiste"), output_field=TextField())


def _extracto(texto, consulta: SearchQuery):
    return SearchHeadline(
        _sin_marcas(texto),
        consulta,
        config=CONFIG_BUSQUEDA,
        start_sel=INICIO,
        stop_sel=FIN,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


# What a card shows of a practice (templates/practicas/catalogo.html): its long texts stay in the
# database (a search's passages are cut there).
TARJETA = (
    "titulo", "slug", "region__nombre", "tema__nombre", "instancias", "anio", "etapa", "estado", "problema",
)  # fmt: skip


def _ordenados(nombres: dict[int, str]) -> tuple:
    return tuple(sorted(nombres.items()))


class Candidatos:
    """A search's results for the paginator, in a bounded amount of work whatever the catalogue's
    size: the first CANDIDATOS matches in the catalogue's order (ORDEN_BUSQUEDA) are ranked by relevance
    (``ts_rank`` reads each one's text vector, so only they are read), the rest follow in that
    order. Ranking every match read the vector of thousands of practices for a
    common word («gestión» matches a third of the catalogue): 35 ms at 10,000 practices.

    The paginator's count is set by the view (from the counts it already has); this only slices."""

    def __init__(self, qs, consulta: SearchQuery, guardar=None):
        self.qs, self.consulta = qs, consulta
        # (number, key) under which a page's rows are kept in the cache (practicas.recuentos);
        # the key names everything the cards show that is not the practices' own columns.
        self.guardar = guardar

    def count(self) -> int:  # only when the view did not set the count
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, corte: slice):
        """The page's rows: which ones, in one subquery, then their headlines for those alone
        (PostgreSQL computes a target list's headlines for every row the LIMIT skips over too:
        page 20 drew 240 of them, at a millisecond each)."""
        inicio, fin = corte.start or 0, corte.stop
        if self.guardar is None:
            return self._filas(inicio, fin)
        numero, clave = self.guardar
        return recuentos.guardado(
            numero, ("pagina", *clave, inicio, fin), lambda: self._filas(inicio, fin), escrito=True
        )

    def _filas(self, inicio: int, fin: int) -> list[BuenaPractica]:
        # The planner chooses between the order index (common words: it stops early) and the
        # text index's bitmaps (rare words: few matches to sort), from its estimate of the
        # matches; por_indices had priced plain index scans out for the search's other queries.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = on")
        if inicio < CANDIDATOS:
            candidatos = self.qs.order_by(*ORDEN_BUSQUEDA).values("pk")[:CANDIDATOS]
            orden = ("-relevancia", *ORDEN_BUSQUEDA)
            relevancia = SearchRank(F("busqueda"), self.consulta)
            cuales = (
                BuenaPractica.objects.filter(pk__in=candidatos)
                .annotate(relevancia=relevancia)
                .order_by(*orden)
                .values("pk")[inicio : min(fin, CANDIDATOS)]
            )
            filas = BuenaPractica.objects.filter(pk__in=cuales).annotate(relevancia=relevancia)
        else:
            orden = ORDEN_BUSQUEDA
            filas = BuenaPractica.objects.filter(pk__in=self.qs.order_by(*orden).values("pk")[inicio:fin])
        return list(_anotar(filas.con_ficha().only(*TARJETA), self.consulta).order_by(*orden))


# Where a chart's <style> takes the request's CSP nonce in a drawn catalogue kept in the cache: the
# tag writes this in its place, each request puts its own nonce (no escaped text holds `<style nonce="`).
NONCE = "\ue002nonce\ue002"
ESTILO_CON_NONCE = f'<style nonce="{NONCE}"'


class _SinPeticion:
    """What {% grafico %} reads of the request while the catalogue is drawn for the cache."""

    csp_nonce = NONCE


def _catalogo_dibujado(request: HttpRequest, visibles, filtros: dict, elegidos: dict) -> SafeString:
    """The catalogue's content, drawn in three parts, each kept in the cache under the catalogue's
    change number and what else it shows (``recuentos.guardado``):

    - the heading and the CoP's figures: who looks (signed in: the Excel link; DIFOCA: the
      workspace link and a note), the language;
    - the form, the filter lists, the cards and the pages: DIFOCA or not (drafts), the language,
      the filters, the search as typed, the page, the region and theme names;
    - the chart, its table and the latest events (the chart is most of the page's bytes, kept once
      for every search and filter): DIFOCA or not (unpublished events), the language, the names,
      the events' change number (practicas.models.EVENTOS).

    The numbers and the names are read in one query; the facet counts (cached too) tell which page
    the address asks for. A request that finds the three makes that one query. The CSP nonce stays
    out of them (``NONCE``)."""
    numero, numero_eventos, nombres = recuentos.estado_con_eventos()
    difoca = alcance_de(request.user).difoca
    consulta = consulta_de(filtros["q"])
    clave_busqueda, coincide = None, None
    if consulta is not None:
        coincide, por_nombre = _coincide(consulta, filtros["q"], nombres)
        clave_busqueda = (_terminos(filtros["q"]), por_nombre)
    base = visibles.filter(coincide) if coincide is not None else visibles
    buscando = consulta is not None

    def contar() -> dict:
        with por_indices(buscando=buscando):
            return recuentos.contar_facetas(base, elegidos)

    cuentas = recuentos.guardado(
        numero, ("facetas", difoca, clave_busqueda, tuple(sorted(elegidos.items()))), contar, escrito=True
    )
    paginador = Paginator((), POR_PAGINA)
    paginador.count = cuentas["total"]
    numero_pagina = _numero_de_pagina(paginador, request.GET.get("pagina"))
    idioma, claves_nombres = get_language(), tuple(map(_ordenados, nombres.values()))

    def dibujar(plantilla: str, contexto: dict) -> str:
        contexto.update(user=request.user, alcance=getattr(request, "alcance", None), request=_SinPeticion)
        return get_template(f"practicas/_catalogo_{plantilla}.html").render(contexto)

    def resultados() -> str:
        # Only what is drawn again reads practices: through their indexes (``por_indices``).
        with por_indices(buscando=buscando):
            contexto = _catalogo_resultados(
                filtros, elegidos, numero, nombres, base, consulta, cuentas, numero_pagina, difoca
            )
        return dibujar("resultados", contexto)

    partes = (
        recuentos.guardado(
            numero,
            ("cabecera", difoca, request.user.is_authenticated, idioma),
            lambda: dibujar("cabecera", {"cifras_lista": _cifras_lista(_publicadas(numero))}),
        ),
        recuentos.guardado(
            numero,
            ("resultados", difoca, idioma, tuple(filtros.items()), numero_pagina, *claves_nombres),
            resultados,
            escrito=True,
        ),
        recuentos.guardado(
            numero,
            ("pie", numero_eventos, difoca, idioma, *claves_nombres),
            lambda: dibujar("pie", _catalogo_pie(request, numero, nombres)),
        ),
    )
    dibujado = "".join(partes)
    if ESTILO_CON_NONCE in dibujado:
        dibujado = dibujado.replace(ESTILO_CON_NONCE, f'<style nonce="{escape(str(request.csp_nonce))}"')
    return mark_safe(dibujado)  # noqa: S308 - drawn by the templates, escaped there


def _numero_de_pagina(paginador: Paginator, valor) -> int:
    """The page ``Paginator.get_page`` shows for what the address says: the first for anything not a
    number, the last for a number past the end."""
    try:
        return paginador.validate_number(valor)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginador.num_pages


def _catalogo_resultados(
    filtros, elegidos, numero, nombres, base, consulta, cuentas, numero_pagina, difoca
) -> dict:
    """The form's filter lists, the page's cards and the pages (see ``_catalogo_dibujado``, which
    has read the catalogue's number, the names and the counts, and keeps what this draws)."""
    qs = base.filter(**{CAMPO[k]: v for k, v in elegidos.items() if v is not None}).con_ficha().only(*TARJETA)
    if consulta is not None:
        # A search's page (its ranking and its passages: the costly part) is kept like the counts,
        # with the names its cards show.
        clave_busqueda = (_terminos(filtros["q"]), _coincide(consulta, filtros["q"], nombres)[1])
        clave = (difoca, clave_busqueda, tuple(sorted(elegidos.items())), *map(_ordenados, nombres.values()))
        qs = Candidatos(qs, consulta, guardar=(numero, clave))
    paginador = Paginator(qs, POR_PAGINA)
    paginador.count = cuentas["total"]  # no COUNT query
    pagina = paginador.page(numero_pagina)
    for practica in pagina:
        if consulta is not None:
            practica.titulo_html = resaltado(practica.titulo_resaltado)
            practica.extracto_html = resaltado(practica.extracto)
    facetas = _facetas(cuentas, nombres, elegidos, filtros)
    return {
        "pagina": pagina,
        "tarjetas": _tarjetas_html(pagina),
        "candidatos": CANDIDATOS if consulta is not None and paginador.count > CANDIDATOS else None,
        "filtros": filtros,
        "facetas": facetas,
        "opciones": {clave: _opciones_html(opciones, filtros[clave]) for clave, opciones in facetas.items()},
        "con_filtros": any(filtros.values()),
        "palabras_vacias": (
            consulta is not None and not pagina.paginator.count and solo_palabras_vacias(filtros["q"])
        ),
    }


def _publicadas(numero: int) -> tuple[list, dict]:
    """The published practices by region and stage, and the CoP's offices: the same for everyone,
    counted once per change of the catalogue."""
    return recuentos.guardado(
        numero,
        ("publicadas",),
        lambda: (recuentos.publicadas_por_region_y_etapa(BuenaPractica.objects.all()), cifras.oficinas()),
    )


def _cifras_lista(publicadas_y_oficinas: tuple[list, dict]) -> list:
    """The CoP's figures as the heading lists them."""
    publicadas, oficinas = publicadas_y_oficinas
    cop = cifras.CifrasCop(
        practicas=sum(n for _r, _e, n in publicadas),
        regiones=len({r for r, _e, _n in publicadas}),
        **oficinas,
    )
    return [
        (cop.practicas, ngettext("práctica vigente", "prácticas vigentes", cop.practicas)),
        (cop.regiones, ngettext("región", "regiones", cop.regiones)),
        (cop.dre, _("DRE/GRE")),
        (cop.ugel, _("UGEL")),
        (cop.gobiernos_locales, ngettext("gobierno local", "gobiernos locales", cop.gobiernos_locales)),
    ]


def _catalogo_pie(request: HttpRequest, numero: int, nombres: dict) -> dict:
    """The chart of the published practices by region and stage, its table, and the latest events
    the user may see."""
    publicadas, _oficinas = _publicadas(numero)
    conteos = cifras.agrupar_region_y_etapa((nombres["region"][r], etapa, n) for r, etapa, n in publicadas)
    filas, totales = graficos.filas_tabla(conteos)
    return {
        "grafico_regiones": graficos.por_region_y_etapa(conteos),
        "grafico_etapas": graficos.por_etapa(graficos.totales_por_etapa(conteos)),
        "tabla_etapas": [etiqueta for _valor, etiqueta in Etapa.choices],
        "tabla_filas": _filas_html(filas),
        "tabla_totales": totales,
        "eventos": list(
            Evento.objects.visible_to(request.user)
            .annotate(n=Count("presentaciones", filter=_presentada_visible(request.user)))
            .order_by("-fecha_inicio", "pk")[:5]
        ),
    }


# What a request reads first of a sheet: the practice's id and title, its sheet's change number
# (practicas.models.FICHA) and the names of its region and theme (not counted by that number: an
# Administrador renames them), in one query; only the published ones unless DIFOCA looks.
_SQL_FICHA = (
    "SELECT p.id, p.titulo, coalesce(v.numero, 0), r.nombre, t.nombre FROM practicas_buenapractica p"
    " JOIN territorio_region r ON r.id = p.region_id JOIN practicas_tema t ON t.id = p.tema_id"
    + versiones.junta("v", FICHA, "p.id")
    + " WHERE p.slug = %s"
)
_SQL_FICHA_PUBLICADA = _SQL_FICHA + f" AND p.estado = '{EstadoPractica.PUBLICADA}'"

# Where a kept sheet has a photo's address: each request writes the address its storage gives now
# (a bucket's may be signed and expire: never kept). With a secret of this process in it (the kept
# entries are this process's own): text someone saved cannot hold a mark to be replaced.
MARCA_FOTO = "\ue004foto-" + secrets.token_hex(8) + "-{}\ue004"


class _FotoMarcada(FieldFile):
    """A photo's file whose address, while the sheet is drawn for the cache, is a mark."""

    def __init__(self, foto: Foto, orden: int):
        super().__init__(foto, Foto._meta.get_field("imagen"), foto.imagen.name)
        self.marca = MARCA_FOTO.format(orden)

    @property
    def url(self) -> str:
        return self.marca


@require_safe
def ficha(request: HttpRequest, slug: str) -> HttpResponse:
    """One practice, laid out like the Ministry's sheet (seeds/002, 003); 404 unless visible.

    The sheet is kept drawn in the cache of searches (``recuentos.guardado``) under its practice's
    change number (FICHA: raised by every change of the practice, of its lists or of an event it
    shows) and what else decides what it shows: the practice, who looks (DIFOCA: drafts, the
    comments of unpublished events, the edit button; signed in or not), the language, its region's
    and theme's names. The photos' addresses are put in by each request (``MARCA_FOTO``). A request
    that finds it makes one query."""
    difoca = alcance_de(request.user).difoca
    with connection.cursor() as cursor:
        cursor.execute(_SQL_FICHA if difoca else _SQL_FICHA_PUBLICADA, [slug])
        fila = cursor.fetchone()
    if fila is None:
        raise Http404
    pk, titulo, numero, region, tema = fila

    def dibujar() -> tuple[str, list[str]]:
        practica = obtener_para_leer(request, BuenaPractica.objects.con_ficha_completa(request.user), pk=pk)
        fotos = [f for f in practica.fotos.all() if f.imagen]
        for orden, foto in enumerate(fotos):
            foto.__dict__["imagen"] = _FotoMarcada(foto, orden)
        contexto = {
            **practica.ficha(),
            "eventos": practica.eventos_de_la_ficha,
            "user": request.user,
            "alcance": getattr(request, "alcance", None),
        }
        return get_template("practicas/_ficha_publica.html").render(contexto), [f.imagen.name for f in fotos]

    autenticado = request.user.is_authenticated
    # In the cache of what visitors choose (escrito): one entry per sheet, ten thousand of them,
    # which a crawler walking every sheet must not cull the boards' and homes' entries for.
    contenido, fotos = recuentos.guardado(
        numero, ("ficha", pk, difoca, autenticado, get_language(), region, tema), dibujar, escrito=True
    )
    if fotos:
        almacen = Foto._meta.get_field("imagen").storage
        for orden, nombre in enumerate(fotos):
            contenido = contenido.replace(MARCA_FOTO.format(orden), escape(almacen.url(nombre)))
    return render(
        request,
        "practicas/ficha.html",
        {"titulo": titulo, "contenido": mark_safe(contenido)},  # noqa: S308 - drawn by the template
    )


@require_safe
def eventos(request: HttpRequest) -> HttpResponse:
    """Every event report the user may see, newest first."""
    qs = (
        Evento.objects.visible_to(request.user)
        .annotate(n=Count("presentaciones", filter=_presentada_visible(request.user)))
        .order_by("-fecha_inicio", "pk")
    )
    paginador = Paginator(qs, 20)
    paginador.count = Evento.objects.visible_to(request.user).count()  # not a count of the joins
    pagina = paginador.get_page(request.GET.get("pagina"))
    return render(request, "practicas/eventos.html", {"pagina": pagina, "filtros": {}})


@require_safe
def evento(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's report (seeds/001): the report PDF's sections in its order, those with content."""
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
            Prefetch("fotos", queryset=FotoEvento.objects.exclude(imagen="")),
        ),
        slug=slug,
    )
    comentarios = {c.practica_id: c for c in evento.comentarios.all()}
    presentaciones = [(p, comentarios.get(p.practica_id)) for p in evento.presentaciones.all()]
    panel = cifras_del_evento(evento)
    instituciones = lineas(evento.visita_instituciones)
    testimonios, fotos = list(evento.testimonios.all()), list(evento.fotos.all())
    con = secciones_con_contenido(
        evento,
        cifras=panel,
        instituciones=instituciones,
        practicas=presentaciones,
        testimonios=testimonios,
        fotos=fotos,
    )
    return render(
        request,
        "practicas/evento.html",
        {
            "evento": evento,
            "presentaciones": presentaciones,
            "regiones": evento.regiones.all(),
            "con": con,
            "cifras": panel,
            "cifras_al": timezone.localdate(),
            "dia1_fecha": fechas_del_evento(evento.fecha_inicio, evento.fecha_inicio),
            "testimonios": testimonios,
            "fotos": fotos,
            "indice": indice_evento(con, presentaciones),
        },
    )


# --- public documents: anyone downloads a published sheet or report, served from storage -----------

# How long the "being prepared" page asks the browser to wait before trying again.
REINTENTAR_SEGUNDOS = 10


@require_safe
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


@require_safe
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


def indice_evento(con: dict, presentaciones) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The report page's table of contents: (anchor, title, practices) for each section the page
    shows, in its order, which is the report PDF's; `con` says what has content
    (practicas.exports.secciones_con_contenido). The template gives each section and practice the
    same anchors and tests the same conditions."""
    secciones = [
        ("presentacion", _("Presentación"), con["presentacion"]),
        ("resumen", _("Resumen ejecutivo"), con["resumen_ejecutivo"]),
        ("cop", _("¿Qué es la CoP?"), con["cop"]),
        ("ruta", _("Ruta de fortalecimiento"), con["ruta_fortalecimiento"]),
        ("red", _("Red de gestores"), con["red_gestores"]),
        # The page lists the practices in a section of their own: the development is its own text.
        ("desarrollo", _("Desarrollo del intercambio"), con["desarrollo_texto"]),
        ("practicas", _("Buenas prácticas presentadas"), con["practicas"]),
        ("visita", _("Visita de campo"), con["visita"]),
        ("testimonios", _("Testimonios"), con["testimonios"]),
        ("fotos", _("Galería de fotos"), con["fotos"]),
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
