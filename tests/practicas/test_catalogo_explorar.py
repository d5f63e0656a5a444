"""The catalogue people explore: the CoP's figures, facets with counts, the chart, highlighted
results, and a search that reads the results, the contacts and the public expert feedback."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from practicas import contenido, graficos, services
from practicas.contenido import Documento
from practicas.models import Instancia
from tests.factories import BuenaPracticaFactory, EventoFactory, RegionFactory, TemaFactory
from tests.factories import practica_publicada as publicada


def titulos(respuesta):
    return [p.titulo for p in respuesta.context["pagina"]]


def opciones(respuesta, faceta):
    return {nombre: n for _valor, nombre, n in respuesta.context["facetas"][faceta]}


@pytest.fixture
def catalogo(db):
    junin, pasco = RegionFactory(nombre="Junín"), RegionFactory(nombre="Pasco")
    lectura, riesgo = TemaFactory(nombre="Comprensión lectora"), TemaFactory(nombre="Gestión del riesgo")
    publicada(titulo="Lectura en Junín", region=junin, tema=lectura, etapa="inicial", anio=2024)
    publicada(titulo="Lectura en Pasco", region=pasco, tema=lectura, etapa="avanzado", anio=2025)
    publicada(titulo="Sismos en Pasco", region=pasco, tema=riesgo, etapa="avanzado", anio=2025)
    BuenaPracticaFactory(titulo="Borrador secreto", region=junin, tema=riesgo, etapa="inicial", anio=2023)
    return {"junin": junin, "pasco": pasco, "lectura": lectura, "riesgo": riesgo}


def test_las_facetas_cuentan_con_los_demas_filtros(client, catalogo):
    respuesta = client.get("/practicas/")
    # The draft counts nowhere for the public.
    assert opciones(respuesta, "region") == {"Junín": 1, "Pasco": 2}
    assert opciones(respuesta, "tema") == {"Comprensión lectora": 2, "Gestión del riesgo": 1}
    assert opciones(respuesta, "etapa") == {"Inicial": 1, "Intermedio": 0, "Avanzado": 2}
    assert opciones(respuesta, "anio") == {"2025": 2, "2024": 1}

    # With Pasco chosen, the other facets count within Pasco; the region facet ignores its own choice.
    respuesta = client.get("/practicas/", {"region": catalogo["pasco"].pk})
    assert opciones(respuesta, "region") == {"Junín": 1, "Pasco": 2}
    assert opciones(respuesta, "tema") == {"Comprensión lectora": 1, "Gestión del riesgo": 1}
    assert opciones(respuesta, "anio") == {"2025": 2}

    # And with a search too.
    respuesta = client.get("/practicas/", {"q": "lectura", "etapa": "avanzado"})
    assert titulos(respuesta) == ["Lectura en Pasco"]
    assert opciones(respuesta, "region") == {"Pasco": 1}
    assert opciones(respuesta, "etapa") == {"Inicial": 1, "Intermedio": 0, "Avanzado": 1}
    html = respuesta.content.decode()
    assert "Pasco (1)" in html and "Avanzado (1)" in html

    # A choice the others leave empty stays listed, with 0, so the form still shows it.
    respuesta = client.get("/practicas/", {"region": catalogo["junin"].pk, "tema": catalogo["riesgo"].pk})
    assert titulos(respuesta) == []
    assert opciones(respuesta, "tema")["Gestión del riesgo"] == 0
    assert opciones(respuesta, "region")["Junín"] == 0


def test_difoca_cuenta_tambien_los_borradores(client, catalogo, mundo):
    client.force_login(mundo["difoca"])
    respuesta = client.get("/practicas/")
    assert opciones(respuesta, "region") == {"Junín": 2, "Pasco": 2}
    assert opciones(respuesta, "anio") == {"2025": 2, "2024": 1, "2023": 1}
    html = respuesta.content.decode()
    # The figures and the chart are the published catalogue's, and the page says so.
    assert "cuentan solo las prácticas publicadas" in html
    assert respuesta.context["cifras_lista"][0][0] == 3


def test_limpiar_filtros(client, catalogo):
    assert "Limpiar filtros" not in client.get("/practicas/").content.decode()
    for filtro in (
        {"q": "lectura"},
        {"region": catalogo["pasco"].pk},
        {"anio": "2025"},
        {"etapa": "inicial"},
    ):
        html = client.get("/practicas/", filtro).content.decode()
        assert re.search(r'<a class="small" href="/practicas/">.*Limpiar filtros</a>', html), filtro
    # Nonsense in the address is no filter, and nothing to clear.
    assert (
        "Limpiar filtros" not in client.get("/practicas/", {"region": "x", "etapa": "<b>"}).content.decode()
    )


def test_las_cifras_de_la_comunidad(client, catalogo):
    practica = publicada(titulo="Con oficinas", region=catalogo["junin"])
    for orden, (tipo, nombre) in enumerate(
        [
            ("dre", "DRE Junín"),
            ("ugel", "UGEL Huancayo"),
            ("ugel", "UGEL Tarma"),
            ("gobierno_local", "Municipalidad"),
        ]
    ):
        Instancia.objects.create(practica=practica, orden=orden + 1, tipo=tipo, nombre=nombre)
    respuesta = client.get("/practicas/")
    assert [v for v, _e in respuesta.context["cifras_lista"]] == [4, 2, 1, 2, 1]
    html = respuesta.content.decode()
    assert "La Comunidad de Práctica en cifras" in html and "prácticas vigentes" in html


class _Svg(HTMLParser):
    """The chart's <svg> elements as the page has them: attributes, and the text of title/desc."""

    def __init__(self):
        super().__init__()
        self.svgs, self._dentro, self._en_svg = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self._en_svg = True
            self.svgs.append({"attrs": dict(attrs), "title": "", "desc": "", "script": False})
        elif self._en_svg and tag in {"title", "desc"} and not self.svgs[-1][tag]:
            self._dentro = tag
        elif self._en_svg and tag in {"script", "foreignobject", "image", "a"}:
            self.svgs[-1]["script"] = True

    def handle_endtag(self, tag):
        self._dentro = None
        if tag == "svg":
            self._en_svg = False

    def handle_data(self, data):
        if self._dentro:
            self.svgs[-1][self._dentro] += data


