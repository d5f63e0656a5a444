import importlib
import os
import time
import uuid
from unittest import mock

import boto3
import pytest

from cuentas.models import Rol
from tests.factories import DreFactory, InstitucionFactory, UgelFactory, UsuarioFactory, usuario_con

# --- no test leaves a connection to the test database open ------------------------------------

BASE_DE_PRUEBA = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, request):
    """pytest-django's test database, its name kept for the check at the session's end."""
    from django.db import connection

    request.config.stash[BASE_DE_PRUEBA] = connection.settings_dict["NAME"]


def conexiones_ajenas(nombre: str) -> list[tuple]:
    """The backends connected to the database ``nombre`` other than this process's own connections
    (open when the database is kept with --reuse-db): (pid, state, backend start, last query)."""
    from django.db import connections

    propias = [c.connection.get_backend_pid() for c in connections.all(initialized_only=True) if c.connection]
    parametros = {**connections["default"].get_connection_params(), "dbname": "postgres"}
    enlace = connections["default"].Database.connect(**parametros)
    try:
        with enlace.cursor() as cursor:
            cursor.execute(
                "SELECT pid, state, backend_start, left(query, 80) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid() AND NOT pid = ANY(%s)",
                [nombre, propias],
            )
            return cursor.fetchall()
    finally:
        enlace.close()


def pytest_sessionfinish(session, exitstatus):
    """The run fails when some connection to the test database outlives the session's teardown (a
    test, a fixture or a server thread that opened one and never closed it; pytest-django then
    only warns that it could not drop the database). A backend of a process that has just been
    stopped (the two-servers test's) may take a moment to go: a few looks, a tenth of a second
    apart."""
    nombre = session.config.stash.get(BASE_DE_PRUEBA, None)
    if nombre is None:
        return
    for _ in range(30):
        if not (abiertas := conexiones_ajenas(nombre)):
            return
        time.sleep(0.1)
    lineas = "\n".join(
        f"  pid {pid} ({estado}, desde {inicio:%H:%M:%S}): {consulta}"
        for pid, estado, inicio, consulta in abiertas
    )
    session.config.get_terminal_writer().line(
        f"\nConexiones a la base de prueba {nombre} abiertas al terminar la sesión:\n{lineas}", red=True
    )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def mundo(db):
    return crear_mundo()


def crear_mundo():
    """Two DRE, three UGEL, four institutions, and one user per role scoped inside the first DRE.

    dre_a ─ ugel_a1 ─ inst_a1a, inst_a1b
          └ ugel_a2 ─ inst_a2
    dre_b ─ ugel_b1 ─ inst_b1
    """
    dre_a, dre_b = DreFactory(nombre="DRE A"), DreFactory(nombre="DRE B")
    ugel_a1 = UgelFactory(nombre="UGEL A1", dre=dre_a)
    ugel_a2 = UgelFactory(nombre="UGEL A2", dre=dre_a)
    ugel_b1 = UgelFactory(nombre="UGEL B1", dre=dre_b)
    m = {
        "dre_a": dre_a,
        "dre_b": dre_b,
        "ugel_a1": ugel_a1,
        "ugel_a2": ugel_a2,
        "ugel_b1": ugel_b1,
        "inst_a1a": InstitucionFactory(ugel=ugel_a1, codigo_modular="1111111"),
        "inst_a1b": InstitucionFactory(ugel=ugel_a1, codigo_modular="1111112"),
        "inst_a2": InstitucionFactory(ugel=ugel_a2, codigo_modular="1222222"),
        "inst_b1": InstitucionFactory(ugel=ugel_b1, codigo_modular="2111111"),
    }
    m["director"] = usuario_con(Rol.DIRECTOR, m["inst_a1a"], username="director")
    m["ugel"] = usuario_con(Rol.ESPECIALISTA_UGEL, ugel_a1, username="ugel")
    m["dre"] = usuario_con(Rol.ESPECIALISTA_DRE, dre_a, username="dre")
    m["difoca"] = usuario_con(Rol.DIFOCA, username="difoca")
    m["admin"] = usuario_con(Rol.ADMINISTRADOR, username="admin")
    m["sin_rol"] = UsuarioFactory(username="sin_rol")
    return m


