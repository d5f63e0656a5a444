"""What the pages of DIFOCA's workspace share in their templates."""

from django import template

from practicas.gestion.lista import acciones_de

register = template.Library()


@register.simple_tag
def acciones_revision(practica):
    """The review buttons a practice shows in its state: [(slug, Accion)]."""
    return acciones_de(practica)
