"""The calendar editor: named stages with their months inside the period, grades per school level,
the one-tap shortcuts (what they check is what is saved), stages that move with their cells and
visits, the migration that built the stages, and planned versus visited cells on the plan page."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cuentas.models import Rol
from monitoreo import services
from monitoreo.models import Celda, Etapa, PlanMonitoreo, Visita
from tests.factories import usuario_con


def lista_etapas(filas: list[dict]) -> dict:
    """The POST of the stage list: management form and rows (meses as several values)."""
    datos = {"etapas-TOTAL_FORMS": str(len(filas)), "etapas-INITIAL_FORMS": "0"}
    for n, fila in enumerate(filas):
        for campo, valor in fila.items():
            datos[f"etapas-{n}-{campo}"] = [str(v) for v in valor] if isinstance(valor, list) else str(valor)
    return datos


def datos(etapas: list[dict], celdas=(), **cambios) -> dict:
    return {
        "anio": "2024",
        "titulo": "Buscando la excelencia docente",
        "mes_inicio": "3",
        "mes_fin": "12",
        **lista_etapas(etapas),
        **dict.fromkeys(celdas, "on"),
        **cambios,
    }


class Casillas(HTMLParser):
    """The grid's checkboxes: name, stage key, grade, month, checked, disabled, label."""

    def __init__(self):
        super().__init__()
        self.etapa = self.grado = None
        self.casillas = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tbody" and "data-etapa" in a:
            self.etapa = a["data-etapa"]
        elif tag == "tr" and "data-grado" in a:
            self.grado = int(a["data-grado"])
        elif tag == "input" and (a.get("name") or "").startswith("c-"):
            self.casillas.append(
                {
                    "nombre": a["name"],
                    "etapa": self.etapa,
                    "grado": self.grado,
                    "mes": int(a["data-mes"]),
                    "marcada": "checked" in a,
                    "activa": "disabled" not in a,
                    "etiqueta": a.get("aria-label"),
                }
            )


def casillas(html: str) -> list[dict]:
    lector = Casillas()
    lector.feed(html)
    return lector.casillas


def atajo(html: str, etapa: str, grado: int | None = None, mes: int | None = None) -> list[str]:
    """What static/js/calendario.js checks for a shortcut: the enabled cells of the stage (and of the
    grade's row, or the month's column)."""
    return [
        c["nombre"]
        for c in casillas(html)
        if c["etapa"] == etapa
        and c["activa"]
        and (grado is None or c["grado"] == grado)
        and (mes is None or c["mes"] == mes)
    ]


@pytest.fixture
def plan(mundo):
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")
    Etapa.objects.create(plan=plan, orden=1, nombre="Primera visita", meses=[4, 5, 6])
    Etapa.objects.create(plan=plan, orden=2, nombre="Segunda visita", meses=[8, 9])
    return plan


def filas_guardadas(plan) -> list[dict]:
    return [{"id": e.pk, "nombre": e.nombre, "meses": e.meses} for e in plan.etapas_del_plan.all()]


def celdas_de(plan) -> set:
    return set(plan.celdas.values_list("etapa", "grado", "mes"))


def test_los_atajos_guardan_las_celdas_correctas(mundo, client, plan):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    html = client.get(url).content.decode()
    e1, e2 = (f"e{e.pk}" for e in plan.etapas_del_plan.all())
    # Every cell is a labelled checkbox; only the stage's months can be marked.
    todas = casillas(html)
    assert {c["etiqueta"] for c in todas} >= {
        "Etapa 1, Tercer grado, abril",
        "Etapa 2, Sexto grado, setiembre",
    }
    assert {c["mes"] for c in todas if c["etapa"] == e2 and c["activa"]} == {8, 9}
    assert 'data-atajo="etapa"' in html and 'data-atajo="fila"' in html and 'data-atajo="mes"' in html

    # The whole stage 1 (6 grades × 3 months), grade 3 across stage 2, and May... of stage 2: none.
    marcadas = atajo(html, e1) + atajo(html, e2, grado=3) + atajo(html, e2, mes=5)
    respuesta = client.post(url, datos(filas_guardadas(plan), marcadas, version=plan.version))
    assert respuesta.status_code == 302
    esperado = {(1, g, m) for g in range(1, 7) for m in (4, 5, 6)} | {(2, 3, 8), (2, 3, 9)}
    assert celdas_de(plan) == esperado

    # The month shortcut: August for every grade of stage 2; unmarking stage 1 clears it.
    plan.refresh_from_db()
    html = client.get(url).content.decode()
    marcadas = atajo(html, e2, mes=8) + atajo(html, e2, grado=3)
    client.post(url, datos(filas_guardadas(plan), marcadas, version=plan.version))
    assert celdas_de(plan) == {(2, g, 8) for g in range(1, 7)} | {(2, 3, 9)}


