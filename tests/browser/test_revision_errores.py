"""Returning a matrix with no reason, in a real browser: the page opens on the error summary (in view,
focused), and its link takes the reviewer to the reason's field."""

from django.conf import settings
from playwright.sync_api import expect

from balance import services
from balance.models import Estado, Matriz
from tests.balance.conftest import llenar

from .test_ingreso import ingresar


def test_devolver_sin_motivo_lleva_al_error(transactional_db, mundo, matriz, pagina, captura):
    llenar(matriz, mundo["director"])
    services.matriz_enviar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["director"])
    pagina.set_viewport_size({"width": 1366, "height": 768})
    ingresar(pagina, "ugel", settings.DEMO_PASSWORD)
    pagina.goto(f"/balance/matrices/{matriz.pk}/")
    pagina.get_by_label("Observación sobre «Aprendizajes para la vida»").fill("Indica la fuente.")
    pagina.get_by_role("button", name="Devolver con observaciones").click()

    resumen = pagina.locator("#errores-revision")
    expect(resumen).to_be_focused()
    expect(resumen).to_be_in_viewport()
    expect(resumen).to_contain_text("Explica al director por qué devuelves la matriz.")
    assert pagina.url.endswith("#errores-revision")
    captura(pagina, "balance-revision-sin-motivo")

    resumen.get_by_role("link", name="Motivo o comentario").click()
    motivo = pagina.get_by_label("Motivo o comentario")
    expect(motivo).to_be_focused()
    expect(motivo).to_be_in_viewport()
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA
