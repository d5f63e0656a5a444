"""Test helpers: a visit's rubric levels as the form names them (rubrica_1… in the order of the
plan's year), written as the visit's observations."""

from monitoreo.models import Observacion, Visita


def observar(visita: Visita, **niveles) -> Visita:
    """Give the visit these levels: ``rubrica_3=2`` is level II in the year's third rubric; None
    leaves it not observed."""
    rubricas = visita.plan.rubricas()
    for campo, nivel in niveles.items():
        if nivel is not None:
            rubrica = rubricas[int(campo.removeprefix("rubrica_")) - 1]
            Observacion.objects.create(visita=visita, rubrica=rubrica, nivel=nivel)
    return visita


def visita_con(**campos) -> Visita:
    """Visita.objects.create(...) where the rubrica_N=level arguments become observations."""
    niveles = {k: campos.pop(k) for k in list(campos) if k.startswith("rubrica_")}
    return observar(Visita.objects.create(**campos), **niveles)


def niveles_de(visita: Visita) -> list[int | None]:
    """The visit's levels in the order of its plan's year (None: not observed)."""
    return [nivel for _nombre, nivel, _etiqueta in Visita.objects.get(pk=visita.pk).niveles()]
