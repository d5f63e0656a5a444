import json
import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent


def test_salud_con_base_de_datos(db, client):
    respuesta = client.get("/salud/")
    assert respuesta.status_code == 200
    assert respuesta.json() == {"estado": "ok", "base_de_datos": "ok"}


def test_salud_sin_base_de_datos():
    # A real process pointed at a port where no PostgreSQL listens.
    codigo = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/salud/');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nadie@127.0.0.1:9/nada",
        "DB_CONNECT_TIMEOUT": "2",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "testserver",
    }
    salida = subprocess.run(
        [sys.executable, "-c", codigo], cwd=BASE, env=env, capture_output=True, text=True, timeout=60
    )
    assert salida.returncode == 0, salida.stderr
    estado, cuerpo = json.loads(salida.stdout.strip().splitlines()[-1])
    assert estado == 503
    assert cuerpo["estado"] == "error"
