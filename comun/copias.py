"""Backups: the database (pg_dump, custom format) and the uploaded files (as a tar.gz), and back.

The files are those of the default storage: the MEDIA_ROOT folder on disk, or, with S3_BUCKET, the
objects of the bucket (read and written through the storage API, under the same media/ folder of the
archive, so a copy taken from one restores into the other). Restoring into a bucket uploads every file
of the copy under its own name, replacing an object of that name, and deletes nothing: objects that
the copy does not hold stay (the bucket's own versioning, if on, keeps what was replaced).

A copy is two files with one name and the date-time: ``chasqui-AAAAMMDD-HHMMSS.dump`` and
``chasqui-AAAAMMDD-HHMMSS-media.tar.gz``. Both are written under a temporary name and renamed when
complete, so a half-written copy never looks like a good one. Restoring checks both files before
touching anything, keeps a copy of what it replaces, and recreates the database empty before loading.
The PostgreSQL tools get the connection from the project's settings (DATABASE_URL, or the local
cluster with its password file) through libpq's environment variables, never on the command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import connections
from django.utils import timezone
from psycopg2 import sql

SUFIJO_BASE = ".dump"
SUFIJO_ARCHIVOS = "-media.tar.gz"
RAIZ_TAR = "media"


class ErrorDeCopia(Exception):
    """A refusal or failure, said in Spanish for the person running the command."""


@dataclass(frozen=True)
class Copia:
    base: Path
    archivos: Path


def _bin(programa: str) -> str:
    """The newest installed PostgreSQL client tool (a dump must be read by a pg_restore as new)."""
    candidatos = []
    for carpeta in Path("/usr/lib/postgresql").glob("*/bin"):
        if (carpeta / programa).is_file() and carpeta.parent.name.isdigit():
            candidatos.append((int(carpeta.parent.name), carpeta / programa))
    if candidatos:
        return str(max(candidatos)[1])
    encontrado = shutil.which(programa)
    if not encontrado:
        raise ErrorDeCopia(f"No encuentro {programa}: instala el cliente de PostgreSQL (postgresql-client).")
    return encontrado


def conexion_libpq(nombre: str | None = None) -> dict:
    """libpq connection parameters of the default database (or of another database on the same server)."""
    bd = settings.DATABASES["default"]
    opciones = bd.get("OPTIONS", {})
    parametros = {
        "dbname": nombre or bd["NAME"],
        "user": bd.get("USER") or None,
        "password": bd.get("PASSWORD") or None,
        "host": bd.get("HOST") or None,
        "port": str(bd["PORT"]) if bd.get("PORT") else None,
    }
    for clave in ("passfile", "sslmode", "sslrootcert", "sslcert", "sslkey"):
        if opciones.get(clave):
            parametros[clave] = opciones[clave]
    if "passfile" not in parametros and os.environ.get("PGPASSFILE"):
        # The settings leave an explicit PGPASSFILE to libpq; pg_dump and pg_restore get it too.
        parametros["passfile"] = os.environ["PGPASSFILE"]
    return {k: v for k, v in parametros.items() if v is not None}


def _entorno(nombre: str | None = None) -> dict:
    variables = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "passfile": "PGPASSFILE",
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
    }
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    entorno.update({variables[k]: v for k, v in conexion_libpq(nombre).items()})
    return entorno


def _correr(orden: list[str], nombre: str | None = None) -> None:
    resultado = subprocess.run(orden, env=_entorno(nombre), capture_output=True, text=True)
    if resultado.returncode != 0:
        programa = Path(orden[0]).name
        raise ErrorDeCopia(f"{programa} falló:\n{resultado.stderr.strip()}")


def _privado(ruta: Path) -> Path:
    """Create the file empty, readable by its owner only, before anything is written into it."""
    os.close(os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(ruta, 0o600)
    return ruta


def guardar(carpeta: Path, etiqueta: str = "") -> Copia:
    """Dump the database, then archive MEDIA_ROOT (in that order: a file uploaded in between is only an
    extra file, never a row whose file is missing)."""
    carpeta = Path(carpeta)
    # A copy holds every account's password hash and e-mail: readable by its owner only.
    carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    nombre = f"chasqui-{timezone.localtime():%Y%m%d-%H%M%S}{etiqueta}"
    copia = Copia(carpeta / f"{nombre}{SUFIJO_BASE}", carpeta / f"{nombre}{SUFIJO_ARCHIVOS}")
    if copia.base.exists() or copia.archivos.exists():
        raise ErrorDeCopia(f"Ya existe una copia llamada {nombre}: espera un segundo y vuelve a intentarlo.")

    parcial = copia.base.with_name(copia.base.name + ".parcial")
    try:
        _correr([_bin("pg_dump"), "--format=custom", "--file", str(_privado(parcial))])
        parcial.rename(copia.base)
        parcial = copia.archivos.with_name(copia.archivos.name + ".parcial")
        archivar(_privado(parcial))
        parcial.rename(copia.archivos)
    finally:
        parcial.unlink(missing_ok=True)
    return copia


def en_disco() -> bool:
    """True when the uploaded files live in MEDIA_ROOT; False in an object storage (S3_BUCKET)."""
    return isinstance(storages["default"], FileSystemStorage)


def donde() -> str:
    """Where the files are, for the commands' messages."""
    if en_disco():
        return f"la carpeta {settings.MEDIA_ROOT}"
    return f"el bucket {getattr(default_storage, 'bucket_name', '')}"


