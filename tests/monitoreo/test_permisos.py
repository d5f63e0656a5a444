"""Every monitoring URL × every role → expected status (STYLE.md: out of scope 404, in scope but not
allowed 403). The plan is inst_a1a's (a primary school of UGEL A1, DRE A), written by its director."""

import pytest

from cuentas.models import Asignacion, Rol
from monitoreo.models import PlanMonitoreo
from tests.roles import ROLES, por_rol


@pytest.fixture
def plan(mundo):
    return PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")


OK = 200
MATRIZ = {
    "/monitoreo/": por_rol(
        director=OK,
        director_otro=OK,
        ugel=OK,
        ugel_otro=OK,
        dre=OK,
        dre_otro=OK,
        difoca=OK,
        admin=OK,
        sin_rol=OK,
    ),
    "/monitoreo/planes/{pk}/": por_rol(
        director=OK,
        director_otro=404,
        ugel=OK,
        ugel_otro=404,
        dre=OK,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    "/monitoreo/planes/{pk}/editar/": por_rol(
        director=OK,
        director_otro=404,
        ugel=403,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=403,  # reads every plan; only the school's director writes it
        sin_rol=404,
    ),
    "/monitoreo/planes/{pk}/visitas/nueva/": por_rol(
        director=OK,
        director_otro=404,
        ugel=403,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=403,
        sin_rol=404,
    ),
    "/monitoreo/planes/nuevo/": por_rol(
        director=OK,
        director_otro=OK,
        ugel=403,
        ugel_otro=403,
        dre=403,
        dre_otro=403,
        difoca=403,
        admin=403,
        sin_rol=403,
    ),
}


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("url", list(MATRIZ))
def test_permisos(client, usuarios, plan, url, rol):
    client.force_login(usuarios[rol])
    assert client.get(url.format(pk=plan.pk)).status_code == MATRIZ[url][rol]


@pytest.mark.parametrize("url", list(MATRIZ))
def test_anonimo_va_al_ingreso(client, plan, url):
    respuesta = client.get(url.format(pk=plan.pk))
    assert respuesta.status_code == 302 and respuesta.url.startswith("/cuentas/ingresar/")


def test_plan_nuevo_de_una_escuela_que_ve_pero_no_dirige_es_403(client, mundo):
    """A director who is also their UGEL's specialist sees the UGEL's other schools, and writes only
    their own plan."""
    director = mundo["director"]
    Asignacion.objects.create(usuario=director, rol=Rol.ESPECIALISTA_UGEL, ugel=mundo["ugel_a1"])
    client.force_login(director)
    assert client.get(f"/monitoreo/planes/nuevo/?institucion={mundo['inst_a1a'].pk}").status_code == OK
    assert client.get(f"/monitoreo/planes/nuevo/?institucion={mundo['inst_a1b'].pk}").status_code == 403
    assert client.get(f"/monitoreo/planes/nuevo/?institucion={mundo['inst_b1'].pk}").status_code == 404
