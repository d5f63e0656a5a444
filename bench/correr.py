"""bench/run: every main page of Chasqui at national size, under production settings, in one table.

    bench/run [--rapido] [--segundos 10] [--rondas 3] [--sin-exportaciones] [--pdf 10,20] [--puerto 8311]
              [--limite 45] [--conservar]

What it does, in order, and undoes on the way out (Ctrl+C and failures included):

1. the national database (bench/nacional.py): reused when `chasqui_nacional` exists, built otherwise
   (a few minutes); then copied (`CREATE DATABASE … TEMPLATE chasqui_nacional`) into a database of
   this run, which is migrated — the pristine one is never written, and the copy is dropped at the end;
2. its tools: wrk from Debian (apt-get, when root and missing; otherwise it says so and stops);
   collectstatic into a temporary STATIC_ROOT;
3. gunicorn under production settings: DEBUG off, 2 sync workers, on 127.0.0.1 (SECURE_COOKIES off:
   plain http on loopback), persistent database connections (DB_CONN_MAX_AGE's production default);
4. one session per bench user, through the login page (POST with its CSRF token), as a browser would;
5. per page, in this order:
   - CPU per request, Python + PostgreSQL: a sequential run (one request at a time, after 3 to warm
     up) of `--segundos`/3 seconds; before and after it, the CPU time the kernel counts for the
     gunicorn master and workers and for the PostgreSQL backends connected to this run's database
     (/proc/<pid>/schedstat, nanoseconds; found through pg_stat_activity); the difference divided by
     the requests. Shown as total (Python + PostgreSQL). It is the time spent by the server's
     processes for those requests, whatever else the machine is doing; wrk and this script are not
     counted. (A backend that ends during the run takes its CPU with it: with persistent
     connections that happens at most once a minute per worker.)
     In `--rondas` rounds (3 unless told; 1 with --rapido), each going over every page, and right
     after each page 1 second of the empty logged-in page: a page's CPU is the median of its rounds,
     and its ratio to the empty page the median of the ratios to the empty page measured just after
     it (the table shows their range). A single pass moved 20–30 % between runs an hour apart (the
     machine's state drifts); a ratio of two figures a few seconds apart does not drift with it.
   - under load: wrk, 2 threads, 50 connections, `--segundos` seconds, `--timeout 30s` (a queue of
     50 requests before 2 workers is seconds long; wrk's 2 s default would count it as errors), with
     a Lua script that sends the session cookie (and, for POST, the CSRF token and the form) and
     counts every response whose status is not the expected one: req/s, p50 and p95 latency, errors
     (unexpected statuses plus socket errors: connect, read, write, timeout);
   - the ratios: CPU per request to the minimal view's and to the empty logged-in page's, p95 to the
     empty logged-in page's (the issue's targets: the empty page within 2× of the same page
     anonymous; every main page within 3× of the empty page, in CPU and in p95).
6. the exports against their references, through bench/exportar_campana.py itself in a fresh
   process on this run's copy (the largest DRE campaign of 2025, all its matrices closed, renamed
   «Bench – …» in the copy, where exportar_campana.py looks for it): the consolidated XLSX next to
   openpyxl alone, one matrix's PDF next to WeasyPrint alone, the approved-matrices PDF at two sizes
   (--pdf, 10 and 20 matrices unless told: about 2.5 s a matrix here, so the issue's 100 and 400
   take --pdf 100,400 and an hour), each with its peak memory in a forked child.

The pages: the minimal view (/salud/, the load balancers' liveness probe: one SELECT 1, no session
read), the empty page (a 404 in the base layout) anonymous and logged in, the director's matrix edit
and its autosave (POST, the edit page's own form: in the sequential run a director typing, each save
on the version and base the previous one answered; under load 50 clients autosaving the SAME matrix
from the same page (the version and base of the last save, one field changed alike): the first
save writes it, the others merge over the newer version — the expected answer is 200 for all), a
sent matrix's detail (its UGEL reviewer), the campaign board as the UGEL and as the DRE specialist,
the DRE's board of a year, the home of each role, the public catalogue, a search «gestion», a
practice sheet, a school's plan, the monitoring coverage (DRE), DIFOCA's list.

--rapido: 3 s per page under load, the PDF at 5 and 10 matrices (about 5 minutes in all).
Without it about 15 minutes once the database exists. Port: --puerto (8311 unless told).
"""

