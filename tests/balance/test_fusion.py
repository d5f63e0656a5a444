"""Two tabs or two people editing one matrix: a save over a newer version keeps, field by field, what
the other saved in the fields this page did not touch, and asks only about fields both changed,
showing both texts; the director chooses per field. Nothing already saved is lost."""

import html as html_lib
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from balance import services
from balance.forms import EdicionMatriz
from balance.models import Compromiso, Fila, Logro, Matriz

from .conftest import llenar
from .formulario import datos_formulario, prefijo

# --- the merge itself --------------------------------------------------------------------------


def test_fusionar_campo_por_campo():
    base = {"a": "uno", "b": "dos", "c": "tres", "d": "cuatro", "e": "cinco"}
    guardados = {"a": "uno (otra)", "b": "dos", "c": "tres (otra)", "d": "cuatro (igual)", "e": "cinco"}
    mios = {"a": "uno", "b": "dos (mío)", "c": "tres (mío)", "d": "cuatro (igual)", "version": "1"}
    fusion = services.fusionar(base=base, mios=mios, guardados=guardados)
    assert fusion.datos["a"] == "uno (otra)"  # untouched here: theirs stays
    assert fusion.datos["b"] == "dos (mío)"  # only I changed it
    assert fusion.datos["d"] == "cuatro (igual)"  # both wrote the same: no question
    assert "e" not in fusion.datos  # not sent: left as stored
    assert fusion.datos["version"] == "1"
    assert [(c.campo, c.mio, c.suyo) for c in fusion.choques] == [("c", "tres (mío)", "tres (otra)")]
    assert fusion.datos["c"] == "tres (otra)"  # until chosen, the saved text stays
    assert fusion.de_otros == {"a": ("uno", "uno (otra)")}


@pytest.mark.parametrize("eleccion, queda", [("mio", "tres (mío)"), ("suyo", "tres (otra)")])
def test_fusionar_con_eleccion(eleccion, queda):
    fusion = services.fusionar(
        base={"c": "tres"},
        mios={"c": "tres (mío)"},
        guardados={"c": "tres (otra)"},
        elecciones={"c": eleccion},
    )
    assert not fusion.choques and fusion.datos["c"] == queda


def test_fusionar_saltos_de_linea_del_navegador():
    """Browsers send a textarea's line breaks as CRLF: the same text is not a change."""
    fusion = services.fusionar(
        base={"a": "uno\ndos"}, mios={"a": "uno\r\ndos"}, guardados={"a": "uno\ndos (otra)"}
    )
    assert not fusion.choques and fusion.datos["a"] == "uno\ndos (otra)"


# --- through the views -------------------------------------------------------------------------


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


@pytest.fixture
def otro(mundo):
    """A second browser of the same director (another tab, or another person of the institution)."""
    c = Client()
    c.force_login(mundo["director"])
    return c


def url(matriz, nombre="balance:matriz_editar"):
    return reverse(nombre, args=[matriz.pk])


def pagina(matriz, **cambios):
    """What a page loaded now posts: every field, its version and its base."""
    matriz = Matriz.objects.con_contenido().get(pk=matriz.pk)
    base = EdicionMatriz(matriz).valores()
    return {**datos_formulario(matriz), "base": json.dumps(base), **cambios}


def base_de(html):
    return html_lib.unescape(re.search(r'name="base" id="base" value="([^"]*)"', html)[1])


def test_dos_pestanas_en_campos_distintos_se_guardan_las_dos(director, otro, matriz, mundo):
    llenar(matriz, mundo["director"])
    p = prefijo(matriz)
    a = pagina(matriz)  # both tabs loaded the same version
    b = dict(a)
    respuesta = director.post(
        url(matriz, "balance:matriz_autoguardar"), {**a, f"{p}-acciones": "De la pestaña A"}
    )
    assert respuesta.status_code == 200
    respuesta = otro.post(
        url(matriz, "balance:matriz_autoguardar"), {**b, f"{p}-sugerencias": "De la pestaña B"}
    )
    assert respuesta.status_code == 200  # no question asked
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.acciones == "De la pestaña A" and fila.sugerencias == "De la pestaña B"
    # Tab B is told A's text for the field it had not touched, and starts from the merged version.
    html = respuesta.content.decode()
    actualizar = json.loads(
        re.search(r'id="actualizar-campos" type="application/json">(.*?)</script>', html)[1]
    )
    assert actualizar == {f"id_{p}-acciones": [a[f"{p}-acciones"], "De la pestaña A"]}
    assert json.loads(base_de(html))[f"{p}-acciones"] == "De la pestaña A"
    assert f'id="version" value="{Matriz.objects.get(pk=matriz.pk).version}"' in html


