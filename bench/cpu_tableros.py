"""CPU per request of the boards and the specialists' homes at national size (issue 15): the
campaign board as the UGEL and the DRE specialist, the DRE's year board, the home of the UGEL, DRE
and national users, next to the empty signed-in page. Same method and output as cpu_paginas.py
(one JSON line: page → [process CPU ms, SQL ms, queries, bytes, PostgreSQL CPU ms]); it imports
Chasqui from the current directory, so one run measures two checkouts interleaved:

    aqui=$PWD; for r in 1 2 3; do
      (cd /tmp/main && BENCH_BASE=chasqui_nac_x $aqui/.venv/bin/python $aqui/bench/cpu_tableros.py)
      BENCH_BASE=chasqui_nac_x .venv/bin/python bench/cpu_tableros.py
    done

BENCH_BASE: a copy of chasqui_nacional (bench/nacional.py), migrated.
"""

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.getcwd())
from cpu_paginas import cpu_del_servidor  # noqa: E402 - beside this script
from medir import pagina_vacia  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")  # connection.queries holds each query's time
os.environ["DATABASE_URL"] = "postgres://chasqui@127.0.0.1:{}/{}".format(
    os.environ.get("PGPORT_LOCAL", "54329"), os.environ.get("BENCH_BASE", "chasqui_nacional")
)


def main(veces: int) -> None:
    import django

    django.setup()
    pagina_vacia()
    from django.db import connection, reset_queries
    from django.test import Client

    from balance.models import Matriz
    from cuentas.models import Usuario

    propia = Matriz.objects.select_related("campana", "institucion__ugel").get(
        institucion__asignaciones__usuario__username="bench.director", campana__abierta=True
    )
    campana, dre = propia.campana_id, propia.institucion.ugel.dre_id
    paginas = [
        ("vacía", "/__vacia__/", "bench.ugel"),
        ("tablero UGEL", f"/balance/campanas/{campana}/", "bench.ugel"),
        ("tablero DRE", f"/balance/campanas/{campana}/", "bench.dre"),
        ("DRE año", f"/balance/dre/{dre}/{propia.campana.anio}/", "bench.dre"),
        ("inicio UGEL", "/", "bench.ugel"),
        ("inicio DRE", "/", "bench.dre"),
        ("inicio nacional", "/", "bench.admin"),
    ]
    if solo := os.environ.get("BENCH_SOLO"):
        paginas = [p for p in paginas if p[0] in ("vacía", *solo.split(","))]
    clientes = {}
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        servidor = cursor.fetchone()[0]
    salida = {}
    for nombre, url, usuario in paginas:
        if usuario not in clientes:
            clientes[usuario] = Client(HTTP_HOST="127.0.0.1")
            clientes[usuario].force_login(Usuario.objects.get(username=usuario))
        cliente = clientes[usuario]
        cliente.get(url)
        cpu, sql = [], []
        antes = cpu_del_servidor(servidor)
        for _ in range(veces):
            reset_queries()
            inicio = time.process_time()
            respuesta = cliente.get(url)
            cpu.append((time.process_time() - inicio) * 1000)
            assert respuesta.status_code == 200, (url, respuesta.status_code)
            sql.append(sum(float(q["time"]) for q in connection.queries) * 1000)
        salida[nombre] = [
            round(statistics.median(cpu), 1),
            round(statistics.median(sql), 1),
            len(connection.queries),
            len(respuesta.content),
            None if antes is None else round((cpu_del_servidor(servidor) - antes) / veces, 1),
        ]
    print(json.dumps(salida, ensure_ascii=False))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
