"""Scripts only where they are needed, and none blocking the page: htmx loads on the pages that use
hx- attributes (they fill base.html's {% block htmx %}), and every <script> is deferred."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.balance.conftest import campana, matriz  # noqa: F401

PLANTILLAS = Path(settings.BASE_DIR) / "templates"
# Attributes that make htmx send a request; hx-swap-oob and the like only shape an answer to one.
PIDE = re.compile(r"\bhx-(get|post|put|patch|delete|trigger|boost)\b")
INCLUYE = re.compile(r"""{% include ["']([^"']+)["']""")
EXTIENDE = re.compile(r"""{% extends ["']([^"']+)["']""")
BLOQUE = "{% block htmx %}"


def texto(nombre: str) -> str:
    return (PLANTILLAS / nombre).read_text(encoding="utf-8")


def pide_con_htmx(nombre: str, vistos=None) -> bool:
    """Its own markup or any template it includes, literally named, asks htmx for a request."""
    vistos = vistos or set()
    if nombre in vistos or not (PLANTILLAS / nombre).is_file():
        return False
    vistos.add(nombre)
    t = texto(nombre)
    return bool(PIDE.search(t)) or any(pide_con_htmx(i, vistos) for i in INCLUYE.findall(t))


def carga_htmx(nombre: str) -> bool:
    """The page, or a layout it extends below base.html, fills the htmx block."""
    while nombre != "base.html":
        t = texto(nombre)
        if BLOQUE in t:
            return True
        padre = EXTIENDE.search(t)
        if not padre:
            return False
        nombre = padre.group(1)
    return False


def paginas() -> list[str]:
    return sorted(
        str(p.relative_to(PLANTILLAS))
        for p in PLANTILLAS.rglob("*.html")
        if EXTIENDE.search(p.read_text(encoding="utf-8")) and "pdf/" not in str(p)
    )


# Pages whose content a view draws apart and puts in ({{ contenido }}: balance.paginas keeps it).
DIBUJADAS_APARTE = {"balance/matriz_editar.html": "balance/_matriz_editar.html"}


def test_htmx_solo_en_las_paginas_que_lo_usan():
    usan = {p for p in paginas() if pide_con_htmx(p) or pide_con_htmx(DIBUJADAS_APARTE.get(p, ""))}
    cargan = {p for p in paginas() if carga_htmx(p)}
    assert {
        "balance/matriz_editar.html",
        "exportaciones/trabajo.html",
        "practicas/gestion/editar.html",
    } <= usan
    assert usan == cargan
    assert "{% htmx_script %}" not in texto("base.html") and BLOQUE in texto("base.html")


def test_cada_script_es_diferido():
    scripts = [
        (str(p.relative_to(PLANTILLAS)), etiqueta)
        for p in PLANTILLAS.rglob("*.html")
        for etiqueta in re.findall(r"<script\b[^>]*>", p.read_text(encoding="utf-8"))
    ]
    assert len(scripts) > 10
    assert [s for s in scripts if not re.search(r"\bsrc=", s[1]) or not re.search(r"\bdefer\b", s[1])] == []


def test_una_pagina_sin_htmx_no_lo_descarga(db, client):
    html = client.get(reverse("cuentas:ingresar")).content.decode()
    assert "htmx" not in re.sub(r'<meta name="htmx-config"[^>]*>', "", html)
    assert re.search(r'<script src="/static/vendor/bootstrap/js/bootstrap\.bundle\.min\.js" defer>', html)


def test_la_matriz_carga_htmx_diferido_y_sus_scripts_diferidos(client, mundo, matriz):  # noqa: F811
    client.force_login(mundo["director"])
    html = client.get(reverse("balance:matriz_editar", args=[matriz.pk])).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert any("django_htmx/htmx-2.min.js" in s for s in scripts)
    assert any("js/autoguardado.js" in s for s in scripts)
    assert all(" defer" in s for s in scripts), scripts
    # htmx first, so that it is there when the page's own scripts run (deferred scripts keep their order).
    assert html.index("htmx-2.min.js") < html.index("bootstrap.bundle.min.js") < html.index("autoguardado.js")
