"""The CoP's figures Chasqui can count itself, from the catalogue (seeds/001, «¿Qué es la CoP?»:
practices in force, from so many regions, DRE/GRE, UGEL and local governments). The event editor
shows them; the report prints them."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim

from practicas.models import BuenaPractica, Instancia, TipoInstancia


@dataclass(frozen=True)
class CifrasCop:
    practicas: int
    regiones: int
    dre: int
    ugel: int
    gobiernos_locales: int


def cifras_cop(practicas: dict[str, int] | None = None) -> CifrasCop:
    """Published practices, their regions, and the distinct offices they involve by kind (an office
    named alike by two practices counts once). Two queries, whatever the size of the catalogue; one
    when the caller already counted the published practices and their regions
    (``{"practicas": n, "regiones": n}``: the catalogue has them in its counts by region)."""
    if practicas is None:
        practicas = BuenaPractica.objects.publicadas().aggregate(
            practicas=Count("pk"), regiones=Count("region", distinct=True)
        )
    return CifrasCop(**practicas, **oficinas())


def oficinas() -> dict[str, int]:
    """The distinct offices the published practices involve, by kind (one query over every office
    of every published practice). The catalogue keeps them under its change number
    (practicas.recuentos), which every change of a practice or of its offices renews."""
    nombre = Lower(Trim("nombre"))
    return Instancia.objects.filter(practica__in=BuenaPractica.objects.publicadas()).aggregate(
        **{
            clave: Count(nombre, distinct=True, filter=Q(tipo=tipo))
            for clave, tipo in (
                ("dre", TipoInstancia.DRE),
                ("ugel", TipoInstancia.UGEL),
                ("gobiernos_locales", TipoInstancia.GOBIERNO_LOCAL),
            )
        }
    )


def por_region_y_etapa(practicas=None) -> dict[str, dict[str, int]]:
    """Practices by region and maturity stage ({"Junín": {"inicial": 1, "avanzado": 2}, …}), regions
    with the most first: what practicas.graficos draws. The published catalogue unless another set
    of practices is given (an event's, say). One query."""
    if practicas is None:
        practicas = BuenaPractica.objects.publicadas()
    return agrupar_region_y_etapa(
        practicas.order_by().values_list("region__nombre", "etapa").annotate(n=Count("pk"))
    )


def agrupar_region_y_etapa(filas) -> dict[str, dict[str, int]]:
    """(region, stage, practices) rows, repeated or not, as ``por_region_y_etapa`` gives them: the
    regions with the most practices first, then by name."""
    conteos: dict[str, dict[str, int]] = {}
    for region, etapa, n in filas:
        fila = conteos.setdefault(region, {})
        fila[etapa] = fila.get(etapa, 0) + n
    return dict(sorted(conteos.items(), key=lambda par: (-sum(par[1].values()), par[0])))
