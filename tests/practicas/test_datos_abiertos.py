"""Open data (/practicas/datos/): the published catalogue as CSV and JSON, read back as a reuser
would (csv, json); the catalogue XLSX's expert feedback; the report page's table of contents."""

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practicas import datos
from practicas.exports import cifras_del_evento, secciones_con_contenido
from practicas.models import ComentarioExperto, Evento, Fase, Instancia, PracticaPresentada, Resultado
from tests.balance.test_exports import descargar, libro
from tests.factories import BuenaPracticaFactory, EventoFactory, RegionFactory, TemaFactory
from tests.factories import practica_publicada as publicada

CSV, JSON = "/practicas/datos/practicas.csv", "/practicas/datos/practicas.json"


def bajar(client, url) -> bytes:
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    return b"".join(respuesta.streaming_content)


def leer_csv(client) -> list[dict]:
    contenido = bajar(client, CSV)
    assert contenido.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the accents
    filas = list(csv.reader(io.StringIO(contenido.decode("utf-8-sig"), newline="")))
    assert filas[0] == datos.COLUMNAS_CSV
    return [dict(zip(filas[0], fila, strict=True)) for fila in filas[1:]]


def leer_json(client) -> dict:
    return json.loads(bajar(client, JSON).decode("utf-8"))


@pytest.fixture
def evento_publicado(db):
    return EventoFactory(
        nombre="I Intercambio – Macrorregión Centro",
        slug="centro",
        publicado=True,
        publicado_en=timezone.now(),
    )


@pytest.fixture
def junin(evento_publicado):
    """A practice with every list the sheet shows, as seeds/002 has them."""
    practica = publicada(
        titulo="Estrategia de seguimiento al PAT",
        slug="seguimiento-pat",
        region=RegionFactory(nombre="Junín"),
        tema=TemaFactory(nombre="Planificación institucional"),
        etapa="avanzado",
        anio=2025,
        problema="Gestión desarticulada.\n\nSin seguimiento trimestral.",
        consiste="Un modelo de seguimiento.",
        cierre="Una gestión por resultados.",
    )
    Instancia.objects.create(practica=practica, orden=1, tipo="dre", nombre="DRE Junín")
    Instancia.objects.create(practica=practica, orden=2, tipo="ugel", nombre="UGEL Huancayo")
    fase = Fase.objects.create(practica=practica, orden=1, nombre="Fase de preparación y soporte")
    practica.estrategias.create(fase=fase, orden=1, titulo="Sensibilización", descripcion="Jornadas.")
    practica.estrategias.create(orden=1, descripcion="Reuniones\nmensuales.")
    Resultado.objects.create(
        practica=practica,
        tipo="cuantitativo",
        orden=1,
        titulo="Alineamiento",
        cifra="100%",
        descripcion="de las 13 UGEL",
    )
    Resultado.objects.create(practica=practica, tipo="cualitativo", orden=1, descripcion="Cultura de mejora")
    practica.contactos.create(
        orden=1, nombre="Jaime Ortega Cárdenas", cargo="Director", correo="jortegac@drej.edu.pe"
    )
    practica.enlaces.create(orden=1, texto="Video", url="https://example.pe/video")
    ComentarioExperto.objects.create(
        practica=practica,
        evento=evento_publicado,
        experto="Isela Borja Rueda",
        cargo="Especialista",
        aspectos_clave="Institucionaliza el seguimiento.",
        oportunidades_mejora="- Medir resultados.\n- Difundir.",
        recomendaciones="Sostenerlo con norma regional.",
    )
    # Feedback given at an event not yet published: private, like on the sheet.
    ComentarioExperto.objects.create(
        practica=practica, evento=EventoFactory(), experto="Experto Reservado", aspectos_clave="Aún no."
    )
    return practica


