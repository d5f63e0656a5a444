"""CPU per request of the national pages (the boards, the home, one matrix read, edited and
autosaved), split into this process's CPU (time.process_time: Python, templates) and the time of
its SQL, medians of N requests; next to the empty logged-in page (base.html with no content, at a
URL only this process has) of the same user, the floor every page is compared with.

It imports Chasqui from the current directory, so the same script measures two checkouts side by side
in one run, e.g. main in a worktree at /tmp/main against this one:

    aqui=$PWD; for r in 1 2 3 4 5; do
      (cd /tmp/main && DEBUG=1 $aqui/.venv/bin/python $aqui/bench/cpu_paginas.py)
      DEBUG=1 .venv/bin/python bench/cpu_paginas.py
    done

Needs the database bench/exportar_campana.py fills (BENCH_BASE, chasqui_bench unless told). The
matrix pages and the UGEL and DRE boards need a copy of it prepared once (never the original):

    psql … -c 'CREATE DATABASE chasqui_b15 TEMPLATE chasqui_bench'
    BENCH_BASE=chasqui_b15 .venv/bin/python bench/cpu_paginas.py --preparar

which opens the campaign, spreads its matrices over the five situations, adds the three previous
years (2020–2022, copies of its content: 12,000 matrices in all) and a director (bench.director, their
matrix a draft with every field at its limit), a UGEL specialist (bench.ugel) and a DRE specialist
(bench.dre). Prints one JSON line: page → [process CPU ms, SQL ms, queries, bytes, ratio of CPU+SQL
to the same user's empty page].

30/11/2026, this two-core machine saturated by other jobs (load 6–10: SQL times are mostly waiting,
the 4 queries of the empty page took 12–36 ms), chasqui_b15 (4 campaigns × 3,000 matrices, one DRE
of 220 UGEL), 3 runs × 10 requests alternating main's code and this branch's, medians of process CPU
ms (queries): campaign board p. 1 45.3 (12) → 37.1 (11); UGEL board 29.5 (12) → 25.6 (11); DRE
board 226.9 (11) → 72.2 (10), then ~55 with its rows drawn by the view; matrix edit 39.8 → 39.5 (14);
matrix read 32.4 → 31.8 (16); autosave 63.8 (29) → 48.3 (21); the empty page 6.7–8.1 (4). The
campaign board's SQL fell most (the chart's count of 45,000 difficulties, ~100 ms, now kept until
a matrix changes what it counts).
"""

import json
import os
import re
import statistics
import sys
import time
from html import unescape

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")  # connection.queries holds each query's time
os.environ["DATABASE_URL"] = "postgres://chasqui@127.0.0.1:{}/{}".format(
    os.environ.get("PGPORT_LOCAL", "54329"), os.environ.get("BENCH_BASE", "chasqui_bench")
)
ORIGINALES = {"chasqui_bench", "chasqui_nacional"}  # built by their scripts: --preparar writes to a copy


