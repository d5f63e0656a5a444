"""Last year's compromisos beside this year's matrix: how each went, saved with the matrix (full
save and autosave), refused for another institution's compromiso, shown to the UGEL and exported."""

from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from balance import services
from balance.models import (
    CategoriaDificultad,
    Matriz,
    SeguimientoCompromiso,
    anterior_de,
    anteriores,
    cargar_contenido,
    categorias_de,
    seguimiento_de,
    seguimientos_de,
)
from tests.factories import InstitucionFactory

from .conftest import LINEAMIENTOS, campana_abierta, datos_completos
from .formulario import datos_formulario, prefijo
from .test_exports import datos, descargar, libro, texto_pdf


@pytest.fixture
def anterior(mundo):
    """UGEL A1's 2022 campaign: inst_a1a and inst_a1b committed to something for 2023."""
    c = campana_abierta(mundo, anio=2022, titulo="Balance 2022 – UGEL A1", ugel=mundo["ugel_a1"])
    for inst, compromisos in (
        ("inst_a1a", ["Aula con internet", "Capacitar en tutoría"]),
        ("inst_a1b", ["Convenio con un CETPRO"]),
    ):
        m = Matriz.objects.get(campana=c, institucion=mundo[inst])
        filas = datos_completos(m)
        for datos_fila in filas.values():
            datos_fila.sugerencias = f"Sugerencia 2022 de {mundo[inst].codigo_modular}"
        services.matriz_guardar(
            matriz=m,
            usuario=mundo["admin"],
            version=m.version,
            filas=filas,
            compromisos=[
                {"que": q, "responsable": "Dirección", "plazo": date(2023, 6, 30)} for q in compromisos
            ],
        )
    services.campana_cerrar(usuario=mundo["admin"], campana=c)
    return c


def compromiso(anterior, inst, orden=1):
    return Matriz.objects.get(campana=anterior, institucion=inst).compromisos.get(orden=orden)


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def editar(matriz):
    return reverse("balance:matriz_editar", args=[matriz.pk])


def autoguardar(matriz):
    return reverse("balance:matriz_autoguardar", args=[matriz.pk])


def test_el_editor_muestra_lo_del_anio_anterior(director, matriz, anterior, mundo):
    html = director.get(editar(matriz)).content.decode()
    panel = html[html.index('id="anterior"') :]
    assert "Tu balance 2022: lo que sugeriste y a qué te comprometiste" in panel
    assert "Sugerencia 2022 de 1111111" in panel and "Sugerencia 2022 de 1111112" not in html
    assert "Aula con internet" in panel and "Capacitar en tutoría" in panel
    assert "Convenio con un CETPRO" not in html  # another institution's
    c = compromiso(anterior, mundo["inst_a1a"])
    assert f'for="id_s{c.pk}-avance"' in panel and f'for="id_s{c.pk}-comentario"' in panel
    # The panel's fields are the matrix form's: the autosave sends them.
    assert (
        html.index('id="form-matriz"')
        < html.index(f'name="s{c.pk}-avance"')
        < html.index("</form>", html.index('id="form-matriz"'))
    )


def test_sin_balance_anterior_no_hay_panel(director, matriz):
    assert 'id="anterior"' not in director.get(editar(matriz)).content.decode()


def test_guardar_y_autoguardar_el_seguimiento(director, matriz, anterior, mundo):
    c1, c2 = compromiso(anterior, mundo["inst_a1a"]), compromiso(anterior, mundo["inst_a1a"], 2)
    datos_ = datos_formulario(
        matriz, **{f"s{c1.pk}-avance": "cumplido", f"s{c1.pk}-comentario": "Listo en mayo", "guardar": "1"}
    )
    assert director.post(editar(matriz), datos_).status_code == 302
    s = SeguimientoCompromiso.objects.get(matriz=matriz, compromiso=c1)
    assert (s.avance, s.comentario) == ("cumplido", "Listo en mayo")

    matriz.refresh_from_db()
    datos_ = datos_formulario(
        matriz,
        **{
            f"s{c1.pk}-avance": "",
            f"s{c1.pk}-comentario": "",  # emptied: the follow-up goes
            f"s{c2.pk}-avance": "en_proceso",
            f"s{c2.pk}-comentario": "",
        },
    )
    respuesta = director.post(autoguardar(matriz), datos_)
    assert respuesta.status_code == 200
    assert list(SeguimientoCompromiso.objects.filter(matriz=matriz).values_list("compromiso", "avance")) == [
        (c2.pk, "en_proceso")
    ]
    matriz.refresh_from_db()
    assert matriz.version == 3  # saved with the matrix
    html = director.get(editar(matriz)).content.decode()
    assert '<option value="en_proceso" selected>En proceso</option>' in html


