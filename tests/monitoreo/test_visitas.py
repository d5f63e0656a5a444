"""The director records a classroom visit; the UGEL reads; bad input is told next to the field."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoreo.models import Celda, PlanMonitoreo, Visita


def anio_con_visitas() -> int:
    """The latest school year (March–December) that has a past day: this one from March, else the last."""
    hoy = timezone.localdate()
    return hoy.year if hoy.month >= 3 else hoy.year - 1


def fecha_valida() -> date:
    """A day inside the plan's period and not in the future."""
    hoy = timezone.localdate()
    return hoy if hoy.year == anio_con_visitas() else date(anio_con_visitas(), 12, 1)


@pytest.fixture
def plan(mundo):
    return PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=anio_con_visitas(), titulo="Plan")


def datos(**cambios):
    return {
        "fecha": fecha_valida().isoformat(),
        "docente": "  Docente de tercer\x07 grado ",
        "grado": "3",
        "etapa": "1",
        "rubrica_1": "3",
        "rubrica_2": "",
        "rubrica_3": "1",
        "rubrica_4": "4",
        "rubrica_5": "2",
        "notas": "Uso de cuadernos de trabajo.",
        "compromisos": "Planificar con los cuadernos.",
        **cambios,
    }


def test_el_director_registra_una_visita(mundo, client, plan):
    client.force_login(mundo["director"])
    assert "Registrar una visita" in client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()
    respuesta = client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos(), follow=True)
    assert "Visita registrada." in respuesta.content.decode()
    visita = Visita.objects.get()
    assert visita.docente == "Docente de tercer grado"  # control characters and extra spaces out
    assert [nivel for _n, nivel, _e in visita.niveles()] == [3, None, 1, 4, 2]
    assert visita.registrada_por == mundo["director"]


@pytest.mark.parametrize(
    "rol, estado", [("ugel", 403), ("dre", 403), ("admin", 403), ("difoca", 404), ("sin_rol", 404)]
)
def test_solo_su_director_registra(mundo, client, plan, rol, estado):
    client.force_login(mundo[rol])
    assert client.get(f"/monitoreo/planes/{plan.pk}/visitas/nueva/").status_code == estado
    assert client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos()).status_code == estado
    assert not Visita.objects.exists()


def test_otro_director_no_ve_el_plan(mundo, client, plan):
    from cuentas.models import Rol
    from tests.factories import usuario_con

    client.force_login(usuario_con(Rol.DIRECTOR, mundo["inst_a1b"]))
    assert client.get(f"/monitoreo/planes/{plan.pk}/").status_code == 404
    assert client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos()).status_code == 404


@pytest.mark.parametrize(
    "cambios, campo, mensaje",
    [
        ({"fecha": "2001-04-18"}, "fecha", "La visita debe caer dentro del periodo del plan"),
        ({"fecha": date(anio_con_visitas(), 2, 10).isoformat()}, "fecha", "(marzo a diciembre de"),
        ({"fecha": "18/04"}, "fecha", "Escribe la fecha como día/mes/año"),
        (
            {"fecha": (timezone.localdate().replace(month=12, day=31)).isoformat()},
            "fecha",
            "no puede ser futura",
        ),
        ({"docente": "   "}, "profesor", "Elige al docente observado de la lista"),
        ({"grado": "7"}, "grado", "Elige una de las opciones de la lista."),
        ({"etapa": "9"}, "etapa", "Elige una de las opciones de la lista."),
        ({"rubrica_2": "5"}, "rubrica_2", "Elige una de las opciones de la lista."),
    ],
)
def test_datos_malos_se_explican_junto_al_campo(mundo, client, plan, cambios, campo, mensaje):
    if (
        campo == "fecha"
        and "futura" in mensaje
        and timezone.localdate().month == 12
        and timezone.localdate().day == 31
    ):
        pytest.skip("no future date left in this year")
    client.force_login(mundo["director"])
    respuesta = client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos(**cambios))
    assert respuesta.status_code == 200
    errores = respuesta.context["form"].errors
    assert any(mensaje in e for e in errores[campo]), errores
    assert mensaje in respuesta.content.decode()
    assert "Uso de cuadernos de trabajo." in respuesta.content.decode()  # what was typed stays
    assert not Visita.objects.exists()


def test_la_etapa_es_una_del_calendario(mundo, client, plan):
    Celda.objects.create(plan=plan, etapa=1, grado=1, mes=4)
    Celda.objects.create(plan=plan, etapa=2, grado=1, mes=7)
    client.force_login(mundo["director"])
    formulario = client.get(f"/monitoreo/planes/{plan.pk}/visitas/nueva/").context["form"]
    # "" first: the stage proposed from the date.
    assert [valor for valor, _etiqueta in formulario.fields["etapa"].choices] == ["", 1, 2]
    respuesta = client.post(f"/monitoreo/planes/{plan.pk}/visitas/nueva/", datos(etapa="3"))
    assert "etapa" in respuesta.context["form"].errors and not Visita.objects.exists()


def test_textos_largos_y_post_vacio(mundo, client, plan):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/visitas/nueva/"
    respuesta = client.post(url, datos(notas="x" * 4001))
    assert respuesta.context["form"].errors["notas"] == [
        "Escribe como máximo 4000 caracteres (ahora hay 4001)."
    ]
    respuesta = client.post(url, {})
    assert respuesta.context["form"].errors["profesor"] == [
        "Elige al docente observado de la lista, o escribe su nombre como nuevo."
    ]
    assert not Visita.objects.exists()


def test_el_modelo_tambien_exige_el_periodo(mundo, plan):
    """The admin and any other writer go through Visita.clean() too."""
    visita = Visita(plan=plan, docente="D", grado=1, etapa=1, fecha=date(plan.anio, 1, 5))
    with pytest.raises(ValidationError) as error:
        visita.full_clean()
    assert "fecha" in error.value.message_dict
