import os
import subprocess
import sys
from pathlib import Path

from tests.test_cabeceras import PRODUCCION

BASE = Path(__file__).resolve().parent.parent


def manage(*argumentos, quitar=("SECRET_KEY", "DEBUG", "DATABASE_URL"), **env):
    """manage.py in a fresh process: the settings read the environment once, at start-up."""
    limpio = {k: v for k, v in os.environ.items() if k not in quitar}
    return subprocess.run(
        [sys.executable, "manage.py", *argumentos],
        cwd=BASE,
        env={**limpio, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def arrancar(**env):
    return manage("check", **env)


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


def test_sin_servidor_de_correo_en_produccion_no_arranca():
    salida = arrancar(
        DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL="postgres://x@127.0.0.1:9/x", SITE_URL="https://c.pe"
    )
    assert salida.returncode != 0
    assert "EMAIL_HOST is not set" in salida.stderr


def test_sin_site_url_en_produccion_no_arranca():
    salida = arrancar(DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL="postgres://x@127.0.0.1:9/x")
    assert salida.returncode != 0
    assert "SITE_URL is not set" in salida.stderr


def test_en_desarrollo_los_correos_quedan_en_una_carpeta():
    salida = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)",
        ],
        cwd=BASE,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")},
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert salida.stdout.split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(BASE / ".correos"),
    ]


def test_el_puerto_de_correo_malformado():
    salida = arrancar(DEBUG="true", EMAIL_PORT="veinticinco")
    assert salida.returncode != 0
    assert "EMAIL_PORT must be an integer" in salida.stderr


def test_el_bloqueo_de_ingresos_se_configura_por_el_entorno():
    codigo = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.NUM_PROXIES, "
        "s.PASSWORD_RESET_TIMEOUT)"
    )
    salida = manage(
        "shell",
        "-c",
        codigo,
        DEBUG="true",
        LOGIN_FAILURE_LIMIT="7",
        LOGIN_COOLOFF_MINUTES="15",
        NUM_PROXIES="2",
        PASSWORD_RESET_HOURS="3",
    )
    assert salida.stdout.split()[-4:] == ["7", "900", "2", "10800"], salida.stderr
    assert "NUM_PROXIES must be an integer" in arrancar(DEBUG="true", NUM_PROXIES="uno").stderr


def conexion_persistente(**env):
    codigo = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    salida = manage("shell", "-c", codigo, quitar={*PRODUCCION, "DB_CONN_MAX_AGE"}, **env)
    return int(salida.stdout.strip().splitlines()[-1])


def test_conexiones_persistentes_solo_fuera_del_servidor_de_desarrollo():
    # runserver opens a thread per request: persistent connections there filled the cluster's slots.
    assert conexion_persistente(DEBUG="true") == 0
    assert conexion_persistente(**PRODUCCION) == 60
    assert conexion_persistente(DEBUG="true", DB_CONN_MAX_AGE="30") == 30