import argparse
import contextlib
import html
import html.parser
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

from bench import nacional  # noqa: E402

PYTHON = str(BASE / ".venv" / "bin" / "python")
CLIENTES = 50


def aviso(texto: str) -> None:
    print(f"[bench] {texto}", file=sys.stderr, flush=True)


# --- the copy of the national database ---------------------------------------------------------


def _pid_vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def copiar_base(origen: str) -> str:
    """A copy of `origen` for this run (stale copies of ended runs are dropped first)."""
    for (nombre,) in nacional.sql_postgres(
        consulta="SELECT datname FROM pg_database WHERE datname LIKE 'chasqui_nac_run_%%'"
    ):
        pid = nombre.rsplit("_", 1)[-1]
        if pid.isdigit() and not _pid_vivo(int(pid)):
            nacional.sql_postgres(f'DROP DATABASE IF EXISTS "{nombre}"')
    copia = f"chasqui_nac_run_{os.getpid()}"
    for intento in range(30):  # CREATE … TEMPLATE waits for nobody: retry while another copies it
        try:
            nacional.sql_postgres(f'CREATE DATABASE "{copia}" TEMPLATE "{origen}"')
            return copia
        except Exception as error:  # noqa: BLE001 - psycopg2's ObjectInUse, reported below
            if "being accessed" not in str(error) or intento == 29:
                raise
            time.sleep(2)
    return copia


# --- processes and their CPU -------------------------------------------------------------------


def cpu_ns(pid: int) -> int:
    """CPU time of a process in nanoseconds (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
        try:
            with open(f"/proc/{pid}/stat") as f:
                campos = f.read().rsplit(")", 1)[1].split()
            return (int(campos[11]) + int(campos[12])) * 10**9 // os.sysconf("SC_CLK_TCK")
        except (FileNotFoundError, ProcessLookupError):
            return 0


def hijos(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


class Contador:
    """CPU of gunicorn (master and workers) and of the PostgreSQL backends of one database."""

    def __init__(self, gunicorn_pid: int, base: str):
        import psycopg2

        conf = nacional._conf()
        self.gunicorn, self.base = gunicorn_pid, base
        self.conexion = psycopg2.connect(
            dbname="postgres",
            user=conf["USER"],
            password=conf["PASSWORD"],
            host=conf["HOST"],
            port=conf["PORT"],
        )
        self.conexion.autocommit = True

    def procesos(self) -> tuple[list[int], list[int]]:
        with self.conexion.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                [self.base],
            )
            backends = [fila[0] for fila in cursor.fetchall()]
        return [self.gunicorn, *hijos(self.gunicorn)], backends

    def muestra(self) -> dict[tuple[str, int], int]:
        python, postgres = self.procesos()
        return {**{("py", p): cpu_ns(p) for p in python}, **{("pg", p): cpu_ns(p) for p in postgres}}

    @staticmethod
    def diferencia(antes: dict, despues: dict) -> tuple[float, float]:
        """Milliseconds of CPU (Python, PostgreSQL) between two samples; new processes count whole."""
        total = {"py": 0, "pg": 0}
        for clave, valor in despues.items():
            total[clave[0]] += valor - antes.get(clave, 0)
        return total["py"] / 1e6, total["pg"] / 1e6

    def cerrar(self):
        self.conexion.close()


# --- HTTP ---------------------------------------------------------------------------------------


class Cliente:
    """A browser's session against the bench server: cookies, the CSRF token."""

    def __init__(self, puerto: int):
        self.puerto = puerto
        self.cookies: dict[str, str] = {}

    def pedir(self, metodo: str, ruta: str, cuerpo: bytes | None = None, cabeceras=None):
        conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=60)
        todas = {"Host": "127.0.0.1", **(cabeceras or {})}
        if self.cookies:
            todas["Cookie"] = self.cookie()
        if cuerpo is not None:
            todas["Content-Type"] = "application/x-www-form-urlencoded"
        conexion.request(metodo, ruta, body=cuerpo, headers=todas)
        respuesta = conexion.getresponse()
        contenido = respuesta.read()
        for valor in respuesta.headers.get_all("Set-Cookie") or []:
            nombre, _, resto = valor.partition("=")
            self.cookies[nombre.strip()] = resto.split(";", 1)[0]
        conexion.close()
        return respuesta.status, contenido

    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def ingresar(self, usuario: str, clave: str) -> None:
        _estado, pagina = self.pedir("GET", "/cuentas/ingresar/")
        token = Formulario.de(pagina.decode(), None)["csrfmiddlewaretoken"]
        cuerpo = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": usuario, "password": clave}
        )
        estado, _ = self.pedir("POST", "/cuentas/ingresar/", cuerpo.encode())
        if estado != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"[bench] no pude ingresar como {usuario} (HTTP {estado})")


