"""DIFOCA records the DRE Pasco sheet (seeds/003) in its own workspace, previews it and publishes it;
an anonymous visitor then finds it typing without accents. Every click and every field is counted:
the same sheet took 81 clicks and 69 fields in Django admin."""

import io
import re

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from practicas.demo import leer_practicas
from practicas.models import BuenaPractica, EstadoPractica
from tests.factories import RegionFactory, TemaFactory

from .test_ingreso import ingresar


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


class Contador:
    """The journey's gestures, counted as a person makes them."""

    def __init__(self, page):
        self.page, self.clics, self.campos = page, 0, 0

    def clic(self, objetivo):
        self.clics += 1
        objetivo.click()

    def llenar(self, campo, texto):
        self.campos += 1
        campo.fill(texto)

    def elegir(self, campo, etiqueta):
        self.campos += 1
        campo.select_option(label=etiqueta)

    def subir(self, campo, archivos):
        self.campos += 1
        campo.set_input_files(archivos)


def png(nombre):
    salida = io.BytesIO()
    Image.new("RGB", (1200, 800), (180, 40, 40)).save(salida, "PNG")
    return {"name": nombre, "mimeType": "image/png", "buffer": salida.getvalue()}


def ultima_fila(page, lista):
    return page.locator(f'[data-lista="{lista}"] [data-fila]').last


