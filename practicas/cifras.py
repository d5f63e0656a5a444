"""The CoP's figures Chasqui can count itself, from the catalogue (seeds/001, «¿Qué es la CoP?»:
practices in force, from so many regions, DRE/GRE, UGEL and local governments). The event editor
shows them; the report prints them."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim

from historial import modelo_de_cambios
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
    return CifrasCop(**practicas, **_oficinas())


def _oficinas() -> dict[str, int]:
    """The distinct offices the published practices involve, by kind (one query over every office
    of every published practice)."""
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


# This process's last count of offices: (key, figures). See ``cifras_cop_del_catalogo``.
_ultimas_oficinas: tuple[tuple, dict[str, int]] | None = None


def _ultimo_cambio() -> tuple:
    """The last change recorded in the history of the practices and of their offices (the
    history's trigger numbers each change: a publication, a withdrawal, a deletion, an office
    added, renamed or removed all take a new number). Two probes of primary keys, one query."""
    tablas = [modelo_de_cambios(m)._meta.db_table for m in (BuenaPractica, Instancia)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT max(pgh_id) FROM {}), (SELECT max(pgh_id) FROM {})".format(
                *(connection.ops.quote_name(t) for t in tablas)
            )
        )
        return cursor.fetchone()


def cifras_cop_del_catalogo(practicas: dict[str, int]) -> CifrasCop:
    """``cifras_cop`` for the catalogue page, which shows them to every visitor: the distinct
    offices are counted again only when the practices or their offices changed since this process
    last counted them. The key is read from the database on each request (the published count the
    page has already, and the last change numbers, ``_ultimo_cambio``), so every app server sharing
    the database sees a change on its next request; nothing is kept that a change would not renew.
    (A change whose transaction commits after a later-numbered one is seen at the next change.)"""
    global _ultimas_oficinas
    clave = (practicas["practicas"], practicas["regiones"], *_ultimo_cambio())
    if _ultimas_oficinas is None or _ultimas_oficinas[0] != clave:
        _ultimas_oficinas = (clave, _oficinas())
    return CifrasCop(**practicas, **_ultimas_oficinas[1])


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