def test_el_grafico_esta_en_la_pagina_con_su_alternativa_y_su_tabla(client, catalogo):
    html = client.get("/practicas/").content.decode()
    lector = _Svg()
    lector.feed(html[html.index('id="grafico-titulo"') :])
    regiones, etapas = lector.svgs[:2]
    for svg in (regiones, etapas):
        assert svg["attrs"]["role"] == "img" and not svg["script"]
        assert svg["attrs"]["aria-labelledby"].endswith("-titulo")
    assert regiones["title"] == "Prácticas por región y estadio de madurez"
    assert regiones["desc"] == ("3 prácticas en 2 regiones. Pasco: 2 (2 avanzado); Junín: 1 (1 inicial).")
    assert etapas["desc"].endswith("Inicial: 1; Intermedio: 0; Avanzado: 2.")
    # No script and no external resource: only the embedded style.
    seccion = html[
        html.index('id="grafico-titulo"') : html.index("</section>", html.index('id="grafico-titulo"'))
    ]
    assert "<script" not in seccion and "http://" not in seccion.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "@import" not in seccion and "url(" not in seccion
    # The data table beside it, in a <details>, with the totals.
    tabla = seccion[seccion.index("<details") :]
    assert "<caption>" in tabla and '<th scope="row" class="fw-normal">Pasco</th>' in tabla
    assert re.search(r"<tfoot><tr><th scope=\"row\">Total</th>.*>1<.*>0<.*>2<.*>3<", tabla)
    # The draft is not in the public chart.
    assert "Borrador" not in seccion


def test_el_grafico_escapa_los_nombres_y_se_dibuja_en_un_pdf():
    from pypdf import PdfReader
    from weasyprint import HTML

    conteos = {"Región <b>rara</b> & cía": {"inicial": 2, "avanzado": 1}, "Puno": {"intermedio": 4}}
    svg = graficos.por_region_y_etapa(conteos)
    assert "<b>" not in svg and "Región &lt;b&gt;rara&lt;/b&gt; &amp; cía · 3" in svg
    assert "<script" not in svg and "<!--" not in svg
    assert graficos.filas_tabla(conteos)[1].por_etapa == (2, 4, 1)
    assert graficos.por_region_y_etapa(conteos) == svg  # the same figures, the same markup

    import io

    salida = io.BytesIO()
    etapas = graficos.por_etapa({"avanzado": 3})
    HTML(string=f"<html lang='es'><body><h1>Reporte</h1>{svg}{etapas}</body></html>").write_pdf(salida)
    texto = PdfReader(io.BytesIO(salida.getvalue())).pages[0].extract_text()
    # The SVG's text is drawn as text in the PDF: region names, the total, the legend.
    assert "Puno · 4" in texto and "Intermedio" in texto and "Avanzado" in texto
    assert "Prácticas por estadio" not in texto  # the title is the image's name, not drawn


