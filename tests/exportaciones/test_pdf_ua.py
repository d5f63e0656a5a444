"""Every PDF Chasqui renders is tagged PDF/UA: read back with pdfinfo and pypdf, for each exporter
(the matrix, the consolidated one also when joined from parts, the sheet, the report, the plan)."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from balance import services
from balance.models import Matriz
from exportaciones.base import obtener
from monitoreo.models import Celda, PlanMonitoreo
from practicas import contenido
from practicas.models import ComentarioExperto, PracticaPresentada
from tests.balance.conftest import campana, enviar, matriz  # noqa: F401 (fixtures)
from tests.factories import EventoFactory, RegionFactory, practica_publicada


def generar(identificador: str, usuario, **parametros) -> bytes:
    exportador = obtener(identificador)(usuario, {k: str(v) for k, v in parametros.items()})
    salida = io.BytesIO()
    exportador.generar(salida)
    return salida.getvalue()


def pdfinfo(contenido: bytes) -> dict[str, str]:
    salida = subprocess.run(["pdfinfo", "-"], input=contenido, capture_output=True, check=True)
    return {
        clave.strip(): valor.strip()
        for clave, _, valor in (linea.partition(":") for linea in salida.stdout.decode().splitlines())
    }


def marcadores(lector: PdfReader, nivel=None) -> list:
    """The outline as [(title, page), …], children as nested lists after their parent."""
    resultado = []
    for item in lector.outline if nivel is None else nivel:
        if isinstance(item, list):
            resultado.append(marcadores(lector, item))
        else:
            resultado.append((str(item.title), lector.get_destination_page_number(item)))
    return resultado


def elementos(lector: PdfReader):
    """Every structure element of the tree, depth first."""
    raiz = lector.trailer["/Root"]["/StructTreeRoot"]
    pendientes = [raiz.raw_get("/K")]
    while pendientes:
        k = pendientes.pop()
        k = k.get_object() if isinstance(k, IndirectObject) else k
        if isinstance(k, ArrayObject):
            pendientes.extend(reversed(k))
        elif isinstance(k, DictionaryObject) and k.get("/Type", "/StructElem") == "/StructElem" and "/S" in k:
            yield k
            if "/K" in k:
                pendientes.append(k.raw_get("/K"))


def accesible(contenido: bytes, titulo: str) -> PdfReader:
    """Tagged PDF/UA-1 with its language, its title shown and bookmarks; returns the reader."""
    info = pdfinfo(contenido)
    assert info["Tagged"] == "yes"
    assert info["Title"] == titulo
    lector = PdfReader(io.BytesIO(contenido))
    raiz = lector.trailer["/Root"]
    assert "/StructTreeRoot" in raiz
    assert raiz["/MarkInfo"]["/Marked"]
    assert str(raiz["/Lang"]).split("-")[0] == "es"
    assert raiz["/ViewerPreferences"]["/DisplayDocTitle"]
    assert lector.metadata.title == titulo
    assert b"pdfuaid:part" in raiz["/Metadata"].get_object().get_data()
    assert lector.outline, "no bookmarks"
    assert any(e["/S"] == "/H1" for e in elementos(lector))
    return lector


def arbol_consistente(lector: PdfReader) -> int:
    """Each page's marked content is mapped (ParentTree) to elements of that page, and table header
    ids are unique: what a reader needs to go from the page to the tree. Returns how many links."""
    arbol = lector.trailer["/Root"]["/StructTreeRoot"]
    claves = {}

    def hojas(nodo):
        nodo = nodo.get_object()
        if "/Nums" in nodo:
            nums = nodo["/Nums"]
            for i in range(0, len(nums), 2):
                claves[int(nums[i])] = nums[i + 1]
        for hijo in nodo.get("/Kids", []):
            hojas(hijo)

    hojas(arbol["/ParentTree"])
    vistas = set()
    for pagina in lector.pages:
        clave = int(pagina["/StructParents"])
        assert clave not in vistas
        vistas.add(clave)
        mapa = claves[clave].get_object()
        assert len(mapa) > 0
        for elemento in mapa:
            assert elemento.get_object().raw_get("/Pg").idnum == pagina.indirect_reference.idnum
    enlaces = 0
    for pagina in lector.pages:
        for anotacion in pagina.get("/Annots", []):
            anotacion = anotacion.get_object()
            clave = int(anotacion["/StructParent"])
            assert clave not in vistas
            vistas.add(clave)
            assert claves[clave].get_object()["/S"] == "/Link"
            enlaces += 1
    ids = [str(e["/ID"]) for e in elementos(lector) if "/ID" in e]
    assert len(ids) == len(set(ids))
    return enlaces


@pytest.fixture
def aprobada(matriz, mundo):  # noqa: F811
    enviar(matriz, mundo["director"])
    services.matriz_aprobar(matriz=matriz, usuario=mundo["ugel"], comentario="Conforme")
    matriz.refresh_from_db()
    return matriz


def test_matriz(mundo, aprobada):
    contenido = generar("balance.matriz_pdf", mundo["director"], matriz=aprobada.pk)
    lector = accesible(contenido, f"Matriz de balance 2023 {aprobada.institucion.nombre}")
    assert marcadores(lector) == [(aprobada.institucion.nombre, 0)]
    tipos = {str(e["/S"]) for e in elementos(lector)}
    assert {"/Table", "/TH", "/TD"} <= tipos


@pytest.mark.parametrize("por_parte", [25, 1], ids=["en-una-parte", "en-muchas-partes"])
def test_consolidado_un_marcador_por_institucion(mundo, campana, aprobada, monkeypatch, por_parte):  # noqa: F811
    from balance.exports import CampanaPdf

    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    enviar(otra, mundo["admin"])
    services.matriz_aprobar(matriz=otra, usuario=mundo["ugel"])
    monkeypatch.setattr(CampanaPdf, "por_parte", por_parte)
    monkeypatch.setattr(CampanaPdf, "paginas_por_capa", 2)
    contenido = generar("balance.campana_pdf", mundo["ugel"], campana=campana.pk)
    lector = accesible(contenido, f"Balance 2023 {campana.ambito}")
    nombres = sorted([aprobada.institucion.nombre, otra.institucion.nombre])
    titulos = [m[0] for m in marcadores(lector)]
    assert titulos == ["Índice", "Resumen por UGEL", "Lo que muestra el año", *nombres]
    paginas = [m[1] for m in marcadores(lector)]
    assert paginas == sorted(paginas) and paginas[0] == 1
    # Each institution starts its own page, after the summary (the charts may share the summary's).
    assert len(set(paginas[-2:])) == 2 and paginas[-2] > paginas[1]
    # Each institution's bookmark opens its matrix.
    for nombre, pagina in marcadores(lector)[2:]:
        assert nombre in lector.pages[pagina].extract_text()
    assert arbol_consistente(lector) >= 2  # the evidence links of both matrices, in the tree
    total = len(lector.pages)
    for numero, pagina in enumerate(lector.pages, start=1):
        assert f"Página {numero} de {total}" in pagina.extract_text()
    # The cells' text is in the tree: one /TD element per cell of every matrix.
    celdas = sum(1 for e in elementos(lector) if e["/S"] == "/TD")
    assert celdas >= 2 * 3 * 6


def foto(ancho=4000, alto=3000) -> SimpleUploadedFile:
    """A camera-sized photo with as much detail as a real one: about 4.7 MB."""
    ruido = Image.effect_noise((ancho, alto), 40)
    degradado = Image.linear_gradient("L").resize((ancho, alto))
    imagen = Image.merge("RGB", (ruido, degradado, Image.blend(ruido, degradado, 0.5)))
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=85)
    return SimpleUploadedFile("Taller con directores.jpg", salida.getvalue(), content_type="image/jpeg")


def test_ficha_con_foto_liviana_y_con_texto_alternativo(mundo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMAGEN_GUARDAR_ORIGINAL = True  # the original is kept, and still not printed
    practica = practica_publicada(
        titulo="Estrategia de seguimiento al PAT", region=RegionFactory(nombre="Junín")
    )
    subida = foto()
    assert subida.size > 3 * 1024 * 1024
    guardada = contenido.foto_agregar(
        practica=practica, usuario=mundo["difoca"], archivo=subida, leyenda="Taller con directores de la UGEL"
    )
    assert guardada.original
    pdf = generar("practicas.ficha_pdf", mundo["difoca"], practica=practica.pk)
    lector = accesible(pdf, "Buena práctica Estrategia de seguimiento al PAT")
    assert len(pdf) < 1024 * 1024, f"{len(pdf)} bytes"
    figuras = [e for e in elementos(lector) if e["/S"] == "/Figure"]
    assert [str(f["/Alt"]) for f in figuras] == ["Taller con directores de la UGEL"]
    imagenes = [i for p in lector.pages for i in p.images]
    assert len(imagenes) == 1
    assert imagenes[0].image.width <= settings.IMAGEN_LADO_MAXIMO


def test_reporte_del_evento(mundo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evento = EventoFactory(nombre="I Intercambio de Buenas Prácticas – Macrorregión Centro", publicado=True)
    for orden, titulo in enumerate(["Puentes para la inclusión", "Estrategia Inclusión Total"], start=1):
        practica = practica_publicada(titulo=titulo, region=RegionFactory(nombre="Callao"))
        PracticaPresentada.objects.create(evento=evento, practica=practica, orden=orden)
        ComentarioExperto.objects.create(
            practica=practica, evento=evento, experto="Jorge Chávez", aspectos_clave="Aspecto clave."
        )
    contenido.foto_agregar(evento=evento, usuario=mundo["difoca"], archivo=foto(), leyenda="Visita a la UGEL")
    pdf = generar("practicas.evento_pdf", mundo["difoca"], evento=evento.pk)
    lector = accesible(pdf, f"Reporte {evento.nombre}")
    titulos = str(marcadores(lector))
    assert "Puentes para la inclusión" in titulos and "Estrategia Inclusión Total" in titulos
    alternativos = [str(e.get("/Alt")) for e in elementos(lector) if e["/S"] == "/Figure"]
    assert "Visita a la UGEL" in alternativos
    assert len(pdf) < 1024 * 1024, f"{len(pdf)} bytes"


def test_plan_de_monitoreo(mundo):
    plan = PlanMonitoreo.objects.create(
        institucion=mundo["inst_a1a"],
        anio=2024,
        titulo="Buscando la excelencia docente",
        compromisos=[1, 4],
        problema="Limitado uso de recursos del MED en las sesiones.",
    )
    Celda.objects.create(plan=plan, etapa=1, grado=1, mes=4)
    pdf = generar("monitoreo.plan_pdf", mundo["director"], plan=plan.pk)
    lector = accesible(pdf, f"Plan de monitoreo 2024 {mundo['inst_a1a'].nombre}")
    titulos = str(marcadores(lector))
    assert "I. Datos generales" in titulos and "Visitas de aula" in titulos
