"""What a good practice and an event say: created, saved as a whole (their fields and every list),
their photos, the guest expert's feedback. The one write path for content: DIFOCA's editor, the demo
loader, and the admin (which only links to the editor). State changes are in ``practicas.services``.

Each save is a transaction checked against the version the editor loaded: saving from an older copy
raises ``ConflictoVersion`` and writes nothing, as the balance matrix does.
"""

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

import historial
from comun.listas import en_orden, sincronizar
from comun.texto import una_linea
from cuentas.models import Usuario
from cuentas.permisos import tiene_permiso
from practicas import publicos, services
from practicas.models import (
    SLUGS_RESERVADOS,
    BuenaPractica,
    ComentarioExperto,
    Contacto,
    Enlace,
    EstadoPractica,
    Estrategia,
    Evento,
    Fase,
    Foto,
    FotoEvento,
    Instancia,
    PracticaPresentada,
    Resultado,
    Testimonio,
    TipoInstancia,
)

# The practice's own fields an editor writes (state, slug and dates are the services').
CAMPOS_PRACTICA = (
    "titulo",
    "region",
    "tema",
    "etapa",
    "anio",
    "problema",
    "consiste",
    "intro_estrategias",
    "cierre_estrategias",
    "intro_logros",
    "cierre",
)
# Each list of a practice: its model and the fields a row carries. Photos are added by upload
# (foto_agregar); the list only captions, orders and removes them. Phases are special: strategies
# name theirs by the key the editor gave it, so a strategy can take a phase created in the same save.
LISTAS_PRACTICA = {
    "instancias": (Instancia, ("tipo", "nombre")),
    "estrategias": (Estrategia, ("fase", "titulo", "descripcion")),
    "resultados": (Resultado, ("tipo", "titulo", "cifra", "descripcion")),
    "contactos": (Contacto, ("nombre", "cargo", "correo", "telefono")),
    "enlaces": (Enlace, ("texto", "url")),
    "fotos": (Foto, ("leyenda",)),
}
CAMPOS_EVENTO = (
    "nombre",
    "macrorregion",
    "region_anfitriona",
    "sede",
    "fecha_inicio",
    "fecha_fin",
    "asistentes",
    "presentacion",
    "firma_presentacion",
    "resumen_ejecutivo",
    "cop",
    "cop_visitas",
    "cop_miembros",
    "cop_miembros_activos",
    "cop_actividades",
    "cop_aliados",
    "ruta_fortalecimiento",
    "red_gestores",
    "desarrollo",
    "dia1",
    "visita",
    "visita_instituciones",
)
LISTAS_EVENTO = {
    "presentaciones": (PracticaPresentada, ("practica", "problema", "estrategia", "resultados")),
    "testimonios": (Testimonio, ("autor", "cargo", "texto")),
    "fotos": (FotoEvento, ("leyenda",)),
}
# No list an editor sends may be longer: a sheet has a dozen strategies, the longest seed 15 results.
MAXIMO_FILAS = 100
# How alike two titles must be (pg_trgm similarity, 0–1) to ask before creating the second.
UMBRAL_PARECIDO = 0.45


class ConflictoVersion(Exception):
    """Someone saved this record after the editor's copy was loaded; nothing was written."""

    def __init__(self, actual: BuenaPractica | Evento):
        super().__init__(actual)
        self.actual = actual


@dataclass
class Documento:
    """What an editor sends: the record's fields and its lists, each as it now stands (rows with
    their ``id`` when they exist), in order. A list left out is not touched."""

    campos: dict[str, Any] = field(default_factory=dict)
    listas: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Practices only: the phases, each {"clave": …, "id": …, "nombre": …}; strategies name their
    # phase by that clave (None: not in a phase).
    fases: list[dict[str, Any]] | None = None


def exigir_difoca(usuario: Usuario) -> None:
    if not tiene_permiso(usuario, "practicas.gestionar"):
        raise PermissionDenied(_("Solo DIFOCA gestiona las buenas prácticas y los eventos."))


