"""What the page benchmarks share: time each page 10 times and print best, median and queries."""

import statistics
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
