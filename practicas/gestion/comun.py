"""What every page of the workspace shares: who may enter, and the practice or event it is about."""

from django.http import Http404, HttpRequest

from cuentas.permisos import tiene_permiso
from practicas.models import BuenaPractica, Evento


def exigir_gestion(request: HttpRequest) -> None:
    """404 for anyone who does not manage practices (signed in or not): the workspace is not
    announced to them."""
    if not tiene_permiso(request.user, "practicas.gestionar"):
        raise Http404


def practica_de(request: HttpRequest, pk: int, qs=None) -> BuenaPractica:
    exigir_gestion(request)
    qs = qs if qs is not None else BuenaPractica.objects.select_related("region", "tema").defer("busqueda")
    try:
        return qs.get(pk=pk)
    except BuenaPractica.DoesNotExist:
        raise Http404 from None


def evento_de(request: HttpRequest, pk: int, qs=None) -> Evento:
    exigir_gestion(request)
    qs = qs if qs is not None else Evento.objects.all()
    try:
        return qs.get(pk=pk)
    except Evento.DoesNotExist:
        raise Http404 from None