def tipo_de_instancia(nombre: str) -> str:
    """The kind of office a name says it is: "UGEL Huaura" → ugel, "DRE Pasco" → dre."""
    texto = nombre.strip().upper()
    palabra = texto.split(" ")[0].strip(".,") if texto else ""
    if palabra in {"DRE", "GRE", "DREL", "DRELM", "GREL"} or texto.startswith(
        ("DIRECCIÓN REGIONAL", "DIRECCION REGIONAL", "GERENCIA REGIONAL")
    ):
        return TipoInstancia.DRE
    if palabra == "UGEL" or texto.startswith("UNIDAD DE GESTIÓN EDUCATIVA"):
        return TipoInstancia.UGEL
    if palabra in {"MUNICIPALIDAD", "GOBIERNO", "MUNI"}:
        return TipoInstancia.GOBIERNO_LOCAL
    return TipoInstancia.OTRA


def slug_libre(texto: str, modelo: type[BuenaPractica] | type[Evento], excluir: int | None = None) -> str:
    """An address for the record from its title: short, unused, not a reserved word."""
    base = slugify(texto)[:70].strip("-") or "practica"
    usados = set(
        modelo.objects.filter(slug__startswith=base).exclude(pk=excluir).values_list("slug", flat=True)
    )
    candidato, n = base, 1
    while candidato in usados or candidato in SLUGS_RESERVADOS:
        n += 1
        candidato = f"{base}-{n}"
    return candidato


def parecidas(*, titulo: str, region, excluir: int | None = None) -> list[BuenaPractica]:
    """Practices of the same region whose title is the same or very like ``titulo`` (pg_trgm),
    most alike first: at most five, drafts included."""
    titulo = una_linea(titulo).lower()
    if not titulo or region is None:
        return []
    return list(
        BuenaPractica.objects.filter(region=region)
        .exclude(pk=excluir)
        .annotate(parecido=TrigramSimilarity(Lower("titulo"), titulo))
        .filter(parecido__gte=UMBRAL_PARECIDO)
        .select_related("region")
        .defer("busqueda")
        .order_by("-parecido", "pk")[:5]
    )


def practica_crear(*, usuario: Usuario, slug: str = "", **campos) -> BuenaPractica:
    """A new draft with what the first screen asks (title, region, theme, stage, year); the rest is
    written in the editor. Its address comes from the title unless ``slug`` is given (loaders)."""
    exigir_difoca(usuario)
    desconocidos = set(campos) - set(CAMPOS_PRACTICA)
    if desconocidos:
        raise TypeError(f"campos desconocidos: {sorted(desconocidos)}")
    with transaction.atomic():
        practica = BuenaPractica(
            **campos,
            slug=slug or slug_libre(campos.get("titulo", ""), BuenaPractica),
            creada_por=usuario,
            editada_por=usuario,
            editada_en=timezone.now(),
        )
        practica.full_clean(exclude=["problema"])
        with historial.accion(practica, "crear", usuario=usuario):
            practica.save()
    return practica


def _exigir_tamano(listas: dict[str, list]) -> None:
    for nombre, filas in listas.items():
        if len(filas) > MAXIMO_FILAS:
            raise ValidationError(
                {nombre: _("Hasta %(n)d filas por lista.") % {"n": MAXIMO_FILAS}}, code="demasiadas"
            )


def _bloquear(modelo, pk: int, version: int | None):
    actual = modelo.objects.select_for_update().get(pk=pk)
    if version is not None and actual.version != version:
        raise ConflictoVersion(actual)
    return actual


