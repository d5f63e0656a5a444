"""The scoping rule, role by role: Institucion/Ugel/Dre.objects.visible_to(user)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cuentas.models import Rol
from territorio.models import Dre, Institucion, Ugel
from tests.factories import AsignacionFactory


def codigos(user):
    return set(Institucion.objects.visible_to(user).values_list("codigo_modular", flat=True))


@pytest.mark.parametrize(
    "rol, esperado",
    [
        ("director", {"1111111"}),
        ("ugel", {"1111111", "1111112"}),
        ("dre", {"1111111", "1111112", "1222222"}),
        ("difoca", set()),
        ("admin", {"1111111", "1111112", "1222222", "2111111"}),
        ("sin_rol", set()),
    ],
)
def test_instituciones_por_rol(mundo, rol, esperado):
    assert codigos(mundo[rol]) == esperado


@pytest.mark.parametrize(
    "rol, esperado",
    [
        ("director", {"UGEL A1"}),
        ("ugel", {"UGEL A1"}),
        ("dre", {"UGEL A1", "UGEL A2"}),
        ("difoca", set()),
        ("admin", {"UGEL A1", "UGEL A2", "UGEL B1"}),
        ("sin_rol", set()),
    ],
)
def test_ugeles_por_rol(mundo, rol, esperado):
    assert set(Ugel.objects.visible_to(mundo[rol]).values_list("nombre", flat=True)) == esperado


@pytest.mark.parametrize(
    "rol, esperado",
    [("director", {"DRE A"}), ("ugel", {"DRE A"}), ("dre", {"DRE A"}), ("difoca", set()), ("sin_rol", set())],
)
def test_dres_por_rol(mundo, rol, esperado):
    assert set(Dre.objects.visible_to(mundo[rol]).values_list("nombre", flat=True)) == esperado


def test_dos_asignaciones_suman_sus_alcances(mundo):
    user = mundo["director"]
    AsignacionFactory(usuario=user, rol=Rol.ESPECIALISTA_UGEL, ugel=mundo["ugel_b1"])
    assert codigos(user) == {"1111111", "2111111"}


def test_director_de_dos_instituciones(mundo):
    user = mundo["director"]
    AsignacionFactory(usuario=user, rol=Rol.DIRECTOR, institucion=mundo["inst_a2"])
    assert codigos(user) == {"1111111", "1222222"}


def test_superusuario_sin_asignacion_ve_todo(mundo):
    user = mundo["sin_rol"]
    user.is_superuser = True
    user.save()
    assert len(codigos(user)) == 4


def test_anonimo_e_inactivo_no_ven_nada(mundo):
    assert codigos(AnonymousUser()) == set()
    user = mundo["admin"]
    user.is_active = False
    assert codigos(user) == set()


def test_el_alcance_se_calcula_una_vez_por_usuario(mundo, django_assert_num_queries):
    user = mundo["dre"]
    with django_assert_num_queries(3):
        list(Institucion.objects.visible_to(user))  # the assignments, then the institutions
        list(Ugel.objects.visible_to(user))  # scope already cached: only the UGEL query
