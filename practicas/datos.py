"""Open data: the published catalogue as CSV and JSON, one record per practice, for anyone to reuse
(CC BY 4.0). Only what the public sheet shows, and only published practices, whoever asks.

The records are read in blocks of ``BLOQUE`` practices, each block's lists in one query per list,
as plain rows: the queries depend on the number of blocks, not of practices, and memory stays flat
while the response streams."""

import csv
import json
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from comun.texto import sin_control, sin_formula, una_linea
from practicas.models import (
    ORDEN_ESTRATEGIAS,
    BuenaPractica,
    ComentarioExperto,
    Contacto,
    Enlace,
    Estrategia,
    Fase,
    Instancia,
    Resultado,
    TipoInstancia,
    TipoResultado,
)
from territorio.models import Macrorregion

BLOQUE = 1000

LICENCIA = {
    "nombre": "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.es",
}

# The fields of a record, in the CSV's column order (the JSON uses the same keys), with what each
# holds: the page /practicas/datos/ documents them from here.
CAMPOS: tuple[tuple[str, str, str], ...] = (
    ("id", _("número"), _("Identificador de la práctica en Chasqui; no cambia.")),
    ("slug", _("texto"), _("Parte final de la dirección de su ficha.")),
    ("url", _("dirección"), _("La ficha pública de la práctica.")),
    ("titulo", _("texto"), _("Título de la buena práctica.")),
    ("region", _("texto"), _("Región donde se desarrolla.")),
    ("macrorregion", _("texto"), _("Macrorregión de esa región.")),
    ("tema", _("texto"), _("Tema del catálogo.")),
    ("etapa", _("código"), _("Estadio de madurez: «inicial», «intermedio» o «avanzado».")),
    ("anio", _("número"), _("Año de la práctica.")),
    ("publicada_en", _("fecha"), _("Fecha en que se publicó en el catálogo (AAAA-MM-DD).")),
    (
        "instancias",
        _("lista"),
        _(
            "Instancias involucradas: «tipo» («dre», «ugel», «gobierno_local», «otra»; vacío si solo se "
            "conoce el nombre) y «nombre». En el CSV: «UGEL: UGEL Huaura», una por línea."
        ),
    ),
    ("problema", _("texto"), _("La situación que dio origen a la práctica.")),
    ("consiste", _("texto"), _("¿En qué consiste?")),
    ("intro_estrategias", _("texto"), _("El texto que presenta las estrategias.")),
    ("fases", _("lista"), _("Los nombres de las fases que agrupan las estrategias, en orden.")),
    (
        "estrategias",
        _("lista"),
        _(
            "Estrategias o acciones, en el orden de la ficha: «fase» (vacía si no tiene), «titulo» y "
            "«descripcion». En el CSV: «Fase — Título: descripción»."
        ),
    ),
    ("cierre_estrategias", _("texto"), _("El texto que sigue a las estrategias.")),
    ("intro_logros", _("texto"), _("La introducción de «¿Qué está logrando?».")),
    (
        "resultados",
        _("lista"),
        _(
            "Resultados: «tipo» («cuantitativo», «cualitativo» o «logro»), «titulo» (la idea principal), "
            "«cifra» y «descripcion». En el CSV: «[Cuantitativo] Idea: cifra descripción»."
        ),
    ),
    ("resumen", _("texto"), _("El resumen final de «¿Qué está logrando?».")),
    (
        "contactos",
        _("lista"),
        _(
            "Contactos: «nombre» y «cargo». El correo y el teléfono están en la ficha de cada práctica; "
            "no se reparten en bloque."
        ),
    ),
    ("enlaces", _("lista"), _("Enlaces «Conoce más»: «texto» y «url».")),
    (
        "comentarios_experto",
        _("lista"),
        _(
            "Retroalimentación pública del experto invitado: «experto», «cargo», «institucion», «evento» "
            "y «evento_url» (dónde la dio), «aspectos_clave», «oportunidades_mejora» y «recomendaciones» "
            "(para la sostenibilidad y réplica)."
        ),
    ),
)

