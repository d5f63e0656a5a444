"""CPU per request of the national user's pages (the board and the home), split into this process's
CPU (time.process_time: Python, templates) and the time of its SQL, medians of N requests; next to a
page with no content (a 404 in the base layout, with session) as the floor.

It imports Chasqui from the current directory, so the same script measures two checkouts side by side
in one run, e.g. main in a worktree at /tmp/main against this one:

    aqui=$PWD; for r in 1 2 3 4 5; do
      (cd /tmp/main && DEBUG=1 $aqui/.venv/bin/python $aqui/bench/cpu_paginas.py)
      DEBUG=1 .venv/bin/python bench/cpu_paginas.py
    done

Needs the database bench/exportar_campana.py fills (BENCH_BASE, chasqui_bench unless told). Prints
one JSON line: page → [process CPU ms, SQL ms, queries, bytes, PostgreSQL CPU ms].

By default, the balance's pages: the campaign board (national user, UGEL specialist), the DRE board,
a matrix read by its reviewer and by its director, the director's matrix edit and its autosave (a
POST as autoguardado.js sends it, one field changed each time), next to the empty logged-in page of
each of those users («vacía …»: base.html with no content, at a URL only this process has). The
users bench.director, bench.ugel and bench.dre exist in the national bench database; in a copy of
chasqui_bench, prepare them once (never in the original):

    psql … -c 'CREATE DATABASE chasqui_b15 TEMPLATE chasqui_bench'
    BENCH_BASE=chasqui_b15 .venv/bin/python bench/cpu_paginas.py --preparar

which opens the campaign, spreads its matrices over the five situations, adds the three previous
years (2020–2022, copies of its content: 12,000 matrices in all) and those three users (the
director's matrix a draft with every field at its limit).

BENCH_PAGINAS=nacional measures, in the national bench database (BENCH_BASE=a copy of
chasqui_nacional, bench/nacional.py), every main page that is not the balance's: the home of each
role, the catalogue, its search, a sheet, the events, DIFOCA's list, a plan, the coverage.

BENCH_PAGINAS=tableros measures the three boards of bench/run (the campaign board of the UGEL and
of the DRE specialist, the DRE year board) in a copy of chasqui_nacional, next to their users' empty
pages.

BENCH_PAGINAS=catalogo measures the catalogue's pages instead (the public catalogue, the search
«gestion», a sheet, the events list, DIFOCA's list and its search) in a database bench/catalogo.py
filled (BENCH_BASE=chasqui_bench_catalogo, or a copy grown to another size: the ratio of the search
at 10,000 practices to the one at 1,000 is two runs of this against two databases).

30/11/2026, this two-core machine saturated by other jobs (load 6–10: SQL times are mostly waiting,
the 4 queries of the empty page took 12–36 ms), chasqui_b15 (4 campaigns × 3,000 matrices, one DRE
of 220 UGEL), 3 runs × 10 requests alternating main's code and this branch's, medians of process CPU
ms (queries): campaign board p. 1 45.3 (12) → 37.1 (11); UGEL board 29.5 (12) → 25.6 (11); DRE
board 226.9 (11) → 72.2 (10), then ~55 with its rows drawn by the view; matrix edit 39.8 → 39.5 (14);
matrix read 32.4 → 31.8 (16); autosave 63.8 (29) → 48.3 (21); the empty page 6.7–8.1 (4). The
campaign board's SQL fell most (the chart's count of 45,000 difficulties, ~100 ms, now kept until
a matrix changes what it counts).
After merging main (piso's floor: the empty page 3.1–3.5 ms CPU + 1 ms PostgreSQL CPU), 3 runs,
process CPU + PostgreSQL CPU (from /proc) per request, main → this branch: campaign board p. 1
40.1+71 → 34.5+10; UGEL board 26.0+7 → 22.3+6; DRE board 203.6+77 → 56.2+11; matrix edit 33.6+8 →
33.4+8; matrix read 28.1+9 → 28.5+9; autosave 63.9+18 (28 queries) → 42.6+12 (20 queries).
"""

import json
import os
import re
import statistics
import sys
import time
from html import unescape
from urllib.parse import urlencode

sys.path.insert(0, os.getcwd())
from medir import pagina_vacia  # noqa: E402 - bench/medir.py beside this script, not the measured checkout's

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")  # connection.queries holds each query's time
os.environ["DATABASE_URL"] = "postgres://chasqui@127.0.0.1:{}/{}".format(
    os.environ.get("PGPORT_LOCAL", "54329"), os.environ.get("BENCH_BASE", "chasqui_bench")
)


ORIGINALES = {"chasqui_bench", "chasqui_nacional"}  # built by their scripts: --preparar writes to a copy


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


