"""The floor: an empty page in the base layout, anonymous and signed in as each role, per request.

CPU is this process's (time.process_time: Python, templates, the WSGI handler with every middleware
and context processor); SQL is the wall time of the queries (timed by a connection wrapper, so it
works with DEBUG off) and their number; medians of N requests after a warm-up. The page is the base
layout with an empty content block, served by a URL this script adds in front of config.urls, so it
is the same page on any checkout. Requests go straight to Django's WSGI handler (no test client).

It imports Chasqui from the current directory. With ``--comparar DIR`` it runs itself in DIR (another
checkout, e.g. main in a worktree at /tmp) and here, interleaved, for several rounds, and prints the
medians of both side by side:

    DATABASE_URL=postgres://chasqui@127.0.0.1:54329/chasqui_piso \\
        .venv/bin/python bench/piso.py --comparar /tmp/main-piso --rondas 5

``--produccion`` runs with DEBUG off (production settings: manifest static files, collected once into
a temporary folder per checkout); ``--perfil ROLE`` prints a cProfile of that role's requests instead.
Any database with the demo users (``manage.py cargar_demo``) will do; ``--usuarios`` names others.

30/11/2026, ``--produccion --rondas 5 --veces 200`` on the demo database, main (d25c6ff) against
branch piso, the two-core machine busy with other sessions and a test run (so the wall times of SQL
are mostly waits for a core; CPU and PG are what each request used; ×anón is (CPU + PG) over the
anonymous page's, in the same checkout):

                                    antes: /tmp/main-piso                   ahora: /work/wt-piso
                       CPU ms  PG ms  SQL ms cons.  ×anón     CPU ms  PG ms  SQL ms cons.  ×anón
    anónimo               2.1    0.0     0.0     0   1.00       1.67    0.0     0.0     0   1.00
    director.demo        7.69   1.28   19.06     4   4.27       3.98   0.97   10.64     3   2.96
    ugel.demo             7.6   1.25   18.48     4   4.21       3.71   0.88    8.38     3   2.75
    dre.demo             7.89   1.34   21.02     4   4.40       3.83   0.98    8.67     3   2.88
    difoca.demo          7.44   1.29   16.61     4   4.16       3.92   0.95    9.99     3   2.92
    admin.demo           7.76   1.23   22.48     4   4.28       4.09   0.99   10.32     3   3.04

30/11/2026 (later), issue 15's signed-in floor, ``--produccion --url /no-existe/ --veces 200 --rondas 5
--usuarios bench.admin bench.director bench.ugel`` on a copy of chasqui_nacional, main (0ee2c5e)
against branch piso2 checked out at /tmp, the machine at load 9–11 (so every figure is inflated alike;
the ratios are what to read):

                               antes: /tmp/main-piso2                 ahora: /tmp/piso2-snap
                   CPU ms  PG ms  SQL ms cons.  ×anón     CPU ms  PG ms  SQL ms cons.  ×anón
    anónimo          2.28    0.0     0.0     0   1.00       2.16    0.0     0.0     0   1.00
    bench.admin      4.25   1.02   15.69     3   2.31       3.05   0.74    7.62     1   1.75
    bench.director    4.3   1.12   16.86     3   2.38       3.07   0.72    7.58     1   1.75
    bench.ugel       4.73   1.25   19.65     3   2.62       2.94   0.67    7.53     1   1.67

The bar memoized and the bell's count read with the user took ×anón to 2.05–2.21 (2 queries); the
session read with its user, to 1.80–1.82 (1 query); that read as the connection's health check (no
``SELECT 1`` before it), to 1.67–1.75. PG is now mostly planning that one statement (about 0.3 ms
warm, 0.05 ms executing it).
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEMO = ["director.demo", "ugel.demo", "dre.demo", "difoca.demo", "admin.demo"]


def preparar(produccion: bool) -> None:
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false" if produccion else "true"
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")  # one connection for the whole run, as gunicorn's
    if produccion:
        os.environ.setdefault("SECRET_KEY", "bench-piso-" + "x" * 40)
        os.environ.setdefault("SITE_URL", "http://127.0.0.1")
        os.environ.setdefault("EMAIL_HOST", "127.0.0.1")  # never used: nothing is sent
        os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
        os.environ.setdefault("SECURE_COOKIES", "false")
        clave = hashlib.sha1(os.getcwd().encode()).hexdigest()[:10]
        os.environ["STATIC_ROOT"] = str(Path(tempfile.gettempdir()) / f"bench-piso-static-{clave}")
    import django

    django.setup()
    if produccion and not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def urls_del_banco():
    """config.urls plus /_piso/vacia/: the base layout with nothing in it."""
    import types

    from django.template import engines
    from django.urls import path

    plantilla = engines["django"].from_string('{% extends "base.html" %}')

    def vacia(request):
        from django.http import HttpResponse

        return HttpResponse(plantilla.render({}, request))

    modulo = types.ModuleType("bench_piso_urls")
    from config import urls

    modulo.urlpatterns = [path("_piso/vacia/", vacia), *urls.urlpatterns]
    sys.modules["bench_piso_urls"] = modulo
    return "bench_piso_urls"


def cookie_de(username: str | None) -> str:
    if username is None:
        return ""
    from django.contrib.auth import get_user_model
    from django.test import Client

    usuario = get_user_model().objects.get(username=username)
    cliente = Client(HTTP_HOST="127.0.0.1")
    cliente.force_login(usuario, backend="cuentas.backends.RolBackend")
    cliente.get("/no-existe/")  # as a browser: the CSRF cookie too (bench/run's sessions send both)
    return "; ".join(f"{nombre}={cliente.cookies[nombre].value}" for nombre in cliente.cookies)


def cpu_de_proceso(pid: int):
    """A function giving the CPU seconds the PostgreSQL backend serving this connection has used (its
    /proc schedstat: nanoseconds on a CPU, so waits for a core do not count); 0 when the database runs
    on another machine."""
    ruta = Path(f"/proc/{pid}/schedstat")
    if not ruta.exists():
        return lambda: 0.0
    return lambda: int(ruta.read_text().split()[0]) / 1e9


def medir(usuarios: list[str], veces: int, perfil: str | None, url: str = "/_piso/vacia/") -> dict:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory

    settings.ROOT_URLCONF = urls_del_banco()
    handler = WSGIHandler()
    tiempos_sql: list[float] = []

    def cronometro(execute, sql, params, many, context):
        inicio = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            tiempos_sql.append(time.perf_counter() - inicio)

    def pedir(cookie: str) -> int:
        environ = RequestFactory()._base_environ(
            PATH_INFO=url, REQUEST_METHOD="GET", HTTP_COOKIE=cookie, SERVER_NAME="127.0.0.1"
        )
        environ["HTTP_HOST"] = "127.0.0.1"
        environ["HTTP_ACCEPT_ENCODING"] = "gzip"
        estado = []
        respuesta = handler(environ, lambda s, h, *a: estado.append(s))
        cuerpo = b"".join(respuesta)
        respuesta.close()
        if not estado[0].startswith("404" if url == "/no-existe/" else "200"):
            raise SystemExit(f"{estado[0]} for {cookie or 'anonymous'}")
        return len(cuerpo)

    existentes = set(
        __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.filter(username__in=usuarios)
        .values_list("username", flat=True)
    )
    quienes = [None] + [u for u in usuarios if u in existentes]
    cookies = {q: cookie_de(q) for q in quienes}
    salida = {}
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        cpu_pg = cpu_de_proceso(cursor.fetchone()[0])
    with connection.execute_wrapper(cronometro):
        for quien in quienes:
            nombre = quien or "anónimo"
            for _ in range(5):
                pedir(cookies[quien])  # templates loaded, connection open, caches warm
            if perfil is not None and perfil == nombre:
                import cProfile
                import pstats

                perfilador = cProfile.Profile(time.process_time)  # CPU, not waits
                perfilador.enable()
                for _ in range(veces):
                    pedir(cookies[quien])
                perfilador.disable()
                pstats.Stats(perfilador).sort_stats(os.environ.get("ORDEN", "cumulative")).print_stats(
                    int(os.environ.get("LINEAS", "45"))
                )
                continue
            cpu, pg, sql, consultas = [], [], [], []
            for _ in range(veces):
                tiempos_sql.clear()
                pg_antes = cpu_pg()
                inicio = time.process_time()
                tamano = pedir(cookies[quien])
                cpu.append((time.process_time() - inicio) * 1000)
                pg.append((cpu_pg() - pg_antes) * 1000)
                sql.append(sum(tiempos_sql) * 1000)
                consultas.append(len(tiempos_sql))
            salida[nombre] = {
                "cpu_ms": round(statistics.median(cpu), 2),
                "pg_ms": round(statistics.median(pg), 3),
                "sql_ms": round(statistics.median(sql), 2),
                "consultas": max(consultas),
                "bytes": tamano,
            }
    return salida


def comparar(otro: str, rondas: int, argumentos: list[str]) -> None:
    """This script, run alternately in ``otro`` and here; the medians of the rounds per checkout."""
    aqui = os.getcwd()
    resultados: dict[str, list[dict]] = {otro: [], aqui: []}
    for _ in range(rondas):
        for donde in (otro, aqui):
            linea = (
                subprocess.run(
                    [sys.executable, os.path.abspath(__file__), *argumentos],
                    cwd=donde,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            resultados[donde].append(json.loads(linea))
    tabla = {}
    for donde, filas in resultados.items():
        for quien in filas[0]:
            tabla.setdefault(quien, {})[donde] = {
                clave: round(statistics.median(f[quien][clave] for f in filas), 2)
                for clave in ("cpu_ms", "pg_ms", "sql_ms", "consultas")
            }
    encabezado = f"{'CPU ms':>8} {'PG ms':>6} {'SQL ms':>7} {'cons.':>5} {'×anón':>6}"
    print(f"{'':16} {'antes: ' + otro:>36}   {'ahora: ' + aqui:>36}")
    print(f"{'':16} {encabezado}   {encabezado}")
    for quien, fila in tabla.items():
        celdas = []
        for donde in (otro, aqui):
            f, anon = fila[donde], tabla["anónimo"][donde]
            veces = (f["cpu_ms"] + f["pg_ms"]) / (anon["cpu_ms"] + anon["pg_ms"])
            celdas.append(
                f"{f['cpu_ms']:>8} {f['pg_ms']:>6} {f['sql_ms']:>7} {f['consultas']:>5g} {veces:>6.2f}"
            )
        print(f"{quien:16} " + "   ".join(celdas))
    print(
        f"CPU: this process (Python); PG: the database backend's CPU; SQL: the queries' wall time (waits "
        f"included). ×anón: (CPU + PG) over the anonymous page's, same checkout. Medians of {rondas} rounds."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--veces", type=int, default=200, help="requests per user (default 200)")
    parser.add_argument("--usuarios", nargs="*", default=DEMO)
    parser.add_argument("--produccion", action="store_true", help="DEBUG off, production settings")
    parser.add_argument("--perfil", help="cProfile this user's requests (or 'anónimo')")
    parser.add_argument("--comparar", metavar="DIR", help="another checkout, measured interleaved")
    parser.add_argument("--rondas", type=int, default=5)
    parser.add_argument(
        "--url",
        default="/_piso/vacia/",
        help="/no-existe/: the 404 page bench/run measures (default: the layout)",
    )
    args = parser.parse_args()
    if args.comparar:
        resto = ["--veces", str(args.veces), "--url", args.url, "--usuarios", *args.usuarios]
        comparar(args.comparar, args.rondas, resto + (["--produccion"] if args.produccion else []))
        return
    preparar(args.produccion)
    print(json.dumps(medir(args.usuarios, args.veces, args.perfil, args.url), ensure_ascii=False))


if __name__ == "__main__":
    main()