class Formulario(html.parser.HTMLParser):
    """The fields a browser would send with a form (FormData): inputs, checked boxes, textareas and
    the selected options."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.dentro, self.campos = form_id, form_id is None, []
        self._texto = self._select = self._opcion = None

    @classmethod
    def de(cls, pagina: str, form_id: str | None) -> dict:
        parser = cls(form_id)
        parser.feed(pagina)
        return dict(parser.campos)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.dentro = a.get("id") == self.form_id
            return
        if not self.dentro:
            return
        if tag == "option" and self._select is not None:
            self._opcion_de(a)
            return
        nombre = a.get("name")
        if not nombre or "disabled" in a:
            return
        if tag == "input":
            tipo = a.get("type", "text")
            if tipo in ("submit", "button", "file", "image", "reset"):
                return
            if tipo in ("checkbox", "radio") and "checked" not in a:
                return
            self.campos.append((nombre, a.get("value", "on" if tipo in ("checkbox", "radio") else "")))
        elif tag == "textarea":
            self._texto = [nombre, ""]
        elif tag == "select":
            self._select = [nombre, None, None]  # name, first value, selected value

    def _opcion_de(self, a):
        valor = a.get("value", "")
        if self._select[1] is None:
            self._select[1] = valor
        if "selected" in a:
            self._select[2] = valor

    def handle_data(self, data):
        if self._texto is not None:
            self._texto[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._texto is not None:
            self.campos.append((self._texto[0], self._texto[1].removeprefix("\n")))
            self._texto = None
        elif tag == "select" and self._select is not None:
            nombre, primero, elegido = self._select
            self.campos.append((nombre, elegido if elegido is not None else (primero or "")))
            self._select = None
        elif tag == "form" and self.form_id is not None:
            self.dentro = False


# --- wrk ----------------------------------------------------------------------------------------

LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  malos = 0
  local cuerpo = nil
  if %(cuerpo)s ~= "" then
    local f = io.open(%(cuerpo)s, "rb"); cuerpo = f:read("*a"); f:close()
  end
  wrk.method = %(metodo)s
  wrk.body = cuerpo
  wrk.headers["Host"] = "127.0.0.1"
  if %(cookie)s ~= "" then wrk.headers["Cookie"] = %(cookie)s end
  if cuerpo then wrk.headers["Content-Type"] = "application/x-www-form-urlencoded" end
  peticion = wrk.format(nil, %(ruta)s)
end
function request() return peticion end
function response(status, headers, body)
  if status ~= %(esperado)d then malos = malos + 1 end
end
function done(summary, latency, requests)
  local m = 0
  for _, t in ipairs(threads) do m = m + t:get("malos") end
  local e = summary.errors
  io.write(string.format(
    'RESULTADO {"peticiones": %%d, "segundos": %%.3f, "p50": %%.2f, "p95": %%.2f, "malos": %%d, ' ..
    '"conexion": %%d, "lectura": %%d, "escritura": %%d, "tiempo": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    m, e.connect, e.read, e.write, e.timeout))
end
"""


def lua_texto(valor: str) -> str:
    return json.dumps(valor)  # a JSON string is a valid Lua string literal for these values