def cpu_del_servidor(pid: int) -> float | None:
    """CPU milliseconds the PostgreSQL backend ``pid`` has used (user + system), from /proc: only
    when the server runs on this machine and its process can be read; else None."""
    try:
        with open(f"/proc/{pid}/stat") as estado:
            campos = estado.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(campos[11]) + int(campos[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _paginas_del_balance() -> list[tuple[str, str, str]]:
    """The balance's pages as (name, url, user), in the campaign of bench.director's latest matrix."""
    from django.urls import reverse

    from balance.models import Campana, Estado, Matriz
    from cuentas.models import Usuario

    director = Usuario.objects.filter(username="bench.director").first()
    if director is None:
        campana = Campana.objects.filter(titulo__startswith="Bench").order_by("-anio").first()
        if campana is None:
            sys.exit("No bench data: run bench/exportar_campana.py first.")
        return [
            ("tablero p. 1", f"/balance/campanas/{campana.pk}/", "bench.admin"),
            ("vacía", "/__vacia__/", "bench.admin"),
        ]
    propia = (
        Matriz.objects.filter(institucion__asignaciones__usuario=director)
        .select_related("campana", "institucion")
        .order_by("-campana__anio")
        .first()
    )
    campana = propia.campana
    enviada = (
        Matriz.objects.filter(
            campana=campana, estado=Estado.ENVIADA, institucion__ugel=propia.institucion.ugel
        ).first()
        or Matriz.objects.filter(campana=campana, institucion__ugel=propia.institucion.ugel).first()
    )
    dre_id = campana.dre_id or campana.ugel.dre_id
    return [
        ("tablero p. 1", f"/balance/campanas/{campana.pk}/", "bench.admin"),
        (
            "tablero aprobadas p. 20",
            f"/balance/campanas/{campana.pk}/?situacion=aprobada&pagina=20",
            "bench.admin",
        ),
        ("inicio", "/", "bench.admin"),
        ("vacía", "/__vacia__/", "bench.admin"),
        ("tablero UGEL", f"/balance/campanas/{campana.pk}/", "bench.ugel"),
        ("matriz (revisión)", reverse("balance:matriz", args=[enviada.pk]), "bench.ugel"),
        ("vacía UGEL", "/__vacia__/", "bench.ugel"),
        ("tablero DRE", reverse("balance:dre_tablero", args=[dre_id, campana.anio]), "bench.dre"),
        ("vacía DRE", "/__vacia__/", "bench.dre"),
        ("matriz editar", reverse("balance:matriz_editar", args=[propia.pk]), "bench.director"),
        ("matriz (director)", reverse("balance:matriz", args=[propia.pk]), "bench.director"),
        ("autoguardado", reverse("balance:matriz_autoguardar", args=[propia.pk]), "bench.director"),
        ("vacía director", "/__vacia__/", "bench.director"),
    ]


def _autoguardado(cliente, url: str):
    """A request function that POSTs what autoguardado.js sends (htmx: form-encoded): every field,
    the version and base the last answer gave, one field changed each time (the others as stored: a
    save writes only what changed)."""
    from balance.forms import EdicionMatriz
    from balance.models import Matriz

    pk = int(re.search(r"/matrices/(\d+)/", url).group(1))
    matriz = Matriz.objects.con_contenido().get(pk=pk)
    datos = EdicionMatriz(matriz).valores()
    estado = {"version": str(matriz.version), "base": json.dumps(datos, ensure_ascii=False)}
    campo = next(k for k in datos if k.endswith("-acciones"))
    textos = [datos[campo][:-1] + "A", datos[campo][:-1] + "B"]
    vez = [0]

    def pedir(url):
        vez[0] += 1
        # Form-encoded, as htmx and bench/run send it (the test client's default, multipart, costs
        # the server several ms more to parse than what browsers send).
        cuerpo = urlencode({**datos, **estado, campo: textos[vez[0] % 2], "resumen": ""})
        r = cliente.post(url, cuerpo, content_type="application/x-www-form-urlencoded")
        assert r.status_code == 200, (r.status_code, r.content[:300])
        estado.update(_campos(r))
        return r

    return pedir


def main(veces: int = 10) -> None:
    import django

    django.setup()
    pagina_vacia()
    from django.db import connection, reset_queries
    from django.test import Client

    from cuentas.models import Usuario

    clientes: dict[str | None, Client] = {}

    def cliente_de(usuario: str | None) -> Client:
        if usuario not in clientes:
            clientes[usuario] = Client(HTTP_HOST="127.0.0.1")
            if usuario:
                clientes[usuario].force_login(Usuario.objects.get(username=usuario))
        return clientes[usuario]

    if os.environ.get("BENCH_PAGINAS") == "catalogo":
        from practicas.models import BuenaPractica

        ficha = BuenaPractica.objects.publicadas().order_by("pk").values_list("slug", flat=True).first()
        paginas = [
            ("catálogo", "/practicas/", None),
            ("búsqueda «gestion»", "/practicas/?q=gestion", None),
            ("búsqueda «gestion» p. 20", "/practicas/?q=gestion&pagina=20", None),
            ("ficha", f"/practicas/{ficha}/", None),
            ("eventos", "/practicas/eventos/", None),
            ("vacía anónima (404)", "/no-existe/", None),
            ("gestión: lista", "/practicas/gestion/?estado=todas", "difoca.demo"),
            ("gestión: búsqueda «gestion»", "/practicas/gestion/?estado=todas&q=gestion", "difoca.demo"),
            ("inicio DIFOCA", "/", "difoca.demo"),
            ("vacía", "/__vacia__/", "difoca.demo"),
        ]
    elif os.environ.get("BENCH_PAGINAS") == "nacional":
        # The national bench database (bench/nacional.py): every main page that is not the
        # balance's, as the user who sees it, next to the empty page of each of those users.
        from monitoreo.models import PlanMonitoreo, escuelas_propias
        from practicas.models import BuenaPractica

        ficha = BuenaPractica.objects.publicadas().order_by("pk").values_list("slug", flat=True).first()
        escuela = escuelas_propias(Usuario.objects.get(username="bench.escuela"))[0]
        plan = PlanMonitoreo.objects.filter(institucion=escuela).order_by("-anio").first()
        paginas = [
            # base.html with nothing in it: under DEBUG a 404 is Django's technical page, not the
            # base layout, and would flatter every ratio.
            ("vacía", "/__vacia__/", "bench.admin"),
            *[
                (f"inicio {u}", "/", f"bench.{u}")
                for u in ("director", "escuela", "ugel", "dre", "difoca", "admin")
            ],
            ("catálogo", "/practicas/", None),
            ("búsqueda «gestion»", "/practicas/?q=gestion", None),
            ("ficha", f"/practicas/{ficha}/", None),
            ("eventos", "/practicas/eventos/", None),
            ("gestión: lista", "/practicas/gestion/?estado=todas", "bench.difoca"),
            ("gestión: búsqueda «gestion»", "/practicas/gestion/?estado=todas&q=gestion", "bench.difoca"),
            ("plan", f"/monitoreo/planes/{plan.pk}/", "bench.admin"),
            ("cobertura UGEL", "/monitoreo/cobertura/", "bench.ugel"),
            ("cobertura DRE", "/monitoreo/cobertura/", "bench.dre"),
            ("cobertura nacional", "/monitoreo/cobertura/", "bench.admin"),
        ]
    elif os.environ.get("BENCH_PAGINAS") == "tableros":
        # The three boards as bench/run measures them (a copy of chasqui_nacional): the campaign
        # board of bench.director's open campaign for its UGEL and its DRE specialist, the DRE year
        # board, each next to its user's empty page.
        from balance.models import Matriz

        propia = Matriz.objects.select_related("campana", "institucion__ugel").get(
            institucion__asignaciones__usuario__username="bench.director", campana__abierta=True
        )
        campana, dre_id = propia.campana, propia.institucion.ugel.dre_id
        paginas = [
            ("tablero campaña (UGEL)", f"/balance/campanas/{campana.pk}/", "bench.ugel"),
            ("vacía UGEL", "/__vacia__/", "bench.ugel"),
            ("tablero campaña (DRE)", f"/balance/campanas/{campana.pk}/", "bench.dre"),
            ("tablero de la DRE, año", f"/balance/dre/{dre_id}/{campana.anio}/", "bench.dre"),
            ("vacía DRE", "/__vacia__/", "bench.dre"),
        ]
    else:
        paginas = _paginas_del_balance()
    with connection.cursor() as cursor:
        # One backend does all the work, so its CPU is the requests' whole (a parallel worker's
        # would not be counted; with 2 cores and 50 clients production gains nothing from them).
        # The test client keeps this one connection across requests.
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        servidor = cursor.fetchone()[0]
    salida = {}
    for nombre, url, usuario in paginas:
        cliente = cliente_de(usuario)
        pedir = _autoguardado(cliente, url) if nombre == "autoguardado" else cliente.get
        pedir(url)  # templates loaded, caches warm
        cpu, sql = [], []
        antes = cpu_del_servidor(servidor)
        for _ in range(veces):
            reset_queries()
            inicio = time.process_time()
            respuesta = pedir(url)
            cpu.append((time.process_time() - inicio) * 1000)
            assert respuesta.status_code in (200, 404), (url, respuesta.status_code)
            sql.append(sum(float(q["time"]) for q in connection.queries) * 1000)
        salida[nombre] = [
            round(statistics.median(cpu), 1),
            round(statistics.median(sql), 1),
            len(connection.queries),
            len(respuesta.content),
            # PostgreSQL's own CPU per request (its backend's, over the N requests): what SQL time
            # measured by the clock mixes with waiting for a core on a busy machine.
            None if antes is None else round((cpu_del_servidor(servidor) - antes) / veces, 1),
        ]
    print(json.dumps(salida, ensure_ascii=False))


if __name__ == "__main__":
    if "--preparar" in sys.argv:
        import django

        django.setup()
        preparar()
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
