"""The demo's practices and event come from the seeds, each field in its place, and are public."""

from io import StringIO

from django.core.management import call_command

from practicas.models import BuenaPractica, EstadoPractica, Evento
from tests.factories import cambios_de_estado


def test_la_demo_publica_las_practicas_y_el_informe(db, settings, client):
    settings.DEBUG = True
    call_command("cargar_demo", stdout=StringIO())

    assert BuenaPractica.objects.count() == 8
    assert set(BuenaPractica.objects.values_list("estado", flat=True)) == {EstadoPractica.PUBLICADA}
    junin = BuenaPractica.objects.get(slug="junin-pat")
    assert junin.region.nombre == "Junín"
    assert list(junin.fases.values_list("nombre", flat=True))[0] == "Fase de preparación y soporte"
    assert junin.contactos.get().correo == "jortegac@drej.edu.pe"
    assert len(cambios_de_estado(junin)) == 2  # draft → review → published, as DIFOCA would move it

    evento = Evento.objects.get(slug="intercambio-centro-2026")
    assert evento.publicado and evento.sede == "Huacho"
    assert evento.presentaciones.count() == 8 == evento.comentarios.count()
    assert evento.presentaciones.first().practica.titulo.startswith("Puentes para la inclusión")

    assert len(client.get("/practicas/").context["pagina"]) == 8
    html = client.get("/practicas/eventos/intercambio-centro-2026/").content.decode()
    assert "Jorge Chávez Escobar" in html and "Testimonios" in html