def test_una_etapa_nueva_y_sus_celdas_en_un_envio(mundo, client):
    client.force_login(mundo["director"])
    etapas = [
        {"clave": "n1", "nombre": "Diagnóstico", "meses": [3]},
        {"clave": "nabc", "nombre": "Primera visita", "meses": [4, 5]},
    ]
    respuesta = client.post("/monitoreo/planes/nuevo/", datos(etapas, ["c-nabc-2-5", "c-n1-1-3"]))
    assert respuesta.status_code == 302
    plan = PlanMonitoreo.objects.get()
    assert [(e.orden, e.nombre, e.meses) for e in plan.etapas_del_plan.all()] == [
        (1, "Diagnóstico", [3]),
        (2, "Primera visita", [4, 5]),
    ]
    assert celdas_de(plan) == {(1, 1, 3), (2, 2, 5)}


def test_un_mes_fuera_del_periodo_se_rechaza_junto_al_campo(mundo, client, plan):
    client.force_login(mundo["director"])
    filas = filas_guardadas(plan)
    filas[1]["meses"] = [9, 11]
    respuesta = client.post(
        f"/monitoreo/planes/{plan.pk}/editar/",
        datos(filas, mes_inicio="4", mes_fin="10", version=plan.version),
    )
    assert respuesta.status_code == 200
    errores = respuesta.context["etapas"].forms[1].errors["meses"]
    assert errores == [
        "Noviembre queda fuera del periodo del plan (abril a octubre): cambia el periodo o quita ese mes "
        "de la etapa."
    ]
    html = respuesta.content.decode()
    # Next to the field: inside the second stage's row, after its months.
    fila = html[html.index('id="id_etapas-1-meses_0"') :]
    assert fila.index("Noviembre queda fuera del periodo") < fila.index("data-fila")
    plan.refresh_from_db()
    assert plan.mes_fin == 12 and plan.etapas_del_plan.get(orden=2).meses == [8, 9]


def test_una_etapa_sin_meses_se_explica(mundo, client, plan):
    client.force_login(mundo["director"])
    filas = filas_guardadas(plan)
    filas[0]["meses"] = []
    respuesta = client.post(f"/monitoreo/planes/{plan.pk}/editar/", datos(filas, version=plan.version))
    assert respuesta.context["etapas"].forms[0].errors["meses"] == [
        "Marca al menos un mes de la etapa, o quita la etapa."
    ]


def test_una_celda_fuera_de_los_meses_de_su_etapa(mundo, client, plan):
    client.force_login(mundo["director"])
    e1 = plan.etapas_del_plan.get(orden=1)
    respuesta = client.post(
        f"/monitoreo/planes/{plan.pk}/editar/",
        datos(filas_guardadas(plan), [f"c-e{e1.pk}-1-9"], version=plan.version),
    )
    assert respuesta.status_code == 200
    assert "La etapa 1 marca setiembre, que no está entre sus meses" in respuesta.content.decode()
    assert not plan.celdas.exists()


def test_subir_una_etapa_lleva_sus_celdas_y_sus_visitas(mundo, client, plan):
    e1, e2 = plan.etapas_del_plan.all()
    Celda.objects.create(plan=plan, etapa=1, grado=1, mes=4)
    Celda.objects.create(plan=plan, etapa=2, grado=2, mes=8)
    visita = Visita.objects.create(plan=plan, docente="Ana", grado=2, etapa=2, fecha=date(2024, 8, 7))
    client.force_login(mundo["director"])
    filas = filas_guardadas(plan)[::-1]
    respuesta = client.post(
        f"/monitoreo/planes/{plan.pk}/editar/",
        datos(filas, [f"c-e{e1.pk}-1-4", f"c-e{e2.pk}-2-8"], version=plan.version),
    )
    assert respuesta.status_code == 302
    assert [e.nombre for e in plan.etapas_del_plan.all()] == ["Segunda visita", "Primera visita"]
    assert celdas_de(plan) == {(2, 1, 4), (1, 2, 8)}
    visita.refresh_from_db()
    assert visita.etapa == 1


def test_no_se_quita_una_etapa_con_visitas(mundo, client, plan):
    Visita.objects.create(plan=plan, docente="Ana", grado=2, etapa=2, fecha=date(2024, 8, 7))
    client.force_login(mundo["director"])
    respuesta = client.post(
        f"/monitoreo/planes/{plan.pk}/editar/", datos(filas_guardadas(plan)[:1], version=plan.version)
    )
    assert respuesta.status_code == 200
    assert "La etapa 2 tiene visitas registradas" in respuesta.content.decode()
    assert plan.etapas_del_plan.count() == 2


