"""Journey of a CEBA/CETPRO director, at a laptop's size and at a phone's: fills the balance matrix,
sends it, finds it returned by the UGEL with an observation, answers it and sends it again. Every page
on the way passes ``revisar`` (axe, sideways scroll, target sizes) at both sizes."""

import re

from django.conf import settings
from playwright.sync_api import expect

from balance import services
from balance.models import Estado, Fila, Matriz

from .test_ingreso import ingresar


def llenar_lineamiento(page, n):
    """The n-th lineamiento (from 0), as a director types it: actions, one complete achievement, one
    difficulty, a suggestion."""
    page.get_by_label("Acciones realizadas", exact=True).nth(n).fill(
        f"Talleres de lectura y de emprendimiento ({n + 1})."
    )
    page.get_by_label("Cifra", exact=True).nth(3 * n).fill("1,250")
    page.get_by_label("¿Qué cuenta la cifra?", exact=True).nth(3 * n).fill("estudiantes certificados")
    page.get_by_label("Descripción cualitativa", exact=True).nth(3 * n).fill(
        "Mejoró su empleabilidad en la zona."
    )
    page.get_by_label("Enlace de la evidencia", exact=True).nth(3 * n).fill(
        "https://drive.example.pe/evidencia"
    )
    page.get_by_label("Dificultad", exact=True).nth(3 * n).fill("Asistencia irregular en época de cosecha.")
    page.get_by_label("Sugerencias", exact=True).nth(n).fill("Más talleres por la tarde en 2024.")


def enviar(page):
    page.get_by_role("button", name="Enviar a la UGEL").click()
    expect(page.get_by_role("button", name="Sí, enviar a la UGEL")).to_be_visible()


def test_director_llena_envia_ve_la_devolucion_corrige_y_reenvia(
    transactional_db, mundo, matriz, pestana, revisar
):
    page = pestana
    ingresar(page, "director", settings.DEMO_PASSWORD)
    revisar(page, "director-inicio")

    page.get_by_role("link", name=re.compile("Completar y enviar la matriz")).click()
    page.wait_for_load_state("load")  # the autosave script listens from here
    revisar(page, "director-matriz-vacia")
    for n in range(3):
        llenar_lineamiento(page, n)
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    revisar(page, "director-matriz-llena")

    enviar(page)
    revisar(page, "director-enviar-confirmar")
    page.get_by_role("button", name="Sí, enviar a la UGEL").click()
    expect(page.get_by_text("Matriz enviada a la UGEL")).to_be_visible()
    revisar(page, "director-matriz-enviada")
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA

    # The UGEL returns it with an observation on the first lineamiento (its own journey reviews in the
    # browser; here what matters is what the director sees).
    fila = Fila.objects.get(matriz=matriz, lineamiento__orden=1)
    services.matriz_devolver(
        matriz=Matriz.objects.get(pk=matriz.pk),
        usuario=mundo["ugel"],
        motivo="Falta la fuente de una cifra.",
        observaciones={fila.pk: "Indica de dónde sale la cifra de 1,250 estudiantes."},
    )

    page.goto("/")
    revisar(page, "director-inicio-observada")
    page.get_by_role("link", name=re.compile("Corregir y reenviar")).click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("La UGEL devolvió tu matriz con observaciones.")).to_be_visible()
    expect(page.get_by_text("Indica de dónde sale la cifra de 1,250 estudiantes.")).to_be_visible()
    # What the send posted reached Chasqui: no offer of text «this browser kept» (the figures typed
    # «1,250» are kept as «1250»; the copy the send left behind is discarded, the matrix changed state).
    expect(page.locator("#copia-local")).to_be_hidden()
    revisar(page, "director-matriz-observada")

    respuesta = "Padrón de certificados 2023 de la UGEL, hoja 2."
    page.get_by_label("¿Qué cuenta la cifra?", exact=True).first.fill(
        f"estudiantes certificados ({respuesta})"
    )
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    enviar(page)
    page.get_by_role("button", name="Sí, enviar a la UGEL").click()
    expect(page.get_by_text("Matriz enviada a la UGEL")).to_be_visible()
    revisar(page, "director-matriz-reenviada")

    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA
    assert respuesta in fila.logros.get(orden=1).que_cuenta
