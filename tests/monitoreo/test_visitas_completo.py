"""Visits done right: corrected and deleted by the director (with history), at least one rubric
observed, one visit per form sent, the stage from the date, teachers kept per institution."""

import importlib
import uuid
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import historial
from cuentas.models import Rol
from monitoreo.models import Celda, Docente, PlanMonitoreo, Visita
from tests.factories import usuario_con
from tests.monitoreo.niveles import niveles_de, visita_con

from .test_visitas import anio_con_visitas, fecha_valida

HOY = fecha_valida()  # a day of the plan's year, not in the future
MES = HOY.month
OTRO_MES = 3 if MES != 3 else 4  # a month of the period that is not the visit's


@pytest.fixture
def plan(mundo):
    """Stage 1 in another month, stage 2 in the visit's month (grades 1 to 3)."""
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=anio_con_visitas(), titulo="Plan")
    Celda.objects.bulk_create(
        [Celda(plan=plan, etapa=1, grado=g, mes=OTRO_MES) for g in (1, 2, 3)]
        + [Celda(plan=plan, etapa=2, grado=g, mes=MES) for g in (1, 2, 3)]
    )
    return plan


@pytest.fixture
def docente(mundo):
    return Docente.objects.create(institucion=mundo["inst_a1a"], nombre="Ana Pérez Quispe")


def datos(**cambios):
    return {
        "token": str(uuid.uuid4()),
        "fecha": HOY.isoformat(),
        "tipo": "monitoreo",
        "etapa": "",  # proposed from the date
        "grado": "2",
        "profesor": "",
        "docente": "Ana Pérez Quispe",
        "rubrica_1": "3",
        "rubrica_2": "",
        "rubrica_3": "2",
        "rubrica_4": "",
        "rubrica_5": "",
        "notas": "Trabajo en equipos.",
        "compromisos": "Usar los cuadernos.",
        **cambios,
    }


def nueva(plan):
    return f"/monitoreo/planes/{plan.pk}/visitas/nueva/"


def editar(visita):
    return f"/monitoreo/planes/{visita.plan_id}/visitas/{visita.pk}/editar/"


def eliminar(visita):
    return f"/monitoreo/planes/{visita.plan_id}/visitas/{visita.pk}/eliminar/"


@pytest.fixture
def visita(mundo, client, plan):
    client.force_login(mundo["director"])
    assert client.post(nueva(plan), datos()).status_code == 302
    client.logout()
    return Visita.objects.get()


# --- Edit and delete ---------------------------------------------------------------------------


def test_el_director_corrige_una_visita_con_el_formulario_lleno(mundo, client, visita):
    client.force_login(mundo["director"])
    pagina = client.get(f"/monitoreo/planes/{visita.plan_id}/").content.decode()
    assert editar(visita) in pagina and eliminar(visita) in pagina
    form = client.get(editar(visita)).context["form"]
    assert form["profesor"].value() == visita.profesor_id
    assert form["fecha"].value() == HOY and form["rubrica_1"].value() == 3

    respuesta = client.post(editar(visita), datos(profesor=str(visita.profesor_id), docente="", grado="3"))
    assert respuesta.status_code == 302 and respuesta["Location"].endswith(f"#visita-{visita.pk}")
    visita.refresh_from_db()
    assert (visita.grado, visita.etapa) == (3, 2)
    assert Visita.objects.count() == 1
    creacion, edicion = historial.entradas(visita)
    assert (edicion.accion, edicion.usuario, edicion.tipo) == (
        "editar",
        mundo["director"],
        historial.Tipo.EDICION,
    )
    assert edicion.cambios["grado"] == (2, 3)


def test_la_correccion_tambien_exige_una_rubrica(mundo, client, visita):
    client.force_login(mundo["director"])
    vacias = {f"rubrica_{n}": "" for n in range(1, 6)}
    respuesta = client.post(editar(visita), datos(profesor=str(visita.profesor_id), docente="", **vacias))
    assert respuesta.status_code == 200
    assert niveles_de(visita) == [3, None, 2, None, None]  # as recorded: nothing lost


