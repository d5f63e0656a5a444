"""The event report PDF (seeds/001) rendered and read back with pypdf and pdftotext: the seed's sections
in its order, an index whose page numbers are the pages where each section starts, the bookmarks,
the language and title; and input that must still lay out (no practices, a practice with nothing but
its problem, 300-item lists, the longest titles, a photo without a caption)."""

import io
import re
import subprocess
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from cuentas.models import Usuario
from exportaciones.models import EstadoExportacion, Exportacion
from exportaciones.services import exportacion_generar
from practicas import demo
from practicas.exports import EventoPdf, cifra, fechas_del_evento
from practicas.models import ComentarioExperto, Evento, FotoEvento, PracticaPresentada
from tests.balance.test_exports import descargar
from tests.factories import EventoFactory, RegionFactory
from tests.factories import practica_publicada as publicada

# An index line: its label, a dotted leader, the page number.
ENTRADA = re.compile(r"^(?P<etiqueta>\S.*?) ?\.{3,} ?(?P<pagina>\d+)$", re.MULTILINE)

# The index's labels and the heading each one points to in the body (seeds/001).
ENCABEZADOS = {
    "Presentación": "Presentación",
    "Resumen ejecutivo": "Resumen ejecutivo",
    "¿Qué es la CoP?": "¿Qué es la Comunidad de Práctica de Gestión Educativa CoP?",
    "Ruta de fortalecimiento": "Ruta de fortalecimiento de las buenas prácticas en la CoP",
    "Red de gestores": "Red de gestores: innovando la gestión educativa desde el territorio",
    "Desarrollo del intercambio": "Desarrollo del intercambio",
    "Día 1": "Día 1",
    "Día 2": "Día 2",
    "Visita de campo (pasantía)": "Visita de campo (pasantía)",
    "Testimonios": "Testimonios",
    "Galería de fotos": "Galería de fotos",
}


def plano(texto: str) -> str:
    return " ".join(texto.replace("\xa0", " ").split())


class Informe:
    """A report PDF read back: its pages' text, its index, its bookmarks."""

    def __init__(self, contenido: bytes):
        self.contenido = contenido
        self.lector = PdfReader(io.BytesIO(contenido))
        # The pages' text as pdftotext reads it (one page per form feed): words keep their spaces.
        texto = subprocess.run(["pdftotext", "-", "-"], input=contenido, capture_output=True, check=True)
        self.paginas = texto.stdout.decode().split("\f")[: len(self.lector.pages)]
        self.indice = [
            (m["etiqueta"].strip(), int(m["pagina"]), n)
            for n, texto in enumerate(self.paginas, start=1)
            for m in ENTRADA.finditer(texto)
        ]
        # The body starts after the index (or after the cover, when there is no index).
        self.cuerpo_desde = max((n for *_, n in self.indice), default=1) + 1
        self.texto = plano(" ".join(self.paginas[self.cuerpo_desde - 1 :]))

    def marcadores(self, nodos=None, nivel=1) -> list[tuple[int, str, int]]:
        salida = []
        for nodo in self.lector.outline if nodos is None else nodos:
            if isinstance(nodo, list):
                salida += self.marcadores(nodo, nivel + 1)
            else:
                salida.append((nivel, nodo.title, self.lector.get_destination_page_number(nodo) + 1))
        return salida

    def pagina_de(self, patron: str) -> int | None:
        """The first page of the body whose text matches."""
        for n in range(self.cuerpo_desde, len(self.paginas) + 1):
            if re.search(patron, plano(self.paginas[n - 1])):
                return n
        return None

    def comprobar_indice(self):
        """Every index entry's page is where its heading is first printed and where its bookmark
        points; and the index lists no section the body lacks."""
        marcadores = {titulo: pagina for _, titulo, pagina in self.marcadores()}
        for etiqueta, pagina, _ in self.indice:
            practica = re.fullmatch(r"(\d+)\. Región (.+)", etiqueta)
            if practica:
                patron = rf"(^| ){practica[1]} ?REGIÓN {re.escape(practica[2].upper())}"
                marcador = next(p for t, p in marcadores.items() if t.startswith(etiqueta + ":"))
            else:
                patron = re.escape(ENCABEZADOS[etiqueta])
                marcador = marcadores[etiqueta]
            assert self.pagina_de(patron) == pagina == marcador, etiqueta

    def dentro_de_la_pagina(self):
        """No word printed outside its page (pdftotext's word boxes)."""
        html = subprocess.run(
            ["pdftotext", "-bbox", "-", "-"], input=self.contenido, capture_output=True, check=True
        ).stdout.decode()
        paginas = re.split(r"<page ", html)[1:]
        assert len(paginas) == len(self.paginas)
        for pagina in paginas:
            ancho, alto = (float(x) for x in re.match(r'width="([\d.]+)" height="([\d.]+)"', pagina).groups())
            for x0, y0, x1, y1 in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"', pagina
            ):
                assert 0 <= float(x0) <= float(x1) <= ancho and 0 <= float(y0) <= float(y1) <= alto


