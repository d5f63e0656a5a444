"""The home page's own sections: the user's role cards and the institutions under their care."""

from django.db.models import Count
from django.http import HttpRequest

from territorio.models import Institucion, Modalidad, Ugel


def autenticado(request: HttpRequest) -> bool:
    return request.user.is_authenticated


def roles(request: HttpRequest) -> dict:
    """One card per role assignment the user holds."""
    asignaciones = request.user.asignaciones.select_related("institucion__ugel", "ugel__dre", "dre__region")
    return {"asignaciones": asignaciones}


def instituciones(request: HttpRequest) -> dict | None:
    """Institutions in scope per UGEL and modality (specialists), in one grouped query."""
    if not request.alcance.especialista:
        return None
    filas = (
        Institucion.objects.visible_to(request.alcance)
        .values("ugel_id", "modalidad")
        .annotate(n=Count("id"))
        .order_by()
    )
    por_ugel: dict[int, dict[str, int]] = {}
    for fila in filas:
        por_ugel.setdefault(fila["ugel_id"], {})[fila["modalidad"]] = fila["n"]
    ugeles = Ugel.objects.visible_to(request.alcance).filter(pk__in=por_ugel).select_related("dre")
    return {
        "resumen": [
            {
                "ugel": ugel,
                "total": sum(por_ugel[ugel.pk].values()),
                "modalidades": [(Modalidad(m).label, n) for m, n in sorted(por_ugel[ugel.pk].items())],
            }
            for ugel in ugeles
        ]
    }