def _pagina_vacia():
    """The floor: base.html with nothing in it, logged in (session, user, scope, the menu), at
    /__vacia__/, a URL that exists only in this process."""
    import types

    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.urls import include, path

    modulo = types.ModuleType("bench_urls")
    modulo.urlpatterns = [
        path("__vacia__/", login_required(lambda request: render(request, "base.html"))),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules["bench_urls"] = modulo
    settings.ROOT_URLCONF = "bench_urls"


def preparar() -> None:
    """The copy's campaign as a real one in its middle: open, every situation, previous years, and
    one user of each role that reads the balance (idempotent)."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from balance.models import Campana, Estado, Matriz
    from cuentas.models import Asignacion, Rol, Usuario

    if connection.settings_dict["NAME"] in ORIGINALES:
        sys.exit("--preparar writes: run it on a copy (BENCH_BASE=chasqui_b15), not on the original.")
    campana = Campana.objects.get(titulo__startswith="Bench", anio=2023)
    ahora = timezone.now()
    for anio in (2020, 2021, 2022):
        if not Campana.objects.filter(anio=anio, dre=campana.dre).exists():
            with transaction.atomic():
                _copiar_campana(campana, anio)
    with transaction.atomic():
        Campana.objects.filter(pk=campana.pk).update(
            abierta=True, fecha_limite=timezone.localdate() + timedelta(days=30)
        )
        matrices = Matriz.objects.filter(campana=campana)
        # By id: 30 % not started, 20 % drafts, 20 % sent (half opened by the UGEL), 10 % returned,
        # 20 % approved.
        reparto = [
            (range(0, 3), {"estado": Estado.BORRADOR, "editada_en": None, "progreso": 0}),
            (range(3, 5), {"estado": Estado.BORRADOR, "editada_en": ahora, "progreso": 60}),
            (range(5, 7), {"estado": Estado.ENVIADA, "editada_en": ahora, "enviada_en": ahora}),
            (range(7, 8), {"estado": Estado.OBSERVADA, "editada_en": ahora, "enviada_en": ahora}),
            (range(8, 10), {"estado": Estado.APROBADA, "editada_en": ahora, "aprobada_en": ahora}),
        ]
        for restos, valores in reparto:
            ids = [pk for pk in matrices.values_list("pk", flat=True) if pk % 10 in restos]
            Matriz.objects.filter(pk__in=ids).update(**valores)
        Matriz.objects.filter(
            pk__in=[pk for pk in matrices.values_list("pk", flat=True) if pk % 20 == 5]
        ).update(revision_abierta_en=ahora)
        Matriz.objects.filter(campana__anio__lt=2023).update(estado=Estado.APROBADA, progreso=100)

        propia = matrices.filter(estado=Estado.BORRADOR, editada_en__isnull=False).order_by("pk").first()
        institucion = propia.institucion
        for nombre, rol, lugar in (
            ("bench.director", Rol.DIRECTOR, {"institucion": institucion}),
            ("bench.ugel", Rol.ESPECIALISTA_UGEL, {"ugel": institucion.ugel}),
            ("bench.dre", Rol.ESPECIALISTA_DRE, {"dre": campana.dre}),
        ):
            usuario, _creado = Usuario.objects.get_or_create(username=nombre)
            Asignacion.objects.get_or_create(usuario=usuario, rol=rol, **lugar)
    sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
    from matriz_editar import llenar

    llenar(Matriz.objects.get(pk=propia.pk))
    print(f"preparada: campaña {campana.pk}, matriz del director {propia.pk} ({institucion})")


def _copiar_campana(campana, anio: int) -> None:
    """The campaign of `anio` over the same DRE: its matrices and content copied from `campana`'s
    (SQL, a few seconds)."""
    from django.db import connection

    from balance import services
    from cuentas.models import Usuario

    nueva = services.campana_crear(
        usuario=Usuario.objects.get(username="bench.admin"),
        anio=anio,
        titulo=f"Bench – Balance {anio}",
        dre=campana.dre,
        fecha_limite=campana.fecha_limite.replace(year=anio),
        lineamientos=list(campana.lineamientos.values_list("nombre", flat=True)),
    )
    tablas = ("balance_matriz", "balance_fila", "balance_logro", "balance_dificultad", "balance_compromiso")
    with connection.cursor() as c:
        # Copies, not changes: no history rows (the triggers would make this minutes long).
        for tabla in tablas:
            c.execute(f"ALTER TABLE {tabla} DISABLE TRIGGER USER")
        c.execute(
            """INSERT INTO balance_matriz (campana_id, institucion_id, estado, version, progreso,
                 editada_en, actualizada, ronda, enviada_en, aprobada_en)
               SELECT %s, institucion_id, 'aprobada', 3, 100, now(), now(), 1, now(), now()
               FROM balance_matriz WHERE campana_id = %s""",
            [nueva.pk, campana.pk],
        )
        # Row by row: the same institution, the lineamiento of the same order.
        c.execute(
            """CREATE TEMP TABLE par_fila AS
               SELECT fo.id AS origen, nextval(pg_get_serial_sequence('balance_fila', 'id')) AS nueva,
                      mn.id AS matriz_id, ln.id AS lineamiento_id
               FROM balance_fila fo JOIN balance_matriz mo ON mo.id = fo.matriz_id AND mo.campana_id = %s
               JOIN balance_lineamiento lo ON lo.id = fo.lineamiento_id
               JOIN balance_matriz mn ON mn.institucion_id = mo.institucion_id AND mn.campana_id = %s
               JOIN balance_lineamiento ln ON ln.campana_id = %s AND ln.orden = lo.orden""",
            [campana.pk, nueva.pk, nueva.pk],
        )
        c.execute("CREATE INDEX ON par_fila (origen)")
        c.execute("ANALYZE par_fila")
        c.execute(
            """INSERT INTO balance_fila (id, matriz_id, lineamiento_id, acciones, sugerencias,
                 enlace_evidencias, observacion)
               SELECT p.nueva, p.matriz_id, p.lineamiento_id, fo.acciones, fo.sugerencias,
                 fo.enlace_evidencias, ''
               FROM par_fila p JOIN balance_fila fo ON fo.id = p.origen"""
        )
        c.execute(
            """INSERT INTO balance_logro (fila_id, orden, cifra, que_cuenta, cualitativo, evidencia)
               SELECT p.nueva, l.orden, l.cifra, l.que_cuenta, l.cualitativo, l.evidencia
               FROM balance_logro l JOIN par_fila p ON p.origen = l.fila_id"""
        )
        c.execute(
            """INSERT INTO balance_dificultad (fila_id, orden, texto, categoria_id)
               SELECT p.nueva, d.orden, d.texto, d.categoria_id
               FROM balance_dificultad d JOIN par_fila p ON p.origen = d.fila_id"""
        )
        c.execute(
            """INSERT INTO balance_compromiso (matriz_id, orden, que, responsable, plazo)
               SELECT mn.id, co.orden, co.que, co.responsable, co.plazo
               FROM balance_compromiso co JOIN balance_matriz mo ON mo.id = co.matriz_id
               JOIN balance_matriz mn ON mn.institucion_id = mo.institucion_id AND mn.campana_id = %s
               WHERE mo.campana_id = %s""",
            [nueva.pk, campana.pk],
        )
        c.execute("DROP TABLE par_fila")
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred checks now, before the triggers return
        for tabla in tablas:
            c.execute(f"ALTER TABLE {tabla} ENABLE TRIGGER USER")
        c.execute("ANALYZE")


def _campos(respuesta) -> dict[str, str]:
    """The hidden inputs an autosave answers (version, base), as autoguardado.js takes them."""
    texto = respuesta.content.decode()
    return {
        nombre: unescape(valor)
        for nombre, valor in re.findall(r'<input type="hidden" name="(\w+)" id="\w+" value="([^"]*)"', texto)
    }


def main(veces: int = 10) -> None:
    import django

    django.setup()
    _pagina_vacia()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from balance.forms import EdicionMatriz
    from balance.models import Campana, Estado, Matriz
    from cuentas.models import Usuario

    campana = Campana.objects.filter(titulo__startswith="Bench").order_by("-anio").first()
    if campana is None:
        sys.exit("No bench data: run bench/exportar_campana.py first.")
    clientes = {}
    for nombre in ("bench.admin", "bench.director", "bench.ugel", "bench.dre"):
        if (usuario := Usuario.objects.filter(username=nombre).first()) is not None:
            clientes[nombre] = Client(HTTP_HOST="127.0.0.1")
            clientes[nombre].force_login(usuario)
    paginas = [
        ("tablero p. 1", "bench.admin", f"/balance/campanas/{campana.pk}/"),
        (
            "tablero aprobadas p. 20",
            "bench.admin",
            f"/balance/campanas/{campana.pk}/?situacion=aprobada&pagina=20",
        ),
        ("inicio", "bench.admin", "/"),
        ("vacía", "bench.admin", "/__vacia__/"),
    ]
    propia = None
    if "bench.director" in clientes:
        director = Usuario.objects.get(username="bench.director")
        propia = Matriz.objects.get(campana=campana, institucion__asignaciones__usuario=director)
        enviada = Matriz.objects.filter(
            campana=campana, estado=Estado.ENVIADA, institucion__ugel=propia.institucion.ugel
        ).first()
        paginas += [
            ("tablero UGEL", "bench.ugel", f"/balance/campanas/{campana.pk}/"),
            ("matriz (revisión)", "bench.ugel", reverse("balance:matriz", args=[enviada.pk])),
            ("vacía UGEL", "bench.ugel", "/__vacia__/"),
            ("tablero DRE", "bench.dre", reverse("balance:dre_tablero", args=[campana.dre_id, campana.anio])),
            ("vacía DRE", "bench.dre", "/__vacia__/"),
            ("matriz editar", "bench.director", reverse("balance:matriz_editar", args=[propia.pk])),
            ("matriz (director)", "bench.director", reverse("balance:matriz", args=[propia.pk])),
            ("autoguardado", "bench.director", reverse("balance:matriz_autoguardar", args=[propia.pk])),
            ("vacía director", "bench.director", "/__vacia__/"),
        ]
    salida = {}
    for nombre, usuario, url in paginas:
        cliente = clientes[usuario]
        if nombre == "autoguardado":
            # What autoguardado.js posts: every field, the version and base the last answer gave, one
            # field changed each time (the others as stored: a save writes only what changed).
            propia.refresh_from_db()
            datos = EdicionMatriz(Matriz.objects.con_contenido().get(pk=propia.pk)).valores()
            estado = {"version": str(propia.version), "base": json.dumps(datos, ensure_ascii=False)}
            campo = next(k for k in datos if k.endswith("-acciones"))
            textos = [datos[campo][:-1] + "A", datos[campo][:-1] + "B"]

            def pedir(i, cliente=cliente, url=url, datos=datos, estado=estado, campo=campo, textos=textos):
                r = cliente.post(url, {**datos, **estado, campo: textos[i % 2], "resumen": ""})
                assert r.status_code == 200, (r.status_code, r.content[:300])
                estado.update(_campos(r))
                return r
        else:

            def pedir(i, cliente=cliente, url=url):
                r = cliente.get(url)
                assert r.status_code == 200, (url, r.status_code)
                return r

        for i in range(2):
            pedir(i)  # templates loaded, caches warm
        cpu, sql = [], []
        for i in range(veces):
            reset_queries()
            inicio = time.process_time()
            respuesta = pedir(i)
            cpu.append((time.process_time() - inicio) * 1000)
            sql.append(sum(float(q["time"]) for q in connection.queries) * 1000)
        salida[nombre] = [
            round(statistics.median(cpu), 1),
            round(statistics.median(sql), 1),
            len(connection.queries),
            len(respuesta.content),
        ]
    vacias = {"bench.admin": "vacía", "bench.ugel": "vacía UGEL", "bench.dre": "vacía DRE"}
    vacias["bench.director"] = "vacía director"
    for nombre, usuario, _url in paginas:
        suelo = salida[vacias[usuario]]
        salida[nombre].append(round((salida[nombre][0] + salida[nombre][1]) / (suelo[0] + suelo[1]), 1))
    print(json.dumps(salida, ensure_ascii=False))


if __name__ == "__main__":
    if "--preparar" in sys.argv:
        import django

        django.setup()
        preparar()
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