def test_el_director_elimina_una_visita_y_deja_el_avance(mundo, client, visita):
    plan = visita.plan
    client.force_login(mundo["director"])
    antes = {e.etapa: e for e in client.get(f"/monitoreo/planes/{plan.pk}/").context["avance"]["etapas"]}
    assert (antes[2].grados_visitados, antes[2].hechas) == (1, 1)

    confirmar = client.get(eliminar(visita))
    assert confirmar.status_code == 200 and "¿Eliminar esta visita?" in confirmar.content.decode()
    assert Visita.objects.exists()  # the page only asks

    respuesta = client.post(eliminar(visita), follow=True)
    assert "Visita eliminada" in respuesta.content.decode()
    assert not Visita.objects.exists()
    despues = {e.etapa: e for e in respuesta.context["avance"]["etapas"]}
    assert despues[2].grados_visitados == 0 and despues[2].hechas == 0
    *_, ultima = historial.entradas(Visita(pk=visita.pk))
    assert (ultima.tipo, ultima.accion, ultima.usuario) == (
        historial.Tipo.ELIMINACION,
        "eliminar",
        mundo["director"],
    )
    from historial.registro import VERBOS

    assert str(VERBOS["eliminar"]) == "Eliminar"


@pytest.mark.parametrize("accion", [editar, eliminar])
@pytest.mark.parametrize(
    "rol, estado", [("ugel", 403), ("dre", 403), ("admin", 403), ("difoca", 404), ("sin_rol", 404)]
)
def test_solo_su_director_corrige_o_elimina(mundo, client, visita, accion, rol, estado):
    client.force_login(mundo[rol])
    assert client.get(accion(visita)).status_code == estado
    assert client.post(accion(visita), datos(grado="1")).status_code == estado
    visita.refresh_from_db()
    assert visita.grado == 2


@pytest.mark.parametrize("accion", [editar, eliminar])
def test_otro_director_no_la_encuentra_y_el_anonimo_va_al_login(mundo, client, visita, accion):
    client.force_login(usuario_con(Rol.DIRECTOR, mundo["inst_a1b"]))
    assert client.get(accion(visita)).status_code == 404
    assert client.post(accion(visita)).status_code == 404
    client.logout()
    respuesta = client.post(accion(visita))
    assert respuesta.status_code == 302 and respuesta["Location"].startswith("/cuentas/ingresar/")
    assert Visita.objects.filter(pk=visita.pk, grado=2).exists()


def test_una_visita_no_se_alcanza_por_el_plan_de_otro_anio(mundo, client, visita):
    otro = PlanMonitoreo.objects.create(
        institucion=mundo["inst_a1a"], anio=visita.plan.anio - 1, titulo="Otro"
    )
    client.force_login(mundo["director"])
    url = f"/monitoreo/planes/{otro.pk}/visitas/{visita.pk}/eliminar/"
    assert client.post(url).status_code == 404
    assert Visita.objects.filter(pk=visita.pk).exists()


# --- Rubrics -----------------------------------------------------------------------------------


def test_todas_las_rubricas_sin_observar_se_rechaza(mundo, client, plan):
    client.force_login(mundo["director"])
    vacias = {f"rubrica_{n}": "" for n in range(1, 6)}
    respuesta = client.post(nueva(plan), datos(**vacias))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert 'id="error-rubricas"' in html and "Marca el nivel de al menos una rúbrica" in html
    assert "Trabajo en equipos." in html  # what was typed stays
    assert not Visita.objects.exists()


def test_los_niveles_llevan_su_descriptor(mundo, client, plan):
    client.force_login(mundo["director"])
    html = client.get(nueva(plan)).content.decode()
    assert "Nivel IV" in html
    assert "Monitorea y da retroalimentación descriptiva." in html  # rubric 3, level III


# --- Sent twice --------------------------------------------------------------------------------


def test_el_mismo_formulario_enviado_dos_veces_crea_una_visita(mundo, client, plan):
    client.force_login(mundo["director"])
    formulario = client.get(nueva(plan)).context["form"]
    token = str(formulario["token"].value())
    primera = client.post(nueva(plan), datos(token=token))
    segunda = client.post(nueva(plan), datos(token=token))
    assert primera.status_code == segunda.status_code == 302
    assert primera["Location"] == segunda["Location"]
    assert Visita.objects.count() == 1 and Docente.objects.count() == 1
    assert str(Visita.objects.get().token) == token
    # Another form (another token) is another visit.
    assert client.post(nueva(plan), datos()).status_code == 302
    assert Visita.objects.count() == 2


