"""The good practices' exports, downloaded as a user would and read back (pdftotext, openpyxl)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from practicas.models import ComentarioExperto, Fase, PracticaPresentada, Resultado
from tests.balance.test_exports import descargar, libro, texto_pdf
from tests.factories import BuenaPracticaFactory, EventoFactory, RegionFactory
from tests.factories import practica_publicada as publicada


@pytest.fixture
def evento(db):
    evento = EventoFactory(
        nombre="I Intercambio de Buenas Prácticas – Macrorregión Centro",
        presentacion="El Ministerio de Educación reafirma su compromiso.",
        firma_presentacion="María Esther Cuadros Espinoza, Ministra de Educación",
        publicado=True,
        publicado_en=timezone.now(),
    )
    evento.regiones.set([RegionFactory(nombre="Áncash"), RegionFactory(nombre="Ica")])
    for orden, (titulo, experto) in enumerate(
        [
            ("Puentes para la inclusión", "Jorge Chávez Escobar"),
            ("Estrategia Inclusión Total", "Isela Borja Rueda"),
        ],
        start=1,
    ):
        practica = publicada(titulo=titulo, region=RegionFactory(nombre="Callao"))
        PracticaPresentada.objects.create(evento=evento, practica=practica, orden=orden)
        ComentarioExperto.objects.create(
            practica=practica, evento=evento, experto=experto, aspectos_clave=f"Aspecto clave de {titulo}."
        )
    evento.testimonios.create(orden=1, autor="Rayda Hermitaño", cargo="DRE Pasco", texto="Muy valioso.")
    return evento


def test_ficha_pdf(client, mundo):
    practica = publicada(titulo="Estrategia de seguimiento al PAT", region=RegionFactory(nombre="Junín"))
    fase = Fase.objects.create(practica=practica, orden=1, nombre="Fase de preparación y soporte")
    practica.estrategias.create(
        fase=fase, orden=1, titulo="Sensibilización institucional", descripcion="Jornadas."
    )
    Resultado.objects.create(
        practica=practica,
        tipo="cuantitativo",
        orden=1,
        titulo="Alineamiento",
        descripcion="100% de las 13 UGEL",
    )
    practica.contactos.create(orden=1, nombre="Jaime Ortega Cárdenas", correo="jortegac@drej.edu.pe")

    client.force_login(mundo["director"])
    texto = texto_pdf(descargar(client, "practicas.ficha_pdf", practica=practica.pk))
    for esperado in (
        "BUENA PRÁCTICA DE GESTIÓN EDUCATIVA",
        "Estrategia de seguimiento al PAT",
        "REGIÓN JUNÍN",
        "FASE DE PREPARACIÓN Y SOPORTE",
        "Sensibilización institucional: Jornadas.",
        "Alineamiento: 100% de las 13 UGEL",
        "Jaime Ortega Cárdenas",
        "Página 1 de 1",
    ):
        assert esperado in texto


def test_reporte_del_evento_pdf(client, mundo, evento):
    client.force_login(mundo["ugel"])
    texto = texto_pdf(descargar(client, "practicas.evento_pdf", evento=evento.pk))
    assert texto.startswith("Reporte de sistematización I Intercambio de Buenas Prácticas")
    assert "Índice" in texto and "Regiones participantes: Áncash, Ica" in texto
    # After the index, the body in the report's order: each piece found after the previous one.
    posicion = texto.index("El Ministerio de Educación reafirma su compromiso.")
    for pieza in (
        "María Esther Cuadros Espinoza",
        "1 REGIÓN CALLAO Puentes para la inclusión",
        "Experto invitado: Jorge Chávez Escobar",
        "2 REGIÓN CALLAO Estrategia Inclusión Total",
        "Experto invitado: Isela Borja Rueda",
        "Testimonios",
        "Rayda Hermitaño, DRE Pasco",
    ):
        posicion = texto.index(pieza, posicion)
    assert "Aspecto clave de Puentes para la inclusión." in texto
    assert "Página 2 de" in texto  # the cover is counted, not numbered


def test_catalogo_xlsx(client, mundo):
    practica = publicada(titulo='=HYPERLINK("http://x")', region=RegionFactory(nombre="Pasco"))
    Resultado.objects.create(practica=practica, tipo="cualitativo", orden=1, descripcion="Cultura de mejora")
    BuenaPracticaFactory(titulo="Borrador interno")

    client.force_login(mundo["ugel"])
    hoja = libro(descargar(client, "practicas.catalogo_xlsx"))["Buenas prácticas"]
    filas = list(hoja.values)
    assert filas[0][:3] == ("Título", "Región", "Macrorregión")
    assert len(filas) == 2  # the draft is DIFOCA's, not the UGEL's
    assert filas[1][0] == '=HYPERLINK("http://x")' and hoja["A2"].data_type == "s"  # text, not a formula
    assert filas[1][1] == "Pasco" and filas[1][12] == "Cultura de mejora"

    client.force_login(mundo["difoca"])
    filas = list(libro(descargar(client, "practicas.catalogo_xlsx"))["Buenas prácticas"].values)
    assert {f[0] for f in filas[1:]} == {'=HYPERLINK("http://x")', "Borrador interno"}


@pytest.mark.parametrize("identificador", ["practicas.ficha_pdf", "practicas.evento_pdf"])
def test_borradores_fuera_de_alcance_son_404(client, mundo, identificador):
    practica = BuenaPracticaFactory()
    evento = EventoFactory()
    parametros = (
        {"practica": practica.pk} if identificador == "practicas.ficha_pdf" else {"evento": evento.pk}
    )
    url = reverse("exportaciones:exportar", args=[identificador])
    client.force_login(mundo["ugel"])
    assert client.get(url, parametros).status_code == 404
    assert client.get(url, {"practica": "x", "evento": "9" * 30}).status_code == 404
    client.force_login(mundo["difoca"])
    assert client.get(url, parametros).status_code == 200


def test_consultas_del_reporte_no_crecen(client, mundo, evento, django_assert_max_num_queries):
    for orden in range(3, 12):
        practica = publicada()
        PracticaPresentada.objects.create(evento=evento, practica=practica, orden=orden)
        practica.estrategias.create(orden=1, descripcion="Una estrategia")
    client.force_login(mundo["ugel"])
    # The CoP's figures (2), the photos and the size that picks now or background: fixed, not per practice.
    with django_assert_max_num_queries(20):
        descargar(client, "practicas.evento_pdf", evento=evento.pk)


def test_consultas_del_catalogo_xlsx_no_crecen(client, mundo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            descargar(client, "practicas.catalogo_xlsx")
        return len(capturadas.captured_queries)

    client.force_login(mundo["difoca"])
    for _ in range(2):
        practica = publicada()
        practica.estrategias.create(orden=1, descripcion="Una estrategia")
        practica.contactos.create(orden=1, nombre="Contacto")
    antes = consultas()
    for _ in range(20):
        practica = publicada()
        practica.estrategias.create(orden=1, descripcion="Una estrategia")
        practica.contactos.create(orden=1, nombre="Contacto")
    assert consultas() == antes