def test_csv_y_json_tienen_las_practicas_del_catalogo_con_sus_campos(client, junin):
    otra = publicada(titulo="Puentes para la inclusión", region=RegionFactory(nombre="Lima Provincias"))
    BuenaPracticaFactory(titulo="Borrador interno")
    BuenaPracticaFactory(titulo="En revisión", estado="en_revision")

    catalogo = {p.pk for p in client.get("/practicas/").context["pagina"].paginator.object_list}
    filas, documento = leer_csv(client), leer_json(client)
    practicas = documento["practicas"]
    assert catalogo == {junin.pk, otra.pk}
    assert {int(f["id"]) for f in filas} == catalogo == {p["id"] for p in practicas}
    assert [int(f["id"]) for f in filas] == [p["id"] for p in practicas]  # the same order
    assert all(list(p) == [c for c, _t, _d in datos.CAMPOS] for p in practicas)
    assert documento["licencia"]["url"] == "https://creativecommons.org/licenses/by/4.0/deed.es"

    fila = next(f for f in filas if f["slug"] == "seguimiento-pat")
    assert fila["url"] == "http://testserver/practicas/seguimiento-pat/"
    assert (fila["titulo"], fila["region"], fila["tema"]) == (
        "Estrategia de seguimiento al PAT",
        "Junín",
        "Planificación institucional",
    )
    assert (fila["etapa"], fila["anio"]) == ("avanzado", "2025")
    assert fila["instancias"] == "DRE / GRE: DRE Junín\nUGEL: UGEL Huancayo"
    assert fila["problema"] == "Gestión desarticulada.\n\nSin seguimiento trimestral."
    assert fila["resumen"] == "Una gestión por resultados."
    # One line per item, the ungrouped strategy first (as the sheet orders them).
    assert fila["estrategias"].split("\n") == [
        "Reuniones mensuales.",
        "Fase de preparación y soporte — Sensibilización: Jornadas.",
    ]
    assert fila["fases"] == "Fase de preparación y soporte"
    assert fila["resultados"].split("\n") == [
        "[Cuantitativo] Alineamiento: 100% de las 13 UGEL",
        "[Cualitativo] Cultura de mejora",
    ]
    assert fila["contactos"] == "Jaime Ortega Cárdenas, Director"
    assert fila["enlaces"] == "Video: https://example.pe/video"
    assert fila["expertos"] == "Isela Borja Rueda · Especialista · I Intercambio – Macrorregión Centro"
    assert fila["aspectos_clave"] == "Institucionaliza el seguimiento."
    assert fila["oportunidades_mejora"] == "'- Medir resultados.\n- Difundir."  # not a formula
    assert fila["recomendaciones"] == "Sostenerlo con norma regional."

    registro = next(p for p in practicas if p["slug"] == "seguimiento-pat")
    assert registro["instancias"] == [
        {"tipo": "dre", "nombre": "DRE Junín"},
        {"tipo": "ugel", "nombre": "UGEL Huancayo"},
    ]
    assert registro["estrategias"][1] == {
        "fase": "Fase de preparación y soporte",
        "titulo": "Sensibilización",
        "descripcion": "Jornadas.",
    }
    assert registro["resultados"][0] == {
        "tipo": "cuantitativo",
        "titulo": "Alineamiento",
        "cifra": "100%",
        "descripcion": "de las 13 UGEL",
    }
    # The sheet shows the e-mail; the bulk file names the person only.
    assert registro["contactos"] == [{"nombre": "Jaime Ortega Cárdenas", "cargo": "Director"}]
    assert "jortegac@" not in bajar(client, JSON).decode() + bajar(client, CSV).decode("utf-8-sig")
    assert registro["comentarios_experto"] == [
        {
            "experto": "Isela Borja Rueda",
            "cargo": "Especialista",
            "institucion": "",
            "evento": "I Intercambio – Macrorregión Centro",
            "evento_url": "http://testserver/practicas/eventos/centro/",
            "aspectos_clave": "Institucionaliza el seguimiento.",
            "oportunidades_mejora": "- Medir resultados.\n- Difundir.",
            "recomendaciones": "Sostenerlo con norma regional.",
        }
    ]


@pytest.mark.parametrize("rol", [None, "ugel", "difoca", "admin"])
def test_los_borradores_nunca_aparecen_quien_sea_que_pida(client, mundo, junin, rol):
    BuenaPracticaFactory(titulo="Borrador interno")
    BuenaPracticaFactory(titulo="En revisión", estado="en_revision")
    if rol:
        client.force_login(mundo[rol])
    for contenido in (bajar(client, CSV).decode("utf-8-sig"), bajar(client, JSON).decode()):
        assert "Estrategia de seguimiento al PAT" in contenido
        assert "Borrador interno" not in contenido and "En revisión" not in contenido
        assert "Experto Reservado" not in contenido  # feedback at an unpublished event


