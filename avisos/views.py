from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from avisos.models import Aviso
from avisos.services import aviso_abrir, avisos_marcar_leidos

POR_PAGINA = 25


@login_required
def lista(request: HttpRequest) -> HttpResponse:
    """The user's notices, newest first."""
    avisos = Aviso.objects.filter(usuario=request.user)
    pagina = Paginator(avisos, POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "avisos/lista.html",
        {
            "pagina": pagina,
            "avisos": pagina.object_list,
            "hay_no_leidos": avisos.filter(leido_en__isnull=True).exists(),
        },
    )


@login_required
@require_POST
def marcar_leidos(request: HttpRequest) -> HttpResponse:
    """Mark every notice of the user read."""
    avisos_marcar_leidos(usuario=request.user)
    return redirect("avisos:lista")


@login_required
def abrir(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go to its record; someone else's notice is 404."""
    aviso = aviso_abrir(aviso=get_object_or_404(Aviso, pk=pk, usuario=request.user))
    # Only a path inside the site: a stored link never sends anyone elsewhere.
    if aviso.enlace and url_has_allowed_host_and_scheme(aviso.enlace, allowed_hosts=None):
        return redirect(aviso.enlace)
    return redirect(reverse("avisos:lista"))
