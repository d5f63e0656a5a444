"""What makes the two big exports cheap at national size, checked on the files they produce: the
consolidated workbook read by a process of its own (outside a transaction, as the background worker
runs it) and its rows shaped by PostgreSQL, cell by cell; the long PDF joined part by part while the
next part is laid out, the table of contents added last in its kept place."""

import dataclasses
import io
import json
import os
import threading
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from pypdf import PdfReader

from balance import services
from balance.exports import _celdas_seguimiento
from balance.models import CategoriaDificultad, Dificultad, Fila, Logro, Matriz, seguimientos_de
from exportaciones import base
from exportaciones.base import Columna, ExportadorFilas, Hoja, escribir_libro, lanzar
from exportaciones.unir import Union

from .conftest import enviar, llenar
from .test_exports import datos, libro
from .test_seguimiento import anterior, compromiso  # noqa: F401 (fixture)


def consolidado(usuario, campana) -> bytes:
    from balance.exports import CampanaXlsx

    salida = io.BytesIO()
    CampanaXlsx(usuario, {"campana": str(campana.pk)}).generar(salida)
    return salida.getvalue()


def todas_las_filas(contenido: bytes) -> dict:
    wb = libro(contenido)
    return {nombre: datos(wb[nombre]) for nombre in wb.sheetnames}


def conexiones() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _lectores(monkeypatch) -> list[int]:
    """The pids of the reading processes started from now on (exportaciones.base._bifurcar). This
    process is taken as one of a single thread (_sin_otros_hilos: a live server left by another
    test would keep the rows read here); test_con_otro_hilo_se_lee_aqui checks that guard."""
    monkeypatch.setattr(base, "_sin_otros_hilos", lambda: True)
    return _bifurcaciones(monkeypatch)


def _bifurcaciones(monkeypatch) -> list[int]:
    """The pids of the processes forked from now on (exportaciones.base._bifurcar)."""
    pids = []
    bifurcar = base._bifurcar

    def contar(cuerpo):
        pid, lectura = bifurcar(cuerpo)
        pids.append(pid)
        return pid, lectura

    monkeypatch.setattr(base, "_bifurcar", contar)
    return pids


