"""Open data at scale: the published catalogue as CSV and JSON over N practices with their lists.

    scripts/pg.sh start && DEBUG=1 .venv/bin/python bench/datos_abiertos.py [--practicas 10000] [--nuevo]

Works in its own database (chasqui_bench_datos on the same server), created and filled the first
time: bench/catalogo.py's practices, each given an office, two strategies in a phase, two results,
a contact, a link and the expert's feedback. Prints, per file, the seconds to stream it whole, its
size, the number of queries and, on a second run, the peak of Python memory while streaming
(tracemalloc).
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

from bench.catalogo import generar  # noqa: E402
from bench.exportar_campana import preparar_base  # noqa: E402


def llenar_listas() -> None:
    """The lists of every practice that has none yet, in bulk."""
    from django.db import transaction

    from practicas.models import (
        BuenaPractica,
        ComentarioExperto,
        Contacto,
        Enlace,
        Estrategia,
        Fase,
        Instancia,
        Resultado,
    )

    vacias = list(
        BuenaPractica.objects.filter(slug__startswith="bench-", fases__isnull=True).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        Fase.objects.bulk_create(
            Fase(practica_id=pk, orden=1, nombre="Fase de implementación") for pk in vacias
        )
        fases = dict(Fase.objects.filter(practica_id__in=vacias).values_list("practica_id", "pk"))
        Instancia.objects.bulk_create(
            (Instancia(practica_id=pk, orden=1, tipo="ugel", nombre="UGEL Huancayo") for pk in vacias),
            batch_size=2000,
        )
        Estrategia.objects.bulk_create(
            (
                Estrategia(
                    practica_id=pk,
                    fase_id=fases[pk],
                    orden=n,
                    titulo=f"Estrategia {n}",
                    descripcion="Reuniones mensuales de seguimiento con las UGEL, con acta y acuerdos.",
                )
                for pk in vacias
                for n in (1, 2)
            ),
            batch_size=2000,
        )
        Resultado.objects.bulk_create(
            (
                Resultado(
                    practica_id=pk,
                    tipo=tipo,
                    orden=1,
                    titulo="Alineamiento",
                    cifra="100%",
                    descripcion="de las UGEL alinean su plan a la DRE.",
                )
                for pk in vacias
                for tipo in ("cuantitativo", "cualitativo")
            ),
            batch_size=2000,
        )
        Contacto.objects.bulk_create(
            (
                Contacto(
                    practica_id=pk, orden=1, nombre="Jaime Ortega Cárdenas", correo="jortega@drej.edu.pe"
                )
                for pk in vacias
            ),
            batch_size=2000,
        )
        Enlace.objects.bulk_create(
            (Enlace(practica_id=pk, orden=1, texto="Video", url="https://example.pe/video") for pk in vacias),
            batch_size=2000,
        )
        ComentarioExperto.objects.bulk_create(
            (
                ComentarioExperto(
                    practica_id=pk,
                    experto="Isela Borja Rueda",
                    aspectos_clave="- Institucionaliza el seguimiento.\n- Articula a las UGEL.",
                    oportunidades_mejora="- Medir resultados.",
                    recomendaciones="Sostenerlo con una norma regional.",
                )
                for pk in vacias
            ),
            batch_size=2000,
        )


def medir(cliente, url: str) -> None:
    """Once timed, once under tracemalloc (which slows Python down several times)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log holds at most 9000 queries: counting starts from an empty one
    with CaptureQueriesContext(connection) as consultas:
        t0 = time.perf_counter()
        respuesta = cliente.get(url)
        tamano = sum(len(parte) for parte in respuesta.streaming_content)
        segundos = time.perf_counter() - t0
    assert respuesta.status_code == 200, (url, respuesta.status_code)
    tracemalloc.start()
    for _parte in cliente.get(url).streaming_content:
        pass
    _actual, pico = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  {url:<32} {segundos:6.2f} s   {tamano / 1e6:6.1f} MB   "
        f"{len(consultas.captured_queries):3d} consultas   pico de memoria {pico / 1e6:6.1f} MB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practicas", type=int, default=10000)
    parser.add_argument("--nuevo", action="store_true", help="borrar y volver a crear la base de prueba")
    argumentos = parser.parse_args()
    preparar_base("chasqui_bench_datos", argumentos.nuevo)

    import django

    django.setup()
    from django.test import Client

    from practicas.models import BuenaPractica

    generar(argumentos.practicas)
    llenar_listas()
    print(f"{BuenaPractica.objects.publicadas().count()} prácticas publicadas\n")
    cliente = Client(HTTP_HOST="127.0.0.1")
    for url in ("/practicas/datos/practicas.csv", "/practicas/datos/practicas.json"):
        medir(cliente, url)


if __name__ == "__main__":
    main()
