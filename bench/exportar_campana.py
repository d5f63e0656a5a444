"""Export benchmark at national scale: a campaign of 3,000 institutions, every matrix filled.

Prints the seconds and peak Python memory of the consolidated XLSX and of one matrix PDF, next to
openpyxl and WeasyPrint alone on the same content, and their ratios. Not a test: it prints figures.

    scripts/pg.sh start && DEBUG=1 .venv/bin/python bench/exportar_campana.py [--instituciones 3000] [--nuevo]

With --pdf N1,N2…, also the consolidated PDF (rendered in parts, joined, numbered) of the first N1,
N2… approved matrices: peak memory that stays the same as N grows is memory that stays flat.

It works in its own database (chasqui_bench on the same server, or --base), created and filled the
first time.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")


def preparar_base(nombre: str, nuevo: bool) -> None:
    import dj_database_url
    import psycopg2

    url = os.environ.get("DATABASE_URL") or "postgres://chasqui@127.0.0.1:{}/chasqui".format(
        os.environ.get("PGPORT_LOCAL", "54329")
    )
    conf = dj_database_url.parse(url)
    conexion = psycopg2.connect(
        dbname="postgres", user=conf["USER"], password=conf["PASSWORD"], host=conf["HOST"], port=conf["PORT"]
    )
    conexion.autocommit = True
    with conexion.cursor() as cursor:
        if nuevo:
            cursor.execute(f'DROP DATABASE IF EXISTS "{nombre}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nombre])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{nombre}"')
    conexion.close()
    conf["NAME"] = nombre
    os.environ["DATABASE_URL"] = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**conf)


def generar_datos(instituciones: int):
    """One DRE-wide 2023 campaign over `instituciones` CEBA/CETPRO, each matrix complete and approved."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from balance import services
    from balance.demo import CONTENIDO, LINEAMIENTOS_2023
    from balance.models import Campana, Compromiso, Dificultad, Estado, Fila, Logro, Matriz
    from cuentas.models import Asignacion, Rol, Usuario
    from territorio.models import Dre, Institucion, Region, Ugel

    call_command("migrate", verbosity=0)
    if Campana.objects.filter(titulo__startswith="Bench").exists():
        return Campana.objects.get(titulo__startswith="Bench"), Usuario.objects.get(username="bench.admin")
    t0 = time.perf_counter()
    with transaction.atomic():
        region = Region.objects.create(nombre="Región de prueba", macrorregion="centro")
        dre = Dre.objects.create(nombre="DRE de prueba", region=region)
        ugeles = Ugel.objects.bulk_create(Ugel(nombre=f"UGEL {n:03d}", dre=dre) for n in range(1, 221))
        Institucion.objects.bulk_create(
            Institucion(
                codigo_modular=f"{8000000 + n:07d}",
                nombre=f"{'CEBA' if n % 2 else 'CETPRO'} Institución {n}",
                modalidad="ceba" if n % 2 else "cetpro",
                ugel=ugeles[n % len(ugeles)],
            )
            for n in range(instituciones)
        )
        admin = Usuario.objects.create(username="bench.admin")
        Asignacion.objects.create(usuario=admin, rol=Rol.ADMINISTRADOR)
        campana = services.campana_crear(
            usuario=admin,
            anio=2023,
            titulo="Bench – Balance 2023",
            dre=dre,
            fecha_limite=timezone.localdate(),
            lineamientos=LINEAMIENTOS_2023,
        )
        services.campana_abrir(usuario=admin, campana=campana)
        filas = list(Fila.objects.filter(matriz__campana=campana).select_related("lineamiento"))
        logros, dificultades = [], []
        for fila in filas:
            acciones, ls, ds, sugerencias = CONTENIDO[fila.lineamiento.nombre]
            fila.acciones, fila.sugerencias = acciones, sugerencias
            fila.enlace_evidencias = f"https://drive.example.pe/{fila.matriz_id}/{fila.lineamiento.orden}"
            for i, (cifra, que, cual) in enumerate((ls * 3)[:3], 1):
                logros.append(
                    Logro(
                        fila=fila,
                        orden=i,
                        cifra=cifra,
                        que_cuenta=que,
                        cualitativo=cual,
                        evidencia="https://drive.example.pe/l",
                    )
                )
            for i, texto in enumerate((ds * 3)[:3], 1):
                dificultades.append(Dificultad(fila=fila, orden=i, texto=texto))
        Fila.objects.bulk_update(filas, ["acciones", "sugerencias", "enlace_evidencias"], batch_size=2000)
        Logro.objects.bulk_create(logros, batch_size=5000)
        Dificultad.objects.bulk_create(dificultades, batch_size=5000)
        matrices = list(Matriz.objects.filter(campana=campana))
        Compromiso.objects.bulk_create(
            Compromiso(matriz=m, orden=1, que="Tutorías flexibles", responsable="Director(a)")
            for m in matrices
        )
        Matriz.objects.filter(campana=campana).update(
            estado=Estado.APROBADA, progreso=100, aprobada_por=admin
        )
    print(
        f"datos: {instituciones} instituciones, {len(filas)} filas, {len(logros)} logros "
        f"en {time.perf_counter() - t0:.1f} s"
    )
    return campana, admin


