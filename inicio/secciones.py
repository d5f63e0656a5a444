"""The home page's own sections: the user's role cards and the institutions under their care."""

from django.db.models import Count
from django.http import HttpRequest

from territorio.models import Institucion, Modalidad


def autenticado(request: HttpRequest) -> bool:
    return request.user.is_authenticated


def roles(request: HttpRequest) -> dict:
    """One card per role assignment the user holds."""
    asignaciones = request.user.asignaciones.select_related("institucion__ugel", "ugel__dre", "dre__region")
    return {"asignaciones": asignaciones}


def instituciones(request: HttpRequest) -> dict | None:
    """Institutions in scope per UGEL and modality (specialists), in one grouped query that also
    brings each UGEL's and DRE's name: rows ready to draw, whatever the number of UGEL (220 for a
    national user)."""
    if not request.alcance.especialista:
        return None
    filas = (
        Institucion.objects.visible_to(request.alcance)  # an institution in scope: its UGEL is too
        .values_list("ugel_id", "ugel__nombre", "ugel__dre__nombre", "modalidad")
        .annotate(n=Count("id"))
        .order_by("ugel__dre__nombre", "ugel__nombre", "ugel_id", "modalidad")  # Ugel.Meta.ordering
    )
    etiquetas = dict(Modalidad.choices)
    resumen: list[dict] = []
    for ugel_id, ugel, dre, modalidad, n in filas:
        if not resumen or resumen[-1]["ugel_id"] != ugel_id:
            resumen.append({"ugel_id": ugel_id, "ugel": ugel, "dre": dre, "total": 0, "modalidades": []})
        resumen[-1]["total"] += n
        resumen[-1]["modalidades"].append((etiquetas.get(modalidad, modalidad), n))
    return {"resumen": resumen}
