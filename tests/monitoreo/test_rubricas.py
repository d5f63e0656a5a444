"""The rubrics as a list by year (five today, six in 2017), the levels moved into observations
without loss, strengths and aspects to improve in the visit and its exports, each teacher's chart,
what is pending this month, the plan PDF's progress and visits, and the coverage page's year."""

import io
import uuid
from datetime import date

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from monitoreo.models import Celda, Docente, Observacion, PlanMonitoreo, Rubrica, Visita
from tests.balance.test_exports import descargar, libro
from tests.factories import InstitucionFactory
from tests.monitoreo.niveles import niveles_de, visita_con

CINCO = [
    "Involucra activamente a los estudiantes en el proceso de aprendizaje",
    "Promueve el razonamiento, la creatividad y/o el pensamiento crítico",
    "Evalúa el progreso de los aprendizajes para retroalimentar a los estudiantes y adecuar su enseñanza",
    "Propicia un ambiente de respeto y proximidad",
    "Regula positivamente el comportamiento de los estudiantes",
]
TIEMPO = "Maximiza el tiempo dedicado al aprendizaje"
DIA = date(2024, 5, 20)  # "today" in the tests that need one: a month of the 2024 plan's calendar


def texto_pypdf(contenido: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages).split())


@pytest.fixture
def hoy(monkeypatch):
    """Today is DIA (the pending month, the visit form's "not in the future")."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DIA)
    return DIA


def plan_de(institucion, anio=2024, **kwargs):
    plan = PlanMonitoreo.objects.create(institucion=institucion, anio=anio, titulo="Plan", **kwargs)
    for grado in (1, 2):
        for mes in (4, 5):
            Celda.objects.create(plan=plan, etapa=1, grado=grado, mes=mes)
        Celda.objects.create(plan=plan, etapa=2, grado=grado, mes=8)
    return plan


@pytest.fixture
def plan(mundo):
    return plan_de(mundo["inst_a1a"])


def formulario(**cambios):
    return {
        "token": str(uuid.uuid4()),
        "fecha": "2024-04-18",
        "tipo": "monitoreo",
        "etapa": "",
        "grado": "1",
        "profesor": "",
        "docente": "Ana Pérez",
        "rubrica_1": "3",
        "notas": "",
        "fortalezas": "",
        "aspectos_mejorar": "",
        "compromisos": "",
        **cambios,
    }


def nueva(plan):
    return f"/monitoreo/planes/{plan.pk}/visitas/nueva/"


# --- the list by year -------------------------------------------------------------------------------


def test_cinco_rubricas_en_2024_y_seis_en_2017(db):
    assert [r.nombre for r in Rubrica.objects.del_anio(2024)] == CINCO
    seis = [r.nombre for r in Rubrica.objects.del_anio(2017)]
    assert seis == [CINCO[0], TIEMPO, *CINCO[1:]]  # the 2017 manual's order: «maximiza» second
    assert len(Rubrica.objects.del_anio(2018)) == 6 and len(Rubrica.objects.del_anio(2019)) == 5
    assert all(r.descriptores()[4] for r in Rubrica.objects.all())  # every level described


def test_el_formulario_de_2017_trae_seis_rubricas_con_sus_descriptores(mundo, client):
    plan_2017 = plan_de(mundo["inst_a1a"], anio=2017)
    client.force_login(mundo["director"])
    form = client.get(nueva(plan_2017)).context["form"]
    assert [campo.label for campo, _opciones in form.rubricas()] == [CINCO[0], TIEMPO, *CINCO[1:]]
    html = client.get(nueva(plan_2017)).content.decode()
    tiempo = Rubrica.objects.get(nombre=TIEMPO)
    # Each level I–IV shows what it means, next to its radio.
    assert 'for="id_rubrica_2_4"' in html and tiempo.nivel_4 in html and tiempo.nivel_1 in html

    html_2024 = client.get(nueva(plan_de(mundo["inst_a1a"], anio=2024))).content.decode()
    assert TIEMPO not in html_2024 and "id_rubrica_5_1" in html_2024 and "id_rubrica_6_1" not in html_2024
    assert "Además, toma en cuenta la perspectiva de los estudiantes." in html_2024  # R4, level IV


def test_una_visita_de_2017_observa_la_rubrica_del_tiempo(mundo, client):
    plan_2017 = plan_de(mundo["inst_a1a"], anio=2017)
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan_2017), formulario(fecha="2017-04-18", rubrica_1="", rubrica_2="4"))
    assert respuesta.status_code == 302
    visita = Visita.objects.get()
    assert [(o.rubrica.nombre, o.nivel) for o in visita.observaciones.all()] == [(TIEMPO, 4)]
    assert niveles_de(visita) == [None, 4, None, None, None, None]


@pytest.mark.parametrize("nivel", ["5", "0", "IV", "-1"])
def test_un_nivel_fuera_de_i_a_iv_se_rechaza_en_su_campo(mundo, client, plan, nivel):
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan), formulario(rubrica_3=nivel))
    assert respuesta.status_code == 200
    assert respuesta.context["form"].errors["rubrica_3"] == ["Elige una de las opciones de la lista."]
    assert not Visita.objects.exists()


def test_al_menos_una_rubrica_observada(mundo, client, plan):
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan), formulario(rubrica_1=""))
    assert "Marca el nivel de al menos una rúbrica" in respuesta.content.decode()
    assert not Visita.objects.exists()


def test_la_base_tambien_rechaza_un_nivel_fuera_de_i_a_iv(mundo, plan):
    visita = Visita.objects.create(plan=plan, docente="D", grado=1, etapa=1, fecha=date(2024, 4, 2))
    with pytest.raises(IntegrityError):
        Observacion.objects.create(visita=visita, rubrica=Rubrica.objects.first(), nivel=5)


def test_solo_el_administrador_edita_las_rubricas(mundo, client):
    url = "/admin/monitoreo/rubrica/"
    client.force_login(mundo["admin"])
    assert client.get(url).status_code == 200
    rubrica = Rubrica.objects.get(nombre=TIEMPO)
    cambio = client.get(f"{url}{rubrica.pk}/change/")
    assert cambio.status_code == 200 and "vigente hasta el año" in cambio.content.decode().lower()
    for rol, estado in (("difoca", 403), ("ugel", 302), ("director", 302)):
        client.force_login(mundo[rol])
        assert client.get(url).status_code == estado, rol
        assert client.post(f"{url}{rubrica.pk}/change/", {"nombre": "Otra"}).status_code == estado, rol
    assert Rubrica.objects.get(pk=rubrica.pk).nombre == TIEMPO


# --- the migration ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_la_migracion_pasa_los_niveles_sin_perder_ninguno(mundo):
    antes, despues = [("monitoreo", "0007_plan_completo")], [("monitoreo", "0008_rubricas_por_anio")]
    executor = MigrationExecutor(connection)
    executor.migrate(antes)
    viejas = executor.loader.project_state(antes).apps
    Plan, VisitaVieja = (
        viejas.get_model("monitoreo", "PlanMonitoreo"),
        viejas.get_model("monitoreo", "Visita"),
    )
    plan = Plan.objects.create(institucion_id=mundo["inst_a1a"].pk, anio=2024, titulo="Plan")
    Celda_ = viejas.get_model("monitoreo", "Celda")
    Celda_.objects.create(plan=plan, etapa=1, grado=1, mes=4)
    niveles = {
        "a": {"rubrica_1": 3, "rubrica_2": None, "rubrica_3": 1, "rubrica_4": 4, "rubrica_5": 2},
        "b": {"rubrica_1": None, "rubrica_2": None, "rubrica_3": None, "rubrica_4": None, "rubrica_5": 4},
    }
    pks = {
        clave: VisitaVieja.objects.create(
            plan=plan, docente=clave, grado=1, etapa=1, fecha=date(2024, 4, 2), **campos
        ).pk
        for clave, campos in niveles.items()
    }

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(despues)

    assert niveles_de(Visita.objects.get(pk=pks["a"])) == [3, None, 1, 4, 2]
    assert niveles_de(Visita.objects.get(pk=pks["b"])) == [None, None, None, None, 4]
    assert Observacion.objects.count() == 5
    assert Rubrica.objects.count() == 6


# --- strengths and aspects to improve ---------------------------------------------------------------


def test_fortalezas_y_aspectos_a_mejorar_ida_y_vuelta(mundo, client, plan, hoy):
    client.force_login(mundo["director"])
    datos = formulario(
        fortalezas="Buen clima de aula.\nPreguntas abiertas.",
        aspectos_mejorar="Cerrar la sesión con una metacognición.",
        compromisos="Usar los cuadernos de trabajo.",
        notas="Sesión de matemática.",
        tipo="acompanamiento",
    )
    assert client.post(nueva(plan), datos).status_code == 302
    visita = Visita.objects.get()
    assert visita.fortalezas == "Buen clima de aula.\nPreguntas abiertas."
    assert visita.aspectos_mejorar == "Cerrar la sesión con una metacognición."

    editar = f"/monitoreo/planes/{plan.pk}/visitas/{visita.pk}/editar/"
    form = client.get(editar).context["form"]
    assert form["fortalezas"].value() == visita.fortalezas
    assert form["aspectos_mejorar"].value() == visita.aspectos_mejorar
    assert form["rubrica_1"].value() == 3  # the level, from its observation

    respuesta = client.post(
        editar,
        {**datos, "profesor": str(visita.profesor_id), "docente": "", "aspectos_mejorar": "Dar más tiempo."},
    )
    assert respuesta.status_code == 302
    visita.refresh_from_db()
    assert visita.aspectos_mejorar == "Dar más tiempo." and niveles_de(visita) == [3, None, None, None, None]

    html = client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()
    for texto in ("Fortalezas observadas", "Preguntas abiertas.", "Aspectos a mejorar", "Dar más tiempo."):
        assert texto in html, texto

    ws = libro(descargar(client, "monitoreo.visitas_xlsx", plan=plan.pk))["Visitas"]
    filas = list(ws.values)
    encabezado, fila = filas[5], filas[6]
    columna = {titulo: n for n, titulo in enumerate(encabezado)}
    assert fila[columna["Fortalezas observadas"]] == "Buen clima de aula.\nPreguntas abiertas."
    assert fila[columna["Aspectos a mejorar"]] == "Dar más tiempo."
    assert fila[columna["Compromisos asumidos"]] == "Usar los cuadernos de trabajo."

    texto = texto_pypdf(descargar(client, "monitoreo.plan_pdf", plan=plan.pk))
    assert "Fortalezas observadas: Buen clima de aula." in texto
    assert "Aspectos a mejorar: Dar más tiempo." in texto
    assert "Compromisos asumidos: Usar los cuadernos de trabajo." in texto


# --- progress: per teacher, this month, in the PDF --------------------------------------------------


@pytest.fixture
def con_visitas(mundo, plan):
    ana = Docente.objects.create(institucion=mundo["inst_a1a"], nombre="Ana Pérez")
    visita_con(
        plan=plan, docente="Ana Pérez", profesor=ana, grado=1, etapa=1, fecha=date(2024, 4, 5), rubrica_1=2
    )
    visita_con(
        plan=plan, docente="Ana Pérez", profesor=ana, grado=1, etapa=2, fecha=date(2024, 8, 5), rubrica_1=4
    )
    visita_con(
        plan=plan,
        docente="Luis Quispe",
        grado=2,
        etapa=1,
        fecha=date(2024, 6, 3),
        tipo="acompanamiento",
        planificada=False,
        rubrica_5=3,
    )
    return plan


def test_el_grafico_por_docente_esta_en_la_pagina(mundo, client, con_visitas, hoy):
    client.force_login(mundo["ugel"])
    respuesta = client.get(f"/monitoreo/planes/{con_visitas.pk}/")
    html = respuesta.content.decode()
    docentes = {d["nombre"]: d for d in respuesta.context["avance"]["docentes"]}
    assert docentes["Ana Pérez"]["etapas"] == [1, 2]
    assert docentes["Ana Pérez"]["niveles"][0] == (CINCO[0], [2, 4])  # R1: II in stage 1, IV in stage 2
    assert html.count('<svg class="grafico-niveles"') == 2
    assert 'aria-label="Ana Pérez: R1: E1 II, E2 IV;' in html
    assert "R1 a R5: las rúbricas listadas" in html


def test_lo_pendiente_de_este_mes(mundo, client, con_visitas, hoy):
    client.force_login(mundo["director"])
    html = client.get(f"/monitoreo/planes/{con_visitas.pk}/").content.decode()
    # May plans grades 1 and 2 in stage 1, and neither was visited in May.
    assert "Pendiente en mayo: 2 grados sin visita" in html
    visita_con(plan=con_visitas, docente="Ana Pérez", grado=1, etapa=1, fecha=date(2024, 5, 6), rubrica_1=3)
    html = client.get(f"/monitoreo/planes/{con_visitas.pk}/").content.decode()
    assert "Pendiente en mayo: 1 grado sin visita" in html and "Etapa 1 · Segundo grado" in html


def test_el_pdf_muestra_el_avance_y_las_visitas_con_su_tipo(mundo, client, con_visitas, hoy):
    client.force_login(mundo["ugel"])
    contenido = descargar(client, "monitoreo.plan_pdf", plan=con_visitas.pk)
    texto = texto_pypdf(contenido)
    posicion = 0
    for pieza in (
        "Avance: lo planificado y lo realizado",
        "Pendiente en mayo: 2 grados sin visita",
        "Etapa 1 · 2 de 2 grados visitados (100 %)",  # grade 2 only unplanned, in June
        "Segundo grado 0/2 Abril, Mayo",
        "Etapa 2 · 1 de 2 grados visitados (50 %)",
        "Niveles de las rúbricas por docente y etapa",
        "Ana Pérez · 2 visitas",
        "Luis Quispe · 1 visita",
        "Visitas de aula",
    ):
        posicion = texto.index(pieza, posicion)
    assert "Acompañamiento" in texto and "no planificada" in texto and "Monitoreo" in texto
    # The charts are drawn in the PDF (vector, not pictures): their axis labels are text on the page.
    pagina = PdfReader(io.BytesIO(contenido)).pages[-1].extract_text().split()
    assert pagina.count("E1") >= 5 and "E2" in pagina and {"R1", "R5", "IV"} <= set(pagina)


def test_la_pagina_y_el_pdf_no_crecen_en_consultas(mundo, client, plan, hoy):
    url_pdf = reverse("exportaciones:exportar", args=["monitoreo.plan_pdf"])
    url_xlsx = reverse("exportaciones:exportar", args=["monitoreo.visitas_xlsx"])
    client.force_login(mundo["ugel"])

    def consultas():
        cuentas = []
        for url, parametros in (
            (f"/monitoreo/planes/{plan.pk}/", {}),
            (url_pdf, {"plan": plan.pk}),
            (url_xlsx, {"plan": plan.pk}),
            ("/monitoreo/cobertura/", {"anio": 2024}),
        ):
            with CaptureQueriesContext(connection) as capturadas:
                respuesta = client.get(url, parametros)
                assert respuesta.status_code == 200
                getattr(respuesta, "streaming_content", None) and b"".join(respuesta.streaming_content)
            cuentas.append(len(capturadas))
        return cuentas

    visita_con(plan=plan, docente="Uno", grado=1, etapa=1, fecha=date(2024, 4, 2), rubrica_1=2)
    pocas = consultas()
    for n in range(20):
        visita_con(
            plan=plan,
            docente=f"Docente {n}",
            grado=1 + n % 2,
            etapa=1 + n % 2,
            fecha=date(2024, 4 if n % 2 == 0 else 8, 1 + n),
            **{f"rubrica_{1 + n % 5}": 1 + n % 4, "rubrica_3": 2},
        )
        plan_de(InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ebr_primaria"))
    assert consultas() == pocas


# --- coverage: the year it opens on, cards on a phone -----------------------------------------------


def test_la_cobertura_abre_en_el_ultimo_anio_con_planes(mundo, client):
    client.force_login(mundo["ugel"])
    este = timezone.localdate().year
    assert client.get("/monitoreo/cobertura/").context["filtros"].anio == este  # no plans: this year
    plan_de(mundo["inst_a1a"], anio=2022)
    plan_de(mundo["inst_a1b"], anio=2024)
    plan_de(mundo["inst_b1"], anio=este)  # another DRE's: out of the UGEL's scope, does not count
    respuesta = client.get("/monitoreo/cobertura/")
    assert respuesta.context["filtros"].anio == 2024
    assert '<option value="2024" selected>' in respuesta.content.decode()
    assert client.get("/monitoreo/cobertura/", {"anio": 2022}).context["filtros"].anio == 2022
    plan_de(mundo["inst_a2"], anio=este)  # the DRE's scope has one this year
    client.force_login(mundo["dre"])
    assert client.get("/monitoreo/cobertura/").context["filtros"].anio == este


def test_la_tabla_de_cobertura_se_vuelve_tarjetas(mundo, client, con_visitas):
    client.force_login(mundo["ugel"])
    html = client.get("/monitoreo/cobertura/", {"anio": 2024}).content.decode()
    assert 'class="table table-sm align-middle cobertura tabla-tarjetas"' in html
    assert 'data-label="Etapa 1"' in html and 'data-label="Última visita"' in html
    assert 'data-label="Nivel IV"' in html
    assert "R5. Regula positivamente" in html