def practica_guardar(
    *,
    practica: BuenaPractica,
    usuario: Usuario,
    version: int | None,
    documento: Documento,
    filas: dict[str, list] | None = None,
) -> BuenaPractica:
    """Write the practice's fields and lists as the editor sends them, in one transaction.

    ``version`` is the one the editor loaded (None only for loaders that own the record). The
    offices' line (``instancias``) follows the Instancia rows. A save that changes nothing leaves the
    version alone, so it cannot conflict with another tab.

    ``filas``, when given, is filled with each list written ("fases" too): its rows in the order
    sent, new ones with their id, so that the editor can tell the page the ids of its new rows."""
    exigir_difoca(usuario)
    _exigir_tamano({**documento.listas, **({"fases": documento.fases} if documento.fases else {})})
    with en_orden():
        actual = _bloquear(BuenaPractica, practica.pk, version)
        antes = _huella(actual)
        cambio = False
        with historial.accion(actual, "editar", usuario=usuario):
            for nombre, valor in documento.campos.items():
                if nombre not in CAMPOS_PRACTICA:
                    raise TypeError(f"campo desconocido: {nombre}")
                setattr(actual, nombre, valor)
            padre = {"practica": actual}
            sobrantes_fases: list[int] = []
            claves: dict[Any, Fase] = {}
            if documento.fases is not None:
                de_fases = [{"id": f.get("id"), "nombre": f["nombre"]} for f in documento.fases]
                hecho = sincronizar(Fase, padre, de_fases, ["nombre"], borrar=False)
                sobrantes_fases, cambio = hecho.sobrantes, hecho.cambio
                if filas is not None:
                    filas["fases"] = hecho.filas
                claves = {f["clave"]: fase for f, fase in zip(documento.fases, hecho.filas, strict=True)}
            for nombre, enviadas in documento.listas.items():
                modelo, campos = LISTAS_PRACTICA[nombre]
                if nombre == "estrategias":
                    enviadas = [
                        {**fila, "fase": _fase(fila.get("fase"), claves, actual)} for fila in enviadas
                    ]
                if nombre == "fotos":
                    enviadas = _fotos(actual, enviadas)
                hecho = sincronizar(modelo, padre, enviadas, campos, borrar=nombre != "fotos")
                if nombre == "fotos":
                    _quitar_fotos(modelo, hecho.sobrantes)
                cambio = cambio or hecho.cambio
                if filas is not None:
                    filas[nombre] = hecho.filas
                if nombre == "instancias":
                    actual.instancias = " · ".join(fila.nombre for fila in hecho.filas)[:1000]
            if sobrantes_fases:
                # Their strategies were moved above, or are gone with the list the editor sent.
                Fase.objects.filter(pk__in=sobrantes_fases).delete()
            if cambio:
                actual.texto_listas = texto_de_listas(actual.pk)
            if cambio or _huella(actual) != antes:
                # A draft may still lack its problem: sending it to review asks for it. A practice in
                # review or in the catalogue may not lose what review asked for.
                actual.full_clean(exclude=["slug", "problema"])
                if actual.estado != EstadoPractica.BORRADOR and (faltan := services.faltantes(actual)):
                    raise ValidationError(
                        _(
                            "Esta práctica está «%(estado)s» y no puede quedar incompleta: %(faltan)s "
                            "No se guardó este cambio. Para rehacerla, devuélvela a borrador."
                        )
                        % {"estado": actual.get_estado_display().lower(), "faltan": " ".join(faltan)},
                        code="incompleta",
                    )
                actual.version += 1
                actual.editada_en = timezone.now()
                actual.editada_por = usuario
                actual.save()
                publicos.cambio_practica(actual.pk)
    return actual


# The lists whose words the catalogue's search reads (BuenaPractica.texto_listas), and the guest
# expert's feedback as the public sheet shows it: given outside an event or at a published one. The
# feedback of an event still being prepared must not make a practice findable by words nobody may
# read yet; it enters when the event is published (refrescar_texto_de_listas) and leaves if the
# event is withdrawn.
COMENTARIO_PUBLICO = Q(evento__isnull=True) | Q(evento__publicado=True)
TEXTO_DE_LISTAS = (
    (Estrategia, ("titulo", "descripcion"), Q()),
    (Resultado, ("titulo", "cifra", "descripcion"), Q()),
    (Contacto, ("nombre", "cargo"), Q()),
    (Enlace, ("texto",), Q()),
    (Foto, ("leyenda",), Q()),
    (
        ComentarioExperto,
        ("experto", "cargo", "institucion", "aspectos_clave", "oportunidades_mejora", "recomendaciones"),
        COMENTARIO_PUBLICO,
    ),
)


def texto_de_listas(practica_id: int) -> str:
    """The words of a practice's lists and public feedback, for its search vector: one query (their
    order does not matter to a search)."""
    partes = [
        modelo.objects.filter(filtro, practica_id=practica_id)
        .annotate(palabras_busqueda=Concat(*_con_saltos(campos), output_field=models.TextField()))
        .values_list("palabras_busqueda", flat=True)
        .order_by()
        for modelo, campos, filtro in TEXTO_DE_LISTAS
    ]
    return "\n".join(t.strip() for t in partes[0].union(*partes[1:], all=True) if t.strip())


