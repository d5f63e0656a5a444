import io
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageDraw

from comun.imagenes import preparar


def subida(nombre: str, contenido: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido, content_type="image/jpeg")


def guardada(imagen: Image.Image, formato: str, **opciones) -> bytes:
    salida = io.BytesIO()
    imagen.save(salida, formato, **opciones)
    return salida.getvalue()


def resultado(preparada) -> Image.Image:
    return Image.open(io.BytesIO(preparada.imagen.read()))


def png_solo_cabecera(ancho: int, alto: int) -> bytes:
    """A PNG whose header announces ancho × alto with almost no pixel data: only the header is read."""

    def bloque(tipo: bytes, datos: bytes) -> bytes:
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))

    cabecera = struct.pack(">IIBBBBB", ancho, alto, 1, 0, 0, 0, 0)  # 1-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + bloque(b"IHDR", cabecera)
        + bloque(b"IDAT", zlib.compress(b"\0" * 1000))
        + bloque(b"IEND", b"")
    )


def rechazo(archivo) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        preparar(archivo)
    return error.value


def test_un_png_con_nombre_jpg_se_acepta_por_su_contenido_y_sale_jpeg():
    png = guardada(Image.new("RGB", (300, 200), "green"), "PNG")
    preparada = preparar(subida("Mi Foto del Día (1).jpg", png))
    imagen = resultado(preparada)
    assert imagen.format == "JPEG"
    assert imagen.mode == "RGB"
    assert (preparada.ancho, preparada.alto) == imagen.size == (300, 200)
    assert preparada.nombre == preparada.imagen.name == "mi-foto-del-dia-1.jpg"
    assert preparada.original is None


def test_webp_se_acepta():
    webp = guardada(Image.new("RGB", (120, 80), "blue"), "WEBP")
    assert resultado(preparar(subida("foto.webp", webp))).format == "JPEG"


@pytest.mark.parametrize(
    "nombre, contenido",
    [
        ("foto.jpg", b"Esto es texto, no una foto.\n" * 20),
        ("dibujo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
        ("vacia.png", b""),
    ],
)
def test_lo_que_no_es_imagen_se_rechaza_con_los_formatos_aceptados(nombre, contenido):
    error = rechazo(subida(nombre, contenido))
    assert error.code == "no_es_imagen"
    assert "JPEG, PNG o WebP" in error.messages[0]


@pytest.mark.parametrize("formato", ["GIF", "TIFF", "BMP"])
def test_otros_formatos_de_imagen_se_rechazan_por_su_tipo(formato):
    contenido = guardada(Image.new("RGB", (50, 50), "red"), formato)
    error = rechazo(subida("foto.jpg", contenido))
    assert error.code == "formato_no_aceptado"
    assert formato in error.messages[0]
    assert "JPEG, PNG o WebP" in error.messages[0]


def test_un_archivo_de_30_mb_se_rechaza_por_su_peso_antes_de_leerlo():
    # Zeros are not an image: had it been decoded, the refusal would have been no_es_imagen.
    error = rechazo(subida("enorme.jpg", bytes(30 * 1024 * 1024)))
    assert error.code == "archivo_grande"
    assert "10 MB" in error.messages[0]
    assert "30,0 MB" in error.messages[0]


def test_el_limite_de_peso_viene_de_settings(settings):
    settings.IMAGEN_MB_MAXIMO = 1
    contenido = guardada(Image.effect_noise((1200, 1200), 100).convert("RGB"), "PNG")
    assert len(contenido) > 1024 * 1024
    error = rechazo(subida("ruido.png", contenido))
    assert error.code == "archivo_grande"
    assert "1 MB" in error.messages[0]


def test_una_bomba_de_20000_x_20000_se_rechaza_sin_descomprimirla():
    # Built from its header: Image.new("1", (20000, 20000)) would take 400 MB to make the test file.
    contenido = png_solo_cabecera(20000, 20000)
    assert len(contenido) < 1024  # tiny on disk, 400 megapixels once decoded
    tracemalloc.start()
    try:
        error = rechazo(subida("bomba.png", contenido))
        _actual, pico = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert pico < 8 * 1024 * 1024  # never decoded: that would be 400 MB
    assert error.code == "demasiados_pixeles"
    assert "40 megapíxeles" in error.messages[0]


def test_los_pixeles_se_cuentan_en_la_cabecera_antes_de_decodificar():
    # 48 megapixels: over the 40 allowed, under Pillow's own alarm (89). The data is missing, so
    # decoding it would have said imagen_danada.
    error = rechazo(subida("grande.png", png_solo_cabecera(8000, 6000)))
    assert error.code == "demasiados_pixeles"
    assert "8000 × 6000" in error.messages[0]


def test_el_aviso_de_bomba_de_pillow_tambien_rechaza(settings, monkeypatch):
    settings.IMAGEN_PIXELES_MAXIMOS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 100)
    contenido = guardada(Image.new("RGB", (150, 150)), "PNG")  # over the limit, under twice it: a warning
    assert rechazo(subida("foto.png", contenido)).code == "demasiados_pixeles"


