"""A real decompression bomb uploaded as a photo (issue 13): a 60 KB PNG whose pixels, all there
and valid, would take 400 megapixels once decoded; refused by its header, in a few MB, in the page."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from practicas.models import Foto
from tests import libros_hostiles as h
from tests.factories import BuenaPracticaFactory
from tests.practicas.test_galeria import jpeg, url


def png_bomba(ancho: int, alto: int) -> bytes:
    """A complete 1-bit PNG of ancho × alto black pixels, its data streamed through zlib."""

    def trozo(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))

    compresor = zlib.compressobj(9)
    fila = b"\0" * (1 + (ancho + 7) // 8)  # filter byte + the row's bits
    idat = b"".join(compresor.compress(fila * 1000) for _ in range(alto // 1000)) + compresor.flush()
    cabecera = struct.pack(">IIBBBBB", ancho, alto, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", cabecera) + trozo(b"IDAT", idat) + trozo(b"IEND", b"")


def test_pillow_tiene_el_limite_de_chasqui(settings):
    assert Image.MAX_IMAGE_PIXELS == 2 * settings.IMAGEN_PIXELES_MAXIMOS


def test_una_bomba_real_se_rechaza_barata(mundo, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contenido = png_bomba(20_000, 20_000)
    assert len(contenido) < 100 * 1024
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    bomba = SimpleUploadedFile("bomba.png", contenido, content_type="image/png")

    respuesta, pico = h.medir(
        lambda: client.post(url(practica), {"subir": "1", "fotos": [bomba, jpeg("buena.jpg")]})
    )

    html = respuesta.content.decode()
    assert "bomba.png" in html
    assert "La foto tiene demasiados píxeles: el máximo es 40 megapíxeles" in html
    assert Foto.objects.filter(practica=practica).count() == 1  # the good one only
    assert pico < h.MEMORIA_MAXIMA, f"{pico / 2**20:.1f} MiB"