def test_sin_practicas_publicadas_los_archivos_estan_vacios_pero_bien_formados(client, db):
    BuenaPracticaFactory(titulo="Borrador interno")
    assert leer_csv(client) == []
    assert leer_json(client)["practicas"] == []


def test_las_formulas_no_se_ejecutan_en_una_hoja_de_calculo(client, db):
    practica = publicada(titulo='=HYPERLINK("http://x.pe","clic")', problema="+51 999 888 777")
    practica.contactos.create(orden=1, nombre="@usuario", cargo="-1", telefono="999 888 777")
    practica.estrategias.create(orden=1, descripcion="=1+1")
    practica.enlaces.create(orden=1, texto="@cmd", url="https://x.pe/")

    fila = leer_csv(client)[0]
    assert fila["titulo"] == '\'=HYPERLINK("http://x.pe","clic")'
    assert fila["problema"] == "'+51 999 888 777"
    assert fila["contactos"] == "'@usuario, -1"
    assert fila["estrategias"] == "'=1+1"
    assert fila["enlaces"] == "'@cmd: https://x.pe/"
    # No cell of the file begins a formula; the JSON keeps the text as typed.
    assert not any(v.startswith(("=", "+", "-", "@")) for v in fila.values())
    registro = leer_json(client)["practicas"][0]
    assert (
        registro["titulo"] == '=HYPERLINK("http://x.pe","clic")' and registro["problema"] == "+51 999 888 777"
    )


def _practica_llena(evento):
    practica = publicada()
    Instancia.objects.create(practica=practica, orden=1, tipo="ugel", nombre="UGEL X")
    fase = Fase.objects.create(practica=practica, orden=1, nombre="Fase I")
    practica.estrategias.create(fase=fase, orden=1, descripcion="Una estrategia")
    Resultado.objects.create(practica=practica, tipo="logro", orden=1, descripcion="Un logro")
    practica.contactos.create(orden=1, nombre="Contacto")
    practica.enlaces.create(orden=1, texto="Enlace", url="https://x.pe/")
    ComentarioExperto.objects.create(practica=practica, evento=evento, experto="E", aspectos_clave="A")
    return practica


@pytest.mark.parametrize("url", [CSV, JSON])
def test_las_consultas_no_crecen_con_las_practicas(client, evento_publicado, url):
    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            bajar(client, url)
        return len(capturadas.captured_queries)

    for _ in range(2):
        _practica_llena(evento_publicado)
    antes = consultas()
    for _ in range(30):
        _practica_llena(evento_publicado)
    assert consultas() == antes <= 10


def test_por_bloques_las_consultas_dependen_de_los_bloques(client, evento_publicado, monkeypatch):
    """10 000 practices are read a block at a time: every practice, each block's lists in one query
    per list."""
    monkeypatch.setattr(datos, "BLOQUE", 3)
    practicas = [_practica_llena(evento_publicado) for _ in range(7)]
    with CaptureQueriesContext(connection) as capturadas:
        filas = leer_csv(client)
    assert [int(f["id"]) for f in filas] == sorted(p.pk for p in practicas)
    assert all(f["contactos"] == "Contacto" and f["aspectos_clave"] == "A" for f in filas)
    assert len(capturadas.captured_queries) == 3 * (1 + 7)  # per block: the practices, their 7 lists


def test_la_pagina_de_datos_es_publica_y_tiene_la_licencia(client, junin):
    respuesta = client.get("/practicas/datos/")
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.es"' in html
    assert "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)" in html
    assert (
        'href="/practicas/datos/practicas.csv"' in html and 'href="/practicas/datos/practicas.json"' in html
    )
    assert "Cómo citarlos" in html and "http://testserver/practicas/datos/" in html
    for campo, _tipo, _descripcion in datos.CAMPOS:
        assert f"<code>{campo}</code>" in html
    assert "hoy, 1 práctica," in html  # the published only
    # Linked from the catalogue and from every page's footer.
    assert html.count('href="/practicas/datos/"') >= 1
    assert client.get("/practicas/").content.decode().count('href="/practicas/datos/"') == 2
    assert client.post(CSV).status_code == 405