def test_difoca_registra_la_ficha_de_pasco_la_publica_y_se_encuentra_sin_tildes(
    mundo, navegador, live_server, captura, settings_media
):
    pasco = next(p for p in leer_practicas() if p["clave"] == "pasco-gestion-educativa")
    RegionFactory(nombre="Pasco")
    TemaFactory(nombre=pasco["tema"])
    contexto = navegador.new_context(
        locale="es-PE", base_url=live_server.url, viewport={"width": 1366, "height": 900}
    )
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "difoca", settings.DEMO_PASSWORD)
    yo = Contador(page)

    # The first screen: what the practice is, and whether it is already there.
    yo.clic(page.get_by_role("link", name="Nueva práctica").first)
    yo.llenar(page.get_by_label("Título"), pasco["titulo"])
    yo.elegir(page.get_by_label("Región"), "Pasco")
    yo.elegir(page.get_by_label("Tema"), pasco["tema"])
    yo.elegir(page.get_by_label("Estadio de madurez"), "Avanzado")
    yo.llenar(page.get_by_label("Año"), str(pasco["anio"]))
    yo.clic(page.get_by_role("button", name="Crear y seguir con el contenido"))
    expect(page.get_by_role("heading", name=pasco["titulo"])).to_be_visible()

    # The sheet, section by section, in its order.
    yo.clic(page.get_by_role("button", name="Agregar instancia"))
    yo.elegir(ultima_fila(page, "instancias").get_by_label("Tipo"), "DRE / GRE")
    yo.llenar(ultima_fila(page, "instancias").get_by_label("Nombre"), "DRE Pasco")
    yo.llenar(page.get_by_role("textbox", name="Problema", exact=True), pasco["problema"])
    yo.llenar(page.get_by_role("textbox", name=re.compile("^¿en qué consiste\\?", re.I)), pasco["consiste"])
    yo.llenar(
        page.get_by_role("textbox", name="Texto que presenta las estrategias"), pasco["intro_estrategias"]
    )
    estrategias = [e["descripcion"] for f in pasco["fases"] for e in f["estrategias"]]
    for descripcion in estrategias:
        yo.clic(page.get_by_role("button", name="Agregar estrategia"))
        yo.llenar(ultima_fila(page, "estrategias").get_by_label("Descripción"), descripcion)
    yo.llenar(
        page.get_by_role("textbox", name=re.compile("^Introducción de «¿Qué está logrando", re.I)),
        pasco["intro_logros"],
    )
    for n, logro in enumerate(pasco["logros"]):
        yo.clic(page.get_by_role("button", name="Agregar resultado"))
        fila = ultima_fila(page, "resultados")
        if n == 0:  # the next ones start as the row above: a checklist item
            yo.elegir(fila.get_by_label("Tipo"), "Logro (lista)")
        yo.llenar(fila.get_by_label("Descripción"), logro["descripcion"])
    for contacto in pasco["contactos"]:
        yo.clic(page.get_by_role("button", name="Agregar contacto"))
        fila = ultima_fila(page, "contactos")
        yo.llenar(fila.get_by_label("Nombre"), contacto["nombre"])
        yo.llenar(fila.get_by_label("Cargo"), contacto["cargo"])
        yo.llenar(fila.get_by_label("Correo"), contacto["correo"])
    page.wait_for_load_state("networkidle")
    yo.clic(page.get_by_role("button", name="Guardar", exact=True))
    expect(page.get_by_text("Cambios guardados.")).to_be_visible()
    captura(page, "difoca-editor-pasco")

    # A photo of the gallery, and the guest expert's feedback at the event.
    yo.clic(page.get_by_role("link", name="Galería"))
    yo.subir(page.get_by_label("Fotos", exact=True), [png("Asistencia técnica DRE Pasco.png")])
    yo.clic(page.get_by_role("button", name="Subir las fotos"))
    expect(page.get_by_text(re.compile("Se agreg"))).to_be_visible()
    yo.clic(page.get_by_role("link", name="Comentario del experto"))
    yo.llenar(page.get_by_label("Experto invitado (nombre)"), "Juana Sono Hernández")
    yo.llenar(page.get_by_label("Institución"), "Consejo Nacional de Educación (CNE)")
    yo.llenar(
        page.get_by_label("Aspectos clave de la práctica"),
        "- Articulación DRE-UGEL con planificación participativa.\n- Monitoreo basado en evidencias.",
    )
    yo.clic(page.get_by_role("button", name="Agregar el comentario"))
    expect(page.get_by_text("Juana Sono Hernández").first).to_be_visible()

    # The preview is the public sheet: the checklist in the sheet's order.
    yo.clic(page.get_by_role("link", name="Vista previa"))
    expect(page.get_by_text("Vista previa: así se verá en el catálogo")).to_be_visible()
    expect(page.get_by_text(pasco["logros"][3]["descripcion"])).to_be_visible()
    captura(page, "difoca-vista-previa-pasco")

    # Review, then publish, each confirmed.
    yo.clic(page.get_by_role("link", name=re.compile("^Enviar a revisión")))
    yo.clic(page.get_by_role("button", name="Sí, enviar a revisión"))
    yo.clic(page.get_by_role("link", name=re.compile("^Publicar")))
    yo.clic(page.get_by_role("button", name="Sí, publicar"))
    practica = BuenaPractica.objects.get(titulo=pasco["titulo"])
    assert practica.estado == EstadoPractica.PUBLICADA
    assert practica.estrategias.count() == len(estrategias) == 9
    assert list(practica.resultados.values_list("tipo", flat=True)) == ["logro"] * 15
    assert practica.contactos.count() == 2 and practica.fotos.count() == 1
    assert practica.instancias == "DRE Pasco"
    print(f"\nFicha de Pasco en el espacio de DIFOCA: {yo.clics} clics y {yo.campos} campos")
    assert yo.clics < 81 and yo.campos < 69
    contexto.close()

    # Anyone finds it, typing as on a phone: no accents.
    anonimo = navegador.new_context(base_url=live_server.url, viewport={"width": 360, "height": 800})
    visita = anonimo.new_page()
    visita.goto("/practicas/")
    visita.get_by_label("Buscar").fill("gestion con impacto region pasco")
    visita.get_by_role("button", name="Buscar").click()
    visita.get_by_role("link", name=pasco["titulo"]).click()
    expect(visita.get_by_text("Juana Sono Hernández")).to_be_visible()
    expect(visita.get_by_text("Consejo Nacional de Educación (CNE)")).to_be_visible()
    expect(visita.get_by_role("img", name=re.compile("Asistencia técnica", re.I))).to_be_visible()
    assert visita.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    captura(visita, "pasco-publica-celular")
    anonimo.close()


