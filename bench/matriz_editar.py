"""CPU per request of the director's matrix edit page, with every field of the matrix written to its
limit (the heaviest page a director can have).

    DEBUG=1 .venv/bin/python bench/matriz_editar.py [--rondas 7] [--perfil]

Fills the demo director's matrix (load the demo first: manage.py cargar_demo) in the database of
DATABASE_URL, then times GET /balance/matrices/<pk>/editar/ in this process: the median over rounds of
the mean CPU milliseconds (time.process_time: Python, not PostgreSQL) and wall milliseconds per request,
next to an empty logged-in page (base.html with no content, at a URL only this process has).
--perfil prints cProfile's top functions instead.
BENCH_RAIZ runs another checkout's code (e.g. main's, to compare in the same run).

30/11/2026, this two-core machine shared with other jobs, DEBUG on, the demo matrix (5 lineamientos,
120 fields, every text at its limit), 5 runs of 5 rounds × 10 requests alternating with main's code:
CPU per request 102.0 ms with crispy's |as_crispy_field per field, 32.6 ms with comun's |campo (medians);
the empty logged-in page 4.7 ms. Of the 32.6 ms: fetching the matrix in scope 7 ms, the forms 3 ms,
drawing the page 17.5 ms (its 120 fields 5 ms, the previous balance's queries and forms 4 ms).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE = Path(os.environ.get("BENCH_RAIZ") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(BASE))
from medir import pagina_vacia  # noqa: E402 - bench/medir.py beside this script, not the measured checkout's

os.chdir(BASE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")


def llenar(matriz):
    """Every field of every lineamiento, logro, difficulty and compromiso at its max_length."""
    from decimal import Decimal

    from balance.models import MAX_COMPROMISOS, MAX_DIFICULTADES, MAX_LOGROS, CategoriaDificultad

    def texto(modelo, campo):
        n = modelo._meta.get_field(campo).max_length
        return ("Texto largo del balance, ñandú y acción. " * 100)[:n]

    def enlace(modelo, campo):
        n = modelo._meta.get_field(campo).max_length
        return "https://evidencias.example.pe/" + "a" * (n - 30)

    categoria = CategoriaDificultad.objects.filter(activa=True).first()
    for fila in matriz.filas.all():
        fila.acciones = texto(type(fila), "acciones")
        fila.sugerencias = texto(type(fila), "sugerencias")
        fila.enlace_evidencias = enlace(type(fila), "enlace_evidencias")
        fila.save()
        Logro = fila.logros.model
        for n in range(1, MAX_LOGROS + 1):
            Logro.objects.update_or_create(
                fila=fila,
                orden=n,
                defaults={
                    "cifra": Decimal("123456789.25"),
                    "que_cuenta": texto(Logro, "que_cuenta"),
                    "cualitativo": texto(Logro, "cualitativo"),
                    "evidencia": enlace(Logro, "evidencia"),
                },
            )
        Dificultad = fila.dificultades.model
        for n in range(1, MAX_DIFICULTADES + 1):
            Dificultad.objects.update_or_create(
                fila=fila, orden=n, defaults={"texto": texto(Dificultad, "texto"), "categoria": categoria}
            )
    Compromiso = matriz.compromisos.model
    for n in range(1, MAX_COMPROMISOS + 1):
        Compromiso.objects.update_or_create(
            matriz=matriz,
            orden=n,
            defaults={
                "que": texto(Compromiso, "que"),
                "responsable": texto(Compromiso, "responsable"),
                "plazo": matriz.campana.fecha_limite,
            },
        )


def _medir(cliente, url, rondas, pedidos):
    """Median over rounds of the mean CPU and wall ms per request."""
    for _ in range(3):
        cliente.get(url)
    cpu, reloj = [], []
    for _ in range(rondas):
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(pedidos):
            cliente.get(url)
        cpu.append((time.process_time() - c0) * 1000 / pedidos)
        reloj.append((time.perf_counter() - t0) * 1000 / pedidos)
    return statistics.median(cpu), statistics.median(reloj)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rondas", type=int, default=7)
    parser.add_argument("--pedidos", type=int, default=10, help="requests per round")
    parser.add_argument("--perfil", action="store_true")
    parser.add_argument("--llenar", action="store_true", help="fill the matrix and stop")
    args = parser.parse_args()

    import django

    django.setup()
    pagina_vacia()
    from django.test import Client

    from balance.models import Matriz
    from cuentas.models import Usuario

    director = Usuario.objects.get(username="director.demo")
    matriz = Matriz.objects.filter(institucion__nombre="CEBA Santiago de Surco", estado="borrador").first()
    if matriz is None:
        sys.exit("No demo matrix: run manage.py cargar_demo first.")
    if args.llenar:
        llenar(matriz)
        return
    cliente = Client(HTTP_HOST="127.0.0.1")
    cliente.force_login(director)
    from django.urls import reverse

    url = reverse("balance:matriz_editar", args=[matriz.pk])
    respuesta = cliente.get(url)
    assert respuesta.status_code == 200, respuesta.status_code
    if args.perfil:
        import cProfile
        import pstats

        perfil = cProfile.Profile()
        perfil.enable()
        for _ in range(args.pedidos):
            cliente.get(url)
        perfil.disable()
        estadisticas = pstats.Stats(perfil).sort_stats("cumulative")
        estadisticas.print_stats(45)
        estadisticas.print_callees("matriz_editar")
        return
    vacia = cliente.get("/__vacia__/")
    assert vacia.status_code == 200, vacia.status_code
    cpu_vacia, reloj_vacia = _medir(cliente, "/__vacia__/", args.rondas, args.pedidos)
    cpu, reloj = _medir(cliente, url, args.rondas, args.pedidos)
    print(
        f"{BASE.name}: edición de la matriz CPU {cpu:.1f} ms/pedido, reloj {reloj:.1f} ms, "
        f"{len(respuesta.content)} bytes · página vacía CPU {cpu_vacia:.1f} ms, reloj {reloj_vacia:.1f} ms"
        f" · {cpu / cpu_vacia:.1f}×"
    )


if __name__ == "__main__":
    main()