def test_otra_persona_agrega_un_logro_y_yo_un_compromiso(director, otro, matriz, mundo):
    p = prefijo(matriz)
    mia = pagina(matriz)
    otra = pagina(
        matriz,
        **{f"{p}-l2-cifra": "30", f"{p}-l2-que_cuenta": "docentes", f"{p}-l2-cualitativo": "Talleres"},
    )
    assert otro.post(url(matriz, "balance:matriz_autoguardar"), otra).status_code == 200
    respuesta = director.post(url(matriz), {**mia, "c1-que": "Tutorías", "guardar": "1"})
    assert respuesta.status_code == 302
    assert Logro.objects.get(fila_id=int(p[1:]), orden=2).que_cuenta == "docentes"
    assert Compromiso.objects.get(matriz=matriz, orden=1).que == "Tutorías"


def test_el_mismo_campo_pregunta_solo_por_ese(director, otro, matriz, mundo):
    _choque(director, otro, matriz, mundo)


def _choque(director, otro, matriz, mundo):
    llenar(matriz, mundo["director"])
    p = prefijo(matriz)
    vieja = pagina(matriz)
    otro.post(
        url(matriz, "balance:matriz_autoguardar"), {**vieja, f"{p}-acciones": "Texto de la otra pestaña"}
    )
    mia = {**vieja, f"{p}-acciones": "Mi texto", f"{p}-sugerencias": "Mi sugerencia"}

    # The autosave stops and says so; nothing is written.
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), mia)
    assert respuesta.status_code == 409
    assert "Un campo que cambiaste también cambió allí." in respuesta.content.decode()
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.acciones == "Texto de la otra pestaña" and fila.sugerencias == "Más talleres en 2024"

    # The page asks about that field only, with both texts, and marks it.
    html = director.post(url(matriz), {**mia, "guardar": "1"}).content.decode()
    choques = re.findall(r'name="elegir-([^"]+)" value="suyo"', html)
    assert choques == [f"{p}-acciones"]
    assert "Texto de la otra pestaña" in html and "Mi texto" in html
    assert "Lo guardado en tu otra pestaña:" in html and "Lo que escribiste aquí:" in html
    assert f'id="id_{p}-acciones_error"' in html and "elige arriba qué texto queda" in html
    assert re.search(rf'name="{p}-acciones"[^>]*>\s*Mi texto</textarea>', html)  # the field shows mine
    assert "Mi sugerencia" in html  # my other change is still on the page
    fila.refresh_from_db()
    assert fila.acciones == "Texto de la otra pestaña" and fila.sugerencias == "Más talleres en 2024"
    return html


@pytest.mark.parametrize("eleccion, queda", [("mio", "Mi texto"), ("suyo", "Texto de la otra pestaña")])
def test_elegir_por_campo(director, otro, matriz, mundo, eleccion, queda):
    html = _choque(director, otro, matriz, mundo)
    p = prefijo(matriz)
    version = re.search(r'name="version" id="version" value="(\d+)"', html)[1]
    # The conflict page posts the merged fields, its version and base, and the choice.
    datos = pagina(matriz, **{f"{p}-acciones": "Mi texto", f"{p}-sugerencias": "Mi sugerencia"})
    datos.update(version=version, base=base_de(html), guardar="1", **{f"elegir-{p}-acciones": eleccion})
    respuesta = director.post(url(matriz), datos)
    assert respuesta.status_code == 302
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.acciones == queda
    assert fila.sugerencias == "Mi sugerencia"


def test_sin_elegir_se_vuelve_a_preguntar(director, otro, matriz, mundo):
    html = _choque(director, otro, matriz, mundo)
    p = prefijo(matriz)
    version = re.search(r'name="version" id="version" value="(\d+)"', html)[1]
    datos = pagina(matriz, **{f"{p}-acciones": "Mi texto"})
    datos.update(version=version, base=base_de(html), guardar="1")
    html = director.post(url(matriz), datos).content.decode()
    assert re.findall(r'name="elegir-([^"]+)" value="suyo"', html) == [f"{p}-acciones"]
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Texto de la otra pestaña"


def test_base_invalida_es_un_conflicto_como_antes(director, otro, matriz, mundo):
    llenar(matriz, mundo["director"])
    p = prefijo(matriz)
    vieja = pagina(matriz)
    otro.post(url(matriz, "balance:matriz_autoguardar"), {**vieja, f"{p}-acciones": "Otra"})
    respuesta = director.post(
        url(matriz, "balance:matriz_autoguardar"), {**vieja, "base": "[1, 2]", f"{p}-sugerencias": "x"}
    )
    assert respuesta.status_code == 409
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Otra"


def test_el_autoguardado_que_junta_no_crece_en_consultas(
    director, otro, matriz, mundo, django_assert_max_num_queries
):
    llenar(matriz, mundo["director"])
    p = prefijo(matriz)
    vieja = pagina(matriz)
    otro.post(url(matriz, "balance:matriz_autoguardar"), {**vieja, f"{p}-acciones": "Otra"})
    # A plain autosave's bound (test_matriz_editar, 26) and the saved values the merge compares
    # with: a fixed number, whatever the size of the matrix.
    with django_assert_max_num_queries(28):
        respuesta = director.post(
            url(matriz, "balance:matriz_autoguardar"), {**vieja, f"{p}-sugerencias": "Mía"}
        )
    assert respuesta.status_code == 200
    assert "un campo que no tocaste aquí muestra ahora ese texto" in respuesta.content.decode()