def wrk(pagina: dict, puerto: int, segundos: int, carpeta: Path) -> dict:
    cuerpo = ""
    if pagina.get("cuerpo") is not None:
        archivo = carpeta / f"cuerpo-{abs(hash(pagina['nombre']))}.txt"
        archivo.write_bytes(pagina["cuerpo"])
        cuerpo = str(archivo)
    script = carpeta / "pagina.lua"
    script.write_text(
        LUA
        % {
            "cuerpo": lua_texto(cuerpo),
            "metodo": lua_texto(pagina.get("metodo", "GET")),
            "cookie": lua_texto(pagina.get("cookie", "")),
            "ruta": lua_texto(pagina["ruta"]),
            "esperado": pagina.get("esperado", 200),
        }
    )
    salida = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CLIENTES}",
            f"-d{segundos}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{puerto}",
        ],
        capture_output=True,
        text=True,
        timeout=segundos + 90,
    )
    for linea in salida.stdout.splitlines():
        if linea.startswith("RESULTADO "):
            r = json.loads(linea.removeprefix("RESULTADO "))
            r["rps"] = r["peticiones"] / r["segundos"] if r["segundos"] else 0.0
            r["errores"] = r["malos"] + r["conexion"] + r["lectura"] + r["escritura"] + r["tiempo"]
            return r
    raise RuntimeError(f"wrk sin resultado: {salida.stdout}\n{salida.stderr}")


def secuencial(pagina: dict, puerto: int, contador: Contador, segundos: float) -> dict:
    """CPU per request over a sequential run (after 3 warm-up requests), and the statuses seen.
    A page with «siguiente» (the autosave) sends, each time, the body it makes of the last answer."""
    metodo, ruta, cuerpo = pagina.get("metodo", "GET"), pagina["ruta"], pagina.get("cuerpo")
    siguiente = pagina.get("siguiente")
    pedir = Cliente(puerto)
    pedir.cookies = dict(c.split("=", 1) for c in pagina["cookie"].split("; ")) if pagina["cookie"] else {}
    respuesta = None
    for _ in range(3):
        _estado, respuesta = pedir.pedir(metodo, ruta, siguiente(respuesta) if siguiente else cuerpo)
    estados, n = {}, 0
    antes = contador.muestra()
    inicio = time.perf_counter()
    while n < 10 or (time.perf_counter() - inicio < segundos and n < 500):
        estado, respuesta = pedir.pedir(metodo, ruta, siguiente(respuesta) if siguiente else cuerpo)
        estados[estado] = estados.get(estado, 0) + 1
        n += 1
    py, pg = Contador.diferencia(antes, contador.muestra())
    if siguiente:  # under load: 50 tabs of this page, the last version, one more change all alike
        pagina["cuerpo"] = siguiente(respuesta)
    return {"n": n, "cpu": (py + pg) / n, "py": py / n, "pg": pg / n, "estados": estados}


def resumen_de_rondas(rondas: list[dict], es_piso: bool) -> dict:
    """A page's sequential figures over the rounds: the median of each, the statuses summed, and
    (for any page but the floor) the median and range of its ratio to the floor measured right after
    it in the same round."""
    mediana = statistics.median
    resumen = {
        "n": sum(r["n"] for r in rondas),
        "cpu": mediana(r["cpu"] for r in rondas),
        "py": mediana(r["py"] for r in rondas),
        "pg": mediana(r["pg"] for r in rondas),
        "estados": {},
    }
    for r in rondas:
        for estado, veces in r["estados"].items():
            resumen["estados"][estado] = resumen["estados"].get(estado, 0) + veces
    if not es_piso:
        razones = [r["cpu"] / r["piso"] for r in rondas if r.get("piso")]
        if razones:
            resumen["razon"], resumen["razon_min"], resumen["razon_max"] = (
                mediana(razones),
                min(razones),
                max(razones),
            )
    return resumen


# --- the server ---------------------------------------------------------------------------------


