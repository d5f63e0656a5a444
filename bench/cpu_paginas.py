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

BENCH_PAGINAS=nacional measures, in the national bench database (BENCH_BASE=a copy of
chasqui_nacional, bench/nacional.py), every main page that is not the balance's: the home of each
role, the catalogue, its search, a sheet, the events, DIFOCA's list, a plan, the coverage.

BENCH_PAGINAS=catalogo measures the catalogue's pages instead (the public catalogue, the search
«gestion», a sheet, the events list, DIFOCA's list and its search) in a database bench/catalogo.py
filled (BENCH_BASE=chasqui_bench_catalogo, or a copy grown to another size: the ratio of the search
at 10,000 practices to the one at 1,000 is two runs of this against two databases).
"""

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")  # connection.queries holds each query's time
os.environ["DATABASE_URL"] = "postgres://chasqui@127.0.0.1:{}/{}".format(
    os.environ.get("PGPORT_LOCAL", "54329"), os.environ.get("BENCH_BASE", "chasqui_bench")
)


def cpu_del_servidor(pid: int) -> float | None:
    """CPU milliseconds the PostgreSQL backend ``pid`` has used (user + system), from /proc: only
    when the server runs on this machine and its process can be read; else None."""
    try:
        with open(f"/proc/{pid}/stat") as estado:
            campos = estado.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(campos[11]) + int(campos[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main(veces: int = 10) -> None:
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from balance.models import Campana
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
            ("vacía (404 con sesión)", "/no-existe/", "difoca.demo"),
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
            ("vacía (404 con sesión)", "/no-existe/", "bench.admin"),
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
    else:
        campana = Campana.objects.filter(titulo__startswith="Bench").first()
        if campana is None:
            sys.exit("No bench data: run bench/exportar_campana.py first.")
        paginas = [
            ("tablero p. 1", f"/balance/campanas/{campana.pk}/", "bench.admin"),
            (
                "tablero aprobadas p. 20",
                f"/balance/campanas/{campana.pk}/?situacion=aprobada&pagina=20",
                "bench.admin",
            ),
            ("inicio", "/", "bench.admin"),
            ("vacía (404 con sesión)", "/no-existe/", "bench.admin"),
        ]
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
        cliente.get(url)  # templates loaded, caches warm
        cpu, sql = [], []
        antes = cpu_del_servidor(servidor)
        for _ in range(veces):
            reset_queries()
            inicio = time.process_time()
            respuesta = cliente.get(url)
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
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