def test_resultados_por_relevancia_con_las_palabras_resaltadas(client, db):
    publicada(titulo="Monitoreo escolar", problema="Se hace monitoreo del monitoreo <script>x</script>.")
    publicada(titulo="Otra práctica", problema="Incluye algo de monitoreo <b>una vez</b>.")
    respuesta = client.get("/practicas/", {"q": "monitoreo"})
    assert titulos(respuesta) == ["Monitoreo escolar", "Otra práctica"]  # the title weighs more
    html = respuesta.content.decode()
    assert "<mark>Monitoreo</mark> escolar" in html
    assert "hace <mark>monitoreo</mark> del <mark>monitoreo</mark>" in html
    assert "algo de <mark>monitoreo</mark>" in html
    # Stored markup never renders: PostgreSQL's parser leaves tags out of the passage, and what it
    # keeps is escaped.
    assert "<script>x" not in html and "<b>una vez" not in html
    assert "ordenadas por relevancia" in html


def test_el_resaltado_no_deja_pasar_marcas_escritas():
    from practicas.views import FIN, INICIO, resaltado

    assert resaltado(f"a {INICIO}b{FIN} <i>c</i>") == "a <mark>b</mark> &lt;i&gt;c&lt;/i&gt;"


def test_los_caracteres_de_marca_en_el_texto_no_se_convierten_en_marcas(client, db):
    from practicas.views import FIN, INICIO

    publicada(titulo="Lectura", problema=f"Texto con {INICIO}raro{FIN} y 1 {INICIO}&lt; 2 y lectura.")
    html = client.get("/practicas/", {"q": "lectura"}).content.decode()
    assert "con raro y 1 &amp;lt; 2 y <mark>lectura</mark>" in html and "<mark>raro" not in html


@pytest.fixture
def practica_de_pasco(mundo):
    difoca = mundo["difoca"]
    practica = contenido.practica_crear(
        usuario=difoca,
        titulo="Gestión educativa con impacto",
        region=RegionFactory(nombre="Pasco"),
        tema=TemaFactory(),
        etapa="avanzado",
        anio=2025,
        problema="Limitaciones estructurales.",
    )
    contenido.practica_guardar(
        practica=practica,
        usuario=difoca,
        version=None,
        documento=Documento(
            listas={
                "estrategias": [{"titulo": "", "descripcion": "Reuniones de trabajo."}],
                "resultados": [
                    {
                        "tipo": "cualitativo",
                        "titulo": "",
                        "cifra": "",
                        "descripcion": "62 IIEE en concursos como FONDEP.",
                    }
                ],
                "contactos": [
                    {"nombre": "Rayda Hermitaño", "cargo": "Directora", "correo": "", "telefono": ""}
                ],
            }
        ),
    )
    services.practica_enviar_a_revision(practica=practica, usuario=difoca)
    services.practica_publicar(practica=practica, usuario=difoca)
    return practica


@pytest.mark.parametrize("busqueda", ["FONDEP", "fondep", "rayda hermitaño", "hermitano"])
def test_la_busqueda_lee_resultados_y_contactos(client, practica_de_pasco, busqueda):
    respuesta = client.get("/practicas/", {"q": busqueda})
    assert titulos(respuesta) == ["Gestión educativa con impacto"]
    assert "<mark>" in respuesta.content.decode()  # the passage where it was found, marked


def test_la_busqueda_lee_el_comentario_del_experto_solo_si_es_publico(client, practica_de_pasco, mundo):
    difoca = mundo["difoca"]
    evento = EventoFactory()
    comentario = contenido.comentario_guardar(
        practica=practica_de_pasco,
        usuario=difoca,
        datos={
            "evento": evento,
            "experto": "Juana Sono Hernández",
            "aspectos_clave": "- Articulación territorial sostenida.",
            "recomendaciones": "- Institucionalizar la retroalimentación.",
        },
    )
    # Given at an event not yet published: nobody finds the practice by those words, DIFOCA neither
    # (the sheet does not show the feedback to the public yet).
    assert titulos(client.get("/practicas/", {"q": "juana sono"})) == []
    client.force_login(difoca)
    assert titulos(client.get("/practicas/", {"q": "institucionalizar"})) == []
    client.logout()

    practica_de_pasco.presentaciones.create(evento=evento, orden=1)
    services.evento_publicar(evento=evento, usuario=difoca)
    for busqueda in ("juana sono", "institucionalizar retroalimentación", "articulacion"):
        assert titulos(client.get("/practicas/", {"q": busqueda})) == ["Gestión educativa con impacto"], (
            busqueda
        )
    assert (
        "<mark>Juana</mark> <mark>Sono</mark>"
        in client.get("/practicas/", {"q": "juana sono"}).content.decode()
    )

    # Changed through the content service: the new words, not the old ones.
    contenido.comentario_guardar(
        practica=practica_de_pasco,
        usuario=difoca,
        comentario=comentario,
        datos={"recomendaciones": "- Presupuesto por resultados."},
    )
    assert titulos(client.get("/practicas/", {"q": "institucionalizar"})) == []
    assert titulos(client.get("/practicas/", {"q": "presupuesto"})) == ["Gestión educativa con impacto"]

    # Withdrawn with its event, then deleted: gone from the search.
    services.evento_retirar(evento=evento, usuario=difoca)
    assert titulos(client.get("/practicas/", {"q": "presupuesto"})) == []
    services.evento_publicar(evento=evento, usuario=difoca)
    assert titulos(client.get("/practicas/", {"q": "presupuesto"})) == ["Gestión educativa con impacto"]
    contenido.comentario_borrar(comentario=comentario, usuario=difoca)
    assert titulos(client.get("/practicas/", {"q": "juana"})) == []