def entorno_produccion(base: str, static_root: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": nacional.url_de(base),
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        # What production requires to start; no e-mail leaves during the bench (nothing listens there).
        "SITE_URL": "http://127.0.0.1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def esperar(puerto: int, proceso: subprocess.Popen, limite: float = 60) -> None:
    fin = time.time() + limite
    while time.time() < fin:
        if proceso.poll() is not None:
            raise SystemExit("[bench] gunicorn terminó al arrancar (ver arriba)")
        try:
            if Cliente(puerto).pedir("GET", "/salud/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("[bench] gunicorn no respondió en 60 s")


def detener(proceso: subprocess.Popen | None) -> None:
    if proceso is None or proceso.poll() is not None:
        return
    try:
        os.killpg(proceso.pid, signal.SIGTERM)
        proceso.wait(15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proceso.pid, signal.SIGKILL)
        proceso.wait()


def herramientas() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        aviso("instalando wrk (Debian)…")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], check=True)
        return
    raise SystemExit("[bench] falta wrk: instálalo (apt-get install wrk) o corre bench/run como root")


# --- the pages ----------------------------------------------------------------------------------


def datos_de_la_copia(entorno: dict) -> dict:
    """The ids the pages need, read from the copy by a child Django (this process stays unbound)."""
    codigo = r"""
import json, django
django.setup()
from balance.models import Campana, Matriz
from monitoreo.models import PlanMonitoreo
from practicas.models import BuenaPractica
from django.db.models import Count
def inst(u):
    return Matriz.objects.filter(institucion__asignaciones__usuario__username=u)
propia = inst("bench.director").get(campana__abierta=True)
ugel = propia.institucion.ugel
enviada = (Matriz.objects.filter(campana=propia.campana, institucion__ugel=ugel, estado="enviada")
           .order_by("pk").first())
plan = PlanMonitoreo.objects.filter(institucion__asignaciones__usuario__username="bench.escuela").get()
ficha = (BuenaPractica.objects.filter(estado="publicada").annotate(n=Count("estrategias"))
         .order_by("-n", "pk").values_list("slug", flat=True).first())
grande = Campana.objects.filter(anio=2025).annotate(n=Count("matrices")).order_by("-n").first()
print(json.dumps({"matriz": propia.pk, "campana": propia.campana_id, "enviada": enviada.pk,
    "dre": ugel.dre_id, "anio": propia.campana.anio, "plan": plan.pk, "ficha": ficha,
    "grande": grande.pk, "grande_n": grande.n, "grande_titulo": grande.titulo}))
"""
    salida = subprocess.run([PYTHON, "-c", codigo], env=entorno, cwd=BASE, capture_output=True, text=True)
    if salida.returncode:
        raise SystemExit(f"[bench] no pude leer la copia:\n{salida.stderr}")
    return json.loads(salida.stdout.strip().splitlines()[-1])


def paginas(ids: dict, sesiones: dict[str, Cliente], campos: dict, acciones: str) -> list[dict]:
    def p(nombre, usuario, ruta, esperado=200, **extra):
        cookie = sesiones[usuario].cookie() if usuario else ""
        return {"nombre": nombre, "ruta": ruta, "cookie": cookie, "esperado": esperado, **extra}

    return [
        p("vista mínima (/salud/)", None, "/salud/"),
        p("vacía, anónima (404)", None, "/no-existe/", 404),
        p("vacía, con sesión (404)", "bench.director", "/no-existe/", 404),
        p("matriz: editar (director)", "bench.director", f"/balance/matrices/{ids['matriz']}/editar/"),
        p(
            "matriz: autoguardar (×50 la misma)",
            "bench.director",
            f"/balance/matrices/{ids['matriz']}/autoguardar/",
            metodo="POST",
            siguiente=autoguardado_sucesivo(campos, acciones),
        ),
        p("matriz: detalle (UGEL)", "bench.ugel", f"/balance/matrices/{ids['enviada']}/"),
        p("tablero campaña (UGEL)", "bench.ugel", f"/balance/campanas/{ids['campana']}/"),
        p("tablero campaña (DRE)", "bench.dre", f"/balance/campanas/{ids['campana']}/"),
        p("tablero de la DRE, año", "bench.dre", f"/balance/dre/{ids['dre']}/{ids['anio']}/"),
        p("inicio: director CEBA", "bench.director", "/"),
        p("inicio: especialista UGEL", "bench.ugel", "/"),
        p("inicio: especialista DRE", "bench.dre", "/"),
        p("inicio: DIFOCA", "bench.difoca", "/"),
        p("inicio: nacional (admin)", "bench.admin", "/"),
        p("inicio: director escuela", "bench.escuela", "/"),
        p("catálogo", None, "/practicas/"),
        p("búsqueda «gestion»", None, "/practicas/?q=gestion"),
        p("ficha de práctica", None, f"/practicas/{ids['ficha']}/"),
        p("plan de monitoreo", "bench.escuela", f"/monitoreo/planes/{ids['plan']}/"),
        p("cobertura (DRE)", "bench.dre", "/monitoreo/cobertura/"),
        p("DIFOCA: lista", "bench.difoca", "/practicas/gestion/"),
    ]