def _nombres(carpeta: str = ""):
    """Every file name in the default storage, walking its folders (prefixes in a bucket)."""
    carpetas, archivos = default_storage.listdir(carpeta)
    for archivo in archivos:
        yield f"{carpeta}/{archivo}" if carpeta else archivo
    for sub in carpetas:
        yield from _nombres(f"{carpeta}/{sub}" if carpeta else sub)


def archivar(destino: Path) -> None:
    """The uploaded files into a tar.gz under media/: the folder on disk, or each object of the bucket."""
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(destino, "w:gz") as tar:
        if en_disco() and media.is_dir():
            tar.add(media, arcname=RAIZ_TAR)
            return
        vacia = tarfile.TarInfo(RAIZ_TAR)
        vacia.type = tarfile.DIRTYPE
        vacia.mode = 0o755
        tar.addfile(vacia)
        if en_disco():
            return
        for nombre in _nombres():
            with default_storage.open(nombre, "rb") as archivo:
                info = tarfile.TarInfo(f"{RAIZ_TAR}/{nombre}")
                info.size = archivo.size
                info.mode = 0o644
                info.mtime = int(timezone.now().timestamp())
                tar.addfile(info, archivo)


def ubicar(archivo: str | Path) -> Copia:
    """The two files of a copy from either of them; refuses clearly if one is missing."""
    ruta = Path(archivo)
    nombre = ruta.name
    if nombre.endswith(SUFIJO_ARCHIVOS):
        raiz = nombre[: -len(SUFIJO_ARCHIVOS)]
    elif nombre.endswith(SUFIJO_BASE):
        raiz = nombre[: -len(SUFIJO_BASE)]
    else:
        raise ErrorDeCopia(
            f"«{archivo}» no es una copia de Chasqui: indica el archivo .dump (o el {SUFIJO_ARCHIVOS}) "
            "que dejó make backup en backups/."
        )
    copia = Copia(ruta.parent / f"{raiz}{SUFIJO_BASE}", ruta.parent / f"{raiz}{SUFIJO_ARCHIVOS}")
    for parte in (copia.base, copia.archivos):
        if not parte.is_file():
            raise ErrorDeCopia(
                f"No existe el archivo {parte}. Una copia son dos archivos con el mismo nombre: "
                f"{copia.base.name} y {copia.archivos.name}. No se cambió nada."
            )
    return copia


def verificar(copia: Copia) -> None:
    """Both files readable before anything is replaced: the dump lists, the archive holds only media/."""
    resultado = subprocess.run(
        [_bin("pg_restore"), "--list", str(copia.base)], capture_output=True, text=True, env=_entorno()
    )
    if resultado.returncode != 0:
        raise ErrorDeCopia(
            f"{copia.base} no es un volcado de pg_dump legible ({resultado.stderr.strip()}). "
            "No se cambió nada."
        )
    try:
        with tarfile.open(copia.archivos, "r:gz") as tar:
            for miembro in tar:
                partes = Path(miembro.name).parts
                if not partes or partes[0] != RAIZ_TAR or ".." in partes or miembro.name.startswith("/"):
                    raise ErrorDeCopia(
                        f"{copia.archivos} contiene «{miembro.name}», fuera de la carpeta {RAIZ_TAR}/. "
                        "No se cambió nada."
                    )
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ErrorDeCopia(
            f"{copia.archivos} no es un .tar.gz legible ({error}). No se cambió nada."
        ) from None


def _conectar_mantenimiento():
    """A connection to the server's maintenance database, to create and drop the app's database."""
    for mantenimiento in ("postgres", "template1"):
        try:
            conexion = psycopg2.connect(**conexion_libpq(mantenimiento))
        except psycopg2.OperationalError as error:
            ultimo = error
            continue
        conexion.autocommit = True
        return conexion
    raise ErrorDeCopia(f"No pude conectarme al servidor de PostgreSQL: {ultimo}")