def test_el_servicio_tambien_devuelve_la_misma(mundo, plan, docente):
    from monitoreo import services

    token = uuid.uuid4()
    comun = {"fecha": HOY, "tipo": "monitoreo", "etapa": 2, "grado": 1, "planificada": True}
    rubricas = {"rubrica_1": 2, "rubrica_2": None, "rubrica_3": None, "rubrica_4": None, "rubrica_5": None}
    valores = {**comun, **rubricas, "profesor": docente, "notas": "", "compromisos": "", "token": token}
    una = services.visita_registrar(plan=plan, usuario=mundo["director"], datos=valores)
    otra = services.visita_registrar(plan=plan, usuario=mundo["director"], datos=valores)
    assert una.pk == otra.pk and Visita.objects.count() == 1


# --- Stage from the date -----------------------------------------------------------------------


def test_la_etapa_se_propone_desde_la_fecha(mundo, client, plan):
    client.force_login(mundo["director"])
    assert client.post(nueva(plan), datos()).status_code == 302
    visita = Visita.objects.get()
    assert (visita.etapa, visita.planificada, visita.tipo) == (2, True, "monitoreo")


def test_una_fecha_fuera_de_los_meses_de_la_etapa_se_rechaza(mundo, client, plan):
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan), datos(etapa="1"))
    errores = respuesta.context["form"].errors
    assert "La etapa 1 no incluye" in errores["etapa"][0] and "Visita no planificada" in errores["etapa"][0]
    assert not Visita.objects.exists()


def test_la_visita_no_planificada_se_acepta_solo_marcada(mundo, client, plan):
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan), datos(etapa="1", no_planificada="on", tipo="acompanamiento"))
    assert respuesta.status_code == 302
    visita = Visita.objects.get()
    assert (visita.etapa, visita.planificada, visita.tipo) == (1, False, "acompanamiento")
    assert "no planificada" in client.get(f"/monitoreo/planes/{plan.pk}/").content.decode()


def test_un_mes_sin_etapa_se_explica(mundo, client, plan):
    Celda.objects.filter(plan=plan, etapa=2).update(mes=OTRO_MES)
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan), datos())
    assert "Ninguna etapa del calendario incluye" in respuesta.context["form"].errors["fecha"][0]
    assert client.post(nueva(plan), datos(no_planificada="on")).context["form"].errors["etapa"]
    assert client.post(nueva(plan), datos(no_planificada="on", etapa="2")).status_code == 302
    assert Visita.objects.get().planificada is False


@pytest.mark.parametrize("no_planificada", ["", "on"])
def test_una_fecha_futura_o_antes_del_plan_se_rechaza_aunque_sea_no_planificada(
    mundo, client, plan, no_planificada
):
    client.force_login(mundo["director"])
    antes = date(plan.anio - 1, 12, 1)
    respuesta = client.post(
        nueva(plan), datos(fecha=antes.isoformat(), etapa="2", no_planificada=no_planificada)
    )
    assert "dentro del periodo del plan" in respuesta.context["form"].errors["fecha"][0]
    manana = timezone.localdate() + timedelta(days=1)
    respuesta = client.post(
        nueva(plan), datos(fecha=manana.isoformat(), etapa="2", no_planificada=no_planificada)
    )
    error = respuesta.context["form"].errors["fecha"][0]
    if manana.year == plan.anio:
        assert "no puede ser futura" in error
    else:  # run on 31 December: tomorrow is already outside the plan's year
        assert "no puede ser futura" in error or "dentro del periodo del plan" in error
    assert not Visita.objects.exists()


# --- Teachers ----------------------------------------------------------------------------------


def test_el_docente_se_elige_de_la_lista_o_se_agrega(mundo, client, plan, docente):
    client.force_login(mundo["director"])
    form = client.get(nueva(plan)).context["form"]
    assert list(form.fields["profesor"].queryset) == [docente]
    assert client.post(nueva(plan), datos(profesor=str(docente.pk), docente="")).status_code == 302
    # The same name typed with other case and accents is the same teacher, not a second row.
    assert client.post(nueva(plan), datos(docente="  ana  perez quispe ")).status_code == 302
    assert client.post(nueva(plan), datos(docente="Luis Mamani")).status_code == 302
    assert Docente.objects.filter(institucion=mundo["inst_a1a"]).count() == 2
    assert [v.profesor.nombre for v in Visita.objects.order_by("pk")] == [
        "Ana Pérez Quispe",
        "Ana Pérez Quispe",
        "Luis Mamani",
    ]


