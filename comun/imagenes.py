"""Uploaded photos: checked by what they contain and prepared for the gallery.

The services of the photo galleries call `preparar` on every upload. The file's type is read from
its content with Pillow (never from its name); its weight is checked before anything is decoded
and its pixel count from the header before the pixels are, so a small file that unpacks into
gigabytes (a decompression bomb) is refused without being unpacked. What comes out is a JPEG no
larger than the configured side, upright, in RGB and without any EXIF, GPS, XMP or comment.
"""

import io
import math
import struct
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

# What Pillow calls the formats accepted. MPO is the JPEG that many phones write (a JPEG with a
# second picture appended): refusing it would refuse ordinary phone photos.
FORMATOS_ACEPTADOS = {"JPEG", "MPO", "PNG", "WEBP"}
ACEPTADOS = "JPEG, PNG o WebP"
MB = 1024 * 1024
CALIDAD_JPEG = 85
LARGO_NOMBRE = 60


@dataclass(frozen=True)
class Preparada:
    """A photo ready to be saved: the resized JPEG, its file name and size, and the original if kept."""

    imagen: ContentFile
    nombre: str
    ancho: int
    alto: int
    original: File | None


def preparar(archivo: UploadedFile) -> Preparada:
    """Check an uploaded photo and return it as a resized JPEG without metadata.

    Raises ValidationError (codes: archivo_grande, no_es_imagen, formato_no_aceptado,
    demasiados_pixeles, imagen_danada) with a message for the person who uploaded it.
    """
    _revisar_peso(archivo)
    archivo.seek(0)
    imagen = None
    try:
        # Pillow warns past Image.MAX_IMAGE_PIXELS and raises past twice that; here both refuse.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            imagen = _abrir(archivo)  # reads the header only
            lado = settings.IMAGEN_LADO_MAXIMO
            destino = _medida_final(imagen.size, lado)
            if imagen.format in {"JPEG", "MPO"}:
                # Decode at 1/2, 1/4 or 1/8 when the photo is that much larger than what is kept.
                imagen.draft("RGB", destino)
            try:
                _cargar_entera(imagen)
                icc = imagen.info.get("icc_profile") if imagen.mode in {"RGB", "RGBA"} else None
                ImageOps.exif_transpose(imagen, in_place=True)
                imagen = _reemplazar(imagen, _modo_para_reducir(imagen))
                imagen.thumbnail((lado, lado), Image.Resampling.LANCZOS)
                imagen = _reemplazar(imagen, _en_rgb)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _demasiados_pixeles(None) from None
            except (OSError, SyntaxError, ValueError, EOFError, struct.error):
                raise ValidationError(
                    _(
                        "La foto está dañada o incompleta y no se puede abrir. "
                        "Vuelve a guardarla desde tu equipo y súbela otra vez."
                    ),
                    code="imagen_danada",
                ) from None
        contenido = io.BytesIO()
        # Nothing from the upload's info goes along (Pillow would copy a JPEG comment by itself);
        # the colour profile does, so the colours stay those of the camera.
        imagen.info = {}
        opciones = {"icc_profile": icc} if icc else {}
        imagen.save(contenido, "JPEG", quality=CALIDAD_JPEG, optimize=True, progressive=True, **opciones)
        ancho, alto = imagen.size
    finally:
        if imagen is not None:
            imagen.close()
    archivo.seek(0)
    nombre = _nombre(archivo.name)
    return Preparada(
        imagen=ContentFile(contenido.getvalue(), name=nombre),
        nombre=nombre,
        ancho=ancho,
        alto=alto,
        original=archivo if settings.IMAGEN_GUARDAR_ORIGINAL else None,
    )


def _cargar_entera(imagen: Image.Image) -> None:
    """Decode the whole picture; a cut file is an error (OSError) even when WeasyPrint, imported for
    the PDFs, has told Pillow to accept truncated images in this process."""
    permitidas = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        imagen.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = permitidas