def refrescar_texto_de_listas(practicas) -> None:
    """Write again the search words of these practices (a queryset or ids), each locked first: the
    expert's feedback changed, or became public or private with its event. Three queries a practice."""
    for pk in BuenaPractica.objects.filter(pk__in=practicas).order_by("pk").values_list("pk", flat=True):
        BuenaPractica.objects.select_for_update().filter(pk=pk).values_list("pk").first()
        BuenaPractica.objects.filter(pk=pk).update(texto_listas=texto_de_listas(pk))


def _con_saltos(campos: tuple[str, ...]) -> list:
    salida: list = []
    for campo in campos:
        salida += [campo, Value("\n")]
    return salida


def _huella(practica: BuenaPractica) -> tuple:
    """The practice's own fields as stored values (foreign keys as ids: no query)."""
    campos = (*CAMPOS_PRACTICA, "instancias")
    return tuple(getattr(practica, practica._meta.get_field(c).attname) for c in campos)


def _fotos(dueno: BuenaPractica | Evento, filas: list[dict]) -> list[dict]:
    """Pictures come in by upload (foto_agregar): a row with an id that is not one of this gallery's
    is dropped, not made a new photo. A row without id is a caption waiting for its picture."""
    propias = set(dueno.fotos.values_list("pk", flat=True))
    return [fila for fila in filas if not fila.get("id") or fila["id"] in propias]


def _quitar_fotos(modelo: type[Foto] | type[FotoEvento], ids: list[int]) -> None:
    """Photos taken out of a gallery: their rows now, their files once the transaction holds (a
    refused save keeps both)."""
    if not ids:
        return
    archivos = [
        (campo.storage, campo.name)
        for foto in modelo.objects.filter(pk__in=ids)
        for campo in (foto.imagen, foto.original)
        if campo.name
    ]
    modelo.objects.filter(pk__in=ids).delete()
    transaction.on_commit(lambda: [almacen.delete(nombre) for almacen, nombre in archivos])


def _fase(clave: Any, claves: dict[Any, Fase], practica: BuenaPractica) -> Fase | None:
    if clave in (None, ""):
        return None
    if clave in claves:
        return claves[clave]
    raise ValidationError(
        {"estrategias": _("Una estrategia nombra una fase que ya no está: elige otra.")}, code="fase"
    )


def foto_agregar(
    *,
    practica: BuenaPractica | None = None,
    evento: Evento | None = None,
    usuario: Usuario,
    archivo: UploadedFile,
    leyenda: str = "",
) -> Foto | FotoEvento:
    """A photo checked, resized and cleaned (comun.imagenes), added last to the gallery of the
    practice or the event. Raises ValidationError with the reason when the file is refused."""
    from comun.imagenes import preparar  # the image helpers load Pillow's plugins: only when needed

    exigir_difoca(usuario)
    preparada = preparar(archivo)
    # No caption typed: the file's own name ("Reunión DRE.jpg" → "Reunión DRE"), to be improved.
    leyenda = una_linea(leyenda)[:300] or una_linea(PurePath(archivo.name or "").stem)[:300] or _("Foto")
    if practica is not None:
        modelo, padre, dueno = Foto, {"practica": practica}, practica
    else:
        modelo, padre, dueno = FotoEvento, {"evento": evento}, evento
    with transaction.atomic():
        type(dueno).objects.select_for_update().filter(pk=dueno.pk).exists()
        orden = modelo.objects.filter(**padre).count() + 1
        foto = modelo(**padre, orden=orden, leyenda=leyenda, ancho=preparada.ancho, alto=preparada.alto)
        foto.imagen.save(preparada.nombre, preparada.imagen, save=False)
        if preparada.original is not None:
            foto.original.save(archivo.name, preparada.original, save=False)
        with historial.accion(dueno, "editar", usuario=usuario):
            foto.save()
            # The gallery changed: an editor open elsewhere must reload before saving its list.
            cambios = {"version": F("version") + 1}
            if practica is not None:
                cambios["texto_listas"] = texto_de_listas(practica.pk)  # its caption, for the search
            type(dueno).objects.filter(pk=dueno.pk).update(**cambios)
            dueno.refresh_from_db(fields=["version"])
            if practica is not None:
                publicos.cambio_practica(practica.pk)
            else:
                publicos.cambio_evento(evento.pk)
    return foto


