"""DIFOCA's list of practices, the review buttons and the preview (being built)."""

from django.http import Http404


def lista(request):
    raise Http404


def vista_previa(request, pk):
    raise Http404
