"""What a page weighs on a slow phone: bytes, requests and load time at 400 kbps / 400 ms.

Serves Chasqui as in production (gunicorn, DEBUG off, the static files collected with whitenoise's
manifest storage into a temporary folder) on loopback, against the demo data, and opens in Chromium
(Playwright, /usr/bin/chromium) the login page, the director's home, the director's matrix editor,
the public catalogue and a public practice sheet, with the network throttled through the DevTools
protocol (Network.emulateNetworkConditions). Each page is opened twice in the same browser context:
cold (empty cache) and warm (second visit).

    scripts/pg.sh start && .venv/bin/python bench/peso_paginas.py [--puerto 8399] [--ancho 360]

Uses DATABASE_URL when set (else the local cluster's `chasqui` database), migrates it and loads the
demo (cargar_demo can be repeated). Prints, per page and visit: KB transferred (what came over the
network, headers included), requests (and how many reached the network), the HTML's own size as
sent, the time to DOMContentLoaded (after the deferred scripts ran: "interactiva") and to the load
event, and the layout shift (CLS); then the matrix page beside the targets of issue 14. Stops
gunicorn and Chromium before it ends, whatever happens; each page has 60 s. The photos of the sheet
are the proxy's in production (/media/), so here they answer 404.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault(
    "DATABASE_URL", "postgres://chasqui@127.0.0.1:{}/chasqui".format(os.environ.get("PGPORT_LOCAL", "54329"))
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# 400 kbps each way and 400 ms of latency: a rural school's phone on a weak signal (issue 14).
RED = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
OBJETIVO_KB, OBJETIVO_S = 150, 3.0  # the matrix page at a cold cache (issue 14)
PLAZO_PAGINA_MS = 60_000


def preparar() -> str:
    """Migrates, loads the demo, and returns a published practice's URL."""
    import io

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("cargar_demo", verbosity=0, stdout=io.StringIO())
    from django.urls import reverse

    from practicas.models import BuenaPractica, EstadoPractica

    practica = BuenaPractica.objects.filter(estado=EstadoPractica.PUBLICADA).order_by("pk").first()
    return reverse("practicas:ficha", args=[practica.slug])


def puerto_libre(puerto: int) -> int:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", puerto)) == 0:
            sys.exit(f"El puerto {puerto} está ocupado: usa --puerto.")
    return puerto


def entorno_produccion(static_root: str, puerto: int) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{puerto}",
        "EMAIL_HOST": "127.0.0.1",  # required with DEBUG off; these pages send no e-mail
        "SECURE_COOKIES": "false",  # plain HTTP on loopback
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def esperar(url: str, proceso: subprocess.Popen, plazo: float = 30) -> None:
    limite = time.monotonic() + plazo
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            sys.exit("gunicorn terminó al arrancar.")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    sys.exit(f"gunicorn no respondió en {plazo:.0f} s.")


