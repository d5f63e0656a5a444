"""Good-practices catalogue at scale: search and filters over N published practices.

The search reads a stored, GIN-indexed Spanish text vector (a generated column), and the region and
theme by name; this measures it at a size well past today's catalogue.

    scripts/pg.sh start && DEBUG=1 .venv/bin/python bench/catalogo.py [--practicas 5000] [--nuevo]

Works in its own database (chasqui_bench_catalogo on the same server), created and filled the first
time. Prints, per page, the best and median milliseconds of 10 requests and the number of queries,
for the public catalogue and for DIFOCA's workspace over it.
"""

import argparse
import io
import os
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

from bench.exportar_campana import preparar_base  # noqa: E402
from bench.medir import medir_paginas  # noqa: E402


def generar(cantidad: int) -> None:
    """`cantidad` published practices: the demo's eight texts, varied, over the 26 regions."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from practicas.demo import leer_practicas
    from practicas.models import BuenaPractica, EstadoPractica, Tema
    from territorio.models import Region

    call_command("migrate", verbosity=0)
    if BuenaPractica.objects.count() >= cantidad:
        return
    call_command("cargar_demo", verbosity=0, stdout=io.StringIO())  # regions, users, the demo
    PRACTICAS = leer_practicas()
    regiones = list(Region.objects.all())
    temas = [Tema.objects.get_or_create(nombre=p["tema"])[0] for p in PRACTICAS]
    ahora = timezone.now()
    faltan = cantidad - BuenaPractica.objects.count()
    desde = BuenaPractica.objects.filter(slug__startswith="bench-").count()  # grown: numbered on
    with transaction.atomic():
        BuenaPractica.objects.bulk_create(
            (
                BuenaPractica(
                    titulo=f"{PRACTICAS[n % 8]['titulo']} ({n})",
                    slug=f"bench-{n}",
                    region=regiones[n % len(regiones)],
                    instancias=PRACTICAS[n % 8]["instancias"],
                    tema=temas[n % 8],
                    etapa=PRACTICAS[n % 8]["etapa"],
                    anio=2020 + n % 7,
                    problema=PRACTICAS[n % 8]["problema"],
                    consiste=PRACTICAS[n % 8]["consiste"],
                    estado=EstadoPractica.PUBLICADA,
                    publicada_en=ahora,
                )
                for n in range(desde, desde + faltan)
            ),
            batch_size=1000,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practicas", type=int, default=5000)
    parser.add_argument("--nuevo", action="store_true", help="borrar y volver a crear la base de prueba")
    parser.add_argument("--base", default="chasqui_bench_catalogo", help="nombre de la base de prueba")
    argumentos = parser.parse_args()
    preparar_base(argumentos.base, argumentos.nuevo)

    import django

    django.setup()
    from django.test import Client

    from practicas.models import BuenaPractica

    generar(argumentos.practicas)
    cliente = Client(HTTP_HOST="127.0.0.1")
    paginas = [
        ("catálogo, página 1", "/practicas/"),
        ("catálogo, página 100", "/practicas/?pagina=100"),
        ("búsqueda «gestion»", "/practicas/?q=gestion"),
        ("búsqueda «inclusion laboral»", "/practicas/?q=inclusion+laboral"),
        ("búsqueda + región + año", "/practicas/?q=monitoreo&region=1&anio=2024"),
        ("ficha", f"/practicas/{BuenaPractica.objects.order_by('pk').first().slug}/"),
    ]
    print(f"{BuenaPractica.objects.count()} prácticas publicadas\n")
    medir_paginas(cliente, paginas, ancho=30)

    # DIFOCA's workspace over the same catalogue: its list and search, and one practice's editor.
    from cuentas.models import Usuario

    difoca = Client(HTTP_HOST="127.0.0.1")
    difoca.force_login(Usuario.objects.get(username="difoca.demo"))
    pasco = BuenaPractica.objects.get(slug="pasco-gestion-educativa").pk
    print()
    medir_paginas(
        difoca,
        [
            ("gestión: lista", "/practicas/gestion/?estado=todas"),
            ("gestión: búsqueda «gestion»", "/practicas/gestion/?estado=todas&q=gestion"),
            ("gestión: editor", f"/practicas/gestion/{pasco}/"),
            ("gestión: vista previa", f"/practicas/gestion/{pasco}/vista-previa/"),
        ],
        ancho=30,
    )


if __name__ == "__main__":
    main()