def esperado(pid: int) -> bool:
    """Whether the child was already waited for (no zombie left behind)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def sin_conexiones_de_mas(antes: int) -> bool:
    """Whether the database is back to ``antes`` sessions: a child's session ends a moment after
    it closes it, so this waits up to five seconds."""
    for _vez in range(50):
        if conexiones() == antes:
            return True
        time.sleep(0.1)
    return False


def test_el_consolidado_leido_por_otro_proceso_es_el_mismo(transactional_db, mundo, campana, monkeypatch):
    """Outside a transaction (the worker) the rows are read by a forked process on a connection of
    its own (another session than this one's): the workbook is the same as read here, the process
    and its session are gone at the end, and this process' session is the one it had (the inherited
    one was not closed there)."""
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    enviar(matriz, mundo["director"])
    services.matriz_aprobar(matriz=matriz, usuario=mundo["ugel"])
    llenar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"]), mundo["admin"])
    Logro.objects.filter(fila__matriz=matriz).update(cifra="1234567890.25")
    lectores = _lectores(monkeypatch)
    antes = conexiones()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        sesion = cursor.fetchone()[0]
    from balance.exports import ConsolidadoXlsx

    original = ConsolidadoXlsx.hojas

    def con_la_sesion_del_lector(self):
        def sesion_que_lee():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                yield [str(cursor.fetchone()[0])]

        yield from original(self)
        yield Hoja("Sesión", [Columna("pid")], sesion_que_lee())

    monkeypatch.setattr(ConsolidadoXlsx, "hojas", con_la_sesion_del_lector)
    aparte = todas_las_filas(consolidado(mundo["ugel"], campana))
    assert len(lectores) == 1 and lectores[0] != os.getpid() and esperado(lectores[0])
    assert aparte.pop("Sesión")[-1][0] != str(sesion)  # read on a session of its own
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == sesion
    assert sin_conexiones_de_mas(antes)
    monkeypatch.setattr(base, "_adelantar", lambda hojas: False)
    aqui = todas_las_filas(consolidado(mundo["ugel"], campana))
    assert aqui.pop("Sesión")[-1][0] == str(sesion)
    assert aqui == aparte
    filas = aparte["1. Aprendizajes para la vida"]
    assert {f[1] for f in filas} == {"1111111", "1111112"}
    aprobada = next(f for f in filas if f[1] == "1111111")
    # The cifra, exact; the first logro's texts; the dificultad and its (absent) category.
    assert aprobada[6:10] == (
        1234567890.25,
        "estudiantes certificados",
        "Mejoró su empleabilidad.",
        "https://drive.example.pe/logro1",
    )
    assert aprobada[18] == "Asistencia irregular"


def test_las_hojas_leidas_aparte_ven_el_mismo_momento(transactional_db, mundo, campana, monkeypatch):
    """The reading process reads every sheet in one transaction: a change saved while it is between
    two sheets is not half in the workbook (the next export has it)."""
    from balance.exports import ConsolidadoXlsx

    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    llenar(matriz, mundo["admin"])
    segunda = Fila.objects.get(matriz=matriz, lineamiento__orden=2)
    antes = segunda.acciones
    original = ConsolidadoXlsx.hojas

    def cambiar():
        try:
            Fila.objects.filter(pk=segunda.pk).update(acciones="Cambiado a mitad de la lectura")
        finally:
            connection.close()

    def y_luego_cambiar(filas):
        yield from filas
        otro = threading.Thread(target=cambiar)  # another connection, which commits at once
        otro.start()
        otro.join()

    def hojas(self):
        for k, hoja in enumerate(original(self)):
            yield Hoja(**{**hoja.__dict__, "filas": y_luego_cambiar(hoja.filas)}) if k == 1 else hoja

    monkeypatch.setattr(ConsolidadoXlsx, "hojas", hojas)
    lectores = _lectores(monkeypatch)

    def acciones(contenido):
        hoja = next(filas for nombre, filas in todas_las_filas(contenido).items() if nombre.startswith("2."))
        return next(f[5] for f in hoja if f[1] == "1111111")

    assert acciones(consolidado(mundo["ugel"], campana)) == antes
    assert Fila.objects.get(pk=segunda.pk).acciones == "Cambiado a mitad de la lectura"
    assert acciones(consolidado(mundo["ugel"], campana)) == "Cambiado a mitad de la lectura"
    assert len(lectores) == 2


def test_una_hoja_sale_ordenada_sin_ordenar_al_final(mundo, campana, monkeypatch):
    """A lineamiento sheet's query sorts its rows before the LATERAL subqueries that spread the
    logros and dificultades, so PostgreSQL hands the first rows over before it has made the last:
    no Sort above the LATERAL joins."""
    from balance import exports

    llenar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"]), mundo["admin"])
    consultas = []
    monkeypatch.setattr(
        exports, "leer_filas", lambda alias, sql, parametros: consultas.append((sql, parametros)) or []
    )
    exportador = exports.CampanaXlsx(mundo["ugel"], {"campana": str(campana.pk)})
    for hoja in exportador.hojas():
        list(hoja.filas)
    sql, parametros = consultas[0]
    assert "CROSS JOIN LATERAL" in sql
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, parametros)
        plan = cursor.fetchone()[0][0]["Plan"]
    assert plan["Node Type"] == "Nested Loop", plan["Node Type"]
    assert "Sort" in json.dumps(plan)  # the sort is there, below the LATERAL joins


class _Malas(ExportadorFilas):
    identificador = "prueba.malas"
    nombre = "Malas"

    def __init__(self, filas):
        super().__init__(None, {})
        self.filas = filas

    def hojas(self):
        yield Hoja("Hoja", [Columna("a"), Columna("b")], self.filas)


def _falla_al_leer():
    yield ["a", "b"]
    raise ValueError("se cortó la base")


@pytest.mark.parametrize(
    "filas, error",
    [
        (_falla_al_leer, "Reading the rows failed"),  # in the reading process: raised in the writer
        (lambda: [["a", "b"]] * 3000 + [["solo una"]], "has 1 values, not 2"),  # in the writer
        # Distinct rows of a kilobyte: 100 MB, far more than the pipe holds.
        (lambda: ([str(i), "x" * 1000] for i in range(100000)), None),  # the writer stops: see below
    ],
)
def test_un_error_de_un_lado_detiene_al_otro(db, monkeypatch, filas, error):
    """An error while reading is raised in the writer; an error in the writer stops the reading
    process, also while it waits for the pipe to empty: no process is left behind."""
    monkeypatch.setattr(base, "_adelantar", lambda hojas: True)
    lectores = _lectores(monkeypatch)
    vivo_al_cerrar = []
    cerrar = base._LecturaAdelantada.cerrar

    def mirar_y_cerrar(self):
        # Whether it still runs, without waiting for it (WNOWAIT: cerrar still does).
        vivo_al_cerrar.append(os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None)
        cerrar(self)

    monkeypatch.setattr(base._LecturaAdelantada, "cerrar", mirar_y_cerrar)
    if error is None:
        # The writer fails while the reader is still reading (the pipe is full): it is stopped.
        def progreso(valor):
            raise OSError("disco lleno")

        with pytest.raises(OSError, match="disco lleno"):
            escribir_libro(io.BytesIO(), _Malas(filas()).hojas(), 100000, progreso)
        assert vivo_al_cerrar == [True]  # it was still waiting to hand rows over
    else:
        with pytest.raises((RuntimeError, ValueError), match=error):
            _Malas(filas()).generar(io.BytesIO())
    assert len(lectores) == 1 and esperado(lectores[0])  # no reading process left behind


class _Objeto:
    def __str__(self):
        return "un objeto"

    def __reduce__(self):
        raise TypeError("no viaja")


def test_lo_leido_en_otro_proceso_llega_limpio_y_de_su_tipo(transactional_db, monkeypatch):
    """The reading process takes the control characters out of the texts (tabs and line breaks
    stay), as the writer does with rows it reads itself; values keep their kind (a figure, a date, a
    moment in Lima's clock, a yes/no, a translated or safe text); a cell it cannot hand over as it is
    (any object, here in a later batch) comes out as its text, cleaned, as the writer writes such a
    value. The same workbook as read here."""
    from django.utils.safestring import mark_safe
    from django.utils.timezone import make_aware
    from django.utils.translation import gettext_lazy

    lectores = _lectores(monkeypatch)
    primeras = [
        [Decimal("12.50"), make_aware(datetime(2025, 3, 1, 20, 30))],
        [True, 7],
        [gettext_lazy("Total"), mark_safe("<b>seguro</b>")],
        ["a\x07b\tc\nd\x1b", date(2025, 3, 1)],
    ]
    relleno = [[f"fila {i}", i] for i in range(150)]  # past the first batch of 100
    filas = primeras + relleno + [[_Objeto(), "z\x07"]]

    def libro_de(filas):
        salida = io.BytesIO()
        _Malas(iter(filas)).generar(salida)  # read as it goes, not a list already made
        return todas_las_filas(salida.getvalue())["Hoja"]

    aparte = libro_de(filas)
    assert len(lectores) == 1 and esperado(lectores[0])
    assert aparte[:4] == [
        (12.5, datetime(2025, 3, 1, 20, 30)),
        (True, 7),
        ("Total", "<b>seguro</b>"),
        ("ab\tc\nd", datetime(2025, 3, 1)),
    ]
    assert aparte[-1] == ("un objeto", "z") and len(aparte) == len(filas)
    monkeypatch.setattr(base, "_adelantar", lambda hojas: False)
    assert libro_de(filas) == aparte  # the same, read here
    assert len(lectores) == 1


def test_sin_filas_por_leer_o_con_otro_hilo_se_lee_aqui(transactional_db, monkeypatch):
    """No process is forked for rows already made here (a list: one matrix's workbook), nor in a
    process of several threads (a fork copies only the one that forks: a lock another held would
    stay held in the child); the rows are read here and the workbook is the same."""
    import threading

    bifurcaciones = _bifurcaciones(monkeypatch)
    filas = [[f"fila {i}", i] for i in range(300)]

    def libro_de(filas):
        salida = io.BytesIO()
        _Malas(filas).generar(salida)
        return todas_las_filas(salida.getvalue())["Hoja"]

    hecha = libro_de(filas)
    assert bifurcaciones == []
    parar = threading.Event()
    otro = threading.Thread(target=parar.wait)
    otro.start()
    try:
        assert not base._sin_otros_hilos()
        assert libro_de(iter(filas)) == hecha
    finally:
        parar.set()
        otro.join()
    assert bifurcaciones == []
    monkeypatch.setattr(base, "_sin_otros_hilos", lambda: True)  # as in a worker of one thread
    assert libro_de(iter(filas)) == hecha
    assert len(bifurcaciones) == 1


def test_el_seguimiento_consolidado_es_el_de_cada_matriz(mundo, campana, anterior):  # noqa: F811
    """The consolidated follow-up sheet (three queries of tuples) says what seguimientos_de says of
    each matrix, also when the year before had two balances of one institution (the latest counts)."""
    otra = services.campana_crear(
        usuario=mundo["admin"],
        anio=2022,
        titulo="Balance 2022 de la DRE",
        dre=mundo["dre_a"],
        fecha_limite=anterior.fecha_limite,
        lineamientos=["Uno"],
    )
    services.campana_abrir(usuario=mundo["admin"], campana=otra)
    Matriz.objects.filter(campana=otra, institucion=mundo["inst_a1a"]).delete()
    bis = Matriz.objects.get(campana=otra, institucion=mundo["inst_a1b"])
    services.matriz_guardar(
        matriz=bis,
        usuario=mundo["admin"],
        version=bis.version,
        filas={},
        compromisos=[
            {"que": "El compromiso que vale", "responsable": "Dirección", "plazo": date(2023, 5, 1)}
        ],
    )
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={},
        seguimientos={
            compromiso(anterior, mundo["inst_a1a"]).pk: {"avance": "en_proceso", "comentario": "A medias"},
            compromiso(anterior, mundo["inst_a1a"], 2).pk: {"avance": "", "comentario": "Sin fecha aún"},
        },
    )
    filas = datos(libro(consolidado(mundo["ugel"], campana))["Seguimiento de compromisos"])
    matrices = list(
        Matriz.objects.filter(campana=campana)
        .select_related("campana", "institucion__ugel")
        .order_by("institucion__ugel__nombre", "institucion__nombre")
    )
    seguimientos = seguimientos_de(matrices)
    esperadas = [
        (
            m.institucion.ugel.nombre,
            m.institucion.codigo_modular,
            m.institucion.nombre,
            *_celdas_seguimiento(c, s),
        )
        for m in matrices
        if m.pk in seguimientos
        for c, s in seguimientos[m.pk].compromisos
    ]
    # Read back: a date cell is a datetime, an empty text no value.
    normalizar = [
        tuple("" if v is None else v for v in f[:6])
        + (f[6].date(),)
        + tuple("" if v is None else v for v in f[7:])
        for f in filas
    ]
    assert normalizar == esperadas
    assert [f[4] for f in filas if f[1] == "1111112"] == ["El compromiso que vale"]
    assert [(f[7], f[8]) for f in filas if f[1] == "1111111"] == [
        ("En proceso", "A medias"),
        ("Sin responder", "Sin fecha aún"),
    ]


def test_consultas_del_consolidado_por_hoja(mundo, campana, django_assert_max_num_queries):
    """One query per lineamiento sheet (its logros and dificultades spread into each row's columns by
    PostgreSQL)."""
    for m in Matriz.objects.filter(campana=campana):
        llenar(m, mundo["admin"])
    assert Fila.objects.filter(matriz__campana=campana).count() == 6
    with django_assert_max_num_queries(12) as consultas:
        consolidado(mundo["ugel"], campana)
    por_lineamiento = [q for q in consultas.captured_queries if "CROSS JOIN LATERAL" in q["sql"]]
    assert len(por_lineamiento) == 3


def test_cada_fila_consolidada_es_la_de_su_matriz(mundo, campana):
    """The consolidated row's cells, spread into slots by PostgreSQL, are those the single matrix's
    workbook reads off the objects: slots left empty in the middle, a logro without cifra, cifras
    with decimals, a dificultad with and one without category, a row with nothing."""
    from balance.exports import MatrizXlsx

    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    llenar(matriz, mundo["admin"])
    llenar(Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"]), mundo["admin"])
    primera, segunda, *_resto = matriz.filas.order_by("lineamiento__orden")
    Logro.objects.create(
        fila=primera, orden=3, cifra="0.10", que_cuenta="tercero", cualitativo="Línea 1\nLínea 2"
    )
    Logro.objects.filter(fila=primera, orden=1).update(cifra=None)
    Logro.objects.create(fila=segunda, orden=2, cifra="-12345.67", evidencia="https://drive.example.pe/2")
    Logro.objects.filter(fila=segunda, orden=1).delete()
    # Its own category: the seeded ones are gone after a test on a transactional database.
    categoria = CategoriaDificultad.objects.create(nombre="Transporte (prueba)")
    Dificultad.objects.create(fila=primera, orden=3, texto="Conexión", categoria=categoria)
    Dificultad.objects.filter(fila=segunda).delete()
    Fila.objects.filter(pk=segunda.pk).update(observacion="Revisar\tfechas")

    def filas(contenido, inicio):
        return {ws.title: [f[inicio:] for f in datos(ws)] for ws in libro(contenido).worksheets}

    salida = io.BytesIO()
    MatrizXlsx(mundo["ugel"], {"matriz": str(matriz.pk)}).generar(salida)
    propias = filas(salida.getvalue(), 2)["Matriz"]
    hojas = filas(consolidado(mundo["ugel"], campana), 0)
    consolidadas = [
        next(f[5:] for f in hojas[nombre] if f[1] == "1111111")
        for nombre in (
            "1. Aprendizajes para la vida",
            "2. Certificación Múltiple",
            "3. Bienestar de la Comunidad…",
        )
    ]
    assert consolidadas == propias
    assert propias[0][1:13:4] == (None, None, 0.1) and propias[1][1:13:4] == (None, -12345.67, None)
    assert propias[0][17:19] == ("Conexión", "Transporte (prueba)")
    assert propias[1][13:19] == (None,) * 6  # empty texts: blank cells


def _pdf(texto: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html lang='es'><body><h1>{texto}</h1></body></html>").write_pdf(
        pdf_variant="pdf/ua-1"
    )


def test_una_parte_reservada_se_agrega_al_final_en_su_lugar(settings):
    """The table of contents comes last (its numbers are known only then) but goes first; the page
    numbers ("Página N de M", laid out when the last part is in) and bookmarks follow the pages."""
    from django.template.loader import render_to_string

    def numeracion(numeros):
        return _pdf_numeros(
            render_to_string("exportaciones/numeracion.html", {"numeros": numeros, "total": 3})
        )

    def _pdf_numeros(html):
        from weasyprint import HTML

        return HTML(string=html).write_pdf()

    salida = io.BytesIO()
    union = Union(salida, numeracion)
    lugar = union.reservar(1)
    union.agregar(io.BytesIO(_pdf("Segunda")))
    union.agregar(io.BytesIO(_pdf("Tercera")))
    with pytest.raises(ValueError, match="not the 2 reserved"):
        union.agregar(io.BytesIO(_pdf("Primera") + b""), dataclasses.replace(lugar, paginas=2))
    union.agregar(io.BytesIO(_pdf("Primera")), lugar)
    union.cerrar("Prueba")
    lector = PdfReader(io.BytesIO(salida.getvalue()))
    textos = [p.extract_text() for p in lector.pages]
    assert [t.split()[0] for t in textos] == ["Primera", "Segunda", "Tercera"]
    for n, texto in enumerate(textos, start=1):
        assert f"Página {n} de 3" in texto
    assert [m.title for m in lector.outline] == ["Primera", "Segunda", "Tercera"]


def test_la_union_copia_cada_objeto_sin_tocar_sus_textos():
    """Each part's objects are copied as the bytes WeasyPrint wrote, their references renumbered on
    those bytes: a text that looks like a reference or holds parentheses (an image's alternative
    text, a link's address) comes out as it was; a table header's id gets its part's prefix (the
    cells name it with the same), and every page and link stays mapped to its elements."""
    import base64

    from tests.exportaciones.test_pdf_ua import arbol_consistente, elementos

    punto = base64.b64encode(_png()).decode()
    html = (
        "<html lang='es'><body><h1>Ñandú (5 0 R)</h1>"
        f"<img alt='Foto 12 0 R (de) 3 0 R\\' src='data:image/png;base64,{punto}'>"
        "<p><a href='https://drive.example.pe/(7)'>Evidencia</a></p>"
        "<table><thead><tr><th>Año</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
        "</body></html>"
    )
    from weasyprint import HTML

    parte = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    salida = io.BytesIO()
    union = Union(salida)
    union.agregar(io.BytesIO(parte))
    union.agregar(io.BytesIO(parte))
    union.cerrar("Prueba")
    lector = PdfReader(io.BytesIO(salida.getvalue()))
    assert [m.title for m in lector.outline] == ["Ñandú (5 0 R)"] * 2
    figuras = [str(e["/Alt"]) for e in elementos(lector) if e["/S"] == "/Figure"]
    assert figuras == ["Foto 12 0 R (de) 3 0 R\\"] * 2
    direcciones = [a.get_object()["/A"]["/URI"] for p in lector.pages for a in p.get("/Annots", [])]
    assert direcciones == ["https://drive.example.pe/(7)"] * 2
    assert arbol_consistente(lector) == 2
    encabezados = [str(e["/ID"]) for e in elementos(lector) if e["/S"] == "/TH"]
    assert [h.split("-")[0] for h in encabezados] == ["p1", "p2"]
    celdas = [e["/A"]["/Headers"] for e in elementos(lector) if e["/S"] == "/TD"]
    assert [[str(h) for h in c] for c in celdas] == [[h] for h in encabezados]


def _png() -> bytes:
    from PIL import Image

    salida = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(salida, "PNG")
    return salida.getvalue()


def test_una_parte_reservada_sin_saber_sus_paginas():
    """A place kept without its number of pages (a table of contents laid out at the end): the
    pages after it are placed when the union is closed, with their numbers and bookmarks."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    def numeracion(numeros):
        html = render_to_string("exportaciones/numeracion.html", {"numeros": numeros, "total": 4})
        return HTML(string=html).write_pdf()

    salida = io.BytesIO()
    union = Union(salida, numeracion)
    lugar = union.reservar()
    union.agregar(io.BytesIO(_pdf("Tercera")))
    union.agregar(io.BytesIO(_pdf("Cuarta")))
    dos = HTML(string="<html lang='es'><h1>Primera</h1><h1 style='break-before: page'>Segunda</h1></html>")
    union.agregar(io.BytesIO(dos.write_pdf(pdf_variant="pdf/ua-1")), lugar)
    with pytest.raises(ValueError, match="already added"):
        union.agregar(io.BytesIO(_pdf("Otra")), lugar)
    union.cerrar("Prueba")
    lector = PdfReader(io.BytesIO(salida.getvalue()))
    textos = [p.extract_text() for p in lector.pages]
    assert [t.split()[0] for t in textos] == ["Primera", "Segunda", "Tercera", "Cuarta"]
    for n, texto in enumerate(textos, start=1):
        assert f"Página {n} de 4" in texto
    assert [(m.title, lector.get_destination_page_number(m)) for m in lector.outline] == [
        ("Primera", 0),
        ("Segunda", 1),
        ("Tercera", 2),
        ("Cuarta", 3),
    ]


def test_una_parte_reservada_que_no_llega_es_un_error():
    union = Union(io.BytesIO())
    union.reservar(2)
    union.agregar(io.BytesIO(_pdf("Sola")))
    with pytest.raises(ValueError, match="never added"):
        union.cerrar("Prueba")


def test_dos_maquetaciones_a_la_vez():
    """lanzar returns at once: two children run together, each result comes back to its waiter."""
    import os

    a, b = lanzar(sorted, [3, 1, 2]), lanzar(os.getpid)
    assert b.esperar() != os.getpid() and a.esperar() == [1, 2, 3]
    with pytest.raises(RuntimeError, match="already waited"):
        a.esperar()
