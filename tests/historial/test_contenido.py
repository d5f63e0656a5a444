"""The content of practices, events and plans has its history too; autosaves and calendar saves
leave only what changed; state histories are chosen in SQL."""

from datetime import timedelta

import pghistory
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import historial
from balance import services as balance
from balance.models import Estado, Matriz
from monitoreo import services as monitoreo
from monitoreo.models import Celda, PlanMonitoreo
from practicas.models import Estrategia, Fase
from tests.balance.conftest import campana, enviar, llenar, matriz  # noqa: F401 (fixtures)
from tests.factories import BuenaPracticaFactory


@pytest.mark.parametrize("modelo", [Fase, Estrategia, Celda])
def test_el_contenido_hijo_tiene_historial(modelo):
    assert historial.modelo_de_cambios(modelo) is not None


def test_una_edicion_de_fase_queda_con_su_usuario(mundo):
    # Within a request, pghistory's middleware opens this same context with the signed-in user.
    fase = Fase.objects.create(practica=BuenaPracticaFactory(), orden=1, nombre="Preparación")
    with pghistory.context(user=mundo["difoca"].pk):
        fase.nombre = "Preparación y soporte"
        fase.save()
    ultima = historial.entradas(fase)[-1]
    assert ultima.cambios == {"nombre": ("Preparación", "Preparación y soporte")}
    assert ultima.usuario == mundo["difoca"]


@pytest.fixture
def escuela(mundo):
    escuela = mundo["inst_a1a"]
    escuela.modalidad = "ebr_primaria"
    escuela.save(update_fields=["modalidad"])
    return escuela


def test_guardar_el_calendario_registra_solo_las_celdas_que_cambian(mundo, escuela):
    director = mundo["director"]
    plan = PlanMonitoreo(institucion=escuela, anio=2024, titulo="Plan", mes_inicio=3, mes_fin=12)
    monitoreo.plan_guardar(plan=plan, usuario=director, celdas={(1, 1, 4), (1, 2, 4)})
    celda = Celda.objects.get(plan=plan, etapa=1, grado=1, mes=4)
    monitoreo.plan_guardar(plan=plan, usuario=director, celdas={(1, 1, 4), (1, 3, 5)})
    modelo = historial.modelo_de_cambios(Celda)
    etiquetas = sorted(modelo.objects.filter(plan_id=plan.pk).values_list("grado", "pgh_label"))
    # Created: grades 1 and 2, then 3; deleted: grade 2. Grade 1's cell was never touched again.
    assert etiquetas == [(1, "creacion"), (2, "creacion"), (2, "eliminacion"), (3, "creacion")]
    assert Celda.objects.filter(pk=celda.pk).exists()
    entradas = historial.entradas(plan)
    assert entradas[-1].usuario == director


def test_el_autoguardado_no_llena_el_historial_de_la_matriz(mundo, matriz):  # noqa: F811
    llenar(matriz, mundo["director"])
    antes = historial.modelo_de_cambios(Matriz).objects.filter(pgh_obj_id=matriz.pk).count()
    fila = matriz.filas.first()
    for i in range(3):
        matriz.refresh_from_db()
        balance.matriz_guardar(
            matriz=matriz,
            usuario=mundo["director"],
            version=matriz.version,
            filas={fila.pk: balance.DatosFila(acciones=f"Talleres, versión {i}")},
        )
    matriz.refresh_from_db()
    assert matriz.version >= 3  # each save was real...
    # ...and recorded on the row it changed, not on the matrix.
    assert historial.modelo_de_cambios(Matriz).objects.filter(pgh_obj_id=matriz.pk).count() == antes
    assert [e.cambios["acciones"][1] for e in historial.entradas(fila)[-3:]] == [
        f"Talleres, versión {i}" for i in range(3)
    ]


def test_los_estados_se_eligen_en_sql(mundo, matriz):  # noqa: F811
    enviar(matriz, mundo["director"])
    matriz.refresh_from_db()
    # Fifty edits that are not state changes (a bulk update, as the admin or a script would make).
    modelo = historial.modelo_de_cambios(Matriz)
    for i in range(50):
        Matriz.objects.filter(pk=matriz.pk).update(enviada_en=matriz.enviada_en + timedelta(seconds=i + 1))
    total = modelo.objects.filter(pgh_obj_id=matriz.pk).count()
    with CaptureQueriesContext(connection) as consultas:
        estados = historial.entradas(matriz, estados=True)
    assert [(e.de, e.a) for e in estados] == [("", Estado.BORRADOR), (Estado.BORRADOR, Estado.ENVIADA)]
    assert len(consultas) <= 2
    assert total >= 52  # yet only the two state entries were read


