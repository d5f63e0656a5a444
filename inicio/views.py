"""Project-level pages: the home page, assembled from the sections apps register, and the health
check."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from comun.registro import secciones_inicio


@login_required
def inicio(request: HttpRequest) -> HttpResponse:
    """What is waiting for the user: each registered section that has something for them."""
    secciones = []
    for seccion in secciones_inicio:
        contexto = seccion.contexto(request)
        if contexto is not None:
            secciones.append(mark_safe(render_to_string(seccion.plantilla, contexto, request)))
    return render(request, "inicio.html", {"secciones": secciones})


@never_cache
def salud(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not. For load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"estado": "error", "base_de_datos": "sin conexión"}, status=503)
    return JsonResponse({"estado": "ok", "base_de_datos": "ok"})
