"""The practice sheet's content read in the practice's own query (con_ficha_completa: its lists as
JSON): the same objects, in the same order, as the ORM's prefetches read them, and only what the
reader may see."""

import json
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Prefetch, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practicas.models import (
    ORDEN_ESTRATEGIAS,
    BuenaPractica,
    ComentarioExperto,
    Estrategia,
    Evento,
    PracticaPresentada,
)
from tests.factories import EventoFactory
from tests.factories import practica_publicada as publicada


def _llena():
    """A practice with every list, out of order on purpose, and feedback from a published event,
    an unpublished one and none."""
    practica = publicada(slug="llena")
    fase_b = practica.fases.create(orden=2, nombre="Fase de consolidación")
    fase_a = practica.fases.create(orden=1, nombre="Fase de preparación")
    practica.estrategias.create(orden=1, fase=fase_b, descripcion="En la segunda fase")
    practica.estrategias.create(orden=2, descripcion="Sin fase, segunda")
    practica.estrategias.create(orden=1, fase=fase_a, titulo="Primera", descripcion="En la primera fase")
    practica.estrategias.create(orden=1, descripcion="Sin fase, primera")
    practica.resultados.create(orden=1, tipo="logro", descripcion="Un logro")
    practica.resultados.create(orden=2, tipo="cuantitativo", cifra="100 %", descripcion="Cifra dos")
    practica.resultados.create(orden=1, tipo="cualitativo", descripcion="Cualitativo")
    practica.resultados.create(orden=1, tipo="cuantitativo", cifra="13 UGEL", descripcion="Cifra uno")
    practica.instancias_involucradas.create(orden=2, tipo="ugel", nombre="UGEL Huancayo")
    practica.instancias_involucradas.create(orden=1, tipo="dre", nombre="DRE Junín")
    practica.enlaces.create(orden=1, texto="Video", url="https://example.org/video")
    practica.contactos.create(orden=1, nombre="Ana", correo="ana@example.org", telefono="999")
    practica.fotos.create(orden=1, imagen="practicas/1/a.jpg", ancho=800, alto=600, leyenda="Taller")
    practica.fotos.create(orden=2, leyenda="Aún sin imagen")
    publicado = EventoFactory(
        nombre="Intercambio publicado",
        publicado=True,
        publicado_en=timezone.now(),
        fecha_inicio=date(2026, 4, 23),
    )
    anterior = EventoFactory(
        nombre="Intercambio anterior",
        publicado=True,
        publicado_en=timezone.now(),
        fecha_inicio=date(2025, 5, 2),
        fecha_fin=date(2025, 5, 3),
    )
    oculto = EventoFactory(
        nombre="Intercambio sin publicar", fecha_inicio=date(2026, 9, 1), fecha_fin=date(2026, 9, 2)
    )
    for evento in (anterior, oculto, publicado):
        PracticaPresentada.objects.create(evento=evento, practica=practica, orden=1)
    ComentarioExperto.objects.create(practica=practica, evento=oculto, experto="Oculta", aspectos_clave="x")
    ComentarioExperto.objects.create(
        practica=practica, evento=publicado, experto="Pública", aspectos_clave="y"
    )
    ComentarioExperto.objects.create(practica=practica, experto="Sin evento", aspectos_clave="z")
    return practica


def _prefetchada(pk, difoca: bool):
    """The sheet as the ORM's prefetches read it (what con_ficha_completa did before)."""
    eventos = Evento.objects.all() if difoca else Evento.objects.publicados()
    return (
        BuenaPractica.objects.con_ficha()
        .prefetch_related(
            "instancias_involucradas",
            "enlaces",
            "fases",
            Prefetch("estrategias", queryset=Estrategia.objects.order_by(*ORDEN_ESTRATEGIAS)),
            "resultados",
            "contactos",
            "fotos",
            Prefetch(
                "comentarios",
                queryset=ComentarioExperto.objects.filter(
                    Q(evento__isnull=True) | Q(evento__in=eventos)
                ).select_related("evento"),
            ),
        )
        .get(pk=pk)
    ), list(eventos.filter(presentaciones__practica_id=pk))


def _valores(objetos):
    return [{f.attname: getattr(o, f.attname) for f in o._meta.concrete_fields} for o in objetos]


LISTAS = ("instancias_involucradas", "enlaces", "fases", "estrategias", "resultados", "contactos", "fotos")


