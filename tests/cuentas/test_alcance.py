"""The scope: built once per request by cuentas, read by territorio without importing cuentas."""

from django.test import RequestFactory

from cuentas.alcance import AlcanceMiddleware
from cuentas.models import Rol
from territorio.alcance import SIN_ALCANCE, Alcance
from territorio.models import Institucion
from tests.factories import InstitucionFactory, usuario_con


def test_el_middleware_pone_el_alcance_en_el_pedido(mundo, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = mundo["ugel"]
    AlcanceMiddleware(lambda r: None)(request)
    with django_assert_num_queries(1):  # computed once, on first use
        assert request.alcance.ugel_ids == {mundo["ugel_a1"].pk}
        assert request.alcance.especialista
        assert not request.alcance.nacional


def test_visible_to_acepta_el_usuario_o_su_alcance(mundo):
    por_usuario = set(Institucion.objects.visible_to(mundo["ugel"]))
    por_alcance = set(Institucion.objects.visible_to(mundo["ugel"].alcance))
    assert por_usuario == por_alcance == {mundo["inst_a1a"], mundo["inst_a1b"]}


def test_un_valor_vacio_o_un_anonimo_no_ven_nada(mundo):
    from django.contrib.auth.models import AnonymousUser

    assert not Institucion.objects.visible_to(SIN_ALCANCE).exists()
    assert not Institucion.objects.visible_to(AnonymousUser()).exists()
    assert Institucion.objects.visible_to(Alcance(nacional=True)).count() == 4


def test_las_modalidades_de_lo_que_dirige(db):
    ceba = InstitucionFactory(modalidad="ceba")
    escuela = InstitucionFactory(modalidad="ebr_primaria")
    director = usuario_con(Rol.DIRECTOR, ceba)
    from tests.factories import AsignacionFactory

    AsignacionFactory(usuario=director, rol=Rol.DIRECTOR, institucion=escuela)
    alcance = director.alcance
    assert alcance.instituciones_de(["ceba", "cetpro"]) == {ceba.pk}
    assert alcance.instituciones_de(["ebr_primaria"]) == {escuela.pk}
    assert alcance.institucion_ids == {ceba.pk, escuela.pk}
