"""The demo's practices and event come from the seeds, each field in its place, and are public."""

import re
import shutil
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from practicas import demo
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
    # The report's sections reach the event: the host region, the CoP's text and figures, day 1, day 2.
    assert evento.region_anfitriona.nombre == "Lima Provincias"
    assert evento.cop.startswith("Espacio para el fomento") and "Durante el 2026" in evento.cop
    cifras = ("cop_visitas", "cop_miembros", "cop_miembros_activos", "cop_actividades", "cop_aliados")
    assert [getattr(evento, c) for c in cifras] == [10655, 8842, 912, 51, 14]
    assert evento.ruta_fortalecimiento.startswith("Es la trayectoria intencional")
    assert "\n- Promover la innovación" in evento.red_gestores
    assert "sociodramas" in evento.dia1 and evento.desarrollo == ""
    assert evento.visita_instituciones.count("\n") == 10  # the 11 institutions, one a line

    assert len(client.get("/practicas/").context["pagina"]) == 8
    html = client.get("/practicas/eventos/intercambio-centro-2026/").content.decode()
    assert "Jorge Chávez Escobar" in html and "Testimonios" in html


def test_los_archivos_de_la_demo_traen_los_hechos_del_informe():
    practicas, evento = demo.leer_practicas(), demo.leer_evento()
    assert len(practicas) == 8
    assert practicas[0]["titulo"] == "Puentes para la inclusión, emprendimiento e inserción laboral"
    assert practicas[5]["titulo"] == (
        "Estrategia de seguimiento y evaluación al Plan Anual de Trabajo de la DRE Junín y las 13 UGEL "
        "en el marco de gestión por procesos"
    )
    assert (evento["sede"], evento["fecha_inicio"], evento["fecha_fin"]) == (
        "Huacho",
        date(2026, 4, 23),
        date(2026, 4, 24),
    )
    assert len(evento["regiones"]) == 18 and len(evento["testimonios"]) == 6
    # Presented in this order on day 1; Pasco 3rd and Junín 6th, as their sheets (seeds/002, 003) say.
    assert [p["clave"] for p in evento["practicas"]] == [
        "huaura-puentes-inclusion",
        "ayacucho-gestion-riesgo",
        "pasco-gestion-educativa",
        "callao-inclusion-total",
        "angaraes-bienestar-emocional",
        "junin-pat",
        "nasca-lectura-rural",
        "drelm-evaluando-aprendizajes",
    ]
    assert {p["clave"] for p in practicas} == {p["clave"] for p in evento["practicas"]}
    assert evento["presentacion"].count("\n\n") == 4  # five paragraphs
    assert not evento["presentacion"].endswith("\n")  # blocks are |-, no trailing newline
    # Red de Gestores: the intro sentence, its four aims as a list, the closing paragraphs.
    assert evento["red_gestores"].split("\n\n")[1].count("\n- ") == 3
    assert evento["red_gestores"].endswith("registro de 912 miembros activos.")
    assert evento["visita_instituciones"].startswith("- CEBE Parroquial Santa Rosa de los Huacos.")
    assert evento["visita_instituciones"].endswith("- CEBA Manuel Tovar.")
    assert "desarrollo" not in evento  # the report has no running text under that heading


@pytest.mark.parametrize(
    "archivo, antes, despues, mensaje",
    [
        ("practicas.yaml", "\n  titulo:", "\n  titulos:", "[0]: falta la clave «titulo»"),
        (
            "evento.yaml",
            "clave: junin-pat",
            "clave: junin",
            "practicas[5].clave: «junin» no está en practicas.yaml",
        ),
    ],
)
def test_un_archivo_de_la_demo_mal_formado_detiene_la_carga(
    db, settings, tmp_path, monkeypatch, archivo, antes, despues, mensaje
):
    settings.DEBUG = True
    shutil.copytree(demo.DATOS, tmp_path, dirs_exist_ok=True)
    ruta = tmp_path / archivo
    ruta.write_text(ruta.read_text(encoding="utf-8").replace(antes, despues, 1), encoding="utf-8")
    monkeypatch.setattr(demo, "DATOS", tmp_path)
    with pytest.raises(CommandError, match=re.escape(f"{ruta}: {mensaje}")):
        call_command("cargar_demo", stdout=StringIO())
    assert not BuenaPractica.objects.exists()
