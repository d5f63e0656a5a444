"""Export benchmark at national scale: a campaign of 3,000 institutions, every matrix filled.

Each measurement runs in a fresh Python process (peak RSS from that process' ru_maxrss, and how much
the export itself added above the RSS it started from): the consolidated XLSX at 3,000 matrices and
at a quarter of them (memory that stays the same is memory that stays flat), next to XlsxWriter alone
(constant-memory mode, the same cells and formatting, rows fetched beforehand: an empty text is a
blank cell with its column's format, as escribir_libro writes it) and openpyxl alone
(write-only, no styles), with the ratio of each to XlsxWriter's seconds. Not a test: it prints figures.
Next to the seconds, the CPU seconds of the measured step (this process and the children it waited
for, not PostgreSQL's) and their ratio: on a machine busy with other work the wall clock mostly
measures the wait for a core.

    scripts/pg.sh start && DEBUG=1 .venv/bin/python bench/exportar_campana.py [--instituciones 3000] [--nuevo]

--pdf N1,N2…: also the consolidated PDF (rendered in parts, joined, numbered) of the first N1, N2…
approved matrices, with the largest of the processes its parts were laid out in, and its seconds per
matrix next to WeasyPrint alone on one matrix's HTML (PDF/UA, best of 3), on 25 matrices at once,
and on the same N matrices the export takes, in one document (what WeasyPrint alone costs for
exactly that content; the cover, summary and charts are not in it). Both sides start their clock
with WeasyPrint imported and one light page laid out (``_weasyprint_listo``): the worker that builds
the long PDFs does that once when it starts, and WeasyPrint alone imports it before its clock too.
--solo-pdf leaves the XLSX out.

--antes DIR: the same exports also with the application's code of another checkout (e.g. a
`git worktree add --detach /tmp/main main`), interleaved with this one's in the same run; --rondas R
repeats every measurement R times, interleaved, and prints medians. The XLSX's measurements take a
few seconds and its target (1.1× XlsxWriter) sits inside one round's noise (this machine's speed
drifts by a fifth from one minute to the next): they are repeated --rondas-xlsx times (5 unless
told, at least --rondas), XlsxWriter alone right after the export in each round, and each ratio
printed is the median of the rounds' ratios to the XlsxWriter of the same round (``razones``), with
their range.

It works in its own database (chasqui_bench on the same server, or --base), created and filled the
first time; a copy works too (CREATE DATABASE … TEMPLATE chasqui_bench), migrated by the first run.
"""

import argparse
import os
import re
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


# --- each measurement in a fresh process ---------------------------------------------------------


def _vmhwm_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(linea.split()[1]) for linea in status if linea.startswith("VmHWM:"))


def _reloj() -> tuple[float, float]:
    """Now: wall-clock seconds, and CPU seconds of this process and of its children that ended (the
    PDF's layouts, the XLSX's reader; not PostgreSQL's)."""
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


def _medido(desde: tuple[float, float]) -> tuple[float, float]:
    """Wall-clock and CPU seconds since `desde` (``_reloj``)."""
    ahora = _reloj()
    return ahora[0] - desde[0], ahora[1] - desde[1]


