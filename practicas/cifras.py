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


def cifras_cop() -> CifrasCop:
    """Published practices, their regions, and the distinct offices they involve by kind (an office
    named alike by two practices counts once). Two queries, whatever the size of the catalogue."""
    practicas = BuenaPractica.objects.publicadas().aggregate(
        practicas=Count("pk"), regiones=Count("region", distinct=True)
    )
    nombre = Lower(Trim("nombre"))
    oficinas = Instancia.objects.filter(practica__in=BuenaPractica.objects.publicadas()).aggregate(
        **{
            clave: Count(nombre, distinct=True, filter=Q(tipo=tipo))
            for clave, tipo in (
                ("dre", TipoInstancia.DRE),
                ("ugel", TipoInstancia.UGEL),
                ("gobiernos_locales", TipoInstancia.GOBIERNO_LOCAL),
            )
        }
    )
    return CifrasCop(**practicas, **oficinas)