# The expert's feedback is one JSON list; the CSV spreads it over these columns.
COLUMNAS_CSV = [c for c, _t, _d in CAMPOS if c != "comentarios_experto"] + [
    "expertos",
    "aspectos_clave",
    "oportunidades_mejora",
    "recomendaciones",
]


# Each list of a sheet: its model, the columns read, the filter and the order the sheet uses.
LISTAS = {
    "instancias": (Instancia, ("tipo", "nombre"), Q(), ("orden",)),
    "fases": (Fase, ("nombre",), Q(), ("orden",)),
    "estrategias": (Estrategia, ("fase__nombre", "titulo", "descripcion"), Q(), ORDEN_ESTRATEGIAS),
    "resultados": (Resultado, ("tipo", "titulo", "cifra", "descripcion"), Q(), None),
    # Names and posts only: the e-mail and phone stay on the sheet, one practice at a time, not in a
    # file anyone can harvest whole.
    "contactos": (Contacto, ("nombre", "cargo"), Q(), ("orden",)),
    "enlaces": (Enlace, ("texto", "url"), Q(), ("orden",)),
    # Feedback given at an unpublished event stays out, as on the sheet for an anonymous reader.
    "comentarios": (
        ComentarioExperto,
        (
            "experto",
            "cargo",
            "institucion",
            "evento__nombre",
            "evento__slug",
            "aspectos_clave",
            "oportunidades_mejora",
            "recomendaciones",
        ),
        Q(evento__isnull=True) | Q(evento__publicado=True),
        ("pk",),
    ),
}

COLUMNAS_PRACTICA = (
    "pk",
    "slug",
    "titulo",
    "region__nombre",
    "region__macrorregion",
    "tema__nombre",
    "etapa",
    "anio",
    "publicada_en",
    "problema",
    "consiste",
    "intro_estrategias",
    "cierre_estrategias",
    "intro_logros",
    "cierre",
)


def bloques() -> Iterator[list[dict]]:
    """The published practices, ``BLOQUE`` at a time in the order of their id, each as a dict with
    its lists: 1 + len(LISTAS) queries per block, plain rows (no model instances), so 10 000
    practices stream in seconds with flat memory."""
    ultimo = 0
    while True:
        practicas = list(
            BuenaPractica.objects.publicadas()
            .filter(pk__gt=ultimo)
            .order_by("pk")
            .values(*COLUMNAS_PRACTICA, linea_instancias=F("instancias"))[:BLOQUE]
        )
        if not practicas:
            return
        ids = [p["pk"] for p in practicas]
        listas = {}
        for nombre, (modelo, columnas, filtro, orden) in LISTAS.items():
            qs = modelo.objects.filter(filtro, practica_id__in=ids)
            if orden:
                qs = qs.order_by(*orden)
            grupos = defaultdict(list)
            for practica_id, *valores in qs.values_list("practica_id", *columnas):
                grupos[practica_id].append(valores)
            listas[nombre] = grupos
        for p in practicas:
            p.update({nombre: grupos.get(p["pk"], []) for nombre, grupos in listas.items()})
        yield practicas
        if len(practicas) < BLOQUE:
            return
        ultimo = ids[-1]


def registros(base: str) -> Iterator[dict]:
    """One nested record per published practice; ``base`` is the site's address ("https://…"),
    for the sheets' and events' absolute URLs."""
    macrorregiones = {valor: str(etiqueta) for valor, etiqueta in Macrorregion.choices}
    ficha = base + reverse("practicas:ficha", args=["-"])[:-2]
    evento = base + reverse("practicas:evento", args=["-"])[:-2]
    for bloque in bloques():
        for p in bloque:
            yield registro(p, ficha, evento, macrorregiones)