def test_quitar_una_etapa_sin_visitas_quita_sus_celdas(mundo, client, plan):
    Celda.objects.create(plan=plan, etapa=1, grado=1, mes=4)
    Celda.objects.create(plan=plan, etapa=2, grado=2, mes=8)
    client.force_login(mundo["director"])
    e2 = plan.etapas_del_plan.get(orden=2)
    respuesta = client.post(
        f"/monitoreo/planes/{plan.pk}/editar/",
        datos(filas_guardadas(plan)[1:], [f"c-e{e2.pk}-2-8"], version=plan.version),
    )
    assert respuesta.status_code == 302
    assert [(e.orden, e.nombre) for e in plan.etapas_del_plan.all()] == [(1, "Segunda visita")]
    assert celdas_de(plan) == {(1, 2, 8)}


@pytest.mark.parametrize(
    "modalidad, aulas, grados",
    [
        ("ebr_inicial", "", ["3 años", "4 años", "5 años"]),
        ("ebr_inicial", "Aula Los Patitos\nAula Las Estrellas", ["Aula Los Patitos", "Aula Las Estrellas"]),
        (
            "ebr_primaria",
            "",
            ["Primer grado", "Segundo grado", "Tercer grado", "Cuarto grado", "Quinto grado", "Sexto grado"],
        ),
        (
            "ebr_secundaria",
            "",
            ["Primer grado", "Segundo grado", "Tercer grado", "Cuarto grado", "Quinto grado"],
        ),
    ],
)
def test_los_grados_del_nivel_de_la_institucion(mundo, client, plan, modalidad, aulas, grados):
    institucion = mundo["inst_a1a"]
    institucion.modalidad = modalidad
    institucion.save()
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    e1 = plan.etapas_del_plan.get(orden=1)
    # Every grade of the level in one stage and month, plus a grade the level does not have.
    todas = [f"c-e{e1.pk}-{g}-4" for g in range(1, 7)]
    respuesta = client.post(url, datos(filas_guardadas(plan), todas, aulas=aulas, version=plan.version))
    assert respuesta.status_code == 302
    plan.refresh_from_db()
    assert [nombre for _g, nombre in plan.grados()] == grados
    html = client.get(url).content.decode()
    filas = [c for c in casillas(html) if c["etapa"] == f"e{e1.pk}" and c["mes"] == 4]
    assert [c["etiqueta"] for c in filas] == [f"Etapa 1, {g}, abril" for g in grados]
    assert all(c["marcada"] for c in filas)
    valores = {g for g, _n in plan.grados()}
    assert celdas_de(plan) == {(1, g, 4) for g in valores}
    assert ("Aulas que acompañas" in html) is (modalidad == "ebr_inicial")
    # The visit form offers the same grades, and the stage by its name and months.
    plan.etapas_del_plan.filter(orden=1).update(nombre="Diagnóstico")
    visita = client.get(f"/monitoreo/planes/{plan.pk}/visitas/nueva/").content.decode()
    opciones = re.findall(
        r'<option value="(\d+)"[^>]*>([^<]*)</option>', visita.split('name="grado"')[1].split("</select>")[0]
    )
    assert [nombre for _v, nombre in opciones] == grados
    assert "Diagnóstico (abril" in visita


def test_la_migracion_arma_las_etapas_sin_perder_celdas(mundo):
    """monitoreo/migrations/0008: stages 1..n from the cells (and visits), with their cells' months."""
    migracion = __import__(
        "monitoreo.migrations.0009_etapas_con_nombre_y_grados_por_nivel",
        fromlist=["etapas_desde_el_calendario"],
    )
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")
    otro = PlanMonitoreo.objects.create(institucion=mundo["inst_a1b"], anio=2024, titulo="Sin calendario")
    vacio = PlanMonitoreo.objects.create(institucion=mundo["inst_a2"], anio=2024, titulo="Vacío")
    celdas = {(1, 1, 4), (1, 2, 5), (3, 6, 12), (3, 6, 11)}
    Celda.objects.bulk_create(Celda(plan=plan, etapa=e, grado=g, mes=m) for e, g, m in celdas)
    Visita.objects.create(plan=otro, docente="Ana", grado=1, etapa=2, fecha=date(2024, 5, 2))
    migracion.etapas_desde_el_calendario(apps, None)
    assert [(e.orden, e.meses) for e in plan.etapas_del_plan.all()] == [(1, [4, 5]), (2, []), (3, [11, 12])]
    assert celdas_de(plan) == celdas
    assert [(e.orden, e.meses) for e in otro.etapas_del_plan.all()] == [(1, []), (2, [])]
    assert not vacio.etapas_del_plan.exists()


