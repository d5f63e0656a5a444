"""Files in an S3-compatible bucket (S3_BUCKET set; comun.almacen), against a real S3 server: moto's
server mode on a free port, started once per session (tests/conftest.py: servidor_s3, s3). Nothing
of boto3 is mocked: every file goes over HTTP to that server.

Photos land in the bucket and are served by the app at /media/; a public PDF is cached in the bucket
and served from it; an export made by the worker lands in the bucket and only its owner gets it (a
redirect to a signed, expiring URL, issued after the view's check); cleaning old exports deletes them
from the bucket; the bucket answers nobody without a signature; a backup carries the bucket's files."""

import io
import os
import tarfile
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comun.almacen import AlmacenS3
from exportaciones.models import EstadoExportacion, Exportacion
from practicas.models import DocumentoPublico, Foto
from tests.exportaciones.test_trabajos import trabajar
from tests.factories import BuenaPracticaFactory, RegionFactory, practica_completa
from tests.practicas.test_galeria import jpeg
from tests.practicas.test_publicos import publicar


def bajar(url: str) -> tuple[int, bytes, dict]:
    """GET over HTTP, outside Django: what a browser following the link would get."""
    try:
        with urllib.request.urlopen(url, timeout=10) as respuesta:
            return respuesta.status, respuesta.read(), dict(respuesta.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_las_variables_s3_eligen_el_cubo(s3):
    """config/settings.py with S3_* in the environment (the fixture reads them through it)."""
    assert default_storage.bucket_name == s3.nombre
    assert isinstance(Foto._meta.get_field("imagen").storage._wrapped, AlmacenS3)
    assert default_storage.querystring_expire == 60
    assert default_storage.file_overwrite is False


def test_una_foto_subida_queda_en_el_cubo_y_se_ve_en_la_ficha(s3, mundo, client):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    url = reverse("practicas:gestion_galeria", args=[practica.pk])
    assert (
        client.post(url, {"subir": "1", "fotos": [jpeg("patio central.jpg", (640, 480))]}).status_code == 302
    )
    foto = Foto.objects.get(practica=practica)
    assert s3.claves() == [foto.imagen.name]
    assert foto.imagen.name.startswith(f"practicas/{practica.pk}/")
    guardada = s3.leer(foto.imagen.name)
    assert guardada[:3] == b"\xff\xd8\xff"  # the resized JPEG, written over HTTP into the bucket

    # The page names the app's own address (img-src 'self'), never the bucket's.
    html = client.get(reverse("practicas:ficha", args=[practica.slug])).content.decode()
    assert foto.imagen.url.startswith("/media/practicas/")
    assert f'src="{foto.imagen.url}"' in html
    assert s3.endpoint not in html and s3.nombre not in html

    # Anyone (a visitor of the public catalogue) gets the photo from there, read from the bucket.
    client.logout()
    respuesta = client.get(foto.imagen.url)
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/jpeg"
    assert "public" in respuesta["Cache-Control"] and "max-age=86400" in respuesta["Cache-Control"]
    assert b"".join(respuesta.streaming_content) == guardada
    # The bucket itself answers nobody without a signature: it is private.
    estado, _cuerpo, _ = bajar(f"{s3.endpoint}/{s3.nombre}/{foto.imagen.name}")
    assert estado == 403


def test_por_la_direccion_publica_solo_las_fotos(s3, db, client):
    for nombre in (
        "originales/practicas/1/gps.jpg",
        "exportaciones/x/consolidado.xlsx",
        "publicos/ficha/1/a.pdf",
    ):
        default_storage.save(nombre, io.BytesIO(b"privado"))
        assert client.get(f"/media/{nombre}").status_code == 404
    assert client.get("/media/practicas/../originales/practicas/1/gps.jpg").status_code == 404
    assert client.get("/media/practicas/1/no-existe.jpg").status_code == 404
    assert client.post("/media/practicas/1/no-existe.jpg").status_code == 405


def test_un_pdf_publico_se_guarda_en_el_cubo_y_se_sirve_de_ahi(
    s3, mundo, client, tareas_inmediatas, django_capture_on_commit_callbacks
):
    al_confirmar = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    practica = practica_completa(
        titulo="Puentes en Pasco", slug="puentes", region=RegionFactory(nombre="Pasco")
    )
    publicar(practica, mundo["difoca"], al_confirmar)  # renders the sheet once the publication commits
    documento = DocumentoPublico.objects.get(objeto_id=practica.pk)
    assert documento.listo
    assert s3.claves("publicos/") == [documento.archivo.name]
    guardado = s3.leer(documento.archivo.name)
    assert guardado.startswith(b"%PDF")

    respuesta = client.get(reverse("practicas:ficha_pdf", args=[practica.slug]))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert b"".join(respuesta.streaming_content) == guardado
    # Same cache behaviour as on disk: public, revalidated by its ETag.
    assert "no-cache" in respuesta["Cache-Control"] and "public" in respuesta["Cache-Control"]
    otra = client.get(
        reverse("practicas:ficha_pdf", args=[practica.slug]), headers={"if-none-match": respuesta["ETag"]}
    )
    assert otra.status_code == 304

    # Lost from the bucket: forgotten and queued again (rendered when the request commits), no 500.
    s3.cliente.delete_object(Bucket=s3.nombre, Key=documento.archivo.name)
    with al_confirmar():
        assert client.get(reverse("practicas:ficha_pdf", args=[practica.slug])).status_code == 503
    documento.refresh_from_db()
    assert documento.listo and s3.claves("publicos/") == [documento.archivo.name]
    assert client.get(reverse("practicas:ficha_pdf", args=[practica.slug])).status_code == 200


@pytest.fixture
def exportada(s3, transactional_db, client, usuarios):
    """An export asked for by the UGEL specialist and made by the real worker, into the bucket."""
    BuenaPracticaFactory.create_batch(3)
    client.force_login(usuarios["ugel"])
    url = reverse("exportaciones:exportar", args=["practicas.catalogo_xlsx"]) + "?fondo=1"
    assert client.post(url).status_code == 302
    trabajar()
    exportacion = Exportacion.objects.get()
    assert exportacion.estado == EstadoExportacion.LISTA
    return exportacion


def test_una_exportacion_queda_en_el_cubo_y_solo_su_duenio_la_baja(exportada, s3, client, usuarios):
    assert s3.claves("exportaciones/") == [exportada.archivo.name]
    assert exportada.archivo.name.startswith(f"exportaciones/{exportada.pk}/")
    descargar = reverse("exportaciones:descargar", args=[exportada.pk])

    respuesta = client.get(descargar)  # the owner, signed in
    assert respuesta.status_code == 302
    assert "no-store" in respuesta["Cache-Control"] and "private" in respuesta["Cache-Control"]
    firmada = respuesta["Location"]
    partes = urlsplit(firmada)
    assert firmada.startswith(f"{s3.endpoint}/{s3.nombre}/exportaciones/{exportada.pk}/")
    consulta = parse_qs(partes.query)
    assert consulta["X-Amz-Expires"] == ["60"]  # S3_URL_SEGUNDOS: a minute to start the download
    assert consulta["X-Amz-Signature"]
    assert "attachment" in consulta["response-content-disposition"][0]
    estado, cuerpo, cabeceras = bajar(firmada)
    assert estado == 200
    assert "attachment" in cabeceras["Content-Disposition"]
    libro = openpyxl.load_workbook(io.BytesIO(cuerpo), read_only=True)
    assert libro.sheetnames

    # Without the view there is no way in: the bucket refuses an unsigned request, and the app has
    # no address for it.
    assert bajar(f"{s3.endpoint}/{s3.nombre}/{exportada.archivo.name}")[0] == 403
    assert client.get(f"/media/{exportada.archivo.name}").status_code == 404

    # Someone else, in another scope: 404, and no signed URL is ever made for them.
    for otro in ("ugel_otro", "dre_otro", "director"):
        client.force_login(usuarios[otro])
        respuesta = client.get(descargar)
        assert respuesta.status_code == 404, otro
        assert "Location" not in respuesta
    client.logout()
    assert client.get(descargar).url.startswith(reverse("cuentas:ingresar"))


def test_limpiar_exportaciones_las_borra_del_cubo(exportada, s3):
    otra = Exportacion.objects.create(usuario=exportada.usuario, identificador="x", nombre="vigente")
    otra.marcar_lista("vigente.xlsx", io.BytesIO(b"sigue"))
    assert len(s3.claves("exportaciones/")) == 2
    Exportacion.objects.filter(pk=exportada.pk).update(expira=timezone.now() - timedelta(minutes=1))
    salida = io.StringIO()
    call_command("limpiar_exportaciones", stdout=salida)
    assert "borradas: 1" in salida.getvalue()
    assert s3.claves("exportaciones/") == [Exportacion.objects.get().archivo.name]
    assert not Exportacion.objects.filter(pk=exportada.pk).exists()


def test_la_copia_de_seguridad_lleva_y_devuelve_los_archivos_del_cubo(s3, db, tmp_path):
    """copia_guardar / copia_restaurar with S3_BUCKET: the bucket's objects go into the copy's
    media/ folder and come back under their names; objects the copy does not hold are left alone."""
    from comun import copias

    archivos = {
        "eventos/1/foto-1.jpg": os.urandom(50_000),
        "practicas/3/ñandú y acentos.jpg": b"\xff\xd8" + os.urandom(1000),
        "exportaciones/abc/consolidado.xlsx": b"PK" + os.urandom(200),
    }
    for nombre, contenido in archivos.items():
        assert default_storage.save(nombre, io.BytesIO(contenido)) == nombre
    assert not copias.en_disco() and s3.nombre in copias.donde()

    tar = tmp_path / "chasqui-20261130-100000-media.tar.gz"
    copias.archivar(tar)
    with tarfile.open(tar) as leido:
        assert {m.name: leido.extractfile(m).read() for m in leido if m.isfile()} == {
            f"media/{n}": c for n, c in archivos.items()
        }

    # Later: one photo replaced by something else, one lost, one new object.
    s3.cliente.put_object(Bucket=s3.nombre, Key="eventos/1/foto-1.jpg", Body=b"otra")
    s3.cliente.delete_object(Bucket=s3.nombre, Key="practicas/3/ñandú y acentos.jpg")
    s3.cliente.put_object(Bucket=s3.nombre, Key="practicas/9/nueva.jpg", Body=b"nueva")

    copias._restaurar_archivos(copias.Copia(tmp_path / "x.dump", tar), conservar_en=None)
    assert {n: s3.leer(n) for n in archivos} == archivos
    assert s3.leer("practicas/9/nueva.jpg") == b"nueva"  # not in the copy: left in the bucket
    assert len(s3.claves()) == 4