def registro(p: dict, ficha: str, evento: str, macrorregiones: dict) -> dict:
    instancias = [{"tipo": tipo, "nombre": nombre} for tipo, nombre in p["instancias"]]
    if not instancias and p["linea_instancias"]:
        # Entered before the offices were rows (migration 0010): the line the sheet shows.
        instancias = [{"tipo": None, "nombre": p["linea_instancias"]}]
    return {
        "id": p["pk"],
        "slug": p["slug"],
        "url": f"{ficha}{p['slug']}/",
        "titulo": p["titulo"],
        "region": p["region__nombre"],
        "macrorregion": macrorregiones.get(p["region__macrorregion"], p["region__macrorregion"]),
        "tema": p["tema__nombre"],
        "etapa": p["etapa"],
        "anio": p["anio"],
        "publicada_en": timezone.localdate(p["publicada_en"]).isoformat() if p["publicada_en"] else None,
        "instancias": instancias,
        "problema": sin_control(p["problema"]),
        "consiste": sin_control(p["consiste"]),
        "intro_estrategias": sin_control(p["intro_estrategias"]),
        "fases": [nombre for (nombre,) in p["fases"]],
        "estrategias": [
            {"fase": fase, "titulo": titulo, "descripcion": sin_control(descripcion)}
            for fase, titulo, descripcion in p["estrategias"]
        ],
        "cierre_estrategias": sin_control(p["cierre_estrategias"]),
        "intro_logros": sin_control(p["intro_logros"]),
        "resultados": [
            {"tipo": tipo, "titulo": titulo, "cifra": cifra, "descripcion": sin_control(descripcion)}
            for tipo, titulo, cifra, descripcion in p["resultados"]
        ],
        "resumen": sin_control(p["cierre"]),
        "contactos": [{"nombre": nombre, "cargo": cargo} for nombre, cargo in p["contactos"]],
        "enlaces": [{"texto": texto, "url": url} for texto, url in p["enlaces"]],
        "comentarios_experto": [
            {
                "experto": experto,
                "cargo": cargo,
                "institucion": institucion,
                "evento": nombre_evento,
                "evento_url": f"{evento}{slug_evento}/" if slug_evento else None,
                "aspectos_clave": sin_control(aspectos),
                "oportunidades_mejora": sin_control(mejoras),
                "recomendaciones": sin_control(recomendaciones),
            }
            for (
                experto,
                cargo,
                institucion,
                nombre_evento,
                slug_evento,
                aspectos,
                mejoras,
                recomendaciones,
            ) in p["comentarios"]
        ],
    }


# --- CSV -----------------------------------------------------------------------------------------


def etiquetas() -> dict[str, str]:
    """The Spanish names of the offices' and results' kinds, translated once per file."""
    return {k: str(v) for k, v in (*TipoInstancia.choices, *TipoResultado.choices)}


def _juntos(*partes: str, sep: str = " · ") -> str:
    limpias = (una_linea(p) for p in partes if p)
    return sep.join(p for p in limpias if p)


