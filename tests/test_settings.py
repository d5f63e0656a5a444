import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent


def arrancar(**env):
    limpio = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE,
        env={**limpio, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sin_secret_key_en_produccion_no_arranca():
    salida = arrancar(DEBUG="false", DATABASE_URL="postgres://x@127.0.0.1:9/x")
    assert salida.returncode != 0
    assert "SECRET_KEY is not set" in salida.stderr
    assert "Traceback" not in salida.stderr.splitlines()[-1]


def test_sin_database_url_en_produccion_no_arranca():
    salida = arrancar(DEBUG="false", SECRET_KEY="x" * 50)
    assert salida.returncode != 0
    assert "DATABASE_URL is not set" in salida.stderr


def test_valor_booleano_malformado():
    salida = arrancar(DEBUG="quizas")
    assert salida.returncode != 0
    assert "DEBUG must be true/false" in salida.stderr


def test_en_desarrollo_arranca_con_valores_por_defecto():
    salida = arrancar(DEBUG="true")
    assert salida.returncode == 0, salida.stderr
