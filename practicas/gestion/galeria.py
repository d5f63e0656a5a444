"""A practice's gallery and the expert's feedback (being built)."""

from django.http import Http404


def galeria(request, pk):
    raise Http404


def comentarios(request, pk):
    raise Http404