def fila_csv(r: dict, tipos: dict[str, str] | None = None) -> list:
    """A record flattened into the CSV's columns: each item of a list on its own line of the cell;
    text that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    tipos = tipos or etiquetas()
    listas = {
        "instancias": [
            f"{tipos[i['tipo']]}: {una_linea(i['nombre'])}" if i["tipo"] else una_linea(i["nombre"])
            for i in r["instancias"]
        ],
        "fases": [una_linea(f) for f in r["fases"]],
        "estrategias": [
            _juntos(e["fase"], _juntos(e["titulo"], e["descripcion"], sep=": "), sep=" — ")
            for e in r["estrategias"]
        ],
        "resultados": [
            f"[{tipos[x['tipo']]}] "
            + _juntos(x["titulo"], _juntos(x["cifra"], x["descripcion"], sep=" "), sep=": ")
            for x in r["resultados"]
        ],
        "contactos": [_juntos(c["nombre"], c["cargo"], sep=", ") for c in r["contactos"]],
        "enlaces": [_juntos(e["texto"], e["url"], sep=": ") for e in r["enlaces"]],
    }
    comentarios = r["comentarios_experto"]
    valores = {
        **r,
        **{k: "\n".join(v) for k, v in listas.items()},
        "expertos": "\n".join(
            _juntos(c["experto"], c["cargo"], c["institucion"], c["evento"]) for c in comentarios
        ),
        # More than one comment: in the same order in each column, a blank line between them.
        **{
            k: "\n\n".join(c[k] for c in comentarios if c[k])
            for k in ("aspectos_clave", "oportunidades_mejora", "recomendaciones")
        },
    }
    fila = []
    for columna in COLUMNAS_CSV:
        valor = valores[columna]
        fila.append(sin_formula(valor) if isinstance(valor, str) else ("" if valor is None else valor))
    return fila


class _Eco:
    """A file-like object whose write returns what it was given: csv.writer formats, we stream."""

    def write(self, valor):
        return valor


def _en_tandas(partes: Iterator[str], tamano: int = 64 * 1024) -> Iterator[str]:
    """The pieces joined into chunks of about ``tamano`` characters: fewer, larger writes."""
    tanda, largo = [], 0
    for parte in partes:
        tanda.append(parte)
        largo += len(parte)
        if largo >= tamano:
            yield "".join(tanda)
            tanda, largo = [], 0
    if tanda:
        yield "".join(tanda)


def csv_en_partes(base: str) -> Iterator[str]:
    """The CSV, in chunks: UTF-8 with a byte-order mark, so Excel reads the accents."""
    escritor, tipos = csv.writer(_Eco()), etiquetas()

    def lineas():
        yield "\ufeff" + escritor.writerow(COLUMNAS_CSV)
        for r in registros(base):
            yield escritor.writerow(fila_csv(r, tipos))

    return _en_tandas(lineas())


# --- JSON ----------------------------------------------------------------------------------------


def json_en_partes(base: str, documentacion: str) -> Iterator[str]:
    """The JSON document, a practice at a time: its metadata, then ``practicas``, a list."""
    cabecera = {
        "titulo": "Buenas prácticas de gestión educativa — catálogo publicado",
        "fuente": "Chasqui · Ministerio de Educación del Perú (DIFOCA)",
        "documentacion": documentacion,
        "licencia": LICENCIA,
        "generado": timezone.localtime().isoformat(timespec="seconds"),
    }

    def partes():
        yield json.dumps(cabecera, ensure_ascii=False, indent=1)[:-2] + ',\n "practicas": ['
        primero = True
        for r in registros(base):
            yield ("\n" if primero else ",\n") + json.dumps(r, ensure_ascii=False)
            primero = False
        yield "\n]}\n"

    return _en_tandas(partes())


# --- pages ---------------------------------------------------------------------------------------


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _abierto(respuesta):
    """Open data: any site may read it from a browser; caches keep it an hour at most."""
    respuesta["Access-Control-Allow-Origin"] = "*"
    respuesta["Cache-Control"] = "public, max-age=3600"
    return respuesta


@require_safe
def datos(request: HttpRequest) -> HttpResponse:
    """The datasets explained: what each field holds, the formats, how often they change, the
    licence and how to cite them."""
    return render(
        request,
        "practicas/datos.html",
        {
            "campos": CAMPOS,
            "licencia": LICENCIA,
            "url_csv": request.build_absolute_uri(reverse("practicas:datos_csv")),
            "url_json": request.build_absolute_uri(reverse("practicas:datos_json")),
            "url_datos": request.build_absolute_uri(reverse("practicas:datos")),
            "total": BuenaPractica.objects.publicadas().count(),
            "hoy": timezone.localdate(),
        },
    )


@require_safe
def datos_csv(request: HttpRequest) -> StreamingHttpResponse:
    respuesta = StreamingHttpResponse(csv_en_partes(_base(request)), content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = 'attachment; filename="practicas.csv"'
    return _abierto(respuesta)


@require_safe
def datos_json(request: HttpRequest) -> StreamingHttpResponse:
    documentacion = request.build_absolute_uri(reverse("practicas:datos"))
    respuesta = StreamingHttpResponse(
        json_en_partes(_base(request), documentacion), content_type="application/json; charset=utf-8"
    )
    respuesta["Content-Disposition"] = 'inline; filename="practicas.json"'
    return _abierto(respuesta)