def test_ninguna_practica_toma_la_direccion_de_los_datos(db):
    from practicas.contenido import slug_libre
    from practicas.models import BuenaPractica

    assert slug_libre("Datos", BuenaPractica) == "datos-2"


def test_el_catalogo_xlsx_trae_la_retroalimentacion_del_experto(client, mundo, junin):
    borrador = BuenaPracticaFactory(titulo="Borrador interno")
    ComentarioExperto.objects.create(practica=borrador, experto="Experta del borrador", aspectos_clave="B")

    client.force_login(mundo["ugel"])
    hoja = libro(descargar(client, "practicas.catalogo_xlsx"))["Comentarios del experto"]
    filas = list(hoja.values)
    assert filas[0] == (
        "Título",
        "Región",
        "Estado",
        "Experto invitado",
        "Cargo",
        "Institución",
        "Evento",
        "Aspecto clave de la práctica",
        "Oportunidades de mejora",
        "Recomendaciones para la sostenibilidad y réplica",
    )
    assert filas[1:] == [
        (
            "Estrategia de seguimiento al PAT",
            "Junín",
            "Publicada",
            "Isela Borja Rueda",
            "Especialista",
            None,
            "I Intercambio – Macrorregión Centro",
            "Institucionaliza el seguimiento.",
            "- Medir resultados.\n- Difundir.",
            "Sostenerlo con norma regional.",
        )
    ]

    # DIFOCA's workbook: its drafts' feedback and that of its unpublished events too.
    client.force_login(mundo["difoca"])
    filas = list(libro(descargar(client, "practicas.catalogo_xlsx"))["Comentarios del experto"].values)
    assert {f[3] for f in filas[1:]} == {"Isela Borja Rueda", "Experto Reservado", "Experta del borrador"}


