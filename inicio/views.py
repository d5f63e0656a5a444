"""Project-level pages: the home page, assembled from the sections apps register, the health
check, and /favicon.ico."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from comun.registro import secciones_inicio


@login_required
def inicio(request: HttpRequest) -> HttpResponse:
    """What is waiting for the user: each registered section that has something for them, as
    (template, its context, whether its drawing is kept under its data), drawn within the page's
    drawing ({% seccion %})."""
    secciones = []
    for seccion in secciones_inicio:
        contexto = seccion.contexto(request)
        if contexto is not None:
            secciones.append((seccion.plantilla, contexto, seccion.por_datos))
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


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """The brand's icon (static/img/chasqui.svg, the one base.html names in <link rel="icon">) at the
    address browsers and bookmarks ask for without reading the page: no 404 in every log."""
    return HttpResponse(Path(finders.find("img/chasqui.svg")).read_bytes(), content_type="image/svg+xml")
