"""The director writes the plan and marks its calendar; the UGEL and DRE read; mistakes are explained."""

import pytest

from monitoreo.models import Celda, PlanMonitoreo


def datos(**cambios):
    return {
        "anio": "2024",
        "titulo": "Buscando la excelencia docente",
        "director": "Prof. José Antonio Quispe Calizaya",
        "compromisos": ["4", "1", "4"],
        "mes_inicio": "3",
        "mes_fin": "12",
        "problema": "Limitado uso de recursos del MED\x07 en las sesiones.",
        "c-1-1-4": "on",
        "c-1-2-5": "on",
        "c-3-6-12": "on",
        "c-9-1-4": "on",  # outside the grid: ignored
        "c-1-1-2": "on",  # February: ignored
        "c-x-1-4": "on",  # nonsense: ignored
        **cambios,
    }


def test_el_director_crea_y_edita_su_plan(mundo, client):
    client.force_login(mundo["director"])
    assert client.get("/monitoreo/planes/nuevo/").status_code == 200
    respuesta = client.post("/monitoreo/planes/nuevo/", datos(), follow=True)
    assert "Plan guardado." in respuesta.content.decode()
    plan = PlanMonitoreo.objects.get()
    assert plan.institucion == mundo["inst_a1a"] and plan.compromisos == [1, 4]
    assert plan.problema == "Limitado uso de recursos del MED en las sesiones."
    assert set(plan.celdas.values_list("etapa", "grado", "mes")) == {(1, 1, 4), (1, 2, 5), (3, 6, 12)}

    # Editing replaces the calendar with what is marked now.
    cambios = {k: v for k, v in datos().items() if k != "c-1-1-4"} | {"c-2-3-7": "on"}
    client.post(f"/monitoreo/planes/{plan.pk}/editar/", cambios)
    assert set(Celda.objects.values_list("etapa", "grado", "mes")) == {(1, 2, 5), (3, 6, 12), (2, 3, 7)}
    formulario = client.get(f"/monitoreo/planes/{plan.pk}/editar/").content.decode()
    # The grid names each stage by its key in the stage list (e<id> once stored).
    etapa_2 = plan.etapas_del_plan.get(orden=2)
    assert f'name="c-e{etapa_2.pk}-3-7" id="c-e{etapa_2.pk}-3-7" data-mes="7" checked' in formulario


@pytest.mark.parametrize("rol, estado", [("ugel", 403), ("dre", 403), ("difoca", 404), ("sin_rol", 404)])
def test_solo_su_director_escribe_el_plan(mundo, client, rol, estado):
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")
    client.force_login(mundo[rol])
    assert client.post(f"/monitoreo/planes/{plan.pk}/editar/", datos(titulo="Otro")).status_code == estado
    assert client.post("/monitoreo/planes/nuevo/", datos()).status_code == 403
    assert PlanMonitoreo.objects.get().titulo == "Plan"


def test_un_director_no_crea_planes_de_otra_institucion(mundo, client):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/nuevo/?institucion={mundo['inst_b1'].pk}"
    assert client.post(url, datos()).status_code == 404
    assert not PlanMonitoreo.objects.exists()


@pytest.mark.parametrize(
    "cambios, campo, mensaje",
    [
        ({"titulo": " "}, "titulo", "Ponle un título al plan"),
        (
            {"mes_inicio": "9", "mes_fin": "4"},
            "mes_fin",
            "El mes de término no puede ser anterior al de inicio.",
        ),
        ({"mes_inicio": "5"}, "__all__", "El calendario marca meses fuera del periodo del plan: abril."),
        ({"anio": "1990"}, "anio", "Escribe un año entre 2000 y 2100."),
        ({"compromisos": ["7"]}, "compromisos", "Escoja una opción válida"),
        ({"problema": "x" * 6001}, "problema", "Escribe como máximo 6000 caracteres (hay 6001)."),
    ],
)
def test_errores_junto_al_campo_sin_perder_lo_escrito(mundo, client, cambios, campo, mensaje):
    client.force_login(mundo["director"])
    respuesta = client.post("/monitoreo/planes/nuevo/", datos(**cambios))
    assert respuesta.status_code == 200
    assert any(mensaje in e for e in respuesta.context["form"].errors[campo]), respuesta.context[
        "form"
    ].errors
    html = respuesta.content.decode()
    # The marked calendar stays marked (a new plan's first stage is keyed n1 until saved).
    assert 'name="c-n1-2-5" id="c-n1-2-5" data-mes="5" checked' in html
    assert not PlanMonitoreo.objects.exists()


