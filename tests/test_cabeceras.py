"""Production headers: `check --deploy` under the production environment, the Content-Security-Policy
and the other security headers on the responses, and the templates that the policy depends on (no
inline script, no event handler attribute, no style attribute)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.safestring import mark_safe

from comun import graficos
from tests.factories import BuenaPracticaFactory

BASE = Path(__file__).resolve().parent.parent

PRODUCCION = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "-una-clave-larga-y-al-azar-para-la-prueba-" + "q" * 20,
    "DATABASE_URL": "postgres://chasqui@127.0.0.1:9/chasqui",  # check --deploy does not connect
    "ALLOWED_HOSTS": "chasqui.example.gob.pe",
    "SITE_URL": "https://chasqui.example.gob.pe",
    "EMAIL_HOST": "smtp.example.gob.pe",
    "BEHIND_PROXY": "true",
}


def check_deploy(**env):
    """manage.py check --deploy in a fresh process with the production environment: the settings are
    read from the environment once, at start-up, as in production."""
    limpio = {
        k: v
        for k, v in os.environ.items()
        # Not the test run's own switches either: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE,
        # which production never has (check --deploy reports it as async.E001).
        if k not in PRODUCCION
        and not k.startswith(("SECURE_", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    salida = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE,
        env={**limpio, **PRODUCCION, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert salida.returncode == 0, salida.stderr
    return sorted(set(re.findall(r"\(([\w.]+\.[EWC]\d{3})\)", salida.stdout + salida.stderr))), salida


def test_check_deploy_en_produccion_solo_avisa_hsts_y_redireccion():
    """HSTS and the redirect to HTTPS are the proxy's by default (the README says so)."""
    avisos, salida = check_deploy()
    assert avisos == ["security.W004", "security.W008"], salida.stdout + salida.stderr


def test_check_deploy_sin_avisos_con_hsts_y_redireccion_encendidos():
    avisos, salida = check_deploy(
        SECURE_HSTS_SECONDS="31536000", SECURE_SSL_REDIRECT="true", SECURE_HSTS_PRELOAD="true"
    )
    assert avisos == [], salida.stdout + salida.stderr


def test_hsts_sin_preload_solo_lo_recuerda():
    """Preload is a promise to the browsers' list, so it stays a choice: without it, only W021."""
    avisos, salida = check_deploy(SECURE_HSTS_SECONDS="31536000", SECURE_SSL_REDIRECT="true")
    assert avisos == ["security.W021"], salida.stdout + salida.stderr