def test_el_compromiso_de_otra_institucion_se_rechaza_y_nada_cambia(director, matriz, anterior, mundo):
    mio = compromiso(anterior, mundo["inst_a1a"])
    ajeno = compromiso(anterior, mundo["inst_a1b"])
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={},
        seguimientos={mio.pk: {"avance": "cumplido", "comentario": "Hecho"}},
    )
    matriz.refresh_from_db()
    version = matriz.version
    p = prefijo(matriz)
    datos_ = datos_formulario(
        matriz,
        **{
            f"{p}-acciones": "Texto nuevo",
            f"s{mio.pk}-avance": "no_cumplido",
            f"s{ajeno.pk}-avance": "cumplido",
            f"s{ajeno.pk}-comentario": "Lo hicimos nosotros",
        },
    )
    respuesta = director.post(autoguardar(matriz), datos_)
    assert respuesta.status_code == 409
    assert "Ese compromiso no es del balance anterior de tu institución" in respuesta.content.decode()

    respuesta = director.post(editar(matriz), {**datos_, "guardar": "1"}, follow=True)
    assert "Ese compromiso no es del balance anterior de tu institución" in respuesta.content.decode()

    # Nothing already saved changes: not the other school's, not ours, not the rest of the matrix.
    assert not SeguimientoCompromiso.objects.filter(compromiso=ajeno).exists()
    assert SeguimientoCompromiso.objects.get(compromiso=mio).avance == "cumplido"
    matriz.refresh_from_db()
    assert matriz.version == version
    assert matriz.filas.get(lineamiento__orden=1).acciones == ""


def test_un_compromiso_de_este_anio_tampoco_se_sigue(director, matriz, anterior, mundo):
    """A compromiso of the matrix itself (this year's) is not one of the previous balance."""
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={},
        compromisos=[{"que": "Nuevo"}],
    )
    propio = matriz.compromisos.get()
    matriz.refresh_from_db()
    respuesta = director.post(
        autoguardar(matriz), datos_formulario(matriz, **{f"s{propio.pk}-avance": "cumplido"})
    )
    assert respuesta.status_code == 409
    assert not SeguimientoCompromiso.objects.exists()


def test_una_respuesta_fuera_de_la_lista_se_marca_junto_al_campo(director, matriz, anterior, mundo):
    c = compromiso(anterior, mundo["inst_a1a"])
    datos_ = datos_formulario(matriz, **{f"s{c.pk}-avance": "mas_o_menos", "guardar": "1"})
    html = director.post(editar(matriz), datos_).content.decode()
    campo = html.index(f'id="id_s{c.pk}-avance"')
    assert campo < html.index("Elige una opción de la lista.") < campo + 3000
    assert not SeguimientoCompromiso.objects.exists()


def test_la_ugel_lo_ve_al_revisar(client, matriz, anterior, mundo):
    c1 = compromiso(anterior, mundo["inst_a1a"])
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={},
        seguimientos={c1.pk: {"avance": "no_cumplido", "comentario": "Sin presupuesto"}},
    )
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:matriz", args=[matriz.pk])).content.decode()
    seccion = html[html.index('id="seguimiento"') :]
    assert "Compromisos del balance 2022: cómo le fue" in seccion
    assert "Aula con internet" in seccion and "No cumplido" in seccion and "Sin presupuesto" in seccion
    assert "Capacitar en tutoría" in seccion and "Sin responder" in seccion
    assert "<select" not in seccion  # read only


