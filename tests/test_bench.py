"""The national bench's helpers (bench/nacional.py, bench/correr.py), at a tiny size, untimed."""

import pytest

import historial
from bench import correr, nacional
from practicas.models import Estrategia, Fase
from tests.factories import BuenaPracticaFactory


def test_formulario_lo_que_enviaria_el_navegador():
    pagina = """
    <form id="otro"><input name="fuera" value="x"></form>
    <form id="form-matriz">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input name="version" value="7">
      <input type="checkbox" name="marcada" checked><input type="checkbox" name="sin_marcar">
      <input name="apagado" value="no" disabled>
      <input type="submit" name="boton" value="Guardar">
      <textarea name="f-0-acciones">
Primera línea &amp; más</textarea>
      <select name="categoria">
        <option value="">---</option><option value="3" selected>Conectividad</option>
      </select>
      <select name="sin_eleccion"><option value="a">A</option><option value="b">B</option></select>
    </form>"""
    assert correr.Formulario.de(pagina, "form-matriz") == {
        "csrfmiddlewaretoken": "tok",
        "version": "7",
        "marcada": "on",
        "f-0-acciones": "Primera línea & más",
        "categoria": "3",
        "sin_eleccion": "a",
    }


def test_diferencia_de_cpu_suma_procesos_nuevos_y_separa_python_de_postgresql():
    antes = {("py", 1): 1_000_000, ("pg", 9): 5_000_000}
    despues = {("py", 1): 4_000_000, ("py", 2): 2_000_000, ("pg", 9): 6_000_000}
    assert correr.Contador.diferencia(antes, despues) == (5.0, 1.0)


def test_tabla_razones_a_la_vista_minima_y_a_la_pagina_vacia():
    def fila(nombre, cpu, p95):
        return {
            "nombre": nombre,
            "secuencial": {"cpu": cpu, "py": cpu - 1, "pg": 1.0},
            "wrk": {"rps": 10.0, "p50": 1.0, "p95": p95, "errores": 0},
        }

    texto = correr.tabla(
        [
            fila("vista mínima (/salud/)", 2.0, 10.0),
            fila("vacía, con sesión", 8.0, 50.0),
            fila("x", 24.0, 200.0),
        ]
    )
    ultima = texto.splitlines()[-1].split()
    assert ultima[-3:] == ["12.0×", "3.0×", "4.0×"]


def test_rondas_dan_la_mediana_y_la_razon_al_piso_medido_justo_despues():
    rondas = [
        {"n": 10, "cpu": 9.0, "py": 7.0, "pg": 2.0, "estados": {200: 10}, "piso": 3.0},
        {"n": 12, "cpu": 12.0, "py": 9.0, "pg": 3.0, "estados": {200: 11, 500: 1}, "piso": 3.0},
        # the machine slower for a while: the page and its floor alike
        {"n": 8, "cpu": 20.0, "py": 16.0, "pg": 4.0, "estados": {200: 8}, "piso": 5.0},
    ]
    resumen = correr.resumen_de_rondas(rondas, es_piso=False)
    assert (resumen["n"], resumen["cpu"], resumen["py"], resumen["pg"]) == (30, 12.0, 9.0, 3.0)
    assert resumen["estados"] == {200: 29, 500: 1}
    assert (resumen["razon"], resumen["razon_min"], resumen["razon_max"]) == (4.0, 3.0, 4.0)
    assert "razon" not in correr.resumen_de_rondas([{**r, "piso": None} for r in rondas], es_piso=True)

    def fila(nombre, secuencial):
        return {
            "nombre": nombre,
            "secuencial": secuencial,
            "wrk": {"rps": 1.0, "p50": 1.0, "p95": 9.0, "errores": 0},
        }

    texto = correr.tabla(
        [
            fila("vista mínima (/salud/)", {"cpu": 1.0, "py": 1.0, "pg": 0.0}),
            fila("vacía, con sesión", {"cpu": 2.0, "py": 1.5, "pg": 0.5}),
            fila("página", resumen),
        ]
    )
    # the ratio of the rounds (4.0), not the medians' (12 / 2 = 6.0), and its range
    assert texto.splitlines()[-1].split()[-3:] == ["4.0×", "3.0–4.0", "1.0×"]


def test_estados_de_las_matrices_mezclados_el_anio_abierto_y_casi_todas_aprobadas_antes():
    abiertos = [nacional._estado(nacional.ANIO_ABIERTO, n) for n in range(2000)]
    cerrados = [nacional._estado(2023, n) for n in range(2000)]
    assert set(abiertos) == {"sin_iniciar", "borrador", "enviada", "observada", "aprobada"}
    assert 0.15 < abiertos.count("aprobada") / 2000 < 0.3
    assert cerrados.count("aprobada") / 2000 > 0.8
    assert nacional._estado(2023, 5) == nacional._estado(2023, 5)  # the same database every build


@pytest.mark.django_db
def test_clonar_copia_las_filas_bajo_los_nuevos_padres_con_su_fase():
    plantilla = BuenaPracticaFactory()
    fase = Fase.objects.create(practica=plantilla, orden=1, nombre="Diagnóstico")
    Estrategia.objects.create(practica=plantilla, orden=1, descripcion="Suelta")
    Estrategia.objects.create(practica=plantilla, fase=fase, orden=1, descripcion="En la fase")
    nuevas = [BuenaPracticaFactory(), BuenaPracticaFactory()]
    pares = [(p.pk, plantilla.pk) for p in nuevas]

    fases = nacional.clonar(Fase, "practica", pares, nacional._plantillas(Fase, "practica", [plantilla.pk]))
    fase_de = {f.practica_id: f.pk for f in fases}

    def con_fase(obj, nuevo, _i):
        if obj.fase_id:
            obj.fase_id = fase_de[nuevo]

    nacional.clonar(
        Estrategia, "practica", pares, nacional._plantillas(Estrategia, "practica", [plantilla.pk]), con_fase
    )
    for p in nuevas:
        copias = {e.descripcion: e for e in Estrategia.objects.filter(practica=p)}
        assert set(copias) == {"Suelta", "En la fase"}
        assert copias["Suelta"].fase_id is None
        assert copias["En la fase"].fase.practica_id == p.pk
    assert Estrategia.objects.filter(practica=plantilla).count() == 2  # the template untouched


@pytest.mark.django_db
def test_sin_disparadores_no_se_escribe_historial_y_al_volver_si():
    assert nacional.disparadores(False) > 0
    try:
        callada = BuenaPracticaFactory()
    finally:
        nacional.disparadores(True)
    contada = BuenaPracticaFactory()
    assert historial.entradas(callada) == []
    assert historial.entradas(contada) != []


def test_razones_del_xlsx_a_la_referencia_de_la_misma_ronda():
    from bench import exportar_campana

    exportacion = [
        {"segundos": 4.0, "cpu": 4.0},
        {"segundos": 6.0, "cpu": 5.5},
        {"segundos": 4.4, "cpu": 4.2},
    ]
    # the second round on a slower machine: both sides alike
    referencia = [{"segundos": 4.0, "cpu": 4.0}, {"segundos": 6.0, "cpu": 5.0}, {"segundos": 4.0, "cpu": 4.0}]
    (t, t_min, t_max), (c, c_min, c_max) = exportar_campana.razones(exportacion, referencia)
    assert (t, t_min, t_max) == (1.0, 1.0, 1.1)  # not the medians' ratio, 4.4 / 4.0
    assert (c, c_min, c_max) == (1.05, 1.0, 1.1)
    with pytest.raises(ValueError):  # one reference per round
        exportar_campana.razones(exportacion, referencia[:2])
