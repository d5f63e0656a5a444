"""Project-level pages: the home page of each role and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from balance.models import Matriz
from cuentas.alcance import alcance_de
from monitoreo.models import PlanMonitoreo, escuelas_propias
from practicas.models import BuenaPractica, EstadoPractica
from territorio.models import Institucion, Modalidad, Ugel


@login_required
def inicio(request):
    """What is waiting for the user, per role they hold."""
    user = request.user
    alcance = alcance_de(user)
    asignaciones = user.asignaciones.select_related("institucion__ugel", "ugel__dre", "dre__region")
    contexto = {
        "asignaciones": asignaciones,
        "alcance": alcance,
        "por_completar": Matriz.objects.por_completar(user).select_related("campana", "institucion"),
        "por_revisar": (
            Matriz.objects.por_revisar(user)
            .values("campana_id", "campana__titulo", "campana__fecha_limite")
            .annotate(n=Count("id"))
            .order_by("campana__fecha_limite")
        ),
    }
    if alcance.dirige_escuela:
        # Schools (not CEBA/CETPRO) write a monitoring plan each year: this year's, or the invitation.
        anio = timezone.localdate().year
        escuelas = list(escuelas_propias(user))
        planes = {
            p.institucion_id: p
            for p in PlanMonitoreo.objects.filter(institucion__in=escuelas, anio=anio).annotate(
                n_visitas=Count("visitas")
            )
        }
        contexto["monitoreo"] = [(escuela, planes.get(escuela.pk)) for escuela in escuelas]
        contexto["anio"] = anio
    if alcance.difoca:
        # What DIFOCA has between draft and the catalogue, in one grouped query.
        por_estado = dict(
            BuenaPractica.objects.exclude(estado=EstadoPractica.PUBLICADA)
            .values_list("estado")
            .annotate(n=Count("id"))
            .order_by()
        )
        contexto["practicas_en_revision"] = por_estado.get(EstadoPractica.EN_REVISION, 0)
        contexto["practicas_borrador"] = por_estado.get(EstadoPractica.BORRADOR, 0)
    if alcance.especialista:
        # One grouped query: institutions in scope per UGEL and modality.
        filas = (
            Institucion.objects.visible_to(user)
            .values("ugel_id", "modalidad")
            .annotate(n=Count("id"))
            .order_by()
        )
        por_ugel: dict[int, dict[str, int]] = {}
        for fila in filas:
            por_ugel.setdefault(fila["ugel_id"], {})[fila["modalidad"]] = fila["n"]
        ugeles = Ugel.objects.visible_to(user).filter(pk__in=por_ugel).select_related("dre")
        contexto["resumen"] = [
            {
                "ugel": ugel,
                "total": sum(por_ugel[ugel.pk].values()),
                "modalidades": [(Modalidad(m).label, n) for m, n in sorted(por_ugel[ugel.pk].items())],
            }
            for ugel in ugeles
        ]
    return render(request, "inicio.html", contexto)


@never_cache
def salud(request):
    """200 when the database answers, 503 when it does not. For load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"estado": "error", "base_de_datos": "sin conexión"}, status=503)
    return JsonResponse({"estado": "ok", "base_de_datos": "ok"})