def test_las_exportaciones_lo_llevan(client, matriz, anterior, mundo):
    c1 = compromiso(anterior, mundo["inst_a1a"])
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={},
        seguimientos={c1.pk: {"avance": "cumplido", "comentario": "Listo en mayo"}},
    )
    client.force_login(mundo["ugel"])
    wb = libro(descargar(client, "balance.matriz_xlsx", matriz=matriz.pk))
    filas = datos(wb["Seguimiento compromisos 2022"])
    assert filas[0][:2] == (1, "Aula con internet") and filas[0][4:] == ("Cumplido", "Listo en mayo")
    assert filas[1][1] == "Capacitar en tutoría" and filas[1][4] == "Sin responder"

    texto = texto_pdf(descargar(client, "balance.matriz_pdf", matriz=matriz.pk))
    assert "Compromisos del balance 2022: cómo le fue" in texto and "Listo en mayo" in texto

    wb = libro(descargar(client, "balance.campana_xlsx", campana=matriz.campana_id))
    filas = datos(wb["Seguimiento de compromisos"])
    assert ("1111111", "Aula con internet", "Cumplido") in [(f[1], f[4], f[7]) for f in filas]
    assert ("1111112", "Convenio con un CETPRO", "Sin responder") in [(f[1], f[4], f[7]) for f in filas]


def test_seguimientos_de_en_consultas_acotadas(mundo, campana, anterior, django_assert_num_queries):
    for _ in range(5):
        InstitucionFactory(ugel=mundo["ugel_a1"])
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    matrices = list(Matriz.objects.filter(campana=campana).select_related("campana"))
    assert len(matrices) == 7
    with django_assert_num_queries(3):
        resultado = seguimientos_de(matrices)
    assert len(resultado) == 2  # only inst_a1a and inst_a1b had a 2022 balance
    mia = next(m for m in matrices if m.institucion_id == mundo["inst_a1a"].pk)
    assert [c.que for c, _s in resultado[mia.pk].compromisos] == ["Aula con internet", "Capacitar en tutoría"]