def visitar(contexto, url: str, detalle: bool = False) -> dict:
    """One visit with the network throttled: bytes, requests and timings (and, with ``detalle``,
    each request that reached the network: path, encoding, KB and when it ended)."""
    pagina = contexto.new_page()
    pagina.set_default_timeout(PLAZO_PAGINA_MS)
    cdp = contexto.new_cdp_session(pagina)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", RED)
    peticiones, bytes_por_id, de_cache, respuestas, fin = set(), {}, set(), {}, {}
    enviada = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: (peticiones.add(e["requestId"]), enviada.setdefault(e["requestId"], e["timestamp"])),
    )
    cdp.on("Network.requestServedFromCache", lambda e: de_cache.add(e["requestId"]))
    cdp.on("Network.responseReceived", lambda e: respuestas.__setitem__(e["requestId"], e["response"]))
    cdp.on("Network.loadingFinished", lambda e: fin.__setitem__(e["requestId"], e["timestamp"]))
    cdp.on(
        "Network.responseReceived",
        lambda e: (
            de_cache.add(e["requestId"])
            if e["response"].get("fromDiskCache") or e["response"].get("fromPrefetchCache")
            else None
        ),
    )
    cdp.on(
        "Network.loadingFinished", lambda e: bytes_por_id.__setitem__(e["requestId"], e["encodedDataLength"])
    )
    pagina.goto(url, wait_until="load")
    pagina.wait_for_timeout(300)  # the last loadingFinished events
    # Cumulative layout shift so far (what moved while the page arrived: a late font, an image).
    cls = pagina.evaluate(
        "() => new Promise(listo => { let total = 0; new PerformanceObserver(l => { for (const e of"
        " l.getEntries()) if (!e.hadRecentInput) total += e.value; }).observe({type: 'layout-shift',"
        " buffered: true}); setTimeout(() => listo(total), 50); })"
    )
    tiempos = pagina.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, html: n.encodedBodySize}; }"
    )
    cdp.detach()
    pagina.close()
    red = [i for i in peticiones if i not in de_cache]
    if detalle and red:
        inicio = min(enviada.values())
        for i in sorted(red, key=lambda i: fin.get(i, 0)):
            r = respuestas.get(i, {})
            cabeceras = {k.lower(): v for k, v in r.get("headers", {}).items()}
            print(
                f"    {r.get('url', '?').split('127.0.0.1')[-1][:60]:<60} {r.get('status', '-')!s:>4}"
                f" {cabeceras.get('content-encoding', '-'):<5} {bytes_por_id.get(i, 0) / 1024:6.1f} KB"
                f"  termina +{fin.get(i, inicio) - inicio:5.2f} s"
            )
    return {
        "kb": sum(bytes_por_id.get(i, 0) for i in red) / 1024,
        "peticiones": len(peticiones),
        "a_la_red": len(red),
        "interactiva": tiempos["dcl"] / 1000,
        "carga": tiempos["load"] / 1000,
        "html_kb": tiempos["html"] / 1024,
        "cls": cls,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--puerto", type=int, default=8399)
    parser.add_argument("--ancho", type=int, default=360, help="viewport width in px (a phone: 360)")
    parser.add_argument("--detalle", action="store_true", help="each request of the cold visits")
    args = parser.parse_args()
    puerto = puerto_libre(args.puerto)
    raiz = f"http://127.0.0.1:{puerto}"
    ficha = preparar()
    clave = os.environ.get("DEMO_PASSWORD", "chasqui-demo")

    static_root = tempfile.mkdtemp(prefix="chasqui-bench-static-")
    gunicorn = navegador = None
    try:
        entorno = entorno_produccion(static_root, puerto)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE,
            env=entorno,
            check=True,
            timeout=300,
        )
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{puerto}",
                "-w",
                "2",
            ],
            cwd=BASE,
            env=entorno,
            start_new_session=True,
        )
        esperar(f"{raiz}/salud/", gunicorn)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            navegador = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            # The director's session, made once without throttling; each measured context starts with
            # its cookies and an empty cache.
            ingreso = navegador.new_context(base_url=raiz)
            pagina = ingreso.new_page()
            pagina.goto("/cuentas/ingresar/")
            pagina.fill("input[name=username]", "director.demo")
            pagina.fill("input[name=password]", clave)
            pagina.click("form button[type=submit]")
            pagina.wait_for_url(f"{raiz}/")
            # The matrix the director's home links to for editing.
            enlace = pagina.locator("a[href^='/balance/matrices/'][href$='/editar/']").first
            matriz = enlace.get_attribute("href")
            sesion = ingreso.storage_state()
            ingreso.close()

            paginas = [
                ("ingreso", "/cuentas/ingresar/", None),
                ("inicio (director)", "/", sesion),
                ("matriz: editar (director)", matriz, sesion),
                ("catálogo público", "/practicas/", None),
                ("ficha pública", ficha, None),
            ]
            print(
                f"\nChasqui bajo gunicorn, DEBUG apagado, a 400 kbps / 400 ms, {args.ancho} px de ancho"
                f" ({time.strftime('%Y-%m-%d')})\n"
                f"{'página':<27} {'visita':<6} {'KB':>7} {'petic.':>7} {'red':>4} {'HTML KB':>8}"
                f" {'interactiva':>12} {'carga':>7} {'CLS':>5}"
            )
            for nombre, url, estado in paginas:
                contexto = navegador.new_context(
                    base_url=raiz, storage_state=estado, viewport={"width": args.ancho, "height": 740}
                )
                try:
                    for visita in ("fría", "tibia"):
                        r = visitar(contexto, url, detalle=args.detalle and visita == "fría")
                        print(
                            f"{nombre:<27} {visita:<6} {r['kb']:7.1f} {r['peticiones']:7d} {r['a_la_red']:4d}"
                            f" {r['html_kb']:8.1f} {r['interactiva']:10.2f} s {r['carga']:5.2f} s"
                            f" {r['cls']:5.2f}"
                        )
                        if nombre.startswith("matriz") and visita == "fría":
                            objetivo = r
                finally:
                    contexto.close()
            navegador.close()
            navegador = None
        cumple = (
            "cumple" if objetivo["kb"] < OBJETIVO_KB and objetivo["interactiva"] < OBJETIVO_S else "NO cumple"
        )
        print(
            f"\nObjetivo, matriz en frío: < {OBJETIVO_KB} KB y interactiva < {OBJETIVO_S:.0f} s: "
            f"{objetivo['kb']:.0f} KB, {objetivo['interactiva']:.2f} s — {cumple}"
        )
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