def _revisar_peso(archivo: UploadedFile) -> None:
    tamano = archivo.size
    if tamano is None:
        archivo.seek(0, io.SEEK_END)
        tamano = archivo.tell()
    limite = settings.IMAGEN_MB_MAXIMO
    if tamano > limite * MB:
        raise ValidationError(
            _("La foto pesa %(peso)s MB y el máximo es %(limite)s MB. Redúcela o elige otra."),
            code="archivo_grande",
            params={"peso": number_format(tamano / MB, 1), "limite": limite},
        )


def _abrir(archivo: UploadedFile) -> Image.Image:
    try:
        imagen = Image.open(_SinCerrar(archivo))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _demasiados_pixeles(None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("Este archivo no es una foto que Chasqui pueda leer. Sube una foto en %(aceptados)s."),
            code="no_es_imagen",
            params={"aceptados": ACEPTADOS},
        ) from None
    if imagen.format not in FORMATOS_ACEPTADOS:
        formato = imagen.format
        imagen.close()
        raise ValidationError(
            _("No se aceptan fotos en formato %(formato)s. Sube una foto en %(aceptados)s."),
            code="formato_no_aceptado",
            params={"formato": formato, "aceptados": ACEPTADOS},
        )
    ancho, alto = imagen.size
    if ancho * alto > settings.IMAGEN_PIXELES_MAXIMOS:
        imagen.close()
        raise _demasiados_pixeles((ancho, alto))
    return imagen


class _SinCerrar:
    """The upload as Pillow sees it. Closing a picture closes the file it was read from, even one
    Pillow did not open, and the upload must stay open to be kept as the original."""

    def __init__(self, archivo):
        self._archivo = archivo

    def __getattr__(self, nombre):
        return getattr(self._archivo, nombre)

    def close(self) -> None:
        pass


def _demasiados_pixeles(medida: tuple[int, int] | None) -> ValidationError:
    limite = number_format(settings.IMAGEN_PIXELES_MAXIMOS / 1_000_000, 0)
    if medida is None:
        return ValidationError(
            _(
                "La foto tiene demasiados píxeles: el máximo es %(limite)s megapíxeles. "
                "Redúcela antes de subirla."
            ),
            code="demasiados_pixeles",
            params={"limite": limite},
        )
    ancho, alto = medida
    return ValidationError(
        _(
            "La foto mide %(ancho)s × %(alto)s píxeles (%(mp)s megapíxeles) y el máximo es "
            "%(limite)s megapíxeles. Redúcela antes de subirla."
        ),
        code="demasiados_pixeles",
        params={
            "ancho": ancho,
            "alto": alto,
            "mp": number_format(ancho * alto / 1_000_000, 0),
            "limite": limite,
        },
    )


def _medida_final(medida: tuple[int, int], lado: int) -> tuple[int, int]:
    ancho, alto = medida
    escala = min(1.0, lado / max(ancho, alto))
    return max(1, math.floor(ancho * escala)), max(1, math.floor(alto * escala))


def _reemplazar(imagen: Image.Image, cambio) -> Image.Image:
    """Apply a conversion and let the previous pixels go at once: one decoded picture at a time."""
    nueva = cambio(imagen)
    if nueva is not imagen:
        imagen.close()
    return nueva


def _modo_para_reducir(imagen: Image.Image):
    # Resizing a palette or 1-bit picture would fall back to nearest neighbour: widen it first.
    if imagen.mode in {"RGB", "RGBA", "L", "LA"}:
        return lambda im: im
    modo = "RGBA" if imagen.has_transparency_data else "RGB"
    return lambda im: im.convert(modo)


def _en_rgb(imagen: Image.Image) -> Image.Image:
    """RGB for JPEG; what was transparent becomes white (JPEG has no transparency)."""
    if imagen.mode == "RGB":
        return imagen
    if imagen.mode in {"RGBA", "LA"}:
        fondo = Image.new("RGB", imagen.size, "white")
        fondo.paste(imagen.convert("RGB"), mask=imagen.getchannel("A"))
        return fondo
    return imagen.convert("RGB")


def _nombre(nombre_subido: str | None) -> str:
    base = slugify(PurePath(nombre_subido or "").stem)[:LARGO_NOMBRE].strip("-_")
    return f"{base or 'foto'}.jpg"