def test_un_comentario_fuera_de_evento_se_busca_al_guardarlo(client, practica_de_pasco, mundo):
    contenido.comentario_guardar(
        practica=practica_de_pasco,
        usuario=mundo["difoca"],
        datos={"experto": "Jorge Chávez Escobar", "aspectos_clave": "Ruta de empleabilidad."},
    )
    assert titulos(client.get("/practicas/", {"q": "empleabilidad"})) == ["Gestión educativa con impacto"]


def test_los_borradores_no_se_filtran_por_la_busqueda(client, mundo):
    BuenaPracticaFactory(titulo="Borrador", problema="Palabra secretísima del borrador.")
    respuesta = client.get("/practicas/", {"q": "secretisima"})
    assert titulos(respuesta) == [] and "Palabra secret" not in respuesta.content.decode()
    assert respuesta.context["facetas"]["region"] == []
    client.force_login(mundo["difoca"])
    assert titulos(client.get("/practicas/", {"q": "secretisima"})) == ["Borrador"]


@pytest.mark.parametrize("busqueda", ["de la", "DE LA", "el y los"])
def test_solo_palabras_vacias_da_una_pista(client, db, busqueda):
    publicada(titulo="De la escuela a la comunidad")
    respuesta = client.get("/practicas/", {"q": busqueda})
    assert respuesta.status_code == 200 and titulos(respuesta) == []
    assert "Escribe palabras más específicas" in respuesta.content.decode()


def test_sin_resultados_no_da_la_pista_de_palabras_vacias(client, db):
    publicada(titulo="Lectura")
    html = client.get("/practicas/", {"q": "astronomía"}).content.decode()
    assert "No hay prácticas que coincidan" in html and "Escribe palabras" not in html


def test_la_region_por_nombre_sigue_encontrando(client, catalogo):
    assert sorted(titulos(client.get("/practicas/", {"q": "pasco"}))) == [
        "Lectura en Pasco",
        "Sismos en Pasco",
    ]
    assert sorted(titulos(client.get("/practicas/", {"q": "riesgo"}))) == ["Sismos en Pasco"]


def test_la_busqueda_por_nombre_no_recorre_todas_las_practicas(db):
    """With no region or theme named alike, the condition is the indexed text search alone; with
    one, its id (resolved first), not a subquery the planner can only check row by row."""
    from practicas.models import BuenaPractica
    from practicas.recuentos import estado_actual
    from practicas.views import _coincide, consulta_de

    RegionFactory(nombre="Puno")
    _numero, nombres = estado_actual()

    def donde(texto):
        condicion, _por_nombre = _coincide(consulta_de(texto), texto, nombres)
        return str(BuenaPractica.objects.filter(condicion).query).split("WHERE")[1]

    assert "region_id" not in donde("lectura") and "tema_id" not in donde("lectura")
    assert "@@" in donde("lectura")
    assert "SELECT" not in donde("puno") and '"region_id" IN (' in donde("puno")


@pytest.mark.parametrize("difoca", [False, True])
def test_consultas_acotadas_con_busqueda_y_filtros(client, mundo, django_assert_max_num_queries, difoca):
    def llenar(n):
        for i in range(n):
            practica = publicada(
                titulo=f"Práctica de lectura {i}",
                region=RegionFactory(nombre=f"Región {i}"),
                tema=TemaFactory(nombre=f"Tema {i}"),
                anio=2020 + i % 5,
            )
            Instancia.objects.create(practica=practica, orden=1, tipo="ugel", nombre=f"UGEL {i}")
        EventoFactory(publicado=True, publicado_en=timezone.now())

    if difoca:
        client.force_login(mundo["difoca"])
    llenar(3)
    consultas = []
    for parametros in ({}, {"q": "lectura", "etapa": "avanzado", "anio": "2021"}, {"q": "de la"}):
        # Signed in: session, user, notices; a search: its page's planner setting.
        with django_assert_max_num_queries(13) as capturadas:
            assert client.get("/practicas/", parametros).status_code == 200
        consultas.append(len(capturadas))
    llenar(20)
    for parametros, antes in zip(
        ({}, {"q": "lectura", "etapa": "avanzado", "anio": "2021"}, {"q": "de la"}), consultas, strict=True
    ):
        with django_assert_max_num_queries(antes) as capturadas:
            assert client.get("/practicas/", parametros).status_code == 200
