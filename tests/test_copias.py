"""make backup then make restore into an empty database gives every row and every uploaded file back
(the management commands behind both targets, run as make runs them: in their own process)."""

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg2 import sql

from comun.copias import conexion_libpq

RAIZ = Path(settings.BASE_DIR)


def _url(nombre: str) -> str:
    bd = connection.settings_dict
    clave = f":{quote(bd['PASSWORD'], safe='')}" if bd.get("PASSWORD") else ""
    puerto = f":{bd['PORT']}" if bd.get("PORT") else ""
    return f"postgres://{quote(bd['USER'], safe='')}{clave}@{bd['HOST'] or '127.0.0.1'}{puerto}/{nombre}"


def _manage(*argumentos: str, base: str, media: Path, ci: bool = True) -> subprocess.CompletedProcess:
    entorno = {k: v for k, v in os.environ.items() if k != "CI"}
    entorno.update(DATABASE_URL=_url(base), MEDIA_ROOT=str(media), DEBUG="true")
    if ci:
        entorno["CI"] = "true"
    return subprocess.run(
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=entorno,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _contenido(base: str) -> dict[str, tuple]:
    """Every table's row count and a hash of its rows, and every sequence's position."""
    conexion = psycopg2.connect(**conexion_libpq(base))
    try:
        with conexion.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
            tablas = [fila[0] for fila in cursor.fetchall()]
            contenido = {}
            for tabla in tablas:
                cursor.execute(
                    sql.SQL(
                        "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                        "FROM {} t"
                    ).format(sql.Identifier(tabla))
                )
                contenido[tabla] = cursor.fetchone()
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
            contenido.update({f"secuencia {nombre}": (valor,) for nombre, valor in cursor.fetchall()})
            return contenido
    finally:
        conexion.close()


def _huellas(carpeta: Path) -> dict[str, str]:
    return {
        str(ruta.relative_to(carpeta)): hashlib.sha256(ruta.read_bytes()).hexdigest()
        for ruta in sorted(carpeta.rglob("*"))
        if ruta.is_file()
    }


def _borrar_base(nombre: str) -> None:
    conexion = psycopg2.connect(**conexion_libpq("postgres"))
    conexion.autocommit = True
    try:
        with conexion.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(nombre)))
    finally:
        conexion.close()


@pytest.mark.django_db(transaction=True)
def test_backup_y_restore_en_una_base_vacia_devuelven_cada_fila_y_cada_archivo(mundo, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    (media / "eventos" / "1").mkdir(parents=True)
    (media / "eventos" / "1" / "foto-1.jpg").write_bytes(os.urandom(50_000))
    (media / "practicas" / "ñandú y acentos.jpg").parent.mkdir(parents=True)
    (media / "practicas" / "ñandú y acentos.jpg").write_bytes(b"\xff\xd8" + os.urandom(1000))
    origen = connection.settings_dict["NAME"]
    copia = tmp_path / "backups"
    restaurada = f"{origen}_restaurada"
    media_restaurada = tmp_path / "media-restaurada"
    _borrar_base(restaurada)
    try:
        guardada = _manage("copia_guardar", "--carpeta", str(copia), base=origen, media=media)
        assert guardada.returncode == 0, guardada.stderr
        (dump,) = copia.glob("chasqui-*.dump")
        (archivos,) = copia.glob("chasqui-*-media.tar.gz")
        assert archivos.name == dump.name.removesuffix(".dump") + "-media.tar.gz"
        assert dump.stat().st_mode & 0o077 == 0, (
            "la copia trae los hashes de las contraseñas: solo su dueño la lee"
        )

        restaurar = _manage(
            "copia_restaurar",
            str(dump),
            "--carpeta-resguardo",
            str(tmp_path / "resguardo"),
            base=restaurada,
            media=media_restaurada,
        )
        assert restaurar.returncode == 0, restaurar.stderr

        antes, despues = _contenido(origen), _contenido(restaurada)
        assert antes["cuentas_usuario"][0] >= 6 and antes["territorio_institucion"][0] == 4
        assert despues == antes
        assert _huellas(media_restaurada) == _huellas(media)
        assert len(_huellas(media)) == 2

        # Into a database that holds data, outside CI and with nobody to answer: refused, nothing changed.
        (media_restaurada / "nuevo.txt").write_text("después de restaurar")
        otra_vez = _manage("copia_restaurar", str(dump), base=restaurada, media=media_restaurada, ci=False)
        assert otra_vez.returncode != 0
        assert "tiene datos" in otra_vez.stderr and "CONFIRMAR=si" in otra_vez.stderr
        assert _contenido(restaurada) == antes
        assert (media_restaurada / "nuevo.txt").exists()

        # Confirmed (CI): what was there is saved first, then replaced by the copy.
        resguardo = tmp_path / "resguardo"
        confirmada = _manage(
            "copia_restaurar",
            str(archivos),
            "--carpeta-resguardo",
            str(resguardo),
            base=restaurada,
            media=media_restaurada,
        )
        assert confirmada.returncode == 0, confirmada.stderr
        assert _contenido(restaurada) == antes
        assert _huellas(media_restaurada) == _huellas(media)
        (previo,) = resguardo.glob("chasqui-*-antes-de-restaurar-media.tar.gz")
        with tarfile.open(previo) as tar:
            assert "media/nuevo.txt" in tar.getnames()
    finally:
        _borrar_base(restaurada)


@pytest.mark.django_db(transaction=True)
def test_un_archivo_de_fotos_que_sale_de_su_carpeta_se_rechaza_sin_tocar_nada(mundo, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    origen = connection.settings_dict["NAME"]
    guardada = _manage("copia_guardar", "--carpeta", str(tmp_path), base=origen, media=media)
    assert guardada.returncode == 0, guardada.stderr
    (archivos,) = tmp_path.glob("chasqui-*-media.tar.gz")
    archivos.unlink()
    with tarfile.open(archivos, "w:gz") as tar:
        tar.add(__file__, arcname="media/../../fuera.py")
    (dump,) = tmp_path.glob("chasqui-*.dump")

    with pytest.raises(CommandError, match="fuera de la carpeta media/"):
        call_command("copia_restaurar", str(dump), "--confirmar")
    assert not (RAIZ.parent / "fuera.py").exists()
    assert _contenido(origen)["territorio_institucion"][0] == 4


@pytest.mark.parametrize(
    ("archivo", "mensaje"),
    [
        ("backups/chasqui-20260101-000000.dump", "No existe el archivo backups/chasqui-20260101-000000.dump"),
        ("backups/notas.txt", "no es una copia de Chasqui"),
    ],
)
def test_restore_de_un_archivo_que_no_existe_o_no_es_una_copia_se_niega_con_claridad(archivo, mensaje):
    with pytest.raises(CommandError, match=mensaje):
        call_command("copia_restaurar", archivo, "--confirmar")