def test_el_panel_no_multiplica_las_consultas(
    director, matriz, anterior, mundo, django_assert_max_num_queries
):
    """The panel reads the previous balance in a fixed number of queries: answering every
    compromiso adds none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as sin_respuestas:
        director.get(editar(matriz))
    previos = Matriz.objects.get(campana=anterior, institucion=mundo["inst_a1a"]).compromisos.all()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={},
        seguimientos={c.pk: {"avance": "cumplido", "comentario": "Sí"} for c in previos},
    )
    with django_assert_max_num_queries(len(sin_respuestas.captured_queries)):
        html = director.get(editar(matriz)).content.decode()
    assert html.count('<option value="cumplido" selected>') == 2


def _previa(previa):
    """What the pages read of a previous balance, as plain values."""
    if previa is None:
        return None
    return (
        previa.pk,
        previa.campana.anio,
        previa.campana.titulo,
        [(f.pk, f.lineamiento.nombre, f.sugerencias) for f in previa.filas.all()],
        [(c.pk, c.orden, c.que, c.responsable, c.plazo) for c in previa.compromisos.all()],
    )


def _seguimiento(s):
    return s and (s.anterior.pk, [(c.pk, h and (h.pk, h.avance, h.comentario)) for c, h in s.compromisos])


def test_la_pagina_lee_el_balance_anterior_junto_con_el_contenido(
    matriz, anterior, mundo, django_assert_num_queries
):
    """con_contenido_junto(pagina=True): the previous balance (its campaign and content), this year's
    follow-ups and the categories come in the query of the content, the same as their own reads."""
    c1, c2 = compromiso(anterior, mundo["inst_a1a"], 1), compromiso(anterior, mundo["inst_a1a"], 2)
    SeguimientoCompromiso.objects.create(
        matriz=matriz, compromiso=c2, avance="en_proceso", comentario="A medias"
    )
    SeguimientoCompromiso.objects.create(matriz=matriz, compromiso=c1, avance="cumplido", comentario="")
    CategoriaDificultad.objects.create(nombre="Otra inactiva", orden=0, activa=False)
    sola = Matriz.objects.select_related("campana").get(pk=matriz.pk)
    esperada = anteriores([sola])[matriz.pk]
    cargar_contenido([esperada])
    esperado = (
        _previa(esperada),
        _seguimiento(seguimientos_de([sola])[matriz.pk]),
        [(c.pk, c.nombre, c.orden, c.activa) for c in CategoriaDificultad.objects.all()],
        [(s.pk, s.compromiso_id) for s in SeguimientoCompromiso.objects.filter(matriz=matriz)],
    )
    with django_assert_num_queries(1):  # the matrix with all of this
        leida = Matriz.objects.select_related("campana").con_contenido_junto(pagina=True).get(pk=matriz.pk)
        leido = (
            _previa(anterior_de(leida)),
            _seguimiento(seguimiento_de(leida)),
            [(c.pk, c.nombre, c.orden, c.activa) for c in categorias_de(leida)],
            [(s.pk, s.compromiso_id) for s in leida.seguimientos.all()],
        )
    assert leido == esperado
    assert leido[0][3] and leido[0][4] and len(leido[1][1]) == 2

    # Without a previous balance: None, read with the rest (no query of its own).
    otra = Matriz.objects.get(campana=anterior, institucion=mundo["inst_a1a"])
    with django_assert_num_queries(1):
        leida = Matriz.objects.select_related("campana").con_contenido_junto(pagina=True).get(pk=otra.pk)
        assert anterior_de(leida) is None and seguimiento_de(leida) is None
        assert [c.pk for c in categorias_de(leida)] == [c[0] for c in esperado[2]]


def test_las_paginas_de_la_matriz_no_consultan_mas_con_balance_anterior(
    client, matriz, anterior, mundo, django_assert_max_num_queries
):
    """The editor and the detail read the previous balance, its compromisos and their follow-ups with
    the content: the same number of queries with them as without them."""
    hoy = timezone.localdate()
    otra_anio = services.campana_crear(  # this year's: no campaign of the year before
        usuario=mundo["admin"],
        anio=hoy.year,
        titulo="Sin anterior",
        ugel=mundo["ugel_a1"],
        fecha_limite=hoy + timedelta(days=10),
        lineamientos=LINEAMIENTOS,
    )
    services.campana_abrir(usuario=mundo["admin"], campana=otra_anio)
    sin_anterior = Matriz.objects.get(campana=otra_anio, institucion=mundo["inst_a1a"])
    c = compromiso(anterior, mundo["inst_a1a"])
    SeguimientoCompromiso.objects.create(matriz=matriz, compromiso=c, avance="cumplido", comentario="Sí")
    for usuario, vista in (
        (mundo["director"], "balance:matriz_editar"),
        (mundo["director"], "balance:matriz"),
    ):
        client.force_login(usuario)
        client.get(reverse(vista, args=[sin_anterior.pk]))  # templates loaded
        caches["matrices"].clear()  # each page drawn afresh (balance.paginas), its content read
        with django_assert_max_num_queries(8) as sin:
            assert client.get(reverse(vista, args=[sin_anterior.pk])).status_code == 200
        with django_assert_max_num_queries(len(sin.captured_queries)):
            html = client.get(reverse(vista, args=[matriz.pk])).content.decode()
        assert "Aula con internet" in html


def test_los_campos_del_seguimiento_salen_de_sus_moldes_iguales_a_los_formularios(matriz, anterior, mundo):
    """On the page opened, each follow-up's two fields come from SeguimientoForm's molds: the same
    markup as the forms draw, for every answer, an empty one and a comment to escape."""
    from balance.forms import EdicionMatriz
    from comun.templatetags.campos import campo

    c1, c2 = compromiso(anterior, mundo["inst_a1a"], 1), compromiso(anterior, mundo["inst_a1a"], 2)
    SeguimientoCompromiso.objects.create(
        matriz=matriz, compromiso=c1, avance="no_cumplido", comentario='Con "comillas" & <b>marcas</b>'
    )
    for avance in ("cumplido", "en_proceso", "no_cumplido", ""):
        SeguimientoCompromiso.objects.update_or_create(
            matriz=matriz, compromiso=c2, defaults={"avance": avance, "comentario": ""}
        )
        leida = Matriz.objects.select_related("campana").con_contenido_junto(pagina=True).get(pk=matriz.pk)
        edicion = EdicionMatriz(leida, formularios=False)
        moldes = [(c.pk, str(a), str(b)) for c, a, b in edicion.seguimientos_dibujados]
        formularios = [
            (c.pk, str(campo(f["avance"])), str(campo(f["comentario"]))) for c, f in edicion.seguimientos
        ]
        assert moldes == formularios and len(moldes) == 2
        if avance:
            assert f'<option value="{avance}" selected>' in moldes[1][1]
    assert "Con &quot;comillas&quot; &amp; &lt;b&gt;marcas&lt;/b&gt;" in moldes[0][2]
