import io
import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from comun.almacen import entregar
from cuentas.permisos import obtener_para_leer
from exportaciones.base import obtener
from exportaciones.models import EstadoExportacion, Exportacion
from exportaciones.services import DemasiadasExportaciones, exportacion_pedir


@login_required
def exportar(request: HttpRequest, identificador: str) -> HttpResponse:
    """Run an export: small ones answer with the file at once; larger ones are confirmed with a POST
    (so no other site can queue work in the user's name) and go to the background."""
    clase = obtener(identificador)
    if clase is None:
        raise Http404
    parametros = {k: v for k, v in request.GET.items() if k != "fondo"}
    exportador = clase(request.user, parametros)  # resolves parameters in scope, or 404
    tamano = exportador.tamano()
    if tamano <= clase.umbral_inmediato and not request.GET.get("fondo"):
        contenido = io.BytesIO()
        exportador.generar(contenido)
        contenido.seek(0)
        return FileResponse(
            contenido,
            as_attachment=True,
            filename=exportador.nombre_archivo(),
            content_type=clase.content_type,
        )
    if request.method != "POST":
        return render(request, "exportaciones/confirmar.html", {"exportador": exportador, "tamano": tamano})
    try:
        exportacion = exportacion_pedir(exportador=exportador)
    except DemasiadasExportaciones as demasiadas:
        contexto = {"exportador": exportador, "tamano": tamano, "en_curso": demasiadas.en_curso}
        return render(request, "exportaciones/confirmar.html", contexto, status=429)
    return redirect("exportaciones:trabajo", exportacion.pk)


@login_required
def lista(request: HttpRequest) -> HttpResponse:
    exportaciones = Exportacion.objects.visible_to(request.user).vigentes()[:50]
    return render(request, "exportaciones/lista.html", {"exportaciones": exportaciones})


@login_required
def trabajo(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Progress of one background export; htmx polls the fragment until the file is ready."""
    exportacion = obtener_para_leer(request, Exportacion, pk=pk)
    plantilla = "exportaciones/_progreso.html" if request.htmx else "exportaciones/trabajo.html"
    return render(request, plantilla, {"exportacion": exportacion})


@login_required
def descargar(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The file of one's own finished export, while it lasts; 404 for anyone else's."""
    exportacion = obtener_para_leer(
        request, Exportacion.objects.vigentes(), pk=pk, estado=EstadoExportacion.LISTA
    )
    if not exportacion.archivo:
        raise Http404
    # Only now, past the check: streamed from the disk, or a redirect to a signed URL that expires.
    return entregar(exportacion.archivo, nombre=exportacion.archivo.name.rsplit("/", 1)[-1])