def formulario_de_edicion(cliente: Cliente, matriz: int) -> tuple[dict, str]:
    """The edit page's form as the page sends it (FormData), and the name of its first «acciones»."""
    estado, pagina = cliente.pedir("GET", f"/balance/matrices/{matriz}/editar/")
    if estado != 200:
        raise SystemExit(f"[bench] la página de edición respondió {estado}")
    campos = Formulario.de(pagina.decode(), "form-matriz")
    acciones = next((k for k in campos if k.endswith("acciones")), None)
    if acciones is None:
        raise SystemExit("[bench] la página de edición no tiene un campo «acciones»")
    return campos, acciones


def autoguardado_sucesivo(campos: dict, acciones: str):
    """A director typing: each save on the version and base the previous save answered (the
    fragment's out-of-band inputs), the field changed again."""
    campos, original, vuelta = dict(campos), campos[acciones], [0]

    def siguiente(respuesta: bytes | None) -> bytes:
        for nombre in ("version", "base"):
            encontrado = respuesta and re.search(
                rf'name="{nombre}" id="{nombre}" value="([^"]*)"', respuesta.decode()
            )
            if encontrado:
                campos[nombre] = html.unescape(encontrado.group(1))
        vuelta[0] += 1
        campos[acciones] = f"{original} Feria de lectura n.° {vuelta[0]}."
        return urllib.parse.urlencode(campos).encode()

    return siguiente


# --- the table ----------------------------------------------------------------------------------


def tabla(filas: list[dict]) -> str:
    """One line per page. CPU/vacía is the median over the rounds of the page's CPU divided by the
    empty page's measured right after it (beside it, the lowest and highest of those ratios); the
    other CPU figures are medians over the rounds."""
    minima = next(f for f in filas if f["nombre"].startswith("vista mínima"))
    vacia = next(f for f in filas if f["nombre"].startswith("vacía, con sesión"))
    encabezado = (
        f"{'página':<34} {'CPU ms/pet':>10} {'(py+pg)':>13} {'pet/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'errores':>7} {'CPU/mín':>7} {'CPU/vacía':>9} {'(rondas)':>11} {'p95/vacía':>9}"
    )
    lineas = [encabezado, "-" * len(encabezado)]
    for f in filas:
        s, w = f["secuencial"], f["wrk"]
        razon = s.get("razon", s["cpu"] / vacia["secuencial"]["cpu"])
        rango = f"{s['razon_min']:.1f}–{s['razon_max']:.1f}" if "razon_min" in s else ""
        lineas.append(
            f"{f['nombre']:<34} {s['cpu']:>10.1f} {s['py']:>6.1f}+{s['pg']:<6.1f} {w['rps']:>7.1f} "
            f"{w['p50']:>8.1f} {w['p95']:>8.1f} {w['errores']:>7d} "
            f"{s['cpu'] / minima['secuencial']['cpu']:>6.1f}× {razon:>8.1f}× {rango:>11} "
            f"{w['p95'] / vacia['wrk']['p95']:>8.1f}×"
        )
    return "\n".join(lineas)


