"""Monitoring plans: scope, the calendar as the plan prints it, planned versus done, constraints."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from monitoreo import avance
from monitoreo.models import Celda, PlanMonitoreo
from tests.factories import InstitucionFactory
from tests.monitoreo.niveles import visita_con


def plan_de(institucion, **kwargs):
    return PlanMonitoreo.objects.create(
        institucion=institucion, **{"anio": 2024, "titulo": "Buscando la excelencia", **kwargs}
    )


def visita(plan, grado, etapa, **niveles):
    return visita_con(
        plan=plan, docente="Docente", grado=grado, etapa=etapa, fecha=date(2024, 5, 2), **niveles
    )


@pytest.fixture
def plan(mundo):
    plan = plan_de(mundo["inst_a1a"])
    for grado in (1, 2, 3):
        for mes in (4, 5, 6):
            Celda.objects.create(plan=plan, etapa=1, grado=grado, mes=mes)
    Celda.objects.create(plan=plan, etapa=2, grado=1, mes=7)
    return plan


@pytest.mark.parametrize(
    "rol, estado",
    [("director", 200), ("ugel", 200), ("dre", 200), ("admin", 200), ("difoca", 404), ("sin_rol", 404)],
)
def test_cada_rol_ve_los_planes_de_su_ambito(mundo, client, plan, rol, estado):
    otro = plan_de(mundo["inst_b1"], titulo="Plan de otra DRE")
    client.force_login(mundo[rol])
    assert client.get(f"/monitoreo/planes/{plan.pk}/").status_code == estado
    assert client.get(f"/monitoreo/planes/{otro.pk}/").status_code == (200 if rol == "admin" else 404)
    html = client.get("/monitoreo/").content.decode()
    assert ("Buscando la excelencia" in html) is (estado == 200)
    assert ("Plan de otra DRE" in html) is (rol == "admin")


def test_anonimo_va_al_ingreso(db, client):
    assert client.get("/monitoreo/").status_code == 302


def test_calendario_y_avance(mundo, client, plan):
    visita(plan, 1, 1, rubrica_1=3, rubrica_3=1)
    visita(plan, 1, 1)  # a second visit to the same grade counts the grade once
    visita(plan, 2, 1)
    visita(plan, 5, 2)  # a grade the stage did not plan

    plan = PlanMonitoreo.objects.prefetch_related(*avance.PREFETCH).get(pk=plan.pk)
    calendario = plan.calendario()
    assert [e["etapa"] for e in calendario] == [1, 2]
    primer_grado = dict(calendario[0]["grados"])["Primer grado"]
    assert [mes for mes, marcado in primer_grado if marcado] == [4, 5, 6]
    assert len(primer_grado) == 10  # March to December
    assert [g for g, _c in calendario[1]["grados"]] == ["Primer grado"]

    etapa_1, etapa_2 = avance.por_etapa_y_grado(plan)
    assert (etapa_1.grados_planeados, etapa_1.grados_visitados, etapa_1.porcentaje) == (3, 2, 67)
    assert [(g.nombre, g.visitas) for g in etapa_1.grados] == [
        ("Primer grado", 2),
        ("Segundo grado", 1),
        ("Tercer grado", 0),
    ]
    assert [(g.nombre, g.meses, g.visitas) for g in etapa_2.grados] == [
        ("Primer grado", [7], 0),
        ("Quinto grado", [], 1),  # a grade the stage did not plan: no planned month
    ]

    client.force_login(mundo["ugel"])
    html = client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()
    assert "67 %" in html and "Tercer grado" in html
    assert '<span class="badge nivel-3" title="Involucra activamente' in html  # level III shown as III
    assert ">III</span>" in html and ">I</span>" in html


@pytest.mark.parametrize(
    "campos",
    [
        {"etapa": 0, "grado": 1, "mes": 4},
        {"etapa": 1, "grado": 7, "mes": 4},
        {"etapa": 1, "grado": 1, "mes": 2},  # February is not in the school year
        {"etapa": 1, "grado": 1, "mes": 13},
    ],
)
def test_celdas_fuera_del_calendario(mundo, campos):
    plan = plan_de(mundo["inst_a1a"])
    with pytest.raises(IntegrityError):
        Celda.objects.create(plan=plan, **campos)


def test_niveles_de_rubrica_de_i_a_iv(mundo):
    plan = plan_de(mundo["inst_a1a"])
    visita(plan, 1, 1, rubrica_5=4)
    with pytest.raises(IntegrityError):
        visita(plan, 1, 1, rubrica_2=5)


def test_un_plan_por_anio_y_meses_en_orden(mundo):
    plan_de(mundo["inst_a1a"])
    with pytest.raises(IntegrityError):
        plan_de(mundo["inst_a1a"])


def test_meses_en_orden(mundo):
    with pytest.raises(IntegrityError):
        plan_de(mundo["inst_a1b"], mes_inicio=11, mes_fin=4)


def test_consultas_acotadas(mundo, client, plan, django_assert_max_num_queries):
    for n in range(12):
        visita(plan, 1 + n % 6, 1 + n % 3)
        plan_de(InstitucionFactory(ugel=mundo["ugel_a1"]))
    client.force_login(mundo["ugel"])
    # 12: the plan's approaches and objectives are two more prefetches, the visits' levels one more
    # and the year's rubrics one, whatever their number.
    with django_assert_max_num_queries(12):
        assert client.get(f"/monitoreo/planes/{plan.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/monitoreo/", {"q": "ceba"}).status_code == 200


def test_la_demo_trae_el_plan_de_la_70370(db, settings, client):
    settings.DEBUG = True
    call_command("cargar_demo", stdout=StringIO())
    plan = PlanMonitoreo.objects.get(institucion__codigo_modular="9070370", anio=2024)
    assert plan.titulo == "Buscando la excelencia docente" and plan.compromisos == [1, 4]
    assert plan.celdas.count() == 3 * 6 * 3 and plan.visitas.count() == 4
    client.login(username="director.70370", password=settings.DEMO_PASSWORD)
    assert "Buscando la excelencia docente" in client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()


@pytest.mark.parametrize("rol, estado", [("director", 404), ("ugel", 404), ("dre", 200), ("admin", 200)])
def test_la_ugel_no_ve_otra_ugel_de_su_dre(mundo, client, rol, estado):
    vecina = plan_de(mundo["inst_a2"], titulo="Plan de la UGEL vecina")
    client.force_login(mundo[rol])
    assert client.get(f"/monitoreo/planes/{vecina.pk}/").status_code == estado
    html = client.get("/monitoreo/", {"q": mundo["inst_a2"].codigo_modular}).content.decode()
    assert ("Plan de la UGEL vecina" in html) is (estado == 200)


def test_una_etapa_solo_con_visitas_no_tiene_porcentaje(mundo):
    plan = plan_de(mundo["inst_a1a"])
    visita(plan, 2, 3)
    plan = PlanMonitoreo.objects.prefetch_related(*avance.PREFETCH).get(pk=plan.pk)
    (etapa,) = avance.por_etapa_y_grado(plan)
    assert (etapa.etapa, etapa.grados_planeados, etapa.porcentaje) == (3, 0, None)
    assert [(g.nombre, g.meses, g.visitas) for g in etapa.grados] == [("Segundo grado", [], 1)]


def test_compromisos_y_periodo_en_la_base(mundo):
    with pytest.raises(IntegrityError):
        plan_de(mundo["inst_a1a"], compromisos=[0, 9])


def test_periodo_dentro_del_anio_escolar(mundo):
    with pytest.raises(IntegrityError):
        plan_de(mundo["inst_a1a"], mes_inicio=1, mes_fin=2)
