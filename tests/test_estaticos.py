"""Static files as production serves them (DEBUG off, whitenoise's CompressedManifestStaticFilesStorage):
a file whose name carries its hash is cached for ten years and never revalidated; one without (an old
link) only for a minute; each comes compressed. collectstatic runs for real, into a temporary
STATIC_ROOT, over the project's own static/ and the icon sprite (Bootstrap and the admin's files go
through the same storage, and would only make the test slower)."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings

from comun import iconos

INMUTABLE = "max-age=315360000, public, immutable"


@pytest.fixture
def produccion(tmp_path):
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=tmp_path,
        STATICFILES_DIRS=[settings.BASE_DIR / "static"],
        STATICFILES_FINDERS=[
            "django.contrib.staticfiles.finders.FileSystemFinder",
            "comun.iconos.IconosFinder",
        ],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path


def test_un_archivo_con_hash_se_guarda_diez_anios(produccion, client):
    url = staticfiles_storage.url("css/chasqui.css")
    assert re.fullmatch(r"/static/css/chasqui\.[0-9a-f]{12}\.css", url)
    respuesta = client.get(url, headers={"accept-encoding": "gzip"})
    assert respuesta.status_code == 200
    assert respuesta["Cache-Control"] == INMUTABLE
    assert respuesta["Content-Encoding"] == "gzip"
    assert b".bi {" in gzip.decompress(b"".join(respuesta.streaming_content))


def test_sin_hash_solo_un_minuto(produccion, client):
    respuesta = client.get("/static/css/chasqui.css")
    assert respuesta.status_code == 200
    assert respuesta["Cache-Control"] == "max-age=60, public"


def test_el_sprite_de_iconos_va_con_hash_y_comprimido(produccion, client):
    html = Template('{% icono "bell" %}').render(Context())
    url = re.search(r'href="([^"#]+)#bell"', html).group(1)
    assert re.fullmatch(r"/static/iconos/iconos\.[0-9a-f]{12}\.svg", url)
    respuesta = client.get(url, headers={"accept-encoding": "br, gzip"})
    assert respuesta["Cache-Control"] == INMUTABLE
    assert respuesta["Content-Encoding"] in {"br", "gzip"}
    assert respuesta["Content-Type"].startswith("image/svg+xml")
    assert int(respuesta["Content-Length"]) < len(iconos.sprite()) / 2


def test_con_brotli_si_el_navegador_lo_acepta(produccion, client):
    """Browsers ask for brotli over HTTPS: a copy about a fifth smaller than gzip's."""
    url = staticfiles_storage.url("css/chasqui.css")
    br = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    gz = client.get(url, headers={"accept-encoding": "gzip, deflate"})
    assert br["Content-Encoding"] == "br" and gz["Content-Encoding"] == "gzip"
    assert int(br["Content-Length"]) < int(gz["Content-Length"])