def errores_detalle(filas: list[dict]) -> list[str]:
    notas = []
    for f in filas:
        w, s = f["wrk"], f["secuencial"]
        inesperados = {k: v for k, v in s["estados"].items() if k != f.get("esperado", 200)}
        if w["errores"] or inesperados:
            notas.append(
                f"  {f['nombre']}: bajo carga {w['malos']} respuestas ≠ {f.get('esperado', 200)}, "
                f"conexión {w['conexion']}, lectura {w['lectura']}, escritura {w['escritura']}, "
                f"tiempo agotado {w['tiempo']}; en secuencia {inesperados or 'ninguna'}"
            )
    return notas


def errores_del_registro(log: Path, maximo: int = 60) -> list[str]:
    """gunicorn's and Django's error lines (500s with their traceback, worker timeouts), not the
    404 warnings the empty page logs."""
    lineas = [
        linea for linea in log.read_text(errors="replace").splitlines() if not linea.startswith("Not Found:")
    ]
    if lineas:
        lineas.insert(0, f"registro de gunicorn ({len(lineas)} líneas, las primeras {maximo}):")
    return lineas[: maximo + 1]


# --- exports -------------------------------------------------------------------------------------


def exportaciones(base: str, ids: dict, rapido: bool, pdf: str, entorno: dict) -> None:
    """bench/exportar_campana.py in a fresh process on this run's copy (see the module docstring)."""
    titulo = "Bench – " + ids["grande_titulo"]
    import psycopg2

    conf = nacional._conf()
    conexion = psycopg2.connect(
        dbname=base, user=conf["USER"], password=conf["PASSWORD"], host=conf["HOST"], port=conf["PORT"]
    )
    with conexion, conexion.cursor() as cursor:
        cursor.execute("UPDATE balance_campana SET titulo = %s WHERE id = %s", [titulo, ids["grande"]])
    conexion.close()
    tamanos = "5,10" if rapido else pdf
    print(
        f"\nExportaciones: «{titulo}» ({ids['grande_n']} matrices), bench/exportar_campana.py --pdf {tamanos}"
    )
    subprocess.run(
        [PYTHON, str(BASE / "bench" / "exportar_campana.py"), "--base", base, "--pdf", tamanos],
        env=entorno,
        cwd=BASE,
        check=True,
        timeout=1200,
    )


# --- main ---------------------------------------------------------------------------------------