def test_los_estados_escritos_a_mano_son_los_del_orm(mundo, matriz):  # noqa: F811
    """entradas(estados=True) reads its rows with SQL written once per model: the same rows as the
    ORM's window query, including state changes made by plain SQL (no «de» in their context)."""
    from historial import registro

    enviar(matriz, mundo["director"])
    matriz.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE balance_matriz SET enviada_en = enviada_en WHERE id = %s", [matriz.pk])
        cursor.execute("UPDATE balance_matriz SET estado = %s WHERE id = %s", [Estado.BORRADOR, matriz.pk])
        cursor.execute("UPDATE balance_matriz SET version = version + 1 WHERE id = %s", [matriz.pk])
        cursor.execute("UPDATE balance_matriz SET estado = %s WHERE id = %s", [Estado.ENVIADA, matriz.pk])
    modelo = historial.modelo_de_cambios(Matriz)
    filas = list(
        registro._filas_de_estado("estado", modelo.objects.filter(pgh_obj_id=matriz.pk)).order_by(
            "pgh_created_at", "pgh_id"
        )
    )
    esperadas = registro._leer(matriz, filas, registro._usuarios(filas), estados=True)
    estados = historial.entradas(matriz, estados=True)
    assert estados == esperadas
    assert [(e.de, e.a) for e in estados][-2:] == [
        (Estado.ENVIADA, Estado.BORRADOR),
        (Estado.BORRADOR, Estado.ENVIADA),
    ]


def test_ultimas_lee_solo_las_ultimas(db):
    practica = BuenaPracticaFactory(titulo="Uno")
    for i in range(2, 8):
        practica.titulo = f"Título {i}"
        practica.save()
    ultimas = historial.entradas(practica, ultimas=3)
    assert [e.cambios["titulo"][1] for e in ultimas] == ["Título 5", "Título 6", "Título 7"]
    assert ultimas[0].cambios["titulo"][0] == "Título 4"


def test_una_accion_rechazada_no_deja_su_contexto_a_lo_que_sigue(db):
    from tests.factories import UsuarioFactory

    persona, otra = UsuarioFactory(first_name="Ana"), UsuarioFactory(first_name="Luz")
    with transaction.atomic():
        try:
            with historial.accion(persona, "renombrar", usuario=None, comentario="rechazado"):
                raise ValueError("refused before writing")
        except ValueError:
            pass
        otra.first_name = "Luz María"
        otra.save()
    ultima = historial.entradas(otra)[-1]
    assert ultima.accion != "renombrar" and ultima.comentario == ""


def test_la_ficha_de_un_usuario_en_el_admin_muestra_su_historial(mundo, client):
    persona = mundo["director"]
    with pghistory.context(user=mundo["admin"].pk):
        persona.first_name = "Rosa Elena"
        persona.save()
    client.force_login(mundo["admin"])
    html = client.get(f"/admin/cuentas/usuario/{persona.pk}/change/").content.decode()
    # The history's own table (the user admin has fieldsets: it must still appear, as its section).
    assert "Campos cambiados" in html and "Rosa Elena" not in html.split("Campos cambiados")[0][-200:]
    tabla = html.split("Campos cambiados", 1)[1]
    assert "first_name" in tabla and str(mundo["admin"]) in tabla


def test_la_demo_de_monitoreo_pasa_por_los_servicios(db, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("cargar_demo", stdout=StringIO())
    plan = PlanMonitoreo.objects.get(institucion__codigo_modular="9070370")
    entradas = historial.entradas(plan)
    assert entradas[0].usuario.username == "director.70370"
    assert {e.accion for e in entradas} == {"guardar"}
    visita = plan.visitas.first()
    assert historial.entradas(visita)[0].accion == "registrar"


def test_las_acciones_se_leen_en_palabras(db):
    practica = BuenaPracticaFactory()
    entrada = historial.Entrada(fecha=None, usuario=None, tipo="estado", accion="enviar_a_revision")
    assert entrada.accion_display == "Enviar a revisión"
    assert historial.entradas(practica)[0].accion_display == "Creación"