def estado_de_la_base() -> str:
    """'no existe', 'vacía' or 'con datos' (any table outside PostgreSQL's own schemas)."""
    nombre = settings.DATABASES["default"]["NAME"]
    conexion = _conectar_mantenimiento()
    try:
        with conexion.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nombre])
            if cursor.fetchone() is None:
                return "no existe"
    finally:
        conexion.close()
    conexion = psycopg2.connect(**conexion_libpq())
    try:
        with conexion.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%%'"
            )
            return "con datos" if cursor.fetchone()[0] else "vacía"
    finally:
        conexion.close()


def _recrear_base(existe: bool) -> None:
    nombre = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    conexion = _conectar_mantenimiento()
    try:
        with conexion.cursor() as cursor:
            if existe:
                cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(nombre)))
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(nombre)
                )
            )
    except psycopg2.Error as error:
        raise ErrorDeCopia(
            f"No pude vaciar la base «{nombre}» ({error}). Restaura en una base nueva y vacía: "
            "apunta DATABASE_URL a ella."
        ) from None
    finally:
        conexion.close()


def _restaurar_en_almacen(copia: Copia) -> None:
    """Each file of the copy into the bucket under its own name (replacing an object of that name);
    nothing else in the bucket is touched."""
    try:
        with tarfile.open(copia.archivos, "r:gz") as tar:
            for miembro in tar:
                if not miembro.isfile():
                    continue
                nombre = Path(miembro.name).relative_to(RAIZ_TAR).as_posix()
                default_storage.delete(nombre)
                guardado = default_storage.save(nombre, tar.extractfile(miembro))
                if guardado != nombre:
                    raise ErrorDeCopia(f"El almacén guardó «{nombre}» como «{guardado}».")
    except (OSError, tarfile.TarError) as error:
        raise ErrorDeCopia(f"No pude restaurar los archivos en {donde()} ({error}).") from None


def _restaurar_archivos(copia: Copia, conservar_en: Path | None) -> None:
    """Unpack inside MEDIA_ROOT, then swap its contents: never a half-restored media folder, and it
    works when MEDIA_ROOT is itself a mount point (shared storage), where the folder cannot be renamed.
    The replaced files are deleted only when a copy of them exists; otherwise kept in ``conservar_en``.
    In a bucket (S3_BUCKET), see _restaurar_en_almacen."""
    if not en_disco():
        _restaurar_en_almacen(copia)
        return
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    temporal = Path(tempfile.mkdtemp(prefix=".restaurando-", dir=media))
    anterior = temporal / "anterior"
    try:
        with tarfile.open(copia.archivos, "r:gz") as tar:
            tar.extractall(temporal / "nuevo", filter="data")
        nueva = temporal / "nuevo" / RAIZ_TAR
        nueva.mkdir(parents=True, exist_ok=True)
        anterior.mkdir()
        for hijo in list(media.iterdir()):
            if hijo != temporal:
                hijo.rename(anterior / hijo.name)
        for hijo in list(nueva.iterdir()):
            hijo.rename(media / hijo.name)
    except (OSError, tarfile.TarError) as error:
        raise ErrorDeCopia(
            f"No pude restaurar los archivos en {media} ({error}). Los que había quedaron en {anterior}."
        ) from None
    if conservar_en is not None and any(anterior.iterdir()):
        conservar_en.mkdir(mode=0o700, parents=True, exist_ok=True)
        destino = conservar_en / f"media-antes-de-restaurar-{timezone.localtime():%Y%m%d-%H%M%S}"
        shutil.move(str(anterior), str(destino))
    shutil.rmtree(temporal)


def restaurar(copia: Copia, carpeta_resguardo: Path | None) -> Copia | None:
    """Replace the database and MEDIA_ROOT with the copy. If the database holds data, it is first saved
    as a copy in ``carpeta_resguardo`` (returned), so a mistaken restore can be undone."""
    verificar(copia)
    estado = estado_de_la_base()
    resguardo = None
    if estado == "con datos" and carpeta_resguardo is not None:
        resguardo = guardar(carpeta_resguardo, etiqueta="-antes-de-restaurar")
    if estado != "vacía":
        _recrear_base(existe=estado != "no existe")
    _correr(
        [
            _bin("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            settings.DATABASES["default"]["NAME"],
            str(copia.base),
        ]
    )
    _restaurar_archivos(copia, conservar_en=None if resguardo else carpeta_resguardo)
    return resguardo
