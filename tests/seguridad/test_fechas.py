"""Dates bounded where a year is computed, and the cap on lineamientos, on every path (the admin
included): a deadline of 9999-12-31 is refused, and "campaña siguiente" never answers 500."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from balance import services
from balance.models import MAX_LINEAMIENTOS, Campana


@pytest.fixture
def campana(mundo):
    return services.campana_crear(
        usuario=mundo["admin"],
        anio=timezone.localdate().year,
        titulo="Balance UGEL A1",
        ugel=mundo["ugel_a1"],
        fecha_limite=timezone.localdate() + timedelta(days=10),
        lineamientos=["Aprendizajes para la vida", "Certificación Múltiple"],
    )


def datos_del_formulario(respuesta) -> dict:
    """The admin change page's POST as a browser would send it unchanged (main form and inlines)."""
    datos = {}

    def poner(form, nombres):
        for nombre in nombres:
            valor = form[nombre].value()
            datos[form.add_prefix(nombre)] = "" if valor is None else str(valor)

    form = respuesta.context["adminform"].form
    poner(form, form.fields)
    for inline in respuesta.context["inline_admin_formsets"]:
        formset = inline.formset
        poner(formset.management_form, formset.management_form.fields)
        for f in formset.forms:
            poner(f, f.fields)
    return {k: v for k, v in datos.items() if v not in ("False",)}


def test_el_admin_rechaza_un_plazo_de_9999(mundo, client, campana):
    client.force_login(mundo["admin"])
    url = reverse("admin:balance_campana_change", args=[campana.pk])
    datos = datos_del_formulario(client.get(url))
    datos["fecha_limite"] = "9999-12-31"
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 200
    assert "La fecha límite debe estar entre 2020 y 2101" in respuesta.content.decode()
    campana.refresh_from_db()
    assert campana.fecha_limite == timezone.localdate() + timedelta(days=10)


@pytest.mark.parametrize("total", [MAX_LINEAMIENTOS + 1, 200])
def test_el_admin_no_pasa_de_doce_lineamientos(mundo, client, campana, total):
    client.force_login(mundo["admin"])
    url = reverse("admin:balance_campana_change", args=[campana.pk])
    datos = datos_del_formulario(client.get(url))
    previos = int(datos["lineamientos-TOTAL_FORMS"])
    for n in range(previos, total):
        datos[f"lineamientos-{n}-nombre"] = f"Lineamiento {n}"
        datos[f"lineamientos-{n}-orden"] = str(n + 1)
        datos[f"lineamientos-{n}-campana"] = str(campana.pk)
    datos["lineamientos-TOTAL_FORMS"] = str(total)
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 200, respuesta.status_code
    assert campana.lineamientos.count() == 2
    assert f"hasta {MAX_LINEAMIENTOS} lineamientos; enviaste {total}" in respuesta.content.decode()


def test_abrir_con_un_plazo_de_9999_se_rechaza_sin_500(mundo, client, campana):
    client.force_login(mundo["ugel"])
    respuesta = client.post(
        reverse("balance:campana_abrir", args=[campana.pk]), {"fecha_limite": "9999-12-31"}
    )
    assert respuesta.status_code == 200
    assert "La fecha límite debe estar entre 2020 y 2101" in respuesta.content.decode()
    campana.refresh_from_db()
    assert not campana.abierta
    assert campana.fecha_limite.year < 9999


def test_campana_siguiente_con_un_plazo_guardado_en_9999_responde_con_un_mensaje(mundo, client, campana):
    # Saved before the model bounded it (no path writes it today): the view explains, no 500.
    Campana.objects.filter(pk=campana.pk).update(fecha_limite=date(9999, 12, 31))
    client.force_login(mundo["ugel"])
    respuesta = client.post(reverse("balance:campana_siguiente", args=[campana.pk]), follow=True)
    assert respuesta.status_code == 200
    assert "no es válida: corrígela antes de crear la siguiente" in respuesta.content.decode()
    assert Campana.objects.count() == 1


def test_campana_siguiente_del_ultimo_anio_se_rechaza_sin_500(mundo, client):
    ultima = services.campana_crear(
        usuario=mundo["admin"],
        anio=2100,
        titulo="Balance 2100",
        ugel=mundo["ugel_a1"],
        fecha_limite=date(2101, 12, 31),
        lineamientos=["Uno"],
    )
    client.force_login(mundo["ugel"])
    respuesta = client.post(reverse("balance:campana_siguiente", args=[ultima.pk]), follow=True)
    assert respuesta.status_code == 200
    assert Campana.objects.count() == 1


def test_copiar_el_plan_de_monitoreo_de_2100_no_responde_500(mundo, client):
    from monitoreo.models import PlanMonitoreo

    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2100, titulo="Plan 2100")
    client.force_login(mundo["director"])
    respuesta = client.post(reverse("monitoreo:plan_copiar", args=[plan.pk]), follow=True)
    assert respuesta.status_code in (200, 403, 404)
    assert PlanMonitoreo.objects.count() == 1
