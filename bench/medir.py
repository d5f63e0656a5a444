"""What the page benchmarks share: time each page 10 times and print best, median and queries."""

import statistics
import sys
import time


def medir_paginas(cliente, paginas, ancho: int = 26) -> None:
    """For each (name, url): best and median milliseconds of 10 requests, and the number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for nombre, url in paginas:
        tiempos = []
        for _ in range(10):
            with CaptureQueriesContext(connection) as consultas:
                t0 = time.perf_counter()
                respuesta = cliente.get(url)
                tiempos.append((time.perf_counter() - t0) * 1000)
            assert respuesta.status_code == 200, (url, respuesta.status_code)
        print(
            f"  {nombre:<{ancho}} mejor {min(tiempos):7.1f} ms   mediana {statistics.median(tiempos):7.1f} ms"
            f"   {len(consultas.captured_queries):3d} consultas"
        )


def pagina_vacia():
    """The reference of the page benchmarks: base.html with nothing in it, logged in (session, user,
    scope, the menu), at /__vacia__/, a URL that exists only in this process. The scripts that measure
    another checkout import this module from beside themselves (``from medir import pagina_vacia``),
    so an older checkout without it can still be measured."""
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
