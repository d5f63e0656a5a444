from datetime import date

import factory
from django.conf import settings
from django.utils import timezone

import historial
from cuentas.models import Asignacion, Rol, Usuario
from territorio.models import Dre, Institucion, Macrorregion, Modalidad, Region, Ugel


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["nombre"]

    nombre = factory.Sequence(lambda n: f"Región {n}")
    macrorregion = Macrorregion.CENTRO


class DreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dre

    nombre = factory.Sequence(lambda n: f"DRE {n}")
    region = factory.SubFactory(RegionFactory)


class UgelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ugel

    nombre = factory.Sequence(lambda n: f"UGEL {n:02d}")
    dre = factory.SubFactory(DreFactory)


class InstitucionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institucion

    codigo_modular = factory.Sequence(lambda n: f"{1000000 + n:07d}")
    nombre = factory.Sequence(lambda n: f"CEBA Número {n}")
    modalidad = Modalidad.CEBA
    ugel = factory.SubFactory(UgelFactory)


class UsuarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Usuario

    username = factory.Sequence(lambda n: f"usuario{n}")
    first_name = "Prueba"
    password = factory.django.Password(settings.DEMO_PASSWORD)


class AsignacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asignacion

    usuario = factory.SubFactory(UsuarioFactory)
    rol = Rol.DIFOCA


def usuario_con(rol, alcance=None, **kwargs):
    """A user holding one role in the given scope (an Institucion, Ugel or Dre, or None)."""
    usuario = UsuarioFactory(**kwargs)
    campo = {Institucion: "institucion", Ugel: "ugel", Dre: "dre"}.get(type(alcance))
    AsignacionFactory(usuario=usuario, rol=rol, **({campo: alcance} if campo else {}))
    return usuario


class TemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practicas.Tema"
        django_get_or_create = ["nombre"]

    nombre = "Planificación institucional"


class BuenaPracticaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practicas.BuenaPractica"

    titulo = factory.Sequence(lambda n: f"Práctica de gestión número {n}")
    slug = factory.Sequence(lambda n: f"practica-{n}")
    region = factory.SubFactory(RegionFactory)
    instancias = "DRE Junín · 13 UGEL"
    tema = factory.SubFactory(TemaFactory)
    etapa = "avanzado"
    anio = 2025
    problema = "Las UGEL operaban bajo una gestión desarticulada y reactiva."


class EventoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practicas.Evento"

    nombre = factory.Sequence(lambda n: f"Intercambio de Buenas Prácticas {n}")
    slug = factory.Sequence(lambda n: f"intercambio-{n}")
    macrorregion = Macrorregion.CENTRO
    sede = "Huacho"
    fecha_inicio = date(2026, 4, 23)
    fecha_fin = date(2026, 4, 24)


def practica_publicada(**kwargs):
    """A practice already in the public catalogue (as the services leave it)."""
    return BuenaPracticaFactory(**{"estado": "publicada", "publicada_en": timezone.now(), **kwargs})


def cambios_de_estado(objeto):
    """The record's state changes in its history (not its creation), oldest first."""
    return [e for e in historial.entradas(objeto) if e.tipo == historial.Tipo.ESTADO]


def practica_completa(**kwargs):
    """A practice that may go to review: its problem, a strategy and a result."""
    from practicas.models import Estrategia, Resultado

    practica = BuenaPracticaFactory(**kwargs)
    Estrategia.objects.create(practica=practica, orden=1, descripcion="Reuniones mensuales con las UGEL.")
    Resultado.objects.create(
        practica=practica, tipo="cualitativo", orden=1, descripcion="Gestión más articulada."
    )
    return practica
