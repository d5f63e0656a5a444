"""The data migrations move every old history row (CambioEstado, CambioPractica, CambioEvento) into
historial with its date, user, states and comment, and stop on a row they cannot place."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import historial
from balance.models import Matriz
from historial.migracion import FilaNoUbicable
from practicas.models import BuenaPractica, Evento

ANTES = [("balance", "0003_historial"), ("practicas", "0004_historial")]
LIMA = ZoneInfo("America/Lima")


def migrar(destino=None):
    """Migrate to `destino` (the latest when None); the historical apps of that state."""
    executor = MigrationExecutor(connection)
    destino = destino or executor.loader.graph.leaf_nodes()
    executor.migrate(destino)
    return MigrationExecutor(connection).loader.project_state(destino).apps


@pytest.fixture
def viejas(transactional_db):
    """The database as it was before the move: old history models beside the new tables."""
    apps = migrar(ANTES)
    yield apps
    migrar()


def practica_vieja(apps, n: int = 1, **campos):
    """A practice written with the models of the migration state `apps` (today's factories would
    write columns that did not exist yet)."""
    region = apps.get_model("territorio", "Region").objects.create(
        nombre=f"Región {n}", macrorregion="centro"
    )
    tema, _ = apps.get_model("practicas", "Tema").objects.get_or_create(nombre="Planificación institucional")
    return apps.get_model("practicas", "BuenaPractica").objects.create(
        **{
            "titulo": f"Práctica {n}",
            "slug": f"practica-{n}",
            "region": region,
            "instancias": "DRE Junín",
            "tema": tema,
            "etapa": "avanzado",
            "anio": 2025,
            "problema": "Gestión desarticulada.",
            **campos,
        }
    )


def evento_viejo(apps):
    from datetime import date

    return apps.get_model("practicas", "Evento").objects.create(
        nombre="Intercambio",
        slug="intercambio",
        macrorregion="centro",
        sede="Huacho",
        fecha_inicio=date(2026, 4, 23),
        fecha_fin=date(2026, 4, 24),
    )


def fecha(dia):
    return datetime(2024, 4, dia, 10, 30, tzinfo=LIMA)


def una_matriz(apps, mundo):
    """An observed matrix written with the models of the migration state `apps` (today's services
    would write columns that did not exist yet, such as Matriz.ronda)."""
    from datetime import date

    campana = apps.get_model("balance", "Campana").objects.create(
        anio=2024,
        titulo="Balance 2024",
        ugel_id=mundo["ugel_a1"].pk,
        fecha_limite=date(2099, 12, 31),
        abierta=True,
    )
    return apps.get_model("balance", "Matriz").objects.create(
        campana=campana, institucion_id=mundo["inst_a1a"].pk, estado="observada"
    )


def test_las_filas_viejas_pasan_al_historial(viejas, mundo):
    matriz = una_matriz(viejas, mundo)
    practica = practica_vieja(viejas, estado="publicada", publicada_en=fecha(20))
    evento = evento_viejo(viejas)
    # Before the move there was no trigger-written history: only the old rows.
    for modelo in ("MatrizCambio", "BuenaPracticaCambio", "EventoCambio"):
        app = "balance" if modelo == "MatrizCambio" else "practicas"
        viejas.get_model(app, modelo).objects.all().delete()
    CambioEstado = viejas.get_model("balance", "CambioEstado")
    for de, a, quien, dia, comentario in [
        ("", "borrador", "admin", 1, "Campaña abierta"),
        ("borrador", "enviada", "director", 5, ""),
        ("enviada", "observada", "ugel", 9, "Falta evidencia"),
    ]:
        CambioEstado.objects.create(
            matriz_id=matriz.pk,
            de_estado=de,
            a_estado=a,
            usuario_id=mundo[quien].pk,
            fecha=fecha(dia),
            comentario=comentario,
        )
    CambioPractica = viejas.get_model("practicas", "CambioPractica")
    CambioPractica.objects.create(
        practica_id=practica.pk,
        de_estado="borrador",
        a_estado="en_revision",
        usuario_id=mundo["difoca"].pk,
        fecha=fecha(10),
    )
    CambioPractica.objects.create(
        practica_id=practica.pk,
        de_estado="en_revision",
        a_estado="publicada",
        usuario_id=None,  # the user was deleted since
        fecha=fecha(20),
        comentario="Lista",
    )
    CambioEvento = viejas.get_model("practicas", "CambioEvento")
    CambioEvento.objects.create(
        evento_id=evento.pk, publicado=True, usuario_id=mundo["difoca"].pk, fecha=fecha(21)
    )
    CambioEvento.objects.create(
        evento_id=evento.pk, publicado=False, usuario_id=mundo["admin"].pk, fecha=fecha(22)
    )

    migrar()

    pasos = [
        (e.fecha, e.de, e.a, e.usuario, e.accion, e.comentario)
        for e in historial.entradas(Matriz.objects.get(pk=matriz.pk))
    ]
    assert pasos == [
        (fecha(1), "", "borrador", mundo["admin"], "abrir", "Campaña abierta"),
        (fecha(5), "borrador", "enviada", mundo["director"], "enviar", ""),
        (fecha(9), "enviada", "observada", mundo["ugel"], "devolver", "Falta evidencia"),
    ]
    pasos = [
        (e.fecha, e.de, e.a, e.usuario, e.comentario) for e in historial.entradas(BuenaPractica.objects.get())
    ]
    assert pasos == [
        (fecha(10), "borrador", "en_revision", mundo["difoca"], ""),
        (fecha(20), "en_revision", "publicada", None, "Lista"),
    ]
    pasos = [(e.fecha, e.de, e.a, e.usuario) for e in historial.entradas(Evento.objects.get())]
    assert pasos == [(fecha(21), False, True, mundo["difoca"]), (fecha(22), True, False, mundo["admin"])]


def test_una_fila_que_no_se_puede_ubicar_detiene_la_migracion(viejas, mundo):
    matriz = una_matriz(viejas, mundo)
    CambioEstado = viejas.get_model("balance", "CambioEstado")
    mala = CambioEstado.objects.create(
        matriz_id=matriz.pk, de_estado="enviada", a_estado="perdida", usuario_id=None, fecha=fecha(3)
    )
    with pytest.raises(FilaNoUbicable) as error:
        migrar()
    assert f"balance.CambioEstado id={mala.pk}" in str(error.value) and "'perdida'" in str(error.value)
    # Nothing was moved and the old row is still there, for someone to fix.
    assert CambioEstado.objects.filter(pk=mala.pk).exists()
    assert (
        not viejas.get_model("balance", "MatrizCambio")
        .objects.filter(pgh_context__has_key="migrado")
        .exists()
    )
    mala.delete()
