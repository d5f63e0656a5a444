"""Past one machine: two gunicorn servers on different ports, with production settings (DEBUG off),
one database and one bucket (moto's S3 server), serve the same sessions and the same exports.

Signed in on server A, the same session cookie works on server B; an export asked for on A and made
by the task worker (a third process) is downloaded from B by its owner, and refused (404) there to a
user of another scope. Marked ``dos_servidores`` (``pytest -m dos_servidores`` runs only this);
it takes a few seconds, mostly the servers starting.

Production settings, with one shortcut: collectstatic (over a minute, compressing every file) is
replaced by its manifest alone, naming each static file as itself, so that pages render."""

import io
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from exportaciones.models import EstadoExportacion, Exportacion
from tests.factories import BuenaPracticaFactory

pytestmark = pytest.mark.dos_servidores


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _SinRedirecciones(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_abrir = urllib.request.build_opener(_SinRedirecciones).open


class Navegador:
    """One browser: its cookies (session, CSRF) go to whichever server it asks."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def pedir(self, url: str, datos: dict | None = None) -> tuple[int, dict, bytes]:
        cabeceras = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        cuerpo = None
        if datos is not None:
            cuerpo = urlencode({**datos, "csrfmiddlewaretoken": self.cookies["csrftoken"]}).encode()
            cabeceras["Content-Type"] = "application/x-www-form-urlencoded"
        pedido = urllib.request.Request(url, data=cuerpo, headers=cabeceras)
        try:
            respuesta = _abrir(pedido, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            respuesta = error
        with respuesta:
            for valor in respuesta.headers.get_all("Set-Cookie") or []:
                for nombre, morsel in SimpleCookie(valor).items():
                    self.cookies[nombre] = morsel.value
            return respuesta.status, dict(respuesta.headers), respuesta.read()

    def ingresar(self, servidor: str, usuario) -> None:
        # A CSRF secret of our own, as the cookie and as the form's token (what a form page would set).
        self.cookies["csrftoken"] = secrets.token_hex(16)
        estado, cabeceras, _ = self.pedir(
            servidor + reverse("cuentas:ingresar"),
            {"username": usuario.username, "password": settings.DEMO_PASSWORD},
        )
        assert estado == 302 and cabeceras["Location"] == reverse("inicio"), estado
        assert settings.SESSION_COOKIE_NAME in self.cookies


def _manifiesto(carpeta: Path) -> Path:
    """STATIC_ROOT with only staticfiles.json, each file found by the finders mapped to its own name."""
    from django.contrib.staticfiles.finders import get_finders

    rutas = {}
    for buscador in get_finders():
        for ruta, almacen in buscador.list([]):
            nombre = "/".join(filter(None, [getattr(almacen, "prefix", None), ruta.replace(os.sep, "/")]))
            rutas[nombre] = nombre
    carpeta.mkdir()
    (carpeta / "staticfiles.json").write_text(json.dumps({"paths": rutas, "version": "1.1", "hash": "x"}))
    return carpeta


def _entorno(s3, estaticos: Path) -> dict[str, str]:
    bd = connection.settings_dict
    clave = f":{bd['PASSWORD']}" if bd.get("PASSWORD") else ""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "dos-servidores-" + "x" * 40,
        # The test database, which this test commits to (transactional_db).
        "DATABASE_URL": f"postgres://{bd['USER']}{clave}@{bd['HOST']}:{bd['PORT']}/{bd['NAME']}",
        "DB_CONN_MAX_AGE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "EMAIL_HOST": "127.0.0.1",
        "SECURE_COOKIES": "false",  # plain HTTP on the loopback
        "STATIC_ROOT": str(estaticos),
        **s3.entorno(),
    }


@pytest.fixture
def servidores(s3, transactional_db, tmp_path):
    entorno = _entorno(s3, _manifiesto(tmp_path / "estaticos"))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    procesos, direcciones = [], []
    try:
        for letra in "AB":
            puerto = _puerto_libre()
            registro = open(tmp_path / f"gunicorn-{letra}.log", "wb")  # noqa: SIM115
            procesos.append(
                subprocess.Popen(
                    [
                        str(gunicorn),
                        "config.wsgi",
                        "--bind",
                        f"127.0.0.1:{puerto}",
                        "--workers",
                        "1",
                        "--no-control-socket",
                    ],
                    cwd=settings.BASE_DIR,
                    env=entorno,
                    stdout=registro,
                    stderr=subprocess.STDOUT,
                )
            )
            direcciones.append(f"http://127.0.0.1:{puerto}")
        for direccion, proceso in zip(direcciones, procesos, strict=True):
            limite = time.monotonic() + 60
            while True:
                assert proceso.poll() is None, (tmp_path / "gunicorn-A.log").read_text()
                try:
                    with urllib.request.urlopen(direccion + reverse("salud"), timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                assert time.monotonic() < limite, f"{direccion} did not start"
                time.sleep(0.2)
        yield entorno, direcciones
    finally:
        for proceso in procesos:
            proceso.terminate()
        for proceso in procesos:
            try:
                proceso.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proceso.kill()
                proceso.wait()


def test_dos_servidores_comparten_sesiones_y_exportaciones(servidores, s3, usuarios, settings):
    entorno, (a, b) = servidores
    BuenaPracticaFactory.create_batch(3)
    # The servers know only the production hashers (the tests' fast MD5 is not among them).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for usuario in (usuarios["ugel"], usuarios["ugel_otro"]):
        usuario.set_password(settings.DEMO_PASSWORD)
        usuario.save(update_fields=["password"])

    navegador = Navegador()
    navegador.ingresar(a, usuarios["ugel"])
    # Asked for on A, in the background (fondo=1): a redirect to its progress page.
    estado, cabeceras, _ = navegador.pedir(
        a + reverse("exportaciones:exportar", args=["practicas.catalogo_xlsx"]) + "?fondo=1", {}
    )
    assert estado == 302, estado
    exportacion = Exportacion.objects.get()
    assert cabeceras["Location"] == reverse("exportaciones:trabajo", args=[exportacion.pk])

    # The task worker, a process of its own with the same settings, makes the file into the bucket.
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR,
        env=entorno,
        check=True,
        capture_output=True,
        timeout=120,
    )
    exportacion.refresh_from_db()
    assert exportacion.estado == EstadoExportacion.LISTA
    assert s3.claves("exportaciones/") == [exportacion.archivo.name]

    # On B, with the session cookie that A gave: the owner is signed in there, and gets the file.
    descargar = reverse("exportaciones:descargar", args=[exportacion.pk])
    estado, cabeceras, _ = navegador.pedir(b + descargar)
    assert estado == 302, estado
    firmada = cabeceras["Location"]
    assert urlsplit(firmada).netloc == urlsplit(s3.endpoint).netloc and "X-Amz-Signature=" in firmada
    with urllib.request.urlopen(firmada, timeout=10) as respuesta:
        contenido = respuesta.read()
    assert contenido == s3.leer(exportacion.archivo.name)
    assert openpyxl.load_workbook(io.BytesIO(contenido), read_only=True).sheetnames
    # And A serves it the same way.
    assert navegador.pedir(a + descargar)[0] == 302

    # The progress page on B says it is ready, with the link to download it.
    estado, _, html = navegador.pedir(b + reverse("exportaciones:trabajo", args=[exportacion.pk]))
    assert estado == 200 and descargar in html.decode()

    # A user of another scope, signed in on B: 404 on both servers.
    otro = Navegador()
    otro.ingresar(b, usuarios["ugel_otro"])
    assert otro.pedir(b + descargar)[0] == 404
    assert otro.pedir(a + descargar)[0] == 404
    # Signing out on B ends the session on A too (one session store).
    assert navegador.pedir(b + reverse("cuentas:salir"), {})[0] == 302
    estado, cabeceras, _ = navegador.pedir(a + descargar)
    assert estado == 302 and cabeceras["Location"].startswith(reverse("cuentas:ingresar"))