def test_hsts_por_el_entorno():
    codigo = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT)"
    )
    salida = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {codigo}"],
        cwd=BASE,
        env={
            **os.environ,
            **PRODUCCION,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECURE_HSTS_SECONDS": "600",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
            "SECURE_SSL_REDIRECT": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert salida.stdout.split()[-4:] == ["600", "False", "False", "True"], salida.stderr


def directivas(respuesta):
    politica = respuesta["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in politica.split(";")) if d}


def test_la_politica_y_las_cabeceras_de_una_pagina(client, db):
    respuesta = client.get("/cuentas/ingresar/")
    assert respuesta.status_code == 200
    assert directivas(respuesta) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],  # no nonce: this page draws no chart
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    assert respuesta["X-Frame-Options"] == "DENY"
    assert respuesta["X-Content-Type-Options"] == "nosniff"
    assert respuesta["Referrer-Policy"] == "same-origin"
    assert respuesta["Cross-Origin-Opener-Policy"] == "same-origin"
    # htmx told not to inject its indicator <style> nor to eval, in its one configuration.
    configuraciones = re.findall(r"<meta name=\"htmx-config\" content='([^']*)'>", respuesta.content.decode())
    assert len(configuraciones) == 1
    assert json.loads(configuraciones[0]) == {"includeIndicatorStyles": False, "allowEval": False}


def test_los_graficos_llevan_el_nonce_de_su_pagina(client, db):
    BuenaPracticaFactory(estado="publicada", publicada_en=timezone.now())
    respuesta = client.get("/practicas/")
    nonce = re.fullmatch(r"'nonce-([A-Za-z0-9+/=]+)'", directivas(respuesta)["style-src"][1]).group(1)
    estilos = re.findall(rb"<style[^>]*>", respuesta.content)
    assert len(estilos) == 2  # the two charts of the catalogue
    assert all(f'nonce="{nonce}"'.encode() in e for e in estilos)
    # Another request, another nonce.
    assert nonce not in client.get("/practicas/")["Content-Security-Policy"]


def test_la_etiqueta_grafico():
    svg = mark_safe('<svg><style type="text/css">.a{fill:red}</style><text>&lt;style&gt;</text></svg>')
    plantilla = Template("{% load graficos %}{% grafico svg %}")
    request = RequestFactory().get("/")
    request.csp_nonce = "abc+/="
    con = plantilla.render(Context({"svg": svg, "request": request}))
    assert (
        con
        == '<svg><style nonce="abc+/=" type="text/css">.a{fill:red}</style><text>&lt;style&gt;</text></svg>'
    )
    assert plantilla.render(Context({"svg": svg})) == svg  # a PDF: no request, no nonce
    # Text that was never marked safe stays text.
    assert plantilla.render(Context({"svg": "<style>", "request": request})) == "&lt;style&gt;"


def test_un_grafico_de_pygal_sin_atributos_de_estilo_ni_scripts():
    import pygal

    grafico = pygal.Bar(**graficos.configuracion(), style=graficos.estilo(["#a4161a"]))
    grafico.x_labels = ["Junín", "Pasco"]
    grafico.add("Prácticas", [3, 5])
    svg = graficos.accesible(grafico, "Prácticas por región", "Junín 3, Pasco 5.")
    assert "<svg" in svg and "<style" in svg
    assert not re.search(r"\sstyle=", svg)
    assert "<script" not in svg


# Templates that are never served as a page: PDFs (WeasyPrint, no browser: pdf/, and the shell and page
# numbers every exported PDF shares) and e-mails.
NO_SON_PAGINAS = re.compile(
    r"(^|/)pdf/|(^|/)correo[^/]*$|^exportaciones/(documento|numeracion)\.html$|\.(txt|css)$"
)


def plantillas():
    carpetas = [BASE / "templates", *sorted(BASE.glob("*/templates"))]
    for carpeta in carpetas:
        for archivo in sorted(carpeta.rglob("*")):
            relativa = archivo.relative_to(carpeta).as_posix()
            if archivo.is_file() and not NO_SON_PAGINAS.search(relativa):
                yield archivo


@pytest.mark.parametrize("archivo", list(plantillas()), ids=lambda a: a.relative_to(BASE).as_posix())
def test_la_plantilla_no_trae_nada_en_linea(archivo):
    texto = archivo.read_text()
    assert not re.search(r"<[a-zA-Z][^>]*\sstyle\s*=", texto), "atributo style: usa una clase de chasqui.css"
    assert not re.search(r"<style[\s>]", texto), "<style> en la página: va en static/css/"
    assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", texto), (
        "manejador en línea (onclick=…): va en static/js/"
    )
    for etiqueta in re.findall(r"<script\b[^>]*>", texto):
        # A script comes from a file; a JSON data block (json_script) is not run, so it may stay.
        assert "src=" in etiqueta or 'type="application/json"' in etiqueta, etiqueta
    assert "javascript:" not in texto.lower()
    # htmx reads the first htmx-config only: base.html's, which a page extends (block htmx_config).
    assert archivo.name == "base.html" or 'name="htmx-config"' not in texto


def test_los_scripts_propios_no_usan_eval_ni_estilos_en_linea():
    for archivo in sorted((BASE / "static" / "js").glob("*.js")):
        texto = archivo.read_text()
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]", texto), archivo.name
        assert not re.search(r"setAttribute\(\s*['\"]style['\"]|style=", texto), archivo.name
