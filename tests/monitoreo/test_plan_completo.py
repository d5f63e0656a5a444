"""The whole plan from the director's screens: activities, approaches and objectives as ordered
lists, province, the version that keeps another tab's text, and copying a plan into the next year."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoreo import services
from monitoreo.models import Actividad, Celda, Enfoque, Objetivo, PlanMonitoreo


def lista(prefijo: str, filas: list[dict]) -> dict:
    """The POST of an editable list (comun.formularios): management form and rows in page order."""
    datos = {f"{prefijo}-TOTAL_FORMS": str(len(filas)), f"{prefijo}-INITIAL_FORMS": "0"}
    for n, fila in enumerate(filas):
        for campo, valor in fila.items():
            datos[f"{prefijo}-{n}-{campo}"] = "" if valor is None else str(valor)
    return datos


def datos(actividades=(), enfoques=(), objetivos=(), **cambios):
    return {
        "anio": "2024",
        "titulo": "Buscando la excelencia docente",
        "director": "Prof. José Antonio Quispe Calizaya",
        "provincia": "El Collao",
        "compromisos": ["1", "4"],
        "mes_inicio": "3",
        "mes_fin": "12",
        "c-1-1-4": "on",
        "c-2-3-8": "on",
        **lista("actividades", list(actividades)),
        **lista("enfoques", list(enfoques)),
        **lista("objetivos", list(objetivos)),
        **cambios,
    }


ACTIVIDADES = [
    {"actividad": "Diagnóstico", "responsable": "Equipo Directivo", "cronograma": "Diciembre"},
    {"actividad": "Planificación", "responsable": "Equipo Directivo", "cronograma": "Enero – marzo"},
    {"actividad": "Monitoreo", "responsable": "Director", "cronograma": "Abril a noviembre"},
]


@pytest.fixture
def plan(mundo):
    return PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")


def filas(plan, modelo, *campos):
    return list(modelo.objects.filter(plan=plan).order_by("orden").values_list(*campos))


def test_actividades_ida_y_vuelta_y_reorden(mundo, client):
    client.force_login(mundo["director"])
    respuesta = client.post("/monitoreo/planes/nuevo/", datos(actividades=ACTIVIDADES))
    assert respuesta.status_code == 302
    plan = PlanMonitoreo.objects.get()
    assert plan.provincia == "El Collao"
    assert filas(plan, Actividad, "orden", "actividad", "responsable", "cronograma") == [
        (1, "Diagnóstico", "Equipo Directivo", "Diciembre"),
        (2, "Planificación", "Equipo Directivo", "Enero – marzo"),
        (3, "Monitoreo", "Director", "Abril a noviembre"),
    ]
    # The form shows them back, each with its id.
    pagina = client.get(f"/monitoreo/planes/{plan.pk}/editar/").content.decode()
    ids = dict(Actividad.objects.values_list("actividad", "pk"))
    assert f'value="{ids["Monitoreo"]}"' in pagina and 'value="Enero – marzo"' in pagina

    # Monitoring moved first, Planning removed, a new row at the end: the same rows are kept.
    nuevas = [
        {"id": ids["Monitoreo"], **ACTIVIDADES[2]},
        {"id": ids["Diagnóstico"], **ACTIVIDADES[0], "responsable": "Director"},
        {
            "clave": "n1",
            "actividad": "Evaluación de acciones e informe",
            "responsable": "",
            "cronograma": "Diciembre",
        },
    ]
    datos_nuevos = datos(actividades=nuevas, version=str(plan.version))
    assert client.post(f"/monitoreo/planes/{plan.pk}/editar/", datos_nuevos).status_code == 302
    assert filas(plan, Actividad, "pk", "orden", "actividad", "responsable") == [
        (ids["Monitoreo"], 1, "Monitoreo", "Director"),
        (ids["Diagnóstico"], 2, "Diagnóstico", "Director"),
        (
            Actividad.objects.get(actividad__startswith="Evaluación").pk,
            3,
            "Evaluación de acciones e informe",
            "",
        ),
    ]
    assert "Monitoreo" in client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()


def test_guardar_sin_tocar_las_listas_las_conserva(mundo, client, plan):
    """What the page sends back unchanged is kept (a row is what it holds, not what changed in it)."""
    for n, fila in enumerate(ACTIVIDADES, start=1):
        Actividad.objects.create(plan=plan, orden=n, **fila)
    Enfoque.objects.create(plan=plan, orden=1, nombre="Enfoque crítico reflexivo", texto="Autorreflexión.")
    Objetivo.objects.create(plan=plan, orden=1, texto="Acompañar al docente.")
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    formulario = client.get(url).context
    enviados = {
        nombre: [{**f.initial} for f in formulario["listas"][nombre].forms]
        for nombre in ("actividades", "enfoques", "objetivos")
    }
    respuesta = client.post(url, datos(**enviados, version=str(plan.version)))
    assert respuesta.status_code == 302
    assert filas(plan, Actividad, "actividad") == [(a["actividad"],) for a in ACTIVIDADES]
    assert filas(plan, Enfoque, "nombre") == [("Enfoque crítico reflexivo",)]
    assert filas(plan, Objetivo, "texto") == [("Acompañar al docente.",)]


def test_actividad_sin_nombre_error_junto_a_la_fila_y_nada_se_pierde(mundo, client, plan):
    Actividad.objects.create(plan=plan, orden=1, actividad="Diagnóstico")
    client.force_login(mundo["director"])
    malas = [*ACTIVIDADES[:1], {"actividad": " ", "responsable": "Director", "cronograma": "Mayo"}]
    respuesta = client.post(
        f"/monitoreo/planes/{plan.pk}/editar/", datos(actividades=malas, titulo="Nuevo título")
    )
    assert respuesta.status_code == 200
    fila = respuesta.context["listas"]["actividades"].forms[1]
    assert fila.errors["actividad"] == ["Escribe el nombre de la actividad, o quita la fila."]
    html = respuesta.content.decode()
    assert "Escribe el nombre de la actividad, o quita la fila." in html
    assert 'value="Director"' in html and 'value="Nuevo título"' in html  # what was typed stays
    plan.refresh_from_db()
    assert plan.titulo == "Plan" and filas(plan, Actividad, "actividad") == [("Diagnóstico",)]


def test_enfoques_y_objetivos_como_listas(mundo, client, plan):
    client.force_login(mundo["director"])
    enfoques = [
        {"nombre": "Enfoque crítico reflexivo", "texto": "Partir de la autorreflexión."},
        {"nombre": "Enfoque de competencias", "texto": ""},
        {"nombre": "", "texto": "", "clave": "n1"},  # added and left empty: not a row
    ]
    objetivos = [{"texto": "Observar el desempeño docente."}, {"texto": "Acompañar al docente."}]
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    assert client.post(url, datos(enfoques=enfoques, objetivos=objetivos)).status_code == 302
    assert filas(plan, Enfoque, "orden", "nombre", "texto") == [
        (1, "Enfoque crítico reflexivo", "Partir de la autorreflexión."),
        (2, "Enfoque de competencias", ""),
    ]
    assert filas(plan, Objetivo, "texto") == [("Observar el desempeño docente.",), ("Acompañar al docente.",)]
    pagina = client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()
    assert "<strong>Enfoque crítico reflexivo</strong>: Partir de la autorreflexión." in pagina
    assert "<li>Acompañar al docente.</li>" in pagina

    # A row left blank is no row (comun.formularios.Lista): removing every row empties the list.
    plan.refresh_from_db()
    respuesta = client.post(url, datos(objetivos=[{"texto": "  "}], version=str(plan.version)))
    assert respuesta.status_code == 302
    assert not Objetivo.objects.filter(plan=plan).exists() and not Enfoque.objects.exists()


def test_un_enfoque_con_solo_texto_vale_y_el_texto_largo_se_rechaza(mundo, client, plan):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    respuesta = client.post(url, datos(enfoques=[{"nombre": "X", "texto": "y" * 6001}]))
    assert respuesta.status_code == 200
    assert respuesta.context["listas"]["enfoques"].forms[0].errors["texto"]
    assert client.post(url, datos(enfoques=[{"nombre": "", "texto": "Solo el texto."}])).status_code == 302
    assert filas(plan, Enfoque, "nombre", "texto") == [("", "Solo el texto.")]


def test_conflicto_de_version_no_pisa_la_otra_pestana(mundo, client, plan):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    version = plan.version
    # Tab 1 saves first.
    assert client.post(url, datos(titulo="De la pestaña 1", version=str(version))).status_code == 302
    plan.refresh_from_db()
    assert plan.version == version + 1
    # Tab 2, loaded before, is refused and keeps its text on the page.
    respuesta = client.post(
        url, datos(titulo="De la pestaña 2", actividades=ACTIVIDADES, version=str(version))
    )
    assert respuesta.status_code == 409
    html = respuesta.content.decode()
    assert "No se guardó: este plan se guardó en otra pestaña" in html
    assert 'value="De la pestaña 2"' in html and 'value="Planificación"' in html
    plan.refresh_from_db()
    assert plan.titulo == "De la pestaña 1" and not plan.actividades.exists()


def test_la_misma_pagina_enviada_dos_veces_no_es_conflicto(mundo, client, plan):
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    envio = datos(titulo="Doble clic", actividades=ACTIVIDADES, version=str(plan.version))
    assert client.post(url, envio).status_code == 302
    assert client.post(url, envio).status_code == 302  # already saved: told so, not refused
    plan.refresh_from_db()
    assert plan.version == 2 and plan.titulo == "Doble clic" and plan.actividades.count() == 3


def test_el_servicio_rechaza_una_version_vieja(mundo, plan):
    plan.titulo = "Otro"
    with pytest.raises(services.ConflictoVersion):
        services.plan_guardar(plan=plan, usuario=mundo["director"], celdas=set(), version=plan.version + 5)
    assert PlanMonitoreo.objects.get().titulo == "Plan"


def test_copiar_el_plan_al_anio_siguiente(mundo, client, plan):
    plan.provincia, plan.problema = "El Collao", "Limitado uso de recursos."
    plan.save()
    Actividad.objects.create(plan=plan, orden=1, actividad="Diagnóstico", responsable="Director")
    Actividad.objects.create(plan=plan, orden=2, actividad="Monitoreo", cronograma="Abril a noviembre")
    Enfoque.objects.create(plan=plan, orden=1, nombre="Crítico reflexivo", texto="Autorreflexión.")
    Objetivo.objects.create(plan=plan, orden=1, texto="Acompañar al docente.")
    Celda.objects.create(plan=plan, etapa=1, grado=2, mes=4)
    Celda.objects.create(plan=plan, etapa=2, grado=3, mes=8)
    client.force_login(mundo["director"])
    assert "Copiar este plan a 2025" in client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()

    respuesta = client.post(f"/monitoreo/planes/{plan.pk}/copiar/")
    copia = PlanMonitoreo.objects.get(anio=2025)
    assert respuesta.status_code == 302 and respuesta["Location"] == f"/monitoreo/planes/{copia.pk}/editar/"
    assert (copia.institucion, copia.titulo, copia.provincia, copia.problema, copia.version) == (
        mundo["inst_a1a"],
        "Plan",
        "El Collao",
        "Limitado uso de recursos.",
        1,
    )
    assert filas(copia, Actividad, "orden", "actividad", "responsable", "cronograma") == [
        (1, "Diagnóstico", "Director", ""),
        (2, "Monitoreo", "", "Abril a noviembre"),
    ]
    assert filas(copia, Enfoque, "nombre", "texto") == [("Crítico reflexivo", "Autorreflexión.")]
    assert filas(copia, Objetivo, "texto") == [("Acompañar al docente.",)]
    assert set(copia.celdas.values_list("etapa", "grado", "mes")) == {(1, 2, 4), (2, 3, 8)}
    assert not copia.visitas.exists()
    # The original is untouched.
    assert plan.actividades.count() == 2 and plan.celdas.count() == 2

    # Again: 2025 already has its plan.
    respuesta = client.post(f"/monitoreo/planes/{plan.pk}/copiar/", follow=True)
    assert "Tu institución ya tiene su plan de 2025" in respuesta.content.decode()
    assert PlanMonitoreo.objects.filter(anio=2025).count() == 1


def test_copiar_solo_por_post(mundo, client, plan):
    client.force_login(mundo["director"])
    assert client.get(f"/monitoreo/planes/{plan.pk}/copiar/").status_code == 405
    assert PlanMonitoreo.objects.count() == 1


@pytest.mark.parametrize(
    "rol, estado",
    [
        ("director_otro", 404),
        ("ugel", 403),
        ("dre", 403),
        ("ugel_otro", 404),
        ("difoca", 404),
        ("sin_rol", 404),
    ],
)
def test_alcance_de_copiar_y_editar_las_listas(usuarios, client, plan, rol, estado):
    client.force_login(usuarios[rol])
    assert client.post(f"/monitoreo/planes/{plan.pk}/copiar/").status_code == estado
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    assert client.post(url, datos(actividades=ACTIVIDADES)).status_code == estado
    assert PlanMonitoreo.objects.count() == 1 and not Actividad.objects.exists()


def test_el_boton_de_copiar_solo_para_el_director(usuarios, client, plan):
    client.force_login(usuarios["ugel"])
    assert "Copiar este plan" not in client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()


@pytest.mark.parametrize("n", [3, 20])
def test_consultas_acotadas_en_el_formulario(mundo, client, plan, n):
    for i in range(1, n + 1):
        Actividad.objects.create(plan=plan, orden=i, actividad=f"Actividad {i}")
        Enfoque.objects.create(plan=plan, orden=i, nombre=f"Enfoque {i}")
        Objetivo.objects.create(plan=plan, orden=i, texto=f"Objetivo {i}")
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{plan.pk}/editar/"
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(url).status_code == 200
    lectura = len(consultas)
    activ = [{"id": a.pk, "actividad": a.actividad} for a in plan.actividades.all()]
    with CaptureQueriesContext(connection) as consultas:
        assert client.post(url, datos(actividades=activ[::-1], version=str(plan.version))).status_code == 302
    # The same number of queries with 3 or 20 rows in each list.
    # The same bound with 3 or 20 rows in each list (measured: 10 and 46–47, most of them the
    # history's context set before each statement; the stages are one more prefetch).
    assert lectura <= 10 and len(consultas) <= 50


def test_la_demo_trae_actividades_enfoques_y_objetivos_del_documento(db, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("cargar_demo", stdout=StringIO())
    plan = PlanMonitoreo.objects.get(institucion__codigo_modular="9070370", anio=2024)
    assert [a.actividad for a in plan.actividades.all()] == [
        "Diagnóstico",
        "Planificación",
        "Monitoreo",
        "Evaluación de acciones e informe",
    ]
    assert {a.responsable for a in plan.actividades.all()} == {"Equipo Directivo"}
    assert plan.enfoques.count() == 7 and plan.enfoques.last().nombre == "Enfoque crítico reflexivo"
    assert plan.objetivos.count() == 3 and plan.provincia == "El Collao"


def test_la_migracion_parte_el_texto_en_filas_sin_perder_nada():
    from importlib import import_module

    migracion = import_module("monitoreo.migrations.0007_plan_completo")
    texto = (
        "- Enfoque de competencias: combinar capacidades.\n"
        "  sigue en otra línea\n"
        "- Enfoque crítico reflexivo: partir de la autorreflexión.\n\n"
        "Un párrafo sin viñeta y sin nombre\n\n"
        "Otro párrafo: con dos puntos."
    )
    partes = migracion.partes(texto)
    assert partes == [
        "Enfoque de competencias: combinar capacidades.\nsigue en otra línea",
        "Enfoque crítico reflexivo: partir de la autorreflexión.",
        "Un párrafo sin viñeta y sin nombre",
        "Otro párrafo: con dos puntos.",
    ]
    assert [migracion.con_nombre(p) for p in partes] == [
        ("Enfoque de competencias", "combinar capacidades.\nsigue en otra línea"),
        ("Enfoque crítico reflexivo", "partir de la autorreflexión."),
        ("", "Un párrafo sin viñeta y sin nombre"),
        ("Otro párrafo", "con dos puntos."),
    ]
    assert migracion.partes("") == [] and migracion.partes("\n \n") == []


def test_el_pdf_trae_portada_provincia_y_actividades_con_responsable(mundo, client, plan):
    from tests.balance.test_exports import descargar, texto_pdf

    plan.director, plan.provincia, plan.titulo = "Prof. José Quispe", "El Collao", "Buscando la excelencia"
    plan.save()
    Actividad.objects.create(plan=plan, orden=1, actividad="Diagnóstico", responsable="Equipo Directivo")
    Actividad.objects.create(
        plan=plan, orden=2, actividad="Monitoreo", responsable="Director", cronograma="Abril"
    )
    Enfoque.objects.create(plan=plan, orden=1, nombre="Enfoque crítico reflexivo", texto="Autorreflexión.")
    Objetivo.objects.create(plan=plan, orden=1, texto="Acompañar al docente.")
    client.force_login(mundo["ugel"])
    texto = texto_pdf(descargar(client, "monitoreo.plan_pdf", plan=plan.pk))
    portada = texto[: texto.index("I. Datos generales")]
    for pieza in (
        mundo["inst_a1a"].nombre,
        "Plan de acompañamiento y monitoreo 2024",
        "«Buscando la excelencia»",
    ):
        assert pieza in portada, pieza
    assert "UGEL A1" in portada and "El Collao" in portada and "Director(a): Prof. José Quispe" in portada
    for pieza in (
        "Provincia El Collao",
        "Diagnóstico Equipo Directivo",
        "Monitoreo Director",  # pdftotext reads the schedule column apart
        "Enfoque crítico reflexivo: Autorreflexión.",
        "Acompañar al docente.",
    ):
        assert pieza in texto, pieza