@pytest.fixture
def usuarios(mundo):
    return crear_usuarios(mundo)


def crear_usuarios(mundo):
    """mundo's users by role (tests.roles.ROLES), plus a director, a UGEL and a DRE specialist
    outside the first DRE's records."""
    return {
        **{r: mundo[r] for r in ("director", "ugel", "dre", "difoca", "admin", "sin_rol")},
        "director_otro": usuario_con(Rol.DIRECTOR, mundo["inst_a1b"]),
        "ugel_otro": usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_b1"]),
        "dre_otro": usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_b"]),
    }


@pytest.fixture(autouse=True)
def hash_rapido(settings):
    """PBKDF2's deliberate slowness is not what these tests measure."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def archivos_aparte(settings, tmp_path_factory):
    """Files saved by a test (the demo's event photos among them) go to a temporary folder, not media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def tareas_inmediatas(settings):
    """Background tasks (the notices' e-mails) run at once, in the test, instead of by the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def con_correo(mundo):
    """mundo's users with an e-mail address each (none has one by default)."""
    for clave in ("director", "ugel", "dre", "difoca", "admin", "sin_rol"):
        mundo[clave].email = f"{clave}@chasqui.example.pe"
        mundo[clave].save(update_fields=["email"])
    return mundo


def sembrar_rubricas():
    """What the data migrations seed (the rubrics, monitoreo 0008; the difficulty categories,
    balance 0011), again when a transactional test emptied the database (TransactionTestCase
    flushes it, seeded rows included): no test depends on whether one ran before it."""
    from django.apps import apps

    from balance.models import CategoriaDificultad
    from monitoreo.models import Rubrica

    if not Rubrica.objects.exists():
        importlib.import_module("monitoreo.migrations.0008_rubricas_por_anio").sembrar(apps)
    if not CategoriaDificultad.objects.exists():
        categorias = importlib.import_module("balance.migrations.0011_categorias_de_dificultad")
        categorias.sembrar_categorias(apps, None)


@pytest.fixture(autouse=True)
def rubricas(request):
    """Every test with a database has what the migrations seed, also after a browser test
    (live_server) or a transactional one emptied the database."""
    for base in ("transactional_db", "db", "live_server"):
        if base in request.fixturenames:
            request.getfixturevalue(base)
            sembrar_rubricas()
            return


# --- object storage: a real S3-compatible server (moto's server mode), once per session -----------


@pytest.fixture(scope="session")
def servidor_s3():
    """moto's S3 server on a free port of the loopback, for the whole session; its address."""
    from moto.server import ThreadedMotoServer

    servidor = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    servidor.start()
    host, puerto = servidor.get_host_and_port()
    yield f"http://{host}:{puerto}"
    servidor.stop()


class Cubo:
    """A fresh private bucket on the S3 server, and a plain boto3 client to look inside it."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.nombre = f"chasqui-{uuid.uuid4().hex[:12]}"
        self.cliente = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="prueba",
            aws_secret_access_key="prueba-secreta",
            region_name="us-east-1",
        )
        self.cliente.create_bucket(Bucket=self.nombre)

    def claves(self, prefijo: str = "") -> list[str]:
        respuesta = self.cliente.list_objects_v2(Bucket=self.nombre, Prefix=prefijo)
        return sorted(o["Key"] for o in respuesta.get("Contents", []))

    def leer(self, clave: str) -> bytes:
        return self.cliente.get_object(Bucket=self.nombre, Key=clave)["Body"].read()

    def entorno(self) -> dict[str, str]:
        """The environment variables that point Chasqui's settings at this bucket."""
        return {
            "S3_BUCKET": self.nombre,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "prueba",
            "S3_SECRET_ACCESS_KEY": "prueba-secreta",
        }


@pytest.fixture
def s3(settings, servidor_s3):
    """Files in a new bucket of the S3 server for this test, through the same settings that the
    environment gives production (config/settings.py with S3_* set)."""
    cubo = Cubo(servidor_s3)
    with mock.patch.dict(os.environ, cubo.entorno()):
        import config.settings as configuracion

        try:
            settings.STORAGES = {
                **settings.STORAGES,
                "default": importlib.reload(configuracion).ALMACEN_ARCHIVOS,
            }
        finally:
            importlib.reload(configuracion)
    return cubo