def informe(client, evento) -> Informe:
    return Informe(descargar(client, "practicas.evento_pdf", evento=evento.pk))


def imagenes(pdf: Informe) -> set[bytes]:
    """The distinct pictures the PDF holds (a page may list them all in its resources)."""
    return {imagen.data for pagina in pdf.lector.pages for imagen in pagina.images}


def png(color="red") -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(salida, "PNG")
    return salida.getvalue()


# --- the demo event, as DIFOCA publishes it ---------------------------------------------------------


@pytest.fixture
def demo_evento(db, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("cargar_demo", stdout=StringIO())
    return Evento.objects.get(slug="intercambio-centro-2026")


def test_el_reporte_de_la_demo_sigue_al_de_difoca(client, demo_evento):
    client.force_login(Usuario.objects.get(username="ugel.demo"))
    pdf = informe(client, demo_evento)
    presentadas = demo.leer_evento()["practicas"]
    practicas = {p["clave"]: p for p in demo.leer_practicas()}

    # Cover: the event, its macroregion, the place, the dates written out.
    portada = plano(pdf.paginas[0])
    assert "Reporte de sistematización" in portada and demo_evento.nombre in portada
    assert "Macrorregión Centro" in portada and "23 y 24 de abril de 2026 · Huacho" in portada

    # The index: every section, then Día 1 with each practice and Día 2 with the visit.
    assert pdf.paginas[1].startswith("Índice")
    etiquetas = [e for e, *_ in pdf.indice]
    assert etiquetas == [
        "Presentación",
        "Resumen ejecutivo",
        "¿Qué es la CoP?",
        "Ruta de fortalecimiento",
        "Red de gestores",
        "Desarrollo del intercambio",
        "Día 1",
        *(f"{n}. Región {practicas[p['clave']]['region']}" for n, p in enumerate(presentadas, start=1)),
        "Día 2",
        "Visita de campo (pasantía)",
        "Testimonios",
        "Galería de fotos",
    ]
    numeros = [pagina for _, pagina, _ in pdf.indice]
    assert numeros == sorted(numeros) and numeros[0] == 3
    pdf.comprobar_indice()

    # The body, in the seed's order: each heading found after the previous one.
    posicion = 0
    piezas = [
        "Presentación",
        "María Esther Cuadros Espinoza, Ministra de Educación",
        "Resumen ejecutivo",
        "¿Qué es la Comunidad de Práctica de Gestión Educativa CoP?",
        "La CoP en cifras",
        "Ruta de fortalecimiento de las buenas prácticas en la CoP",
        "Red de gestores: innovando la gestión educativa desde el territorio",
        "Desarrollo del intercambio",
        "Día 1",
        "23 de abril de 2026",
    ]
    for n, presentada in enumerate(presentadas, start=1):
        practica = practicas[presentada["clave"]]
        piezas += [
            f"{n} REGIÓN {practica['region'].upper()}",
            practica["titulo"],
            "PROBLEMA",
            "ESTRATEGIA",
            "RESULTADOS",
            "Información relevante del experto comentarista",
            f"Experto invitado: {presentada['comentario']['experto']}",
            "Aspecto clave de la práctica",
            "Oportunidades de mejora",
            "Recomendaciones para la sostenibilidad y réplica",
        ]
    piezas += [
        "Día 2",
        "24 de abril de 2026",
        "Visita de campo (pasantía)",
        "Instituciones visitadas",
        "CETPRO Las Carmelitas",
        "Testimonios",
        "Rayda Hermitaño, DRE Pasco",
        "Galería de fotos",
        "Pasantía de la práctica",
        "Calle Del Comercio N.º 193, San Borja",  # the back cover
    ]
    for pieza in piezas:
        assert pieza in pdf.texto[posicion:], pieza
        posicion = pdf.texto.index(pieza, posicion) + len(pieza)

    # The figure panel: counted from the catalogue (the demo's eight practices) and as entered.
    cop = plano(pdf.paginas[pdf.pagina_de("La CoP en cifras") - 1])
    for pieza in ("8 Prácticas vigentes en todo el país", "8842", "10 655", "912", "Aliados estratégicos"):
        assert pieza in cop, pieza

    # The visited institutions are listed once, not also inside the visit's text; the page too.
    assert pdf.texto.count("CETPRO Las Carmelitas") == 1
    pagina = client.get(f"/practicas/eventos/{demo_evento.slug}/").content.decode()
    assert pagina.count("CETPRO Las Carmelitas") == 1 and "Instituciones visitadas" in pagina
    # The four photos, each the resized picture, with its caption.
    assert len(imagenes(pdf)) == 4

    # Bookmarks: every section, the practices under Día 1, the visit and the rest under Día 2.
    marcadores = pdf.marcadores()
    assert [t for nivel, t, _ in marcadores if nivel == 1] == [
        demo_evento.nombre,
        "Índice",
        *etiquetas[:7],
        "Día 2",
    ]
    segundo = [t for nivel, t, _ in marcadores if nivel == 2]
    assert len(segundo) == 11 and segundo[-3:] == etiquetas[-3:]
    assert (
        segundo[0]
        == "1. Región Lima Provincias: Puentes para la inclusión, emprendimiento e inserción laboral"
    )
    assert all(len(t) <= 110 for t in segundo)

    # Language and title in the PDF; accents intact in text and bookmarks.
    assert str(pdf.lector.trailer["/Root"]["/Lang"]).startswith("es")
    assert pdf.lector.metadata.title == f"Reporte {demo_evento.nombre}"
    for palabra in ("Índice", "Día 1", "Junín", "Señor de la Caridad", "réplica", "Hermitaño", "N.º"):
        assert palabra in pdf.texto or palabra in pdf.paginas[1], palabra
    assert "Ã" not in pdf.texto and "\ufffd" not in pdf.texto
    pdf.dentro_de_la_pagina()


# --- what the report takes from where -------------------------------------------------------------


@pytest.fixture
def evento(db):
    evento = EventoFactory(
        nombre="Intercambio de prueba",
        fecha_inicio=date(2026, 4, 30),
        fecha_fin=date(2026, 5, 1),
        presentacion="Texto de presentación.",
        publicado=True,
        publicado_en=timezone.now(),
    )
    return evento


def presentar(evento, practica, orden, **version):
    return PracticaPresentada.objects.create(evento=evento, practica=practica, orden=orden, **version)


def test_la_version_del_reporte_reemplaza_a_la_de_la_ficha(client, mundo, evento):
    corta = publicada(titulo="Con versión corta", problema="Problema largo de la ficha.")
    corta.estrategias.create(orden=1, titulo="Estrategia de la ficha", descripcion="Detalle.")
    presentar(
        evento,
        corta,
        1,
        problema="Problema en la versión del reporte.",
        estrategia="- **Una estrategia** resumida.",
        resultados="- Un resultado resumido.",
    )
    entera = publicada(titulo="Sin versión corta", problema="Problema tal como en la ficha.")
    entera.estrategias.create(orden=1, titulo="Sensibilización", descripcion="Jornadas con directivos.")
    entera.resultados.create(tipo="cuantitativo", orden=1, cifra="100%", descripcion="de las 13 UGEL.")
    entera.enlaces.create(orden=1, texto="Video de la práctica", url="https://www.youtube.com/watch?v=abc")
    presentar(evento, entera, 2)
    client.force_login(mundo["ugel"])
    pdf = informe(client, evento)

    assert (
        "Problema en la versión del reporte." in pdf.texto and "Problema largo de la ficha" not in pdf.texto
    )
    assert "Una estrategia resumida." in pdf.texto and "Estrategia de la ficha" not in pdf.texto
    assert "Un resultado resumido." in pdf.texto
    assert "Problema tal como en la ficha." in pdf.texto
    assert "Sensibilización, Jornadas con directivos." in pdf.texto
    assert "100% de las 13 UGEL." in pdf.texto
    # Its «Conoce más» link, printed and clickable; the other practice has none: no box.
    assert pdf.texto.count("CONOCE MÁS SOBRE ESTA BUENA PRÁCTICA") == 1
    assert "Video de la práctica: https://www.youtube.com/watch?v=abc" in pdf.texto
    enlaces = [
        a.get_object()["/A"]["/URI"]
        for pagina in pdf.lector.pages
        for a in pagina.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert enlaces == ["https://www.youtube.com/watch?v=abc"]
    # Neither has the expert's feedback: no heading for it.
    assert "Información relevante del experto comentarista" not in pdf.texto
    assert "30 de abril y 1 de mayo de 2026" in plano(pdf.paginas[0])
    pdf.comprobar_indice()


@pytest.mark.parametrize(
    ("inicio", "fin", "texto"),
    [
        (date(2026, 4, 23), date(2026, 4, 24), "23 y 24 de abril de 2026"),
        (date(2026, 4, 30), date(2026, 5, 1), "30 de abril y 1 de mayo de 2026"),
        (date(2026, 4, 23), date(2026, 4, 23), "23 de abril de 2026"),
        (date(2026, 12, 31), date(2027, 1, 1), "31 de diciembre de 2026 y 1 de enero de 2027"),
        (date(2026, 4, 22), date(2026, 4, 24), "del 22 al 24 de abril de 2026"),
        (date(2026, 4, 29), date(2026, 5, 2), "del 29 de abril al 2 de mayo de 2026"),
        (date(2026, 12, 30), date(2027, 1, 2), "del 30 de diciembre de 2026 al 2 de enero de 2027"),
    ],
)
def test_fechas_del_evento(inicio, fin, texto):
    assert fechas_del_evento(inicio, fin) == texto


def test_cifras_con_espacio_desde_cinco_digitos():
    assert [cifra(n) for n in (0, 912, 8842, 10655, 1234567)] == [
        "0",
        "912",
        "8842",
        "10\xa0655",
        "1\xa0234\xa0567",
    ]


def test_el_panel_muestra_solo_las_cifras_ingresadas(client, mundo, evento):
    evento.cop = "La CoP es un espacio de interaprendizaje."
    evento.cop_visitas = 10655
    evento.save()
    client.force_login(mundo["ugel"])
    pdf = informe(client, evento)
    assert "10 655" in pdf.texto and "Visitas en la plataforma de la CoP" in pdf.texto
    assert "Aliados estratégicos" not in pdf.texto and "Servidores públicos" not in pdf.texto
    assert "Prácticas vigentes en todo el país" in pdf.texto  # counted, whatever the count


# --- bad input still lays out ---------------------------------------------------------------------


def test_un_evento_sin_practicas_ni_textos(client, mundo, db):
    vacio = EventoFactory(nombre="Evento recién creado", publicado=True, publicado_en=timezone.now())
    client.force_login(mundo["ugel"])
    pdf = informe(client, vacio)
    # The cover and the back cover: no index, no heading without content.
    assert len(pdf.paginas) == 2 and pdf.indice == []
    for encabezado in ("Índice", "Día 1", "Día 2", "Desarrollo del intercambio", "¿Qué es la Comunidad"):
        assert encabezado not in pdf.texto
    assert [t for _, t, _ in pdf.marcadores()] == ["Evento recién creado"]


def test_un_evento_sin_practicas_con_presentacion(client, mundo, evento):
    client.force_login(mundo["ugel"])
    pdf = informe(client, evento)
    assert [(e, p) for e, p, _ in pdf.indice] == [("Presentación", 3)]
    assert "Día 1" not in pdf.texto and "Desarrollo del intercambio" not in pdf.texto
    pdf.comprobar_indice()


def test_listas_de_300_y_titulos_largos(client, mundo, evento):
    palabra = "Interaprendizaje" * 8  # 128 characters without a space
    titulo = (f"{palabra} " + "gestión educativa territorial " * 10)[:250]
    evento.nombre = titulo
    evento.visita = "La pasantía."
    evento.visita_instituciones = "\n".join(f"- CETPRO número {n}" for n in range(300))
    evento.save()
    practica = publicada(titulo=titulo, region=RegionFactory(nombre="Huancavelica"))
    for n in range(300):
        practica.estrategias.create(orden=n + 1, titulo=f"Estrategia {n}", descripcion="Una acción concreta.")
        practica.instancias_involucradas.create(orden=n + 1, tipo="ugel", nombre=f"UGEL {n}")
    presentar(evento, practica, 1)
    ComentarioExperto.objects.create(
        practica=practica,
        evento=evento,
        experto="Experta invitada",
        aspectos_clave="\n".join(f"- Punto {n}" for n in range(300)),
    )
    client.force_login(mundo["ugel"])
    pdf = informe(client, evento)

    assert 8 <= len(pdf.paginas) <= 60
    assert "Estrategia 299, Una acción concreta." in pdf.texto and "CETPRO número 299" in pdf.texto
    assert "Punto 299" in pdf.texto and "UGEL 299" in pdf.texto
    pdf.comprobar_indice()
    pdf.dentro_de_la_pagina()
    assert all(len(t) <= 110 for _, t, _ in pdf.marcadores())


def test_una_foto_sin_leyenda_y_una_sin_archivo(client, mundo, evento, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    sin_leyenda = FotoEvento(evento=evento, orden=1, leyenda="")
    sin_leyenda.imagen.save("foto.png", ContentFile(png()), save=True)
    FotoEvento.objects.create(evento=evento, orden=2, leyenda="Leyenda que espera su foto")
    con_leyenda = FotoEvento(evento=evento, orden=3, leyenda="Clausura del intercambio")
    con_leyenda.imagen.save("otra.png", ContentFile(png("blue")), save=True)
    client.force_login(mundo["ugel"])
    pdf = informe(client, evento)

    assert "Galería de fotos" in pdf.texto and "Clausura del intercambio" in pdf.texto
    assert "Leyenda que espera su foto" not in pdf.texto  # a caption without its picture waits
    assert len(imagenes(pdf)) == 2
    pdf.comprobar_indice()


def test_un_evento_largo_va_al_fondo_con_progreso(
    client, mundo, evento, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    for orden in range(1, EventoPdf.umbral_inmediato + 2):  # one more than it makes in the request
        presentar(evento, publicada(titulo=f"Práctica {orden}"), orden)
    client.force_login(mundo["ugel"])
    url = reverse("exportaciones:exportar", args=["practicas.evento_pdf"])
    respuesta = client.get(url, {"evento": evento.pk})
    assert respuesta.status_code == 200 and respuesta["Content-Type"].startswith("text/html")
    assert client.post(f"{url}?evento={evento.pk}").status_code == 302
    exportacion = Exportacion.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        exportacion_generar(exportacion=exportacion)
    exportacion.refresh_from_db()
    assert exportacion.estado == EstadoExportacion.LISTA
    with exportacion.archivo.open("rb") as archivo:
        pdf = Informe(archivo.read())
    ultima = EventoPdf.umbral_inmediato + 1
    assert [t for nivel, t, _ in pdf.marcadores() if nivel == 2][-1].startswith(f"{ultima}. Región")
    pdf.comprobar_indice()


def test_el_grafico_del_catalogo_va_en_la_seccion_de_la_cop(client, demo_evento):
    """The catalogue page's chart (practicas.graficos), drawn in the PDF under the CoP's figures: every
    region with its practices, and the stages' legend, on the pages of the CoP section."""
    from practicas.cifras import por_region_y_etapa

    client.force_login(Usuario.objects.get(username="ugel.demo"))
    pdf = informe(client, demo_evento)
    inicio = pdf.pagina_de(re.escape("¿Qué es la Comunidad de Práctica"))
    fin = pdf.pagina_de(re.escape("Ruta de fortalecimiento de las buenas prácticas"))
    cop = plano(" ".join(pdf.paginas[inicio - 1 : fin]))
    assert "Las prácticas publicadas por región y estadio de madurez" in cop
    conteos = por_region_y_etapa()
    assert conteos  # the demo publishes practices
    for region, etapas in conteos.items():
        assert f"{region} · {sum(etapas.values())}" in cop
    assert all(etapa in cop for etapa in ("Inicial", "Intermedio", "Avanzado"))


def test_la_pagina_del_reporte_escribe_las_fechas_como_el_pdf(client, demo_evento):
    """One rule for the dates: the report page, the events list and the PDF's cover say the same."""
    assert demo_evento.fechas == "23 y 24 de abril de 2026"
    pagina = client.get(f"/practicas/eventos/{demo_evento.slug}/").content.decode()
    assert "23 y 24 de abril de 2026" in pagina and "del 23 de abril" not in pagina
    assert "23 y 24 de abril de 2026" in client.get("/practicas/eventos/").content.decode()
