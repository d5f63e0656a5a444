from datetime import date

import pytest
from django.utils import timezone

from cuentas.models import Rol
from monitoreo.models import PlanMonitoreo, Visita
from practicas.models import EstadoPractica
from tests.factories import BuenaPracticaFactory, InstitucionFactory, usuario_con


def test_anonimo_va_al_ingreso(db, client):
    respuesta = client.get("/")
    assert respuesta.status_code == 302 and respuesta.url == "/cuentas/ingresar/?next=/"


@pytest.mark.parametrize(
    "rol, se_ve, no_se_ve",
    [
        (
            "director",
            ["Director(a)", "Ver mi institución", "1111111"],
            ["Instituciones a tu cargo", "UGEL B1"],
        ),
        ("ugel", ["Especialista UGEL", "UGEL A1", "Instituciones a tu cargo"], ["UGEL A2", "UGEL B1"]),
        ("dre", ["Especialista DRE", "UGEL A1", "UGEL A2"], ["UGEL B1"]),
        ("difoca", ["buenas prácticas"], ["Instituciones a tu cargo", "UGEL A1"]),
        ("admin", ["Alcance nacional", "UGEL B1"], ["aún no tiene un rol"]),
        ("sin_rol", ["aún no tiene un rol asignado"], ["Instituciones a tu cargo"]),
    ],
)
def test_inicio_por_rol(mundo, client, rol, se_ve, no_se_ve):
    client.force_login(mundo[rol])
    html = client.get("/").content.decode()
    for texto in se_ve:
        assert texto in html, texto
    for texto in no_se_ve:
        assert texto not in html, texto


def test_menu_por_rol(mundo, client):
    client.force_login(mundo["difoca"])
    assert 'href="/territorio/instituciones/"' not in client.get("/").content.decode()
    client.force_login(mundo["ugel"])
    assert 'href="/territorio/instituciones/"' in client.get("/").content.decode()


def test_inicio_con_consultas_acotadas(mundo, client, django_assert_max_num_queries):
    client.force_login(mundo["admin"])
    with django_assert_max_num_queries(10) as antes:
        client.get("/")
    for ugel in ("ugel_a1", "ugel_a2", "ugel_b1"):
        InstitucionFactory.create_batch(15, ugel=mundo[ugel], modalidad="cetpro")
    with django_assert_max_num_queries(len(antes.captured_queries)):
        client.get("/")


def test_pagina_no_encontrada_en_castellano(mundo, client):
    client.force_login(mundo["director"])
    respuesta = client.get("/no-existe/")
    assert respuesta.status_code == 404
    assert "No encontramos esta página" in respuesta.content.decode()


def test_difoca_ve_lo_que_espera_publicacion(mundo, client):
    BuenaPracticaFactory.create_batch(2, estado=EstadoPractica.EN_REVISION)
    BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    html = client.get("/").content.decode()
    assert "2 prácticas en revisión, por publicar" in html
    assert "1 práctica en borrador" in html
    client.force_login(mundo["ugel"])
    assert "en revisión, por publicar" not in client.get("/").content.decode()


def test_el_director_de_escuela_ve_su_plan_de_monitoreo(mundo, client):
    escuela = InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ebr_primaria", nombre="I.E.P. 70370")
    director = usuario_con(Rol.DIRECTOR, escuela)
    client.force_login(director)
    html = client.get("/").content.decode()
    anio = timezone.localdate().year
    assert f"Escribir el plan de acompañamiento y monitoreo {anio} — I.E.P. 70370" in html

    PlanMonitoreo.objects.create(institucion=escuela, anio=anio, titulo="Buscando la excelencia docente")
    html = client.get("/").content.decode()
    assert "«Buscando la excelencia docente» — I.E.P. 70370: 0 visitas registradas" in html

    client.force_login(mundo["director"])  # a CEBA director: the balance, not the monitoring plan
    assert "Monitoreo de aula" not in client.get("/").content.decode()


def test_el_plan_del_anio_de_cada_escuela_en_una_consulta(mundo, client, django_assert_max_num_queries):
    """The school director's section reads their schools, each one's plan of the year and its visits
    in one statement, whatever the number of schools and visits; in the schools' name order."""
    anio = timezone.localdate().year
    una = InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ebr_primaria", nombre="I.E. B")
    director = usuario_con(Rol.DIRECTOR, una)
    client.force_login(director)
    with django_assert_max_num_queries(10) as antes:
        client.get("/")
    otra = InstitucionFactory(ugel=mundo["ugel_a2"], modalidad="ebr_secundaria", nombre="I.E. A")
    director.asignaciones.create(rol=Rol.DIRECTOR, institucion=otra)
    plan = PlanMonitoreo.objects.create(institucion=otra, anio=anio, titulo="Plan de A")
    PlanMonitoreo.objects.create(institucion=una, anio=anio - 1, titulo="Plan del año pasado")
    for dia in (1, 2, 3):
        Visita.objects.create(plan=plan, docente="Ana Pérez", grado=1, etapa=1, fecha=date(anio, 3, dia))
    client.force_login(director)
    with django_assert_max_num_queries(len(antes.captured_queries)) as despues:
        html = client.get("/").content.decode()
    seccion = [
        q["sql"]
        for q in despues.captured_queries
        if "monitoreo_" in q["sql"] or q["sql"].startswith('SELECT "territorio_institucion"')
    ]
    assert len(seccion) == 1  # not the schools, then their plans
    a = html.index("«Plan de A» — I.E. A: 3 visitas registradas")
    b = html.index(f"Escribir el plan de acompañamiento y monitoreo {anio} — I.E. B")
    assert a < b and "Plan del año pasado" not in html


def test_el_menu_segun_lo_que_dirige(mundo, client):
    escuela = InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ebr_primaria")
    client.force_login(usuario_con(Rol.DIRECTOR, escuela))
    html = client.get("/").content.decode()
    assert 'href="/monitoreo/"' in html and 'href="/balance/"' not in html
    client.force_login(mundo["director"])  # a CEBA
    html = client.get("/").content.decode()
    assert 'href="/balance/"' in html and 'href="/monitoreo/"' not in html
    client.force_login(mundo["ugel"])
    html = client.get("/").content.decode()
    assert 'href="/balance/"' in html and 'href="/monitoreo/"' in html


def test_resumen_por_ugel_de_una_consulta(mundo, client):
    """Each UGEL in scope once, in the order of the DRE and UGEL names, with its totals per modality
    and its link to the list; no template per row."""
    InstitucionFactory.create_batch(2, ugel=mundo["ugel_a2"], modalidad="cetpro")
    client.force_login(mundo["admin"])
    respuesta = client.get("/")
    html = respuesta.content.decode()
    a1, a2, b1 = (
        html.index(f'?ugel={mundo[k].pk}">{mundo[k].nombre}</a>') for k in ("ugel_a1", "ugel_a2", "ugel_b1")
    )
    assert a1 < a2 < b1
    fila_a2 = html[a2 : html.index("</tr>", a2)]
    assert '<td data-label="DRE">DRE A</td>' in fila_a2
    assert '<td class="text-end" data-label="Instituciones">3</td>' in fila_a2
    assert "CEBA: 1</span>" in fila_a2 and "CETPRO: 2</span>" in fila_a2
    antes = len(respuesta.templates)
    InstitucionFactory.create_batch(3, ugel=mundo["ugel_b1"], modalidad="cetpro")
    assert len(client.get("/").templates) == antes