def test_un_jpeg_truncado_se_rechaza_como_danado():
    contenido = guardada(Image.effect_noise((400, 300), 80).convert("RGB"), "JPEG")
    error = rechazo(subida("cortada.jpg", contenido[: len(contenido) // 2]))
    assert error.code == "imagen_danada"


def test_una_foto_de_4000_x_3000_sale_de_1600_x_1200():
    contenido = guardada(Image.new("RGB", (4000, 3000), "orange"), "JPEG")
    preparada = preparar(subida("grande.jpg", contenido))
    imagen = resultado(preparada)
    assert imagen.size == (preparada.ancho, preparada.alto) == (1600, 1200)
    assert imagen.info.get("progressive") or imagen.info.get("progression")
    r, g, b = imagen.getpixel((800, 600))
    assert r > 240 and 150 < g < 180 and b < 20  # still orange: decoded at reduced size, not garbled


def test_el_lado_maximo_viene_de_settings(settings):
    settings.IMAGEN_LADO_MAXIMO = 500
    contenido = guardada(Image.new("RGB", (800, 1000), "orange"), "PNG")
    assert resultado(preparar(subida("alta.png", contenido))).size == (400, 500)


def test_una_foto_chica_no_se_agranda():
    contenido = guardada(Image.new("RGB", (640, 480), "purple"), "JPEG")
    preparada = preparar(subida("chica.jpg", contenido))
    assert resultado(preparada).size == (preparada.ancho, preparada.alto) == (640, 480)


def test_la_orientacion_exif_se_aplica():
    # Left half red, right half blue; orientation 6 means "turn 90° clockwise to show it".
    imagen = Image.new("RGB", (400, 200), "blue")
    ImageDraw.Draw(imagen).rectangle((0, 0, 199, 199), fill="red")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    preparada = preparar(subida("girada.jpg", guardada(imagen, "JPEG", exif=exif.tobytes())))
    salida = resultado(preparada)
    assert salida.size == (preparada.ancho, preparada.alto) == (200, 400)
    arriba, abajo = salida.getpixel((100, 50)), salida.getpixel((100, 350))
    assert arriba[0] > 200 and arriba[2] < 60  # red on top
    assert abajo[2] > 200 and abajo[0] < 60  # blue below
    assert not salida.getexif()  # no orientation left to be applied twice


def test_no_sale_ningun_metadato_ni_la_ubicacion():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefono"
    exif[ExifTags.Base.Model] = "Modelo X"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (12.0, 2.0, 46.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (77.0, 1.0, 48.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    contenido = guardada(
        Image.new("RGB", (300, 300), "green"), "JPEG", exif=exif.tobytes(), xmp=xmp, comment=b"Casa de Ana"
    )
    entrada = Image.open(io.BytesIO(contenido))
    assert entrada.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload does carry a position
    assert "xmp" in entrada.info and "comment" in entrada.info

    bytes_salida = preparar(subida("con-gps.jpg", contenido)).imagen.read()
    salida = Image.open(io.BytesIO(bytes_salida))
    assert not salida.getexif()
    assert "exif" not in salida.info
    assert "xmp" not in salida.info
    assert "comment" not in salida.info
    for rastro in (b"Exif", b"Telefono", b"xmpmeta", b"Casa de Ana"):
        assert rastro not in bytes_salida


def test_la_transparencia_se_aplana_sobre_blanco():
    imagen = Image.new("RGBA", (200, 100), (0, 0, 0, 0))  # transparent black
    ImageDraw.Draw(imagen).rectangle((0, 0, 99, 99), fill=(200, 0, 0, 255))
    salida = resultado(preparar(subida("logo.png", guardada(imagen, "PNG"))))
    assert salida.mode == "RGB"
    assert all(canal > 245 for canal in salida.getpixel((150, 50)))  # white, not black
    r, g, b = salida.getpixel((50, 50))
    assert r > 180 and g < 30 and b < 30


def test_una_paleta_con_transparencia_tambien_se_aplana_sobre_blanco():
    imagen = Image.new("P", (100, 100), 0)
    imagen.putpalette([0, 0, 0, 0, 128, 0] + [0] * 762)
    ImageDraw.Draw(imagen).rectangle((0, 0, 49, 99), fill=1)
    salida = resultado(preparar(subida("paleta.png", guardada(imagen, "PNG", transparency=0))))
    assert all(canal > 245 for canal in salida.getpixel((80, 50)))
    r, g, b = salida.getpixel((20, 50))
    assert g > 100 and r < 30 and b < 30


def test_el_original_se_guarda_solo_si_settings_lo_pide(settings):
    contenido = guardada(Image.new("RGB", (2000, 1000), "gray"), "JPEG")
    assert preparar(subida("foto.jpg", contenido)).original is None

    settings.IMAGEN_GUARDAR_ORIGINAL = True
    archivo = subida("foto.jpg", contenido)
    preparada = preparar(archivo)
    assert preparada.original is archivo
    assert preparada.original.read() == contenido  # untouched, and read from the start
    assert preparada.ancho == 1600


@pytest.mark.parametrize(
    "nombre, esperado",
    [
        ("Señora Núñez en el aula.PNG", "senora-nunez-en-el-aula.jpg"),
        ("¿¿¿.jpg", "foto.jpg"),
        ("--- ___.png", "foto.jpg"),
        ("x" * 200 + ".webp", "x" * 60 + ".jpg"),
    ],
)
def test_el_nombre_es_un_slug_del_original(nombre, esperado):
    contenido = guardada(Image.new("RGB", (10, 10)), "PNG")
    assert preparar(subida(nombre, contenido)).nombre == esperado


def test_un_jpeg_truncado_se_rechaza_aunque_weasyprint_permita_los_truncados(monkeypatch):
    # WeasyPrint, imported for the PDFs, sets this for the whole process.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    contenido = guardada(Image.effect_noise((400, 300), 80).convert("RGB"), "JPEG")
    error = rechazo(subida("cortada.jpg", contenido[: len(contenido) // 2]))
    assert error.code == "imagen_danada"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as it was found