def _rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _pico_en_hijo(funcion, cola):
    import resource

    from django.db import connections

    connections.close_all()
    inicio = _rss_kib()
    funcion()
    cola.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - inicio)


def medir(nombre, funcion, veces=1):
    """Best seconds of `veces` runs in this process; peak memory (RSS growth) in a forked child."""
    import multiprocessing

    from django.db import connections

    segundos = float("inf")
    for _ in range(veces):
        t0 = time.perf_counter()
        funcion()
        segundos = min(segundos, time.perf_counter() - t0)
    connections.close_all()
    contexto = multiprocessing.get_context("fork")
    cola = contexto.Queue()
    hijo = contexto.Process(target=_pico_en_hijo, args=(funcion, cola))
    hijo.start()
    pico = cola.get() * 1024
    hijo.join()
    print(f"  {nombre:<44} {segundos:7.2f} s   pico +{pico / 1024 / 1024:7.1f} MiB")
    return segundos, pico


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instituciones", type=int, default=3000)
    parser.add_argument("--nuevo", action="store_true", help="rehacer la base de prueba")
    parser.add_argument("--base", default="chasqui_bench", help="nombre de la base de prueba")
    parser.add_argument("--pdf", default="", help="consolidado PDF de N matrices: N1,N2…")
    parser.add_argument("--solo-pdf", action="store_true", help="solo el consolidado PDF")
    args = parser.parse_args()
    preparar_base(args.base, args.nuevo)

    import django

    django.setup()
    from django.template.loader import render_to_string
    from openpyxl import Workbook
    from weasyprint import HTML

    from balance.exports import CampanaXlsx, MatrizPdf
    from balance.models import Matriz

    campana, admin = generar_datos(args.instituciones)
    for n in [int(x) for x in args.pdf.split(",") if x]:
        consolidado_pdf(campana, admin, n)
    if args.solo_pdf:
        return
    exportador = CampanaXlsx(admin, {"campana": str(campana.pk)})
    print(f"\nconsolidado XLSX de {exportador.tamano()} matrices")
    chasqui = medir("Chasqui (CampanaXlsx)", lambda: exportador.generar(io.BytesIO()))

    # The same sheets and cells, fetched beforehand, written by openpyxl alone with no styles.
    hojas = [
        (h.nombre[:31], [str(c.titulo) for c in h.columnas], [list(map(_plano, f)) for f in h.filas])
        for h in exportador.hojas()
    ]

    def solo_openpyxl():
        libro = Workbook(write_only=True)
        for nombre, encabezado, filas in hojas:
            ws = libro.create_sheet(nombre)
            ws.append(encabezado)
            for fila in filas:
                ws.append(fila)
        libro.save(io.BytesIO())

    base = medir("openpyxl solo (mismas celdas, sin estilos)", solo_openpyxl)
    print(f"  razón tiempo {chasqui[0] / base[0]:.2f}x   razón memoria {chasqui[1] / max(base[1], 1):.2f}x")

    matriz = Matriz.objects.filter(campana=campana).first()
    pdf = MatrizPdf(admin, {"matriz": str(matriz.pk)})
    print("\nuna matriz en PDF")
    chasqui = medir("Chasqui (MatrizPdf), mejor de 5", lambda: pdf.generar(io.BytesIO()), veces=5)
    html = render_to_string(pdf.plantilla, {**pdf.contexto(), "pie": pdf.pie(), "horizontal": True})
    base = medir(
        "WeasyPrint solo (mismo HTML, PDF/UA), mejor de 5",
        lambda: HTML(string=html, base_url=str(BASE)).write_pdf(io.BytesIO(), **pdf.opciones_pdf),
        veces=5,
    )
    print(f"  razón tiempo {chasqui[0] / base[0]:.2f}x   razón memoria {chasqui[1] / max(base[1], 1):.2f}x")


def consolidado_pdf(campana, admin, n):
    """The consolidated PDF of the campaign's first `n` approved matrices, by parts."""
    from pypdf import PdfReader

    from balance.exports import CampanaPdf
    from balance.models import Matriz

    exportador = CampanaPdf(admin, {"campana": str(campana.pk)})
    ids = list(exportador.matrices.order_by("pk").values_list("pk", flat=True)[:n])
    exportador.matrices = Matriz.objects.filter(pk__in=ids)
    print(f"\nconsolidado PDF de {n} matrices ({exportador.total_partes()} partes)")
    salida = io.BytesIO()

    def generar():
        salida.seek(0)
        salida.truncate()
        exportador.generar(salida)

    medir("Chasqui (CampanaPdf)", generar)
    lector = PdfReader(salida)
    print(f"  {len(lector.pages)} páginas, {salida.tell() / 1024 / 1024:.1f} MiB")


def _plano(valor):
    import datetime as dt

    from django.utils import timezone
    from django.utils.functional import Promise

    if isinstance(valor, Promise):
        return str(valor)
    if isinstance(valor, dt.datetime) and timezone.is_aware(valor):
        return timezone.localtime(valor).replace(tzinfo=None)
    return valor


if __name__ == "__main__":
    main()