def test_un_docente_de_otra_escuela_se_rechaza(mundo, client, plan):
    ajeno = Docente.objects.create(institucion=mundo["inst_a1b"], nombre="Docente ajeno")
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan), datos(profesor=str(ajeno.pk), docente=""))
    assert respuesta.status_code == 200
    assert "no es de tu institución" in respuesta.context["form"].errors["profesor"][0]
    assert "no es de tu institución" in respuesta.content.decode()
    assert not Visita.objects.exists()


def test_la_lista_y_el_nombre_a_la_vez_se_explica(mundo, client, plan, docente):
    client.force_login(mundo["director"])
    respuesta = client.post(nueva(plan), datos(profesor=str(docente.pk), docente="Otra persona"))
    assert "no los dos a la vez" in respuesta.context["form"].errors["docente"][0]
    assert not Visita.objects.exists()


def test_la_migracion_convierte_los_nombres_escritos_en_docentes(mundo, plan):
    """Existing visits' typed names become the institution's list: one row per spelling."""
    for nombre in ("Rosa Huamán", "rosa  huaman", "Pedro Ccori"):
        visita_con(plan=plan, docente=nombre, grado=1, etapa=2, fecha=HOY, rubrica_1=2)
    migracion = importlib.import_module("monitoreo.migrations.0006_visitas")
    migracion.docentes_de_las_visitas(django_apps, None)
    assert sorted(Docente.objects.values_list("nombre", flat=True)) == ["Pedro Ccori", "Rosa Huamán"]
    assert not Visita.objects.filter(profesor__isnull=True).exists()
    # The typed name is kept as it was.
    assert sorted(Visita.objects.values_list("docente", flat=True)) == [
        "Pedro Ccori",
        "Rosa Huamán",
        "rosa  huaman",
    ]


# --- Queries -----------------------------------------------------------------------------------


def test_el_formulario_hace_las_mismas_consultas_con_mas_docentes(mundo, client, plan):
    client.force_login(mundo["director"])
    Docente.objects.create(institucion=mundo["inst_a1a"], nombre="Uno")
    with CaptureQueriesContext(connection) as pocas:
        assert client.get(nueva(plan)).status_code == 200
    Docente.objects.bulk_create(
        Docente(institucion=mundo["inst_a1a"], nombre=f"Docente {n}", clave=f"docente {n}") for n in range(40)
    )
    Celda.objects.bulk_create(Celda(plan=plan, etapa=3, grado=g, mes=m) for g in (4, 5, 6) for m in (7, 8))
    with CaptureQueriesContext(connection) as muchas:
        assert client.get(nueva(plan)).status_code == 200
    assert len(muchas) == len(pocas) <= 12


def test_una_visita_sin_docente_de_la_lista_se_corrige_con_su_nombre_escrito(mundo, client, plan):
    visita = visita_con(plan=plan, docente="Rosa Huamán", grado=1, etapa=2, fecha=HOY, rubrica_1=2)
    client.force_login(mundo["director"])
    assert client.get(editar(visita)).context["form"]["docente"].value() == "Rosa Huamán"
    assert client.post(editar(visita), datos(docente="Rosa Huamán")).status_code == 302
    visita.refresh_from_db()
    assert visita.profesor.nombre == "Rosa Huamán"


def test_el_modelo_tambien_rechaza_un_docente_ajeno(mundo, plan):
    """The admin and any other writer go through Visita.clean() too."""
    from django.core.exceptions import ValidationError

    ajeno = Docente.objects.create(institucion=mundo["inst_b1"], nombre="Ajeno")
    visita = Visita(plan=plan, docente="Ajeno", profesor=ajeno, grado=1, etapa=2, fecha=HOY)
    with pytest.raises(ValidationError) as error:
        visita.full_clean()
    assert "profesor" in error.value.message_dict