def _desde_aqui() -> int:
    """Reset the process' peak RSS (Linux: clear_refs 5) and return the RSS now, in KiB: the peak
    read later minus this is what the measured step added."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return _rss_kib()


def hijo(args) -> None:
    """One measurement, in this fresh process: prints one JSON line (seconds, peak RSS of the process
    and peak above the RSS at the start of the measured step, in MiB)."""
    import json
    import resource
    import tempfile

    if args.codigo:  # the application's code from another checkout (the code before a change)
        sys.path.insert(0, str(Path(args.codigo).resolve()))
        for nombre in [m for m in sys.modules if m.split(".")[0] in ("balance", "exportaciones", "config")]:
            del sys.modules[nombre]
    import django

    django.setup()
    from balance.models import Campana
    from cuentas.models import Usuario

    campana = Campana.objects.get(titulo__startswith="Bench")
    admin = Usuario.objects.get(username="bench.admin")
    medida = {"que": args.medir, "n": args.n}
    with tempfile.TemporaryFile() as salida:
        if args.medir == "xlsx":
            segundos, inicio = _hijo_xlsx(campana, admin, args.n, salida)
        elif args.medir in ("xlsxwriter", "openpyxl"):
            segundos, inicio = _hijo_referencia_xlsx(campana, admin, args.n, salida, args.medir)
        elif args.medir == "pdf":
            segundos, inicio = _hijo_pdf(campana, admin, args.n, salida)
        elif args.medir == "weasyprint":
            segundos, inicio = _hijo_weasyprint(campana, admin, args.n, salida)
        elif args.medir == "weasyprint-mismas":
            segundos, inicio = _hijo_weasyprint(campana, admin, args.n, salida, mismas=True)
        else:
            raise SystemExit(f"unknown measurement {args.medir}")
        (segundos, cpu) = segundos
        pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # Work done in forked children (the PDF's parts, laid out each in its own process; the
        # XLSX's rows, read ahead by one): the largest of them, its RSS counting the pages it
        # shares with this process.
        hijos = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        medida.update(
            segundos=segundos,
            cpu=cpu,
            pico=pico / 1024,
            pico_hijos=hijos / 1024,
            sobre_inicio=(_vmhwm_kib() - inicio) / 1024,
            bytes=salida.seek(0, 2),
        )
        if args.medir == "pdf":
            from pypdf import PdfReader

            salida.seek(0)
            medida["paginas"] = len(PdfReader(salida).pages)
    print(json.dumps(medida))


def _limitar(exportador, n):
    """The exporter over the campaign's first `n` matrices (all of them when n is 0)."""
    from balance.models import Matriz

    if n:
        ids = list(exportador.matrices.order_by("pk").values_list("pk", flat=True)[:n])
        exportador.matrices = Matriz.objects.filter(pk__in=ids)
    return exportador


def _hijo_xlsx(campana, admin, n, salida):
    from balance.exports import CampanaXlsx

    exportador = _limitar(CampanaXlsx(admin, {"campana": str(campana.pk)}), n)
    inicio = _desde_aqui()
    t0 = _reloj()
    exportador.generar(salida)
    return _medido(t0), inicio