def test_sin_conexion_las_filas_nuevas_se_recuperan_y_dos_pestanas_no_se_pisan(mundo, navegador, live_server):
    from practicas import contenido
    from practicas.models import Contacto

    practica = contenido.practica_crear(
        usuario=mundo["difoca"],
        titulo="Estrategia Inclusión Total",
        region=RegionFactory(nombre="Callao"),
        tema=TemaFactory(),
        etapa="avanzado",
        anio=2026,
    )
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "difoca", settings.DEMO_PASSWORD)
    page.goto(f"/practicas/gestion/{practica.pk}/")
    # Saved once online first: the page's version moves on, and the copy must follow it.
    page.get_by_role("textbox", name="Problema", exact=True).fill("Escrito con conexión")
    expect(page.locator("#autoguardado")).to_contain_text("Cambios sin guardar")
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    contexto.set_offline(True)
    page.get_by_role("button", name="Agregar contacto").click()
    ultima_fila(page, "contactos").get_by_label("Nombre").fill("Rosa Quispe")
    expect(page.locator("#autoguardado")).to_contain_text("Sin conexión", timeout=10_000)
    otra = contexto.new_page()
    page.close()  # the beacon cannot leave either
    contexto.set_offline(False)
    assert not Contacto.objects.filter(practica=practica).exists()

    # Back online, the same browser offers the copy: the row added offline comes back with its text.
    otra.goto(f"/practicas/gestion/{practica.pk}/")
    expect(otra.locator("#copia-local")).to_be_visible()
    otra.get_by_role("button", name="Recuperar mi texto").click()
    expect(ultima_fila(otra, "contactos").get_by_label("Nombre")).to_have_value("Rosa Quispe")
    expect(otra.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    assert list(Contacto.objects.filter(practica=practica).values_list("nombre", flat=True)) == [
        "Rosa Quispe"
    ]

    # A second tab opened now, then the first saves: the second's text is refused, not written over.
    segunda = contexto.new_page()
    segunda.goto(f"/practicas/gestion/{practica.pk}/")
    otra.get_by_role("textbox", name="Problema", exact=True).fill("Escrito en la primera pestaña")
    expect(otra.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    consiste = re.compile("^¿en qué consiste\\?", re.I)
    segunda.get_by_role("textbox", name=consiste).fill("Escrito en la segunda pestaña")
    expect(segunda.locator("#autoguardado")).to_contain_text("otra pestaña tuya", timeout=10_000)
    practica.refresh_from_db()
    assert practica.consiste == ""
    # The second tab keeps its change over the newer version: only what it changed is written.
    segunda.get_by_role("button", name="Guardar", exact=True).click()
    expect(segunda.locator("#conflicto")).to_contain_text("¿En qué consiste?")
    segunda.get_by_role("button", name="Quedarme con mis cambios y guardarlos encima").click()
    expect(segunda.get_by_text("Cambios guardados.")).to_be_visible()
    practica.refresh_from_db()
    assert practica.problema == "Escrito en la primera pestaña"
    assert practica.consiste == "Escrito en la segunda pestaña"
    contexto.close()


def test_el_editor_del_evento_avisa_antes_de_salir_sin_guardar(mundo, navegador, live_server):
    from tests.factories import EventoFactory

    evento = EventoFactory(nombre="II Intercambio – Macrorregión Sur")
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "difoca", settings.DEMO_PASSWORD)
    page.goto(f"/practicas/gestion/eventos/{evento.pk}/")
    avisos = []

    def responder(dialogo):
        avisos.append(dialogo.type)
        dialogo.dismiss()  # stay on the page

    page.on("dialog", responder)
    page.goto("/practicas/gestion/")  # nothing typed: leaves without asking
    assert avisos == []
    page.goto(f"/practicas/gestion/eventos/{evento.pk}/")
    page.get_by_label("Asistentes").fill("180")
    page.get_by_role("link", name="Gestión de buenas prácticas").first.click()
    page.wait_for_timeout(500)
    assert avisos == ["beforeunload"]
    expect(page.get_by_label("Asistentes")).to_have_value("180")
    page.get_by_role("button", name="Guardar").first.click()  # saved: leaves without asking
    expect(page.get_by_text("Reporte guardado.")).to_be_visible()
    page.goto("/practicas/gestion/")
    assert avisos == ["beforeunload"]
    contexto.close()


def test_quitar_una_fase_y_deshacer_devuelve_sus_estrategias(mundo, navegador, live_server):
    from practicas import contenido

    practica = contenido.practica_crear(
        usuario=mundo["difoca"],
        titulo="Seguimiento al PAT",
        region=RegionFactory(nombre="Junín"),
        tema=TemaFactory(),
        etapa="avanzado",
        anio=2025,
    )
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    ingresar(page, "difoca", settings.DEMO_PASSWORD)
    page.goto(f"/practicas/gestion/{practica.pk}/")
    page.get_by_role("button", name="Agregar fase").click()
    ultima_fila(page, "fases").get_by_label("Nombre").fill("I. Fase de preparación y soporte")
    page.get_by_role("button", name="Agregar estrategia").click()
    fase = ultima_fila(page, "estrategias").get_by_label("Fase")
    fase.select_option(label="I. Fase de preparación y soporte")
    ultima_fila(page, "estrategias").get_by_label("Descripción").fill("Sensibilización institucional")
    ultima_fila(page, "fases").get_by_role("button", name=re.compile("^Quitar")).click()
    expect(fase).to_have_value("")
    page.get_by_role("button", name="Deshacer").click()
    expect(fase.locator("option:checked")).to_have_text("I. Fase de preparación y soporte")
    expect(page.locator("#autoguardado")).to_contain_text("Guardado a las", timeout=10_000)
    page.wait_for_load_state("networkidle")
    estrategia = practica.estrategias.get()
    assert estrategia.fase is not None and estrategia.fase.nombre == "I. Fase de preparación y soporte"
    contexto.close()
