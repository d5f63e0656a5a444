"""historial.ultimos_cambios_de_estado: each record's latest state change, for many records at once,
the same as reading each one's history, in two queries whatever their number."""

import pytest

import historial
from balance import services
from balance.models import Estado, Matriz
from tests.balance.conftest import campana_abierta, enviar
from tests.factories import InstitucionFactory


@pytest.fixture
def campana(mundo):
    return campana_abierta(mundo, titulo="Balance 2023", ugel=mundo["ugel_a1"])


def aprobar(matriz, mundo, comentario):
    enviar(matriz, mundo["admin"])
    matriz.refresh_from_db()
    services.matriz_aprobar(matriz=matriz, usuario=mundo["ugel"], comentario=comentario)
    matriz.refresh_from_db()


def test_lo_mismo_que_el_historial_de_cada_una(mundo, campana):
    a, b = Matriz.objects.filter(campana=campana).order_by("pk")
    aprobar(a, mundo, "Primera aprobación")
    services.matriz_reabrir(matriz=a, usuario=mundo["ugel"], motivo="Falta una evidencia")
    a.refresh_from_db()
    aprobar(a, mundo, "Segunda aprobación")
    enviar(b, mundo["admin"])
    matrices = list(Matriz.objects.filter(campana=campana))

    ultimos = historial.ultimos_cambios_de_estado(matrices)
    for m in matrices:
        esperado = historial.entradas(m, estados=True)[-1]
        assert ultimos[m.pk] == esperado
    assert ultimos[b.pk].a == Estado.ENVIADA

    # Only into a given state: b was never approved; a's latest approval, with its comment and user.
    aprobadas = historial.ultimos_cambios_de_estado(matrices, a=Estado.APROBADA)
    assert set(aprobadas) == {a.pk}
    assert aprobadas[a.pk].comentario == "Segunda aprobación"
    assert aprobadas[a.pk].usuario == mundo["ugel"]
    assert historial.ultimos_cambios_de_estado([]) == {}


def test_dos_consultas_con_dos_o_seis_registros(mundo, campana, django_assert_num_queries):
    for _ in range(4):
        InstitucionFactory(ugel=mundo["ugel_a1"])
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    matrices = list(Matriz.objects.filter(campana=campana).order_by("pk"))
    assert len(matrices) == 6
    for m in matrices:
        aprobar(m, mundo, f"Conforme {m.pk}")
    for grupo in (matrices[:2], matrices):
        with django_assert_num_queries(2):
            leidas = historial.ultimos_cambios_de_estado(grupo, a=Estado.APROBADA)
        assert [leidas[m.pk].comentario for m in grupo] == [f"Conforme {m.pk}" for m in grupo]