class _Indice(HTMLParser):
    """The report page's ids, the links of its table of contents, its sections' headings in order
    and its pictures' attributes."""

    def __init__(self):
        super().__init__()
        self.ids, self.enlaces, self.navs, self._en_indice = set(), [], [], False
        self.secciones, self.titulos, self.imagenes, self._titulo = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2" and attrs.get("id", "").startswith("t-"):
            self._titulo = ""
        if tag == "img":
            self.imagenes.append(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
            if tag == "section":
                self.secciones.append(attrs["id"])
        if tag == "nav":
            self.navs.append(attrs.get("aria-label"))
            self._en_indice = attrs.get("aria-label") == "Contenido del reporte"
        if tag == "a" and self._en_indice:
            self.enlaces.append(attrs["href"])

    def handle_data(self, data):
        if self._titulo is not None:
            self._titulo += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self._en_indice = False
        if tag == "h2" and self._titulo is not None:
            self.titulos.append(self._titulo.strip())
            self._titulo = None


def _indice(client, url):
    lector = _Indice()
    lector.feed(client.get(url).content.decode())
    return lector


def test_el_reporte_tiene_un_indice_con_sus_secciones_y_practicas(client, evento_publicado):
    evento = evento_publicado
    evento.presentacion, evento.visita = "Presentación del Ministerio.", "Visitamos el CEBA."
    evento.save()
    for orden, titulo in enumerate(["Puentes para la inclusión", "Estrategia Inclusión Total"], start=1):
        PracticaPresentada.objects.create(evento=evento, practica=publicada(titulo=titulo), orden=orden)
    evento.testimonios.create(orden=1, autor="Rayda", texto="Muy valioso.")

    lector = _indice(client, "/practicas/eventos/centro/")
    assert "Contenido del reporte" in lector.navs
    assert lector.enlaces == [
        "#presentacion",
        "#practicas",
        "#practica-1",
        "#practica-2",
        "#visita",
        "#testimonios",
    ]  # no executive summary: the event has none
    assert all(enlace[1:] in lector.ids for enlace in lector.enlaces)
    # Every section of the page is in the contents.
    assert lector.secciones == ["presentacion", "practicas", "visita", "testimonios"]
    html = client.get("/practicas/eventos/centro/").content.decode()
    assert '<a href="#practica-1">1. Puentes para la inclusión</a>' in html


def test_un_reporte_sin_secciones_no_tiene_indice_ni_titulos_vacios(client, evento_publicado):
    lector = _indice(client, "/practicas/eventos/centro/")
    assert "Contenido del reporte" not in lector.navs and lector.enlaces == []
    assert "Buenas prácticas presentadas" not in client.get("/practicas/eventos/centro/").content.decode()


# The report PDF's sections (practicas/pdf/evento.html), in its order, as the page titles them.
SECCIONES_DEL_REPORTE = [
    ("presentacion", "Presentación"),
    ("resumen", "Resumen ejecutivo"),
    ("cop", "¿Qué es la Comunidad de Práctica de Gestión Educativa CoP?"),
    ("ruta", "Ruta de fortalecimiento de las buenas prácticas en la CoP"),
    ("red", "Red de gestores: innovando la gestión educativa desde el territorio"),
    ("desarrollo", "Desarrollo del intercambio"),
    ("practicas", "Buenas prácticas presentadas"),
    ("visita", "Visita de campo"),
    ("testimonios", "Testimonios"),
    ("fotos", "Galería de fotos"),
]


def test_el_reporte_de_la_demo_muestra_las_secciones_del_pdf_en_su_orden(client, db, settings):
    settings.DEBUG = True
    call_command("cargar_demo", stdout=io.StringIO())
    evento = Evento.objects.get(slug="intercambio-centro-2026")
    url = f"/practicas/eventos/{evento.slug}/"

    lector = _indice(client, url)
    assert lector.secciones == [ancla for ancla, _titulo in SECCIONES_DEL_REPORTE]
    assert lector.titulos == [titulo for _ancla, titulo in SECCIONES_DEL_REPORTE]
    # The contents link every section, in the same order, and each link has its target.
    assert [e for e in lector.enlaces if not e.startswith("#practica-")] == [
        f"#{ancla}" for ancla, _titulo in SECCIONES_DEL_REPORTE
    ]
    assert all(enlace[1:] in lector.ids for enlace in lector.enlaces)
    html = client.get(url).content.decode()
    assert "María Esther Cuadros Espinoza, Ministra de Educación" in html  # the presentation's signatory
    assert "Miembros activos de la red de gestores CoP" in html and "10\u00a0655" in html
    # Every photo, its caption as its alt text, loaded lazily and as wide as its column at most.
    fotos = list(evento.fotos.all())
    assert fotos and [i["alt"] for i in lector.imagenes] == [f.leyenda for f in fotos]
    assert all(
        i["alt"].strip() and i["loading"] == "lazy" and "img-fluid" in i["class"] for i in lector.imagenes
    )
    assert [i["src"] for i in lector.imagenes] == [f.imagen.url for f in fotos]


def test_una_seccion_en_blanco_no_tiene_titulo_ni_entrada_en_el_indice(client, evento_publicado):
    evento = evento_publicado
    evento.presentacion = "Presentación del Ministerio."
    # Blanks only, and the catalogue's counts without DIFOCA's text or figures: no content.
    evento.ruta_fortalecimiento = evento.red_gestores = evento.cop = evento.dia1 = "  \n\t "
    evento.visita, evento.visita_instituciones = "", " \n "
    evento.save()

    lector = _indice(client, "/practicas/eventos/centro/")
    assert lector.secciones == ["presentacion"] and lector.enlaces == ["#presentacion"]
    assert lector.titulos == ["Presentación"] and lector.imagenes == []
    html = client.get("/practicas/eventos/centro/").content.decode()
    for titulo in (
        "Ruta de fortalecimiento",
        "Red de gestores",
        "Comunidad de Práctica",
        "Desarrollo",
        "Visita",
    ):
        assert titulo not in html

    # One figure typed by DIFOCA makes the CoP section, with the catalogue's counts beside it.
    evento.cop_aliados = 14
    evento.save()
    lector = _indice(client, "/practicas/eventos/centro/")
    assert lector.secciones == ["presentacion", "cop"] and lector.enlaces == ["#presentacion", "#cop"]


def test_la_pagina_y_el_pdf_usan_la_misma_regla_de_contenido(evento_publicado):
    evento = evento_publicado
    evento.red_gestores, evento.desarrollo = "Una red.", "   "
    con = secciones_con_contenido(
        evento, cifras=cifras_del_evento(evento), instituciones=[], practicas=[], testimonios=[], fotos=[]
    )
    assert [clave for clave, hay in con.items() if hay] == ["red_gestores"]
