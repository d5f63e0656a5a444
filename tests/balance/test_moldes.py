"""The director's page draws its fields from molds (comun.templatetags.campos.Molde: each field kind's
markup made once, only its name and value put in): the same markup |campo draws from the forms, for
every kind of value a field can hold; the page opened reads no more than before; and the autosave
parses only the fields that changed."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balance import services
from balance.forms import EdicionMatriz, dibujar_campos, valores_de
from balance.models import CategoriaDificultad, Matriz
from balance.services import DatosFila

# Text that must come out escaped, once, in a textarea and in an input's value.
RARO = "Comillas \" y ' <b>negrita</b> & ampersand\nsegunda línea ZZVALORZZ zzmoldezz"


def _contenido(matriz, mundo):
    """Every kind of value: full and empty slots, text to escape, a figure with decimals, a date,
    a category (one of them deactivated afterwards), an empty link."""
    filas = list(matriz.filas.all())
    conectividad = CategoriaDificultad.objects.get(nombre="Conectividad")
    infra = CategoriaDificultad.objects.get(nombre="Infraestructura")
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={
            filas[0].pk: DatosFila(
                acciones=RARO,
                sugerencias="",
                enlace_evidencias="https://drive.example.pe/a?b=1&c=2",
                logros=[
                    None,
                    {"cifra": Decimal("1250.50"), "que_cuenta": RARO, "cualitativo": "", "evidencia": ""},
                    {"cifra": Decimal("87"), "que_cuenta": "", "cualitativo": RARO, "evidencia": ""},
                ],
                dificultades=["Aulas sin techo", "", RARO],
                categorias=[infra.pk, None, conectividad.pk],
            ),
            filas[1].pk: DatosFila(acciones="Solo acciones"),
        },
        compromisos=[
            {"que": RARO, "responsable": "La directora", "plazo": date(2026, 3, 31)},
            None,
            {"que": "", "responsable": "Nadie", "plazo": None},
        ],
    )
    infra.activa = False  # kept on its difficulty, offered there only
    infra.save()
    return Matriz.objects.select_related("campana", "institucion").con_contenido().get(pk=matriz.pk)


def test_los_moldes_dibujan_lo_mismo_que_los_formularios(matriz, mundo):
    matriz = _contenido(matriz, mundo)
    moldes = dibujar_campos(matriz, None, valores_de(matriz))
    formularios = dibujar_campos(matriz, EdicionMatriz(matriz))
    assert moldes == formularios
    html = "".join(
        str(v) for s in moldes[0] for k, v in s.items() if k not in ("fila", "logros", "dificultades")
    )
    assert "&lt;b&gt;negrita&lt;/b&gt; &amp; ampersand" in html and "<b>" not in html
    infra = CategoriaDificultad.objects.get(nombre="Infraestructura")
    primera = moldes[0][0]["dificultades"][0]["categoria"]
    assert f'<option value="{infra.pk}" selected>Infraestructura</option>' in primera
    # The deactivated category is offered only where it is kept.
    assert f'<option value="{infra.pk}"' not in moldes[0][0]["dificultades"][2]["categoria"]
    assert (
        moldes[1][0]["plazo"] == formularios[1][0]["plazo"] and 'value="2026-03-31"' in moldes[1][0]["plazo"]
    )


def test_la_pagina_abierta_no_construye_los_formularios(client, matriz, mundo, monkeypatch):
    """Opened (GET), the page's fields come from the molds: no form of the matrix is built, and
    the queries do not grow with the number of fields."""
    _contenido(matriz, mundo)
    construidos = []
    original = EdicionMatriz.__init__

    def contar(self, *args, **kwargs):
        construidos.append(kwargs.get("formularios", True))
        original(self, *args, **kwargs)

    monkeypatch.setattr(EdicionMatriz, "__init__", contar)
    client.force_login(mundo["director"])
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(reverse("balance:matriz_editar", args=[matriz.pk]))
    assert respuesta.status_code == 200
    assert construidos == [False]
    # The session with its user, the matrix's key row (balance.paginas; its statement prepared
    # once per connection), and the matrix with its content, the previous balance, the follow-ups
    # and the categories.
    leidas = [q["sql"] for q in consultas.captured_queries if "PREPARE balance_matriz_clave" not in q["sql"]]
    assert len(leidas) <= 3, [q[:60] for q in leidas]
    assert "&lt;b&gt;negrita&lt;/b&gt;" in respuesta.content.decode()


def test_un_campo_que_no_muestra_su_valor_como_texto_no_tiene_molde():
    from django import forms

    from comun.templatetags.campos import Molde

    class ConCasilla(forms.Form):
        casilla = forms.BooleanField(required=False)

    with pytest.raises(ValueError):
        Molde(lambda p, inicial: ConCasilla(prefix=p, initial={"casilla": inicial})["casilla"])


# What matriz_editar.html drew with its loops before dibujar_cuerpo (the same text, kept beside this
# file to compare): each lineamiento's card, then the compromisos' card up to its last slot.
BUCLES = (Path(__file__).parent / "bucles_matriz_editar.html").read_text()


def test_el_cuerpo_dibujado_en_una_pasada_es_el_de_los_bucles(matriz, mundo):
    """dibujar_cuerpo: the same bytes the template's loops drew, for fields from the molds and from
    forms with their marks, an observation to escape over two lines, a lineamiento name with «&»."""
    from django.template import engines

    from balance.forms import dibujar_cuerpo
    from balance.models import NOTA_LOGROS, Fila, Lineamiento

    primera = matriz.filas.order_by("lineamiento__orden").first()
    Fila.objects.filter(pk=primera.pk).update(observacion=RARO)
    Lineamiento.objects.filter(pk=primera.lineamiento_id).update(nombre="Gestión & <liderazgo>")
    matriz = _contenido(matriz, mundo)
    bucles = engines["django"].from_string(BUCLES)
    edicion = EdicionMatriz(matriz, {"c1-plazo": "no es fecha"})
    edicion.is_valid()
    for dibujo in (dibujar_campos(matriz, None, valores_de(matriz)), dibujar_campos(matriz, edicion)):
        secciones, compromisos = dibujo
        for n, s in enumerate(secciones):
            s["barra"] = f'<div class="progreso">{n}</div>'
        esperado = bucles.render({"secciones": secciones, "compromisos": compromisos, "nota": NOTA_LOGROS})
        assert "    " + dibujar_cuerpo(secciones, compromisos, NOTA_LOGROS) == esperado
    assert "Gestión &amp; &lt;liderazgo&gt;" in esperado and "&amp; ampersand<br>segunda" in esperado
    assert "is-invalid" in esperado


def test_el_molde_de_la_categoria_sigue_a_la_lista(client, matriz, mundo):
    """The category selects' molds are kept per process under the list as read in the request: a
    category renamed, added or deactivated shows on the next page opened."""
    client.force_login(mundo["director"])
    url = reverse("balance:matriz_editar", args=[matriz.pk])
    assert "Conectividad</option>" in client.get(url).content.decode()
    categoria = CategoriaDificultad.objects.get(nombre="Conectividad")
    categoria.nombre = "Conectividad a internet"
    categoria.save()
    CategoriaDificultad.objects.create(nombre="Nueva categoría", orden=99)
    html = client.get(url).content.decode()
    assert "Conectividad a internet</option>" in html and "Conectividad</option>" not in html
    assert html.count("Nueva categoría</option>") == 3 * matriz.filas.count()
    categoria.activa = False
    categoria.save()
    assert "Conectividad a internet</option>" not in client.get(url).content.decode()


def test_lo_de_cada_fila_en_el_detalle_es_lo_de_sus_bucles(matriz, mundo):
    """datos_de_filas: what the detail page lists of each row, the same bytes the template's loops
    and filters drew (datos_fila_detalle.html beside this file): text to escape over two lines, a
    figure with decimals and one without, evidence links, a category, empty rows («—»)."""
    from django.template import engines

    from balance.forms import datos_de_filas

    matriz = _contenido(matriz, mundo)
    fila = matriz.filas.all()[0]
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={
            fila.pk: DatosFila(
                sugerencias=RARO,
                logros=[
                    {
                        "cifra": None,
                        "que_cuenta": "",
                        "cualitativo": RARO,
                        "evidencia": "https://a.pe/x?y=1&z=2",
                    },
                    {"cifra": Decimal("1250.50"), "que_cuenta": RARO, "cualitativo": "", "evidencia": ""},
                    {"cifra": Decimal("87"), "que_cuenta": "x", "cualitativo": "y", "evidencia": ""},
                ],
            )
        },
    )
    matriz = Matriz.objects.select_related("campana").con_contenido_junto().get(pk=matriz.pk)
    bucles = engines["django"].from_string((Path(__file__).parent / "datos_fila_detalle.html").read_text())
    dibujado = datos_de_filas(matriz)
    filas = list(matriz.filas.all())
    assert len(dibujado) == len(filas) > 1
    for f, html in zip(filas, dibujado, strict=True):
        assert html == bucles.render({"fila": f})
    assert (
        "1250,5" in dibujado[0] and "&lt;b&gt;negrita&lt;/b&gt;" in dibujado[0] and "&amp;z=2" in dibujado[0]
    )
    assert "<br>segunda línea" in dibujado[0] and "Infraestructura</span>" in dibujado[0]
    assert '<dd class="col-md-9">—</dd>' in dibujado[-1]
