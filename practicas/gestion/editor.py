"""The practice editor (being built)."""

from django.http import Http404


def nueva(request):
    raise Http404


def editar(request, pk):
    raise Http404
