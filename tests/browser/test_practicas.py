"""A visitor, signed in or not, finds a good practice in the public catalogue and reads it."""

from django.utils import timezone
from playwright.sync_api import expect

from practicas.models import ComentarioExperto, EstadoPractica, PracticaPresentada
from tests.factories import BuenaPracticaFactory, EventoFactory, RegionFactory


def test_visitante_busca_sin_tildes_y_lee_la_ficha(transactional_db, navegador, live_server, captura):
    ahora = timezone.now()
    practica = BuenaPracticaFactory(
        titulo="Puentes para la inclusión, emprendimiento e inserción laboral",
        slug="puentes",
        region=RegionFactory(nombre="Lima Provincias"),
        instancias="UGEL Huaura",
        problema="Brecha de inserción laboral cercana al 80%.",
        estado=EstadoPractica.PUBLICADA,
        publicada_en=ahora,
    )
    BuenaPracticaFactory(
        titulo="Gestión del riesgo de desastres", estado=EstadoPractica.PUBLICADA, publicada_en=ahora
    )
    evento = EventoFactory(
        slug="centro", nombre="I Intercambio – Macrorregión Centro", publicado=True, publicado_en=ahora
    )
    PracticaPresentada.objects.create(evento=evento, practica=practica, orden=1)
    ComentarioExperto.objects.create(
        practica=practica,
        evento=evento,
        experto="Jorge Chávez Escobar",
        aspectos_clave="Articula escuela y empleo.",
    )

    contexto = navegador.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = contexto.new_page()
    page.goto("/practicas/")
    expect(page.get_by_text("2 prácticas", exact=True)).to_be_visible()
    page.get_by_label("Buscar").fill("insercion laboral")  # typed without accents, as on a phone
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_text("1 práctica", exact=True)).to_be_visible()
    captura(page, "practicas-catalogo-celular")
    page.get_by_role("link", name="Puentes para la inclusión, emprendimiento e inserción laboral").click()
    expect(page.get_by_role("heading", name="Comentario del experto invitado")).to_be_visible()
    expect(page.get_by_text("Articula escuela y empleo.")).to_be_visible()
    expect(page.get_by_role("link", name="Descargar la ficha (PDF)")).to_have_count(0)  # PDFs need an account
    page.get_by_role("link", name="I Intercambio – Macrorregión Centro").first.click()
    expect(page.get_by_role("heading", name="Buenas prácticas presentadas")).to_be_visible()
    captura(page, "practicas-evento-celular")
    contexto.close()