def test_la_pagina_del_plan_muestra_lo_visitado(mundo, client, plan):
    for grado in (1, 2):
        for mes in (4, 5):
            Celda.objects.create(plan=plan, etapa=1, grado=grado, mes=mes)
    Visita.objects.create(plan=plan, docente="Ana", grado=1, etapa=1, fecha=date(2024, 4, 18))
    Visita.objects.create(
        plan=plan, docente="Luis", grado=3, etapa=1, fecha=date(2024, 6, 3), planificada=False
    )
    plan = PlanMonitoreo.objects.prefetch_related("etapas_del_plan", "celdas", "visitas").get(pk=plan.pk)
    calendario = plan.calendario_con_visitas()
    assert [(e["etapa"], e["nombre"]) for e in calendario] == [(1, "Primera visita")]
    estado = {
        (g["nombre"], c["mes"]): (
            "hecho" if c["planeada"] and c["visitas"] else "plan" if c["planeada"] else "fuera"
        )
        for g in calendario[0]["grados"]
        for c in g["celdas"]
        if c["planeada"] or c["visitas"]
    }
    assert estado == {
        ("Primer grado", 4): "hecho",
        ("Primer grado", 5): "plan",
        ("Segundo grado", 4): "plan",
        ("Segundo grado", 5): "plan",
        ("Tercer grado", 6): "fuera",
    }
    client.force_login(mundo["ugel"])
    html = client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()
    seccion = html[html.index('id="t-calendario"') : html.index('id="t-visitas"')]
    assert seccion.count('<td class="hecho"') == 1 and seccion.count('<td class="marcado"') == 3
    assert seccion.count('<td class="fuera-plan"') == 1
    assert 'role="region"' in seccion and 'tabindex="0"' in seccion
    assert "Primera visita" in seccion


def test_copiar_el_plan_copia_sus_etapas(mundo, plan):
    Celda.objects.create(plan=plan, etapa=2, grado=3, mes=8)
    copia = services.plan_copiar(plan=plan, usuario=mundo["director"])
    assert [(e.orden, e.nombre, e.meses) for e in copia.etapas_del_plan.all()] == [
        (1, "Primera visita", [4, 5, 6]),
        (2, "Segunda visita", [8, 9]),
    ]
    assert celdas_de(copia) == {(2, 3, 8)}


def test_la_version_sigue_protegiendo_el_plan(mundo, client, plan):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    viejo = plan.version
    assert (
        client.post(url, datos(filas_guardadas(plan), titulo="Primera pestaña", version=viejo)).status_code
        == 302
    )
    otra = filas_guardadas(plan)
    otra[0]["nombre"] = "Cambiada en la otra pestaña"
    respuesta = client.post(url, datos(otra, titulo="Segunda pestaña", version=viejo))
    assert respuesta.status_code == 409
    assert "Cambiada en la otra pestaña" in respuesta.content.decode()  # what it typed stays
    assert plan.etapas_del_plan.get(orden=1).nombre == "Primera visita"


@pytest.mark.parametrize(
    "rol, lectura, escritura", [("director_otro", 404, 404), ("ugel", 200, 403), ("dre", 200, 403)]
)
def test_alcance_del_editor(mundo, client, plan, rol, lectura, escritura):
    usuario = mundo[rol] if rol in mundo else usuario_con(Rol.DIRECTOR, mundo["inst_a1b"])
    client.force_login(usuario)
    assert client.get(f"/monitoreo/planes/{plan.pk}/").status_code == lectura
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    assert client.get(url).status_code == escritura
    assert client.post(url, datos(filas_guardadas(plan)[:1], version=plan.version)).status_code == escritura
    assert plan.etapas_del_plan.count() == 2


@pytest.mark.parametrize("n", [2, 10])
def test_consultas_acotadas_con_muchas_etapas(mundo, client, n):
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")
    for orden in range(1, n + 1):
        Etapa.objects.create(plan=plan, orden=orden, meses=[3 + (orden % 10)])
        Celda.objects.create(plan=plan, etapa=orden, grado=1, mes=3 + (orden % 10))
        Visita.objects.create(
            plan=plan, docente="Ana", grado=1, etapa=orden, fecha=date(2024, 3 + (orden % 10), 2)
        )
    client.force_login(mundo["director"])
    with CaptureQueriesContext(connection) as pagina:
        assert client.get(f"/monitoreo/planes/{plan.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as editor:
        assert client.get(f"/monitoreo/planes/{plan.pk}/editar/").status_code == 200
    # Measured: the same with 2 or 10 stages (the page also reads the visits' levels and the year's
    # rubrics: two more, whatever their number).
    assert len(pagina) <= 13 and len(editor) <= 10