def _salir(signum, _frame):
    raise KeyboardInterrupt(f"señal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapido", action="store_true", help="3 s por página, PDF de 5 y 10 matrices")
    parser.add_argument("--segundos", type=int, default=10, help="segundos de wrk por página (10)")
    parser.add_argument("--puerto", type=int, default=8311)
    parser.add_argument("--base", default=nacional.NOMBRE, help="la base nacional (chasqui_nacional)")
    parser.add_argument("--sin-exportaciones", action="store_true")
    parser.add_argument(
        "--pdf", default="10,20", help="consolidado PDF de N1,N2 matrices aprobadas (10,20; 2,5 s cada una)"
    )
    parser.add_argument("--limite", type=int, default=45, help="minutos como máximo (45)")
    parser.add_argument(
        "--rondas", type=int, default=3, help="rondas de CPU en secuencia, la mediana (3; --rapido: 1)"
    )
    parser.add_argument("--conservar", action="store_true", help="no borrar la copia de la base al final")
    args = parser.parse_args()
    segundos = 3 if args.rapido else args.segundos
    signal.signal(signal.SIGTERM, _salir)
    signal.signal(signal.SIGHUP, _salir)
    # Bounded: past --limite minutes (the database's first build included) it stops and cleans up.
    signal.signal(signal.SIGALRM, _salir)
    signal.alarm(args.limite * 60)

    t0 = time.perf_counter()
    herramientas()
    construida = nacional.construir(args.base)
    if construida is not None:
        aviso(f"{args.base} construida en {construida:.0f} s")
    copia = servidor = contador = None
    static_root = tempfile.mkdtemp(prefix="chasqui-bench-static-")
    carpeta = Path(tempfile.mkdtemp(prefix="chasqui-bench-wrk-"))
    try:
        copia = copiar_base(args.base)
        entorno = entorno_produccion(copia, static_root)
        aviso(f"copia {copia}: migrate, collectstatic")
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=entorno, cwd=BASE, check=True)
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=entorno, cwd=BASE, check=True
        )
        ids = datos_de_la_copia(entorno)
        registro = open(carpeta / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the folder
        servidor = subprocess.Popen(
            [
                str(BASE / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{args.puerto}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=entorno,
            cwd=BASE,
            start_new_session=True,
            # Its log (a warning per 404 under load) to a file, shown if something fails.
            stdout=registro,
            stderr=subprocess.STDOUT,
        )
        esperar(args.puerto, servidor)
        sesiones = {}
        for usuario in nacional.USUARIOS:
            sesiones[usuario] = Cliente(args.puerto)
            sesiones[usuario].ingresar(usuario, nacional.CLAVE)
        campos, acciones = formulario_de_edicion(sesiones["bench.director"], ids["matriz"])
        contador = Contador(servidor.pid, copia)
        lista = paginas(ids, sesiones, campos, acciones)
        rondas = 1 if args.rapido else args.rondas
        aviso(f"{len(lista)} páginas: {rondas} rondas de CPU en secuencia, luego {segundos} s de wrk")
        vacia = next(p for p in lista if p["nombre"].startswith("vacía, con sesión"))
        for ronda in range(rondas):
            for pagina in lista:
                medida = secuencial(pagina, args.puerto, contador, max(1.0, segundos / 3))
                if pagina is not vacia:
                    # The floor again right after each page: a ratio of two figures a few seconds
                    # apart, so the machine's drift over minutes cancels out.
                    medida["piso"] = secuencial(vacia, args.puerto, contador, 1.0)["cpu"]
                pagina.setdefault("rondas", []).append(medida)
            aviso(f"ronda {ronda + 1} de {rondas} hecha")
        for pagina in lista:
            pagina["secuencial"] = resumen_de_rondas(pagina["rondas"], pagina is vacia)
        for pagina in lista:
            pagina["wrk"] = wrk(pagina, args.puerto, segundos, carpeta)
            aviso(
                f"{pagina['nombre']}: {pagina['secuencial']['cpu']:.1f} ms CPU, "
                f"{pagina['wrk']['rps']:.1f} pet/s, {pagina['wrk']['errores']} errores"
            )
        filas = lista
        print(
            f"\nChasqui, bench/run {time.strftime('%d/%m/%Y %H:%M', time.localtime())}, "
            f"{os.cpu_count()} núcleos, gunicorn 2 workers sync, DEBUG off; "
            f"base {args.base} (copia {copia}); "
            f"wrk {CLIENTES} conexiones × {segundos} s; CPU por petición en secuencia\n"
        )
        print(tabla(filas))
        notas = errores_detalle(filas)
        print("\nErrores:" if notas else "\nErrores: ninguno (todas las respuestas con el estado esperado)")
        for nota in notas:
            print(nota)
        registro.flush()
        for linea in errores_del_registro(carpeta / "gunicorn.log"):
            print(f"  | {linea}")
        detener(servidor)
        servidor = None
        contador.cerrar()
        contador = None
        if not args.sin_exportaciones:
            exportaciones(copia, ids, args.rapido, args.pdf, entorno)
        print(f"\nbench/run: {time.perf_counter() - t0:.0f} s")
        return 0
    except KeyboardInterrupt as motivo:
        aviso(f"interrumpido ({motivo or 'Ctrl+C'}): deteniendo lo que arranqué")
        return 130
    except BaseException:
        log = carpeta / "gunicorn.log"
        if log.exists():
            aviso(
                "últimas líneas del registro de gunicorn:\n"
                + "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            )
        raise
    finally:
        detener(servidor)
        if contador is not None:
            contador.cerrar()
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(carpeta, ignore_errors=True)
        if copia and not args.conservar:
            try:
                nacional.sql_postgres(f'DROP DATABASE IF EXISTS "{copia}" WITH (FORCE)')
            except Exception as error:  # noqa: BLE001 - say it, do not hide the original failure
                aviso(f"no pude borrar {copia}: {error}")


if __name__ == "__main__":
    sys.exit(main())
