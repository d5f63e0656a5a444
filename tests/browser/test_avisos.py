"""The notices in a real browser: the UGEL returns a matrix, the director sees the bell, opens the
notice and lands on the observed lineamiento."""

import re

from django.conf import settings
from playwright.sync_api import expect

from avisos.models import Aviso
from balance import services
from balance.models import Matriz
from tests.balance.conftest import llenar

from .test_ingreso import ingresar


def test_la_ugel_devuelve_y_el_director_ve_el_aviso(transactional_db, mundo, matriz, pagina, captura):
    llenar(matriz, mundo["director"])
    services.matriz_enviar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["director"])
    Aviso.objects.all().delete()  # the campaign's opening told the director already

    ingresar(pagina, "ugel", settings.DEMO_PASSWORD)
    pagina.goto(f"/balance/matrices/{matriz.pk}/")
    pagina.get_by_label("Observación sobre «Certificación Múltiple»").fill("Indica cuántos certificaste.")
    pagina.get_by_label("Motivo o comentario").fill("Faltan cifras.")
    pagina.get_by_role("button", name="Devolver con observaciones").click()
    pagina.get_by_role("button", name="Sí, devolver").click()
    expect(pagina.get_by_text("Matriz devuelta al director")).to_be_visible()

    pagina.get_by_role("button", name=re.compile(".+")).filter(has_text="Prueba").click()
    pagina.get_by_role("button", name="Cerrar sesión").click()
    ingresar(pagina, "director", settings.DEMO_PASSWORD)
    campana = pagina.get_by_role("link", name=re.compile("Avisos"))
    expect(campana.locator("[data-no-leidos]")).to_have_text("1 sin leer")
    campana.click()
    captura(pagina, "avisos-director")
    pagina.get_by_role("link", name=re.compile("Tu UGEL devolvió la matriz")).click()
    expect(pagina).to_have_url(re.compile(rf"/balance/matrices/{matriz.pk}/editar/#lin-2$"))
    expect(pagina.locator("#lin-2")).to_contain_text("Indica cuántos certificaste.")
    expect(pagina.locator("#lin-2")).to_be_in_viewport()
    expect(pagina.get_by_role("link", name=re.compile("Avisos")).locator("[data-no-leidos]")).to_have_count(0)