def comentario_guardar(
    *,
    practica: BuenaPractica,
    usuario: Usuario,
    datos: dict[str, Any],
    comentario: ComentarioExperto | None = None,
) -> ComentarioExperto:
    """The guest expert's feedback on the practice (new, or ``comentario`` changed): expert, position,
    institution, the event where it was given, and its three lists."""
    exigir_difoca(usuario)
    with transaction.atomic():
        if comentario is None:
            comentario = ComentarioExperto(practica=practica)
        elif comentario.practica_id != practica.pk:
            raise PermissionDenied
        for nombre, valor in datos.items():
            setattr(comentario, nombre, valor)
        comentario.full_clean()
        with historial.accion(practica, "editar", usuario=usuario):
            comentario.save()
        publicos.cambio_practica(practica.pk)
        refrescar_texto_de_listas([practica.pk])
    return comentario


def comentario_borrar(*, comentario: ComentarioExperto, usuario: Usuario) -> None:
    exigir_difoca(usuario)
    with transaction.atomic():
        with historial.accion(comentario.practica, "editar", usuario=usuario):
            comentario.delete()
        publicos.cambio_practica(comentario.practica_id)
        refrescar_texto_de_listas([comentario.practica_id])


def evento_crear(*, usuario: Usuario, slug: str = "", **campos) -> Evento:
    """A new, unpublished event with its first data (name, macroregion, venue, dates)."""
    exigir_difoca(usuario)
    with transaction.atomic():
        evento = Evento(
            **campos,
            slug=slug or slug_libre(campos.get("nombre", ""), Evento),
            editado_por=usuario,
            editado_en=timezone.now(),
        )
        evento.full_clean()
        with historial.accion(evento, "crear", usuario=usuario):
            evento.save()
    return evento


def evento_guardar(
    *, evento: Evento, usuario: Usuario, version: int | None, documento: Documento, regiones=None
) -> Evento:
    """Write the event's fields, its participating regions and its lists (the practices presented in
    order with the report's version of each, the testimonials, the photos' captions and order).

    A published report keeps only published practices (as ``PracticaPresentada.clean`` says)."""
    exigir_difoca(usuario)
    _exigir_tamano(documento.listas)
    with en_orden():
        actual = _bloquear(Evento, evento.pk, version)
        with historial.accion(actual, "editar", usuario=usuario):
            for nombre, valor in documento.campos.items():
                if nombre not in CAMPOS_EVENTO:
                    raise TypeError(f"campo desconocido: {nombre}")
                setattr(actual, nombre, valor)
            actual.full_clean(exclude=["slug"])
            padre = {"evento": actual}
            for nombre, filas in documento.listas.items():
                modelo, campos = LISTAS_EVENTO[nombre]
                if nombre == "fotos":
                    filas = _fotos(actual, filas)
                if nombre == "presentaciones":
                    _exigir_presentables(actual, filas)
                hecho = sincronizar(modelo, padre, filas, campos, borrar=nombre != "fotos")
                if nombre == "fotos":
                    _quitar_fotos(modelo, hecho.sobrantes)
            if regiones is not None:
                actual.regiones.set(regiones)
            actual.version += 1
            actual.editado_en = timezone.now()
            actual.editado_por = usuario
            actual.save()
            publicos.cambio_evento(actual.pk)
    return actual


def _exigir_presentables(evento: Evento, filas: list[dict]) -> None:
    practicas = [fila["practica"] for fila in filas]
    if len({p.pk for p in practicas}) != len(practicas):
        raise ValidationError(
            {"presentaciones": _("Una práctica figura dos veces en el programa.")}, code="repetida"
        )
    if evento.publicado:
        pendientes = [p.titulo for p in practicas if p.estado != EstadoPractica.PUBLICADA]
        if pendientes:
            raise ValidationError(
                {
                    "presentaciones": _(
                        "El reporte ya está publicado: solo admite prácticas publicadas (%(t)s)."
                    )
                    % {"t": "; ".join(pendientes)}
                },
                code="sin_publicar",
            )
