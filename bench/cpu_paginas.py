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
one JSON line: page → [process CPU ms, SQL ms, queries, bytes].
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


def main(veces: int = 10) -> None:
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client

    from balance.models import Campana
    from cuentas.models import Usuario

    campana = Campana.objects.filter(titulo__startswith="Bench").first()
    if campana is None:
        sys.exit("No bench data: run bench/exportar_campana.py first.")
    cliente = Client(HTTP_HOST="127.0.0.1")
    cliente.force_login(Usuario.objects.get(username="bench.admin"))
    paginas = [
        ("tablero p. 1", f"/balance/campanas/{campana.pk}/"),
        ("tablero aprobadas p. 20", f"/balance/campanas/{campana.pk}/?situacion=aprobada&pagina=20"),
        ("inicio", "/"),
        ("vacía (404 con sesión)", "/no-existe/"),
    ]
    salida = {}
    for nombre, url in paginas:
        cliente.get(url)  # templates loaded, caches warm
        cpu, sql = [], []
        for _ in range(veces):
            reset_queries()
            inicio = time.process_time()
            respuesta = cliente.get(url)
            cpu.append((time.process_time() - inicio) * 1000)
            sql.append(sum(float(q["time"]) for q in connection.queries) * 1000)
        salida[nombre] = [
            round(statistics.median(cpu), 1),
            round(statistics.median(sql), 1),
            len(connection.queries),
            len(respuesta.content),
        ]
    print(json.dumps(salida, ensure_ascii=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
