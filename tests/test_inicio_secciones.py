"""The home's sections of the specialists and national users drawn in one pass (issue 15): the balance
section's links, the role cards from one query, the institutions counted from their index."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balance import secciones
from balance.models import Campana, Matriz
from cuentas.models import Rol
from tests.balance.conftest import campana_abierta, enviar
from tests.factories import InstitucionFactory, usuario_con


def campana_de(mundo, ugel, titulo):
    return campana_abierta(mundo, titulo=titulo, ugel=ugel)


def test_enlaces_por_revisar_de_cada_campana(client, mundo):
    """A national user sees one link per campaign with sent matrices, its count and its title
    escaped; a UGEL specialist only their UGEL's; a DRE specialist the link to their DRE's board."""
    a1 = campana_de(mundo, mundo["ugel_a1"], "Balance <A1> & más")
    b1 = campana_de(mundo, mundo["ugel_b1"], "Balance B1")
    enviar(Matriz.objects.get(campana=a1, institucion=mundo["inst_a1a"]), mundo["director"])
    director_b1 = usuario_con(Rol.DIRECTOR, mundo["inst_b1"])
    enviar(Matriz.objects.get(campana=b1, institucion=mundo["inst_b1"]), director_b1)
    tablero_a1 = reverse("balance:tablero", args=[a1.pk])
    enlace_a1 = (
        f'<a class="list-group-item list-group-item-action" href="{tablero_a1}?situacion=enviada">'
        '\n      <svg class="bi me-1"'
    )
    client.force_login(mundo["admin"])
    html = client.get("/").content.decode()
    assert enlace_a1 in html
    assert "1 matriz enviada por revisar — Balance &lt;A1&gt; &amp; más" in html
    assert "1 matriz enviada por revisar — Balance B1" in html
    client.force_login(mundo["ugel"])
    html = client.get("/").content.decode()
    assert enlace_a1 in html and "Balance B1" not in html
    client.force_login(mundo["dre"])
    html = client.get("/").content.decode()
    assert "por revisar" not in html
    assert f'href="{reverse("balance:dre_elegir")}?dre={mundo["dre_a"].pk}"' in html
    assert "Tablero de la DRE A: cómo va el balance en cada UGEL" in html


def test_enlaces_plural(client, mundo):
    a1 = campana_de(mundo, mundo["ugel_a1"], "Balance A1")
    otro = usuario_con(Rol.DIRECTOR, mundo["inst_a1b"])
    enviar(Matriz.objects.get(campana=a1, institucion=mundo["inst_a1a"]), mundo["director"])
    enviar(Matriz.objects.get(campana=a1, institucion=mundo["inst_a1b"]), otro)
    client.force_login(mundo["ugel"])
    assert "2 matrices enviadas por revisar — Balance A1" in client.get("/").content.decode()


def test_las_consultas_no_crecen_con_las_campanas(client, mundo, django_assert_max_num_queries):
    campana_de(mundo, mundo["ugel_a1"], "Balance A1")
    enviar(Matriz.objects.get(campana__titulo="Balance A1", institucion=mundo["inst_a1a"]), mundo["director"])
    client.force_login(mundo["admin"])
    with django_assert_max_num_queries(20) as antes:
        client.get("/")
    for n in range(3):
        c = campana_de(mundo, mundo["ugel_b1"], f"Balance B1 {n}")
        Matriz.objects.filter(campana=c).update(estado="enviada")
        Campana.objects.filter(pk=c.pk).update(anio=2020 + n)
    with django_assert_max_num_queries(len(antes.captured_queries)):
        html = client.get("/").content.decode()
    assert html.count("matriz enviada por revisar") == 4


@pytest.mark.parametrize(
    "rol, textos",
    [
        (
            "director",
            ["Director(a)", "CEBA Número", "Código modular 1111111 · CEBA · UGEL A1", "Ver mi institución"],
        ),
        ("ugel", ["Especialista UGEL", "UGEL A1", "DRE A"]),
        ("dre", ["Especialista DRE", "DRE A", "Región "]),
        ("admin", ["Administrador(a)", "Abrir la administración"]),
    ],
)
def test_tarjeta_de_cada_rol(client, mundo, rol, textos):
    client.force_login(mundo[rol])
    html = client.get("/").content.decode()
    tarjeta = html[html.index('<section class="card h-100 shadow-sm">') :]
    tarjeta = tarjeta[: tarjeta.index("</section>")]
    for texto in textos:
        assert texto in tarjeta, texto
    if rol == "director":
        assert reverse("territorio:institucion", args=["1111111"]) in tarjeta


def test_instituciones_contadas_por_su_indice(client, mundo):
    """The per-UGEL counts are read through an index, never by reading the table sequentially, for a
    national user and a DRE's specialist. Which index the planner takes in a test's transaction depends
    on the table's visibility map (empty until a VACUUM, which cannot run here): at national size it is
    the index (ugel, modalidad) alone, an index-only scan (bench/cpu_tableros.py)."""
    InstitucionFactory.create_batch(5, ugel=mundo["ugel_a2"], modalidad="cetpro")
    for usuario in ("admin", "dre"):
        cache.clear()  # counted, not read from what the previous request kept
        client.force_login(mundo[usuario])
        with CaptureQueriesContext(connection) as capturadas:
            client.get("/")
        conteo = next(
            q["sql"]
            for q in capturadas.captured_queries
            if 'FROM "territorio_institucion"' in q["sql"]
            and '"modalidad"' in q["sql"]
            and "COUNT(*)" in q["sql"]
        )
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + conteo)
            plan = "\n".join(fila[0] for fila in cursor.fetchall())
        assert "Seq Scan" not in plan, plan
        assert (
            "Index Only Scan using institucion_ugel_modalidad" in plan
            or "Bitmap Index Scan on institucion_ugel_modalidad" in plan
            or "Index Scan using territorio_institucion_ugel_id" in plan
        ), plan


def test_por_revisar_lee_solo_las_enviadas(client, mundo):
    """The review links count the sent matrices from their partial index, not every matrix of every
    year (a national user's home)."""
    a1 = campana_de(mundo, mundo["ugel_a1"], "Balance A1")
    enviar(Matriz.objects.get(campana=a1, institucion=mundo["inst_a1a"]), mundo["director"])
    client.force_login(mundo["admin"])
    with CaptureQueriesContext(connection) as capturadas:
        client.get("/")
    conteo = next(
        q["sql"]
        for q in capturadas.captured_queries
        if "balance_matriz" in q["sql"] and "'enviada'" in q["sql"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + conteo)
        plan = "\n".join(fila[0] for fila in cursor.fetchall())
    assert "matriz_enviadas" in plan, plan


def test_los_enlaces_guardados_cambian_con_cada_matriz(client, mundo):
    """The links' drawing is kept under the rows it draws: a matrix sent through the service, one
    returned to draft by plain SQL, a campaign renamed by a model save (the admin's path) each
    show at the next request; a second visit between changes draws nothing again."""
    cache.clear()
    a1 = campana_de(mundo, mundo["ugel_a1"], "Balance A1")
    enviar(Matriz.objects.get(campana=a1, institucion=mundo["inst_a1a"]), mundo["director"])
    client.force_login(mundo["ugel"])
    with mock.patch("balance.secciones._enlaces", wraps=secciones._enlaces) as dibujar:
        assert "1 matriz enviada por revisar — Balance A1" in client.get("/").content.decode()
        assert "1 matriz enviada por revisar — Balance A1" in client.get("/").content.decode()
    assert dibujar.call_count == 1
    enviar(
        Matriz.objects.get(campana=a1, institucion=mundo["inst_a1b"]),
        usuario_con(Rol.DIRECTOR, mundo["inst_a1b"]),
    )
    assert "2 matrices enviadas por revisar — Balance A1" in client.get("/").content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE balance_matriz SET estado = 'borrador' WHERE campana_id = %s AND institucion_id = %s",
            [a1.pk, mundo["inst_a1b"].pk],
        )
    assert "1 matriz enviada por revisar — Balance A1" in client.get("/").content.decode()
    a1.titulo = "Balance A1 renombrado"
    a1.save()
    html = client.get("/").content.decode()
    assert "1 matriz enviada por revisar — Balance A1 renombrado" in html
    client.force_login(mundo["admin"])  # another viewer, the same rows: the same drawing
    assert "1 matriz enviada por revisar — Balance A1 renombrado" in client.get("/").content.decode()