@pytest.mark.parametrize("rol", ["difoca", "director", None])
def test_la_ficha_junta_lee_lo_mismo_que_las_precargas(mundo, rol):
    practica = _llena()
    usuario = mundo[rol] if rol else AnonymousUser()
    difoca = rol == "difoca"
    junta = BuenaPractica.objects.con_ficha_completa(usuario).get(pk=practica.pk)
    antes, eventos = _prefetchada(practica.pk, difoca)
    with CaptureQueriesContext(connection) as consultas:
        for lista in LISTAS:
            assert _valores(getattr(junta, lista).all()) == _valores(getattr(antes, lista).all()), lista
            assert all(o.practica is junta for o in getattr(junta, lista).all())
        comentarios = list(junta.comentarios.all())
        assert _valores(comentarios) == _valores(antes.comentarios.all())
        assert [c.evento and (c.evento.pk, c.evento.nombre, c.evento.slug) for c in comentarios] == [
            c.evento and (c.evento.pk, c.evento.nombre, c.evento.slug) for c in antes.comentarios.all()
        ]
        assert [e.pk for e in junta.eventos_de_la_ficha] == [e.pk for e in eventos]
        assert junta.ficha()["grupos"] and junta.ficha()["cuantitativos"]
    assert consultas.captured_queries == []  # nothing read again
    expertos = [c.experto for c in comentarios]
    assert expertos == (["Oculta", "Pública", "Sin evento"] if difoca else ["Pública", "Sin evento"])
    nombres = [e.nombre for e in junta.eventos_de_la_ficha]
    visibles = ["Intercambio publicado", "Intercambio anterior"]
    assert nombres == (["Intercambio sin publicar", *visibles] if difoca else visibles)


def test_la_ficha_se_lee_en_una_consulta(client, db):
    """Drawn: its change number, then the practice with every list in one query (kept: the number
    alone, tests/practicas/test_ficha_guardada.py)."""
    _llena()
    with CaptureQueriesContext(connection) as consultas:
        html = client.get("/practicas/llena/").content.decode()
    assert len(consultas.captured_queries) == 2, [q["sql"][:80] for q in consultas.captured_queries]
    assert "Intercambio publicado" in html and "Pública" in html
    assert "sin publicar" not in html.lower() and "Oculta" not in html


def test_la_vista_previa_muestra_lo_que_ve_el_publico(mundo, client):
    practica = _llena()
    client.force_login(mundo["difoca"])
    # DIFOCA's preview: what anyone sees, never the unpublished event; its own sheet shows it.
    html = client.get(f"/practicas/gestion/{practica.pk}/vista-previa/").content.decode()
    assert "Intercambio publicado" in html and "Pública" in html
    assert "Intercambio sin publicar" not in html and "Oculta" not in html
    assert "Intercambio sin publicar" in client.get("/practicas/llena/").content.decode()


def test_varias_fichas_juntas_y_por_iterator(db):
    practicas = [_llena(), publicada(slug="vacia")]
    en_bloque = BuenaPractica.objects.con_ficha_completa(AnonymousUser()).in_bulk([p.pk for p in practicas])
    assert len(en_bloque[practicas[0].pk].estrategias.all()) == 4
    assert list(en_bloque[practicas[1].pk].estrategias.all()) == []
    assert en_bloque[practicas[1].pk].eventos_de_la_ficha == []
    leidas = list(BuenaPractica.objects.con_ficha_completa(AnonymousUser()).order_by("pk").iterator())
    assert [len(p.comentarios.all()) for p in leidas] == [2, 0]


def _nodos(plan: dict):
    yield plan
    for hijo in plan.get("Plans", []):
        yield from _nodos(hijo)


def test_cada_lista_de_la_ficha_se_lee_por_su_indice(client, db):
    """At national size a list read by a scan of its whole table (every practice's strategies,
    every event's presentations) would cost more than the prefetches it replaced: with scans priced
    out, PostgreSQL still finds an index for every part of the sheet's query."""
    _llena()
    with CaptureQueriesContext(connection) as consultas:
        client.get("/practicas/llena/")
    (consulta,) = [c for c in consultas.captured_queries if "json_agg" in c["sql"]]  # not the number's
    sql = consulta["sql"]
    if sql.startswith("SELECT set_config('pghistory"):  # the history middleware's context, in front
        sql = sql.split("true); ", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodos = list(_nodos(plan[0]["Plan"]))
    assert {n.get("Relation Name") for n in nodos} >= {"practicas_estrategia", "practicas_practicapresentada"}
    assert [n["Relation Name"] for n in nodos if n["Node Type"] == "Seq Scan"] == []