def _hijo_referencia_xlsx(campana, admin, n, salida, escritor):
    """The same sheets and cells, fetched beforehand (not timed), written by one library alone.
    XlsxWriter: constant-memory mode with the same formatting (widths, title and header styles, a
    format per column, dates, frozen header, filter, print set-up); openpyxl: write-only, no styles."""
    from balance.exports import CampanaXlsx

    exportador = _limitar(CampanaXlsx(admin, {"campana": str(campana.pk)}), n)
    hojas = [
        (
            h,
            [str(x) for x in h.titulo],
            [str(c.titulo) for c in h.columnas],
            [list(map(_plano, f)) for f in h.filas],
        )
        for h in exportador.hojas()
    ]
    inicio = _desde_aqui()
    t0 = _reloj()
    if escritor == "openpyxl":
        from openpyxl import Workbook

        libro = Workbook(write_only=True)
        for h, _titulo, encabezado, filas in hojas:
            ws = libro.create_sheet(h.nombre[:31])
            ws.append(encabezado)
            for fila in filas:
                ws.append(fila)
        libro.save(salida)
        return _medido(t0), inicio

    import datetime as dt

    import xlsxwriter

    opciones = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    libro = xlsxwriter.Workbook(salida, opciones)
    negrita13 = libro.add_format({"bold": True, "font_size": 13})
    negrita = libro.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    envuelto = libro.add_format({"text_wrap": True, "valign": "top"})
    arriba = libro.add_format({"valign": "top"})
    fecha = libro.add_format({"valign": "top", "num_format": "DD/MM/YYYY"})
    for k, (h, titulo, encabezado, filas) in enumerate(hojas):
        ws = libro.add_worksheet(f"{k} {h.nombre}"[:31].replace(":", " "))
        f0 = len(titulo) + 1
        ws.freeze_panes(f0 + 1, 0)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(h.paginas_de_ancho, 0)
        ws.repeat_rows(f0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer("&L&A&RPágina &P de &N")
        formatos = []
        for i, c in enumerate(h.columnas):
            ws.set_column_pixels(i, i, c.ancho * 7)
            formatos.append(envuelto if c.envolver else arriba)
        for r, linea in enumerate(titulo):
            ws.write_string(r, 0, linea, negrita13 if r == 0 else None)
        for i, t in enumerate(encabezado):
            ws.write_string(f0, i, t, negrita)
        r = f0
        # Each value through its own method (write() would find the kind of each value again).
        texto, numero, blanco, momento = ws.write_string, ws.write_number, ws.write_blank, ws.write_datetime
        for fila in filas:
            r += 1
            for i, v in enumerate(fila):
                if v is None:
                    continue
                if v.__class__ is str:
                    if v:
                        texto(r, i, v, formatos[i])
                    else:  # an empty text: a blank cell with its column's format, as the export writes it
                        blanco(r, i, None, formatos[i])
                elif isinstance(v, dt.date):
                    momento(r, i, v, fecha)
                else:
                    numero(r, i, v, formatos[i])
        ws.autofilter(f0, 0, r, len(encabezado) - 1)
    libro.close()
    return _medido(t0), inicio


def _hijo_pdf(campana, admin, n, salida):
    """The consolidated PDF (rendered in parts, joined, numbered) of the first `n` approved matrices."""
    from balance.exports import CampanaPdf
    from balance.models import Estado

    exportador = CampanaPdf(admin, {"campana": str(campana.pk)})
    exportador.matrices = exportador.matrices.filter(estado=Estado.APROBADA)
    _limitar(exportador, n)
    _weasyprint_listo()
    inicio = _desde_aqui()
    t0 = _reloj()
    exportador.generar(salida)
    return _medido(t0), inicio


def _hijo_weasyprint(campana, admin, n, salida, mismas=False):
    """WeasyPrint alone on the HTML of `n` matrices as the consolidated PDF lays them out (rendered
    beforehand), PDF/UA: seconds of one pass (best of 3 for one matrix). The campaign's first `n`
    in the PDF's order, or (`mismas`) the `n` approved matrices the export of `n` takes, in one
    document."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    from balance.exports import CampanaPdf
    from balance.models import Estado

    exportador = CampanaPdf(admin, {"campana": str(campana.pk)})
    if mismas:
        exportador.matrices = exportador.matrices.filter(estado=Estado.APROBADA)
        _limitar(exportador, n)
    exportador.por_parte = max(n, 1)
    # The first `n` matrices of the parts (before them: the cover, the summary), in one document:
    # however the export splits them (ConsolidadoPdf._grupos), WeasyPrint alone lays them out
    # together. Only the parts needed are read.
    primera, matrices = None, []
    for parte in exportador.partes():
        if "matrices" in parte:
            primera = primera or parte
            matrices += parte["matrices"]
            if len(matrices) >= max(n, 1):
                break
    contexto = {
        **primera,
        "matrices": matrices[: max(n, 1)],
        "pie": exportador.pie(),
        "generado": timezone.localtime(),
        "horizontal": True,
        "titulo_documento": exportador.titulo_archivo(),
        "numerar": False,
    }
    html = render_to_string(exportador.plantilla, contexto)
    _weasyprint_listo()
    inicio = _desde_aqui()
    mejor = (float("inf"), 0.0)
    for _vez in range(3 if n == 1 else 1):
        salida.seek(0)
        salida.truncate()
        t0 = _reloj()
        HTML(string=html, base_url=str(BASE)).write_pdf(salida, **exportador.opciones_pdf)
        mejor = min(mejor, _medido(t0))
    return mejor, inicio


def _weasyprint_listo() -> None:
    """Both sides start their clock with WeasyPrint imported and started, as a long-lived worker
    is: the background worker that builds the long PDFs does it once when it starts
    (exportaciones.base.preparar_pdf: the import, about 0.55 s, and one light page laid out), and
    WeasyPrint alone, measured in a fresh process like the export, is imported and lays out the
    same light page before its clock too. Code from before preparar_pdf (--antes): only the import,
    as its worker had it after its first export (its own light page stays in its clock)."""
    try:
        from exportaciones.base import preparar_pdf
    except ImportError:
        import weasyprint  # noqa: F401
    else:
        preparar_pdf()


def en_proceso_nuevo(medir: str, n: int, codigo: str = "", base: str = "chasqui_bench") -> dict:
    """Run one measurement in a fresh Python process and return what it printed."""
    import json
    import subprocess

    orden = [sys.executable, str(Path(__file__).resolve()), "--base", base, "--medir", medir, "--n", str(n)]
    if codigo:
        orden += ["--codigo", codigo]
    salida = subprocess.run(orden, capture_output=True, text=True, env=os.environ.copy())
    if salida.returncode:
        raise SystemExit(salida.stderr[-3000:])
    return json.loads(salida.stdout.strip().splitlines()[-1])


def _mediana(valores):
    import statistics

    return statistics.median(valores)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instituciones", type=int, default=3000)
    parser.add_argument("--nuevo", action="store_true", help="rehacer la base de prueba")
    parser.add_argument("--base", default="chasqui_bench", help="nombre de la base de prueba")
    parser.add_argument("--pdf", default="", help="consolidado PDF de N matrices: N1,N2…")
    parser.add_argument("--solo-pdf", action="store_true", help="solo el consolidado PDF")
    parser.add_argument("--rondas", type=int, default=1, help="rondas intercaladas; se da la mediana")
    parser.add_argument(
        "--rondas-xlsx", type=int, default=5, help="rondas intercaladas del XLSX (5; al menos --rondas)"
    )
    parser.add_argument("--antes", default="", help="otra copia del código (p. ej. main) medida a la par")
    parser.add_argument("--medir", help=argparse.SUPPRESS)  # one measurement, in a child process
    parser.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--codigo", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    preparar_base(args.base, args.nuevo)
    if args.medir:
        return hijo(args)

    import django

    django.setup()
    campana, _admin = generar_datos(args.instituciones)
    codigos = [("antes", args.antes), ("ahora", "")] if args.antes else [("ahora", "")]

    def ronda(casos, rondas, referencia=""):
        """Each case `rondas` times, interleaved; median seconds and peaks per case and, with a
        `referencia` (a case's name), the median and range of each case's ratios to the reference
        measured in the same round, seconds apart (``razones``)."""
        vistas: dict[str, list[dict]] = {nombre: [] for nombre, *_resto in casos}
        for _r in range(rondas):
            for nombre, medir, n, codigo in casos:
                vistas[nombre].append(en_proceso_nuevo(medir, n, codigo, args.base))
        return {
            nombre: {
                k: _mediana([m[k] for m in ms])
                for k in ("segundos", "cpu", "pico", "sobre_inicio", "pico_hijos")
            }
            | {"paginas": ms[-1].get("paginas")}
            | ({"razones": razones(ms, vistas[referencia])} if referencia else {})
            for nombre, ms in vistas.items()
        }

    def linea(nombre, m, extra=""):
        print(
            f"  {nombre:<46} {m['segundos']:7.2f} s  cpu {m['cpu']:6.2f} s   pico {m['pico']:6.0f} MiB"
            f"   (+{m['sobre_inicio']:5.0f} MiB en la exportación)"
            + (f"   hijo mayor {m['pico_hijos']:4.0f} MiB" if m.get("pico_hijos") else "")
            + extra
        )

    if not args.solo_pdf:
        n = campana.matrices.count()  # the campaign found may be another's (bench/run: a national one)
        # A few seconds each, and within a tenth of XlsxWriter's: one round is inside the noise.
        rondas = max(args.rondas, args.rondas_xlsx)
        print(f"\nconsolidado XLSX de {n} matrices, cada medida en un proceso nuevo, mediana de {rondas}")
        # XlsxWriter measured right after the export in each round: the export's ratio is the
        # median of its ratios to the reference measured seconds later (this machine's speed drifts
        # by a fifth from one minute to the next: the ratio of two medians moves with it).
        referencia = "XlsxWriter solo (mismas celdas y formatos)"
        casos = [(f"Chasqui {c} (CampanaXlsx)", "xlsx", 0, d) for c, d in codigos]
        casos += [(referencia, "xlsxwriter", 0, "")]
        casos += [(f"Chasqui {c}, {n // 4} matrices", "xlsx", n // 4, d) for c, d in codigos]
        casos += [("openpyxl solo (mismas celdas, sin estilos)", "openpyxl", 0, "")]
        r = ronda(casos, rondas, referencia)
        for nombre, m in r.items():
            (t, t_de, t_a), (c, c_de, c_a) = m["razones"]
            linea(
                nombre,
                m,
                f"   {t:.2f}× XlsxWriter ({t_de:.2f}–{t_a:.2f}; cpu {c:.2f}×, {c_de:.2f}–{c_a:.2f})",
            )

    tamanos = [int(x) for x in args.pdf.split(",") if x]
    if tamanos:
        print(
            "\nconsolidado PDF de N matrices aprobadas, cada medida en un proceso nuevo, "
            f"mediana de {args.rondas}"
        )
        casos = [("WeasyPrint solo, 1 matriz (mejor de 3)", "weasyprint", 1, "")]
        casos += [(f"WeasyPrint solo, {POR_PARTE} matrices juntas", "weasyprint", POR_PARTE, "")]
        for t in tamanos:
            casos += [(f"WeasyPrint solo, las mismas {t} juntas", "weasyprint-mismas", t, "")]
            casos += [(f"Chasqui {c} (CampanaPdf), {t} matrices", "pdf", t, d) for c, d in codigos]
        r = ronda(casos, args.rondas)
        sola = r["WeasyPrint solo, 1 matriz (mejor de 3)"]
        for nombre, m in r.items():
            n = 1 if "1 matriz" in nombre else int(re.search(r"(\d+) (matrices|juntas)", nombre).group(1))
            por, por_cpu = m["segundos"] / n, m["cpu"] / n
            paginas = f", {m['paginas']} págs." if m.get("paginas") else ""
            mismas = r.get(f"WeasyPrint solo, las mismas {n} juntas") if m.get("paginas") else None
            if mismas:  # the export next to WeasyPrint alone on its own matrices
                paginas += (
                    f"; {m['segundos'] / mismas['segundos']:.2f}× las mismas solas"
                    f" (cpu {m['cpu'] / mismas['cpu']:.2f}×)"
                )
            linea(
                nombre,
                m,
                f"   {por:.2f} s/matriz = {por / sola['segundos']:.2f}× WeasyPrint"
                f" (cpu {por_cpu / sola['cpu']:.2f}×){paginas}",
            )


# Matrices per part of the consolidated PDF (balance.exports.ConsolidadoPdf.por_parte).
POR_PARTE = 25


def razones(medidas: list[dict], referencias: list[dict]) -> tuple[tuple[float, float, float], ...]:
    """Per round, a measurement's seconds and CPU seconds divided by the reference's of the same
    round: for each, (median, lowest, highest) over the rounds."""
    resultado = []
    for k in ("segundos", "cpu"):
        por_ronda = [m[k] / r[k] for m, r in zip(medidas, referencias, strict=True)]
        resultado.append((_mediana(por_ronda), min(por_ronda), max(por_ronda)))
    return tuple(resultado)


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
