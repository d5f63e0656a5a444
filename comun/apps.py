from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComunConfig(AppConfig):
    """The ground floor: helpers every app shares. It imports no project module."""

    name = "comun"
    verbose_name = _("Común")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow's own decompression-bomb alarm, for every picture this process opens (uploads,
        # WeasyPrint's), tied to what uploads accept: it warns past twice that (comun.imagenes refuses
        # on the warning) and refuses past four times, at open, before decoding. Between the limit and
        # twice it, comun.imagenes refuses by the header, naming the picture's size.
        Image.MAX_IMAGE_PIXELS = 2 * settings.IMAGEN_PIXELES_MAXIMOS
