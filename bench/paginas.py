"""Page timings at national scale: the review board, the home page and the institutions list of a
specialist whose scope holds the whole bench campaign (3,000 institutions).

Run bench/exportar_campana.py once first (it fills the chasqui_bench database), then:

    DEBUG=1 .venv/bin/python bench/paginas.py

(BENCH_BASE=name for a database filled with bench/exportar_campana.py --base name.)

Prints, per page, the best and median milliseconds of 10 requests and the number of queries.
"""

import os
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

from bench.medir import medir_paginas  # noqa: E402

# BENCH_BASE: the database bench/exportar_campana.py --base filled (chasqui_bench unless told).
os.environ["DATABASE_URL"] = "postgres://chasqui@127.0.0.1:{}/{}".format(
    os.environ.get("PGPORT_LOCAL", "54329"), os.environ.get("BENCH_BASE", "chasqui_bench")
)


def main():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the bench database may predate the newest migrations
    from django.test import Client

    from balance.models import Campana
    from cuentas.models import Usuario

    campana = Campana.objects.filter(titulo__startswith="Bench").first()
    if campana is None:
        sys.exit("No bench data: run bench/exportar_campana.py first.")
    cliente = Client(HTTP_HOST="127.0.0.1")
    cliente.force_login(Usuario.objects.get(username="bench.admin"))
    paginas = [
        ("tablero de la campaña", f"/balance/campanas/{campana.pk}/"),
        ("tablero, aprobadas p. 20", f"/balance/campanas/{campana.pk}/?situacion=aprobada&pagina=20"),
        ("inicio", "/"),
        ("balance: campañas", "/balance/"),
        ("instituciones", "/territorio/instituciones/?pagina=30"),
    ]
    print(f"{campana.matrices.count()} matrices en la campaña\n")
    medir_paginas(cliente, paginas, ancho=26)


if __name__ == "__main__":
    main()