def test_un_plan_por_anio(mundo, client):
    PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Ya existe")
    client.force_login(mundo["director"])
    respuesta = client.post("/monitoreo/planes/nuevo/", datos())
    assert "Tu institución ya tiene su plan de 2024" in respuesta.content.decode()
    assert PlanMonitoreo.objects.count() == 1


def test_un_ceba_no_escribe_plan_de_monitoreo(mundo, client):
    from cuentas.models import Rol
    from tests.factories import InstitucionFactory, usuario_con

    ceba = InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ceba")
    client.force_login(usuario_con(Rol.DIRECTOR, ceba))
    assert client.post("/monitoreo/planes/nuevo/", datos()).status_code == 403
    assert "Nuevo plan" not in client.get("/monitoreo/").content.decode()
    assert not PlanMonitoreo.objects.exists()


def test_editar_no_deja_visitas_fuera_del_plan(mundo, client):
    from datetime import date

    from monitoreo.models import Visita

    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")
    Celda.objects.create(plan=plan, etapa=1, grado=1, mes=4)
    Visita.objects.create(plan=plan, docente="Docente A", grado=1, etapa=1, fecha=date(2024, 4, 18))
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    for cambios in (
        {"anio": "2025"},  # another year
        {"mes_inicio": "5", "c-1-1-4": "", "c-1-2-5": "on"},  # a period that leaves April out
    ):
        marcado = {k: v for k, v in {**datos(), **cambios}.items() if v != ""}
        respuesta = client.post(url, marcado)
        html = respuesta.content.decode()
        assert "18/04/2024 (Docente A, etapa 1)" in html, cambios
    plan.refresh_from_db()
    assert plan.anio == 2024 and set(plan.celdas.values_list("etapa", "grado", "mes")) == {(1, 1, 4)}


def test_dos_guardados_a_la_vez_no_dan_error(mundo, client, monkeypatch):
    """The second of two simultaneous creations finds the first's plan and says so (no 500)."""
    from monitoreo import forms

    client.force_login(mundo["director"])
    # The form's own check passed in both tabs before either saved: simulate by letting it pass.
    monkeypatch.setattr(forms.PlanForm, "clean", lambda self: self.cleaned_data)
    assert client.post("/monitoreo/planes/nuevo/", datos()).status_code == 302
    respuesta = client.post("/monitoreo/planes/nuevo/", datos())
    assert respuesta.status_code == 200
    assert "Esta institución ya tiene su plan de ese año." in respuesta.content.decode()
    assert PlanMonitoreo.objects.count() == 1


def test_nombres_de_celda_absurdos_se_ignoran(mundo, client):
    client.force_login(mundo["director"])
    from urllib.parse import urlencode

    cuerpo = urlencode(datos(**{f"c-{'9' * 5000}-1-4": "on"}), doseq=True)  # as a browser form posts it
    respuesta = client.post(
        "/monitoreo/planes/nuevo/", cuerpo, content_type="application/x-www-form-urlencoded", follow=True
    )
    assert respuesta.status_code == 200 and PlanMonitoreo.objects.count() == 1


def test_saltos_de_linea_de_windows_cuentan_como_uno(mundo, client):
    client.force_login(mundo["director"])
    texto = "linea\r\n" * 1000  # 6,000 characters in the browser, 7,000 as sent
    assert client.post("/monitoreo/planes/nuevo/", datos(problema=texto)).status_code == 302
    assert PlanMonitoreo.objects.get().problema == ("linea\n" * 1000).strip()
