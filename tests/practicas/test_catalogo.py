"""The public catalogue, a practice's sheet and an event's report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practicas.models import ComentarioExperto, Fase, PracticaPresentada, Resultado
from tests.factories import BuenaPracticaFactory, EventoFactory, RegionFactory, TemaFactory
from tests.factories import practica_publicada as publicada


def titulos(respuesta):
    return [p.titulo for p in respuesta.context["pagina"]]


def test_el_catalogo_es_publico_y_solo_muestra_lo_publicado(client, db):
    publicada(titulo="Estrategia Inclusión Total")
    BuenaPracticaFactory(titulo="Borrador sin revisar")
    respuesta = client.get("/practicas/")
    assert respuesta.status_code == 200
    assert titulos(respuesta) == ["Estrategia Inclusión Total"]
    assert "Borrador sin revisar" not in respuesta.content.decode()


@pytest.mark.parametrize("rol, ve", [("difoca", True), ("admin", True), ("ugel", False), ("director", False)])
def test_difoca_ve_tambien_los_borradores(mundo, client, rol, ve):
    BuenaPracticaFactory(titulo="Borrador sin revisar", slug="borrador")
    client.force_login(mundo[rol])
    assert ("Borrador sin revisar" in titulos(client.get("/practicas/"))) is ve
    assert client.get("/practicas/borrador/").status_code == (200 if ve else 404)


def test_la_ficha_de_un_borrador_es_404_para_el_publico(client, db):
    BuenaPracticaFactory(slug="en-preparacion")
    assert client.get("/practicas/en-preparacion/").status_code == 404
    assert client.get("/practicas/no-existe/").status_code == 404


@pytest.mark.parametrize(
    "busqueda, esperado",
    [
        ("gestion", ["Gestión del riesgo de desastres"]),  # without the accent
        ("GESTIÓN", ["Gestión del riesgo de desastres"]),
        ("discapacidad", ["Puentes para la inclusión"]),  # in the problem, not the title
        ("inclusiones", ["Puentes para la inclusión"]),  # Spanish stemming
        ("puent", ["Puentes para la inclusión"]),  # a word being typed: part of the title
        ("sismos -discapacidad", ["Gestión del riesgo de desastres"]),
        ("astronomía", []),
    ],
)
def test_busqueda_en_espanol(client, db, busqueda, esperado):
    publicada(titulo="Gestión del riesgo de desastres", problema="Sismos, heladas y lluvias intensas.")
    publicada(
        titulo="Puentes para la inclusión",
        problema="Estudiantes con discapacidad sin ruta hacia el empleo.",
    )
    assert titulos(client.get("/practicas/", {"q": busqueda})) == esperado


def test_filtros(client, db):
    junin, pasco = RegionFactory(nombre="Junín"), RegionFactory(nombre="Pasco")
    tema = TemaFactory(nombre="Inclusión educativa")
    publicada(titulo="A", region=junin, etapa="inicial", anio=2024)
    publicada(titulo="B", region=pasco, etapa="avanzado", anio=2025, tema=tema)
    assert titulos(client.get("/practicas/", {"region": junin.pk})) == ["A"]
    assert titulos(client.get("/practicas/", {"tema": tema.pk})) == ["B"]
    assert titulos(client.get("/practicas/", {"etapa": "inicial"})) == ["A"]
    assert titulos(client.get("/practicas/", {"anio": "2025"})) == ["B"]
    # Nonsense in the address is ignored, never a 500.
    respuesta = client.get(
        "/practicas/", {"region": "x'; drop", "anio": "２０２５", "etapa": "<b>", "pagina": "99"}
    )
    assert respuesta.status_code == 200
    assert sorted(titulos(respuesta)) == ["A", "B"]


def test_consultas_acotadas(client, db, django_assert_max_num_queries):
    for n in range(30):
        publicada(titulo=f"Práctica {n}", region=RegionFactory(nombre=f"Región {n % 5}"))
    # Names matched, the two cubes (all: chart; found: facets, total) and their names, the list
    # (after its planner setting), the CoP's figures (the last change's numbers; the offices only
    # when they changed), the events.
    with django_assert_max_num_queries(10):
        assert client.get("/practicas/", {"q": "práctica"}).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/practicas/", {"q": "práctica"}).status_code == 200


def test_la_ficha_como_la_del_ministerio(client, db):
    practica = publicada(
        titulo="Estrategia de seguimiento al PAT", slug="pat", problema="Gestión <b>reactiva</b>."
    )
    fase = Fase.objects.create(practica=practica, orden=1, nombre="Fase de preparación y soporte")
    practica.estrategias.create(
        fase=fase, orden=1, titulo="Sensibilización", descripcion="Jornadas con las UGEL."
    )
    practica.estrategias.create(orden=1, titulo="", descripcion="Una estrategia sin fase.")
    Resultado.objects.create(
        practica=practica, tipo="cuantitativo", orden=1, titulo="Alineamiento", descripcion="100%"
    )
    Resultado.objects.create(
        practica=practica, tipo="cualitativo", orden=1, descripcion="Cambio de paradigma"
    )
    practica.contactos.create(orden=1, nombre="Jaime Ortega Cárdenas", correo="jortegac@drej.edu.pe")
    practica.fotos.create(orden=1, leyenda="Jornada de evaluación del PAT")

    html = client.get("/practicas/pat/").content.decode()
    orden = [
        "Problema",
        "¿En qué consiste?",
        "Una estrategia sin fase.",
        "Fase de preparación y soporte",
        "Sensibilización",
        "Logros cuantitativos",
        "Logros cualitativos",
        "Contactos",
        "Galería",
    ]
    posiciones = [html.index(texto) for texto in orden]
    assert posiciones == sorted(posiciones)
    assert "Gestión &lt;b&gt;reactiva&lt;/b&gt;." in html  # typed text is text, never markup
    assert 'href="mailto:jortegac@drej.edu.pe"' in html


def test_el_informe_del_evento(client, mundo):
    practica = publicada(titulo="Puentes para la inclusión", slug="puentes")
    evento = EventoFactory(slug="centro", nombre="I Intercambio – Macrorregión Centro", asistentes=350)
    evento.regiones.set(
        [RegionFactory(nombre="Áncash"), RegionFactory(nombre="Pasco"), RegionFactory(nombre="Ica")]
    )
    PracticaPresentada.objects.create(evento=evento, practica=practica, orden=1)
    ComentarioExperto.objects.create(
        practica=practica,
        evento=evento,
        experto="Jorge Chávez Escobar",
        aspectos_clave="Articulación con el empleo.",
    )
    evento.testimonios.create(orden=1, autor="Rayda Hermitaño", cargo="DRE Pasco", texto="Muy valioso.")

    assert client.get("/practicas/eventos/centro/").status_code == 404  # not published yet
    client.force_login(mundo["difoca"])
    assert "Sin publicar" in client.get("/practicas/eventos/centro/").content.decode()
    client.logout()

    evento.publicado, evento.publicado_en = True, timezone.now()
    evento.save()
    html = client.get("/practicas/eventos/centro/").content.decode()
    assert "Regiones participantes: Áncash, Ica, Pasco" in html
    assert "350 participantes" in html
    assert "Comentario de Jorge Chávez Escobar" in html and "Articulación con el empleo." in html
    assert "Rayda Hermitaño, DRE Pasco" in html
    # The practice's sheet shows the expert's feedback and where it was presented.
    ficha = client.get("/practicas/puentes/").content.decode()
    assert "Comentario del experto invitado" in ficha and 'href="/practicas/eventos/centro/"' in ficha


def test_la_ficha_no_muestra_comentarios_de_un_evento_sin_publicar(client, db):
    practica = publicada(slug="puentes")
    evento = EventoFactory()
    ComentarioExperto.objects.create(
        practica=practica, evento=evento, experto="Experta", aspectos_clave="Aún no"
    )
    assert "Experta" not in client.get("/practicas/puentes/").content.decode()


@pytest.mark.parametrize("url", ["/practicas/", "/practicas/demo/", "/practicas/eventos/demo/"])
def test_consultas_acotadas_en_ficha_y_evento(client, db, url, django_assert_max_num_queries):
    practica = publicada(slug="demo")
    evento = EventoFactory(slug="demo", publicado=True, publicado_en=timezone.now())
    for n in range(1, 9):
        otra = publicada() if n > 1 else practica
        PracticaPresentada.objects.create(evento=evento, practica=otra, orden=n)
        ComentarioExperto.objects.create(
            practica=otra, evento=evento, experto=f"Experto {n}", aspectos_clave="x"
        )
        practica.estrategias.create(orden=n, descripcion=f"Estrategia {n}")
        practica.contactos.create(orden=n, nombre=f"Contacto {n}")
        evento.testimonios.create(orden=n, autor=f"Autor {n}", texto="Texto")
        evento.fotos.create(orden=n, imagen=f"eventos/demo/{n}.jpg", leyenda=f"Foto {n}")
    evento.cop, evento.ruta_fortalecimiento, evento.cop_aliados = "La CoP.", "La ruta.", 14
    evento.save()
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_las_consultas_del_reporte_no_crecen_con_fotos_ni_practicas(client, db):
    evento = EventoFactory(slug="demo", publicado=True, publicado_en=timezone.now(), cop="La CoP.")

    def agregar(desde, hasta):
        for n in range(desde, hasta):
            PracticaPresentada.objects.create(evento=evento, practica=publicada(), orden=n)
            evento.fotos.create(orden=n, imagen=f"eventos/demo/{n}.jpg", leyenda=f"Foto {n}")
            evento.testimonios.create(orden=n, autor=f"Autor {n}", texto="Texto")

    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            html = client.get("/practicas/eventos/demo/").content.decode()
        return len(capturadas.captured_queries), html.count("<img ")

    agregar(1, 3)
    antes, fotos = consultas()
    agregar(3, 15)
    assert consultas() == (antes, 14) and fotos == 2


def test_la_consulta_solo_lleva_palabras():
    from practicas.views import consulta_de

    assert consulta_de("  ") is None and consulta_de("&|!():*'\" - _") is None
    consulta = consulta_de("gestión & (riesgo) -sismos:* 'x' COVID-19 a_b")
    assert (
        consulta.source_expressions[-1].value
        == "gestión:* & riesgo:* & !(sismos:*) & x:* & COVID-19:* & ab:*"
    )


@pytest.mark.parametrize(
    "busqueda, esperado",
    [
        ("COVID-19", ["Respuesta educativa a la COVID-19"]),
        ("socio-emocional", ["Bienestar socio-emocional"]),
        ("-covid bienestar", ["Bienestar socio-emocional"]),
        ("puno", ["Bienestar socio-emocional"]),  # the region's name
        ("convivencia", ["Bienestar socio-emocional"]),  # the theme's name
        (
            "de la",
            [],
        ),  # only stopwords: nothing to look for, no error (and a hint: see test_catalogo_explorar)
        ("a_b ٣٤ " + "x" * 200, []),
    ],
)
def test_busquedas_con_guiones_region_y_tema(client, db, busqueda, esperado):
    publicada(titulo="Respuesta educativa a la COVID-19", region=RegionFactory(nombre="Ica"))
    publicada(
        titulo="Bienestar socio-emocional",
        region=RegionFactory(nombre="Puno"),
        tema=TemaFactory(nombre="Convivencia escolar"),
    )
    respuesta = client.get("/practicas/", {"q": busqueda})
    assert respuesta.status_code == 200
    assert titulos(respuesta) == esperado
