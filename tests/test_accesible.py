"""Accessible by construction (issue 14): the house colours, the one focus style, target sizes, the
scrolling tables' boxes, the one error summary and the favicon, checked where they are made (the
stylesheet, the templates, the answers), so that a page added tomorrow inherits them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

RAIZ = Path(settings.BASE_DIR)
CSS = (RAIZ / "static" / "css" / "chasqui.css").read_text(encoding="utf-8")
PLANTILLAS = sorted((RAIZ / "templates").rglob("*.html"))


def luminancia(hexa: str) -> float:
    hexa = hexa.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    canales = [int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in canales]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contraste(a: str, b: str) -> float:
    la, lb = sorted((luminancia(a), luminancia(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contraste_se_calcula_como_wcag():
    assert contraste("#000", "#fff") == pytest.approx(21)
    assert contraste("#fff", "#fd7e14") == pytest.approx(2.57, abs=0.01)  # the old «Observada»


# Backgrounds a link or a badge sits on: the page, Bootstrap's tertiary grey and light grey, and the
# tints chasqui.css and the alerts use.
FONDOS = ["#ffffff", "#f8f9fa", "#e9ecef", "#fff3cd", "#f8d7da", "#d1e7dd", "#e7f1ff", "#fff4e5"]


def test_los_enlaces_llegan_a_4_5_en_cada_fondo():
    color = re.search(r"--bs-link-color:\s*(#[0-9a-fA-F]{6})", CSS).group(1)
    for fondo in FONDOS:
        assert contraste(color, fondo) >= 4.5, (color, fondo)


def reglas(patron: str) -> dict[str, str]:
    """{selector: body} of the one-class rules whose class matches patron."""
    return {m.group(1): m.group(2) for m in re.finditer(r"(\.(?:" + patron + r"))\s*\{([^}]*)\}", CSS)}


@pytest.mark.parametrize(
    "patron",
    [
        r"estado-[a-z_]+",
        r"estado-practica-[a-z_]+",
        r"avance-[a-z_]+",
        r"etapa-(?:inicial|intermedio|avanzado)",
        r"nivel-[2]",
    ],
)
def test_cada_insignia_de_estado_llega_a_4_5(patron):
    encontradas = reglas(patron)
    assert encontradas, patron
    for selector, cuerpo in encontradas.items():
        fondo = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", cuerpo)
        texto = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", cuerpo)
        assert fondo and texto, f"{selector} names both its background and its text colour"
        assert contraste(fondo.group(1), texto.group(1)) >= 4.5, selector


def test_el_boton_de_contorno_amarillo_se_lee():
    cuerpo = reglas(r"btn-outline-warning")[".btn-outline-warning"]
    texto = re.search(r"--bs-btn-color:\s*(#[0-9a-fA-F]{6})", cuerpo).group(1)
    assert contraste(texto, "#ffffff") >= 4.5


def test_la_barra_roja_lee_sus_enlaces_y_su_anillo_de_foco():
    rojo = re.search(r"--chasqui-rojo:\s*(#[0-9a-fA-F]{6})", CSS).group(1)
    enlaces = re.search(r"--bs-navbar-color:\s*rgba\(255,\s*255,\s*255,\s*(\.\d+|1)\)", CSS).group(1)
    # White at that opacity over the red, then against the red.
    alfa = float(enlaces)
    mezcla = "#" + "".join(
        f"{round(255 * alfa + int(rojo[i : i + 2], 16) * (1 - alfa)):02x}" for i in (1, 3, 5)
    )
    assert contraste(mezcla, rojo) >= 4.5
    anillo = re.search(r"\.chasqui-nav\s*\{\s*--chasqui-foco:\s*(#[0-9a-fA-F]{3,6})", CSS).group(1)
    assert contraste(anillo, rojo) >= 3


def test_un_solo_anillo_de_foco_visible_para_todo_control():
    regla = re.search(r"(^|\n):focus-visible[^{]*\{([^}]*)\}", CSS)
    assert regla, "a rule for every :focus-visible element"
    cuerpo = regla.group(2)
    assert re.search(r"outline:\s*3px solid var\(--chasqui-foco\)\s*!important", cuerpo)
    assert "box-shadow: 0 0 0 2px var(--chasqui-foco-halo)" in cuerpo
    foco = re.search(r":root\s*\{[^}]*--chasqui-foco:\s*(#[0-9a-fA-F]{6})", CSS).group(1)
    for fondo in FONDOS:
        assert contraste(foco, fondo) >= 3, fondo


def test_tamanos_minimos_de_los_controles():
    assert re.search(r"\.btn-primary, \.btn-chasqui \{ min-height: 44px; \}", CSS)
    casilla = re.search(r"\.form-check-input \{ width: 1\.5rem; height: 1\.5rem;", CSS)
    assert casilla, "checkboxes and radios at 24 × 24 px"
    assert re.search(r"\.btn-close \{ min-width: 24px; min-height: 24px; \}", CSS)


def etiquetas_con_clase(texto: str, clase: str):
    patron = r"<(\w+)\b[^>]*\bclass=\"[^\"]*\b" + re.escape(clase) + r"\b[^\"]*\"[^>]*>"
    for m in re.finditer(patron, texto):
        yield m.group(0)


def test_cada_tabla_que_se_desliza_tiene_su_caja_enfocable_y_nombrada():
    cajas = 0
    for plantilla in PLANTILLAS:
        texto = plantilla.read_text(encoding="utf-8")
        for etiqueta in etiquetas_con_clase(texto, "table-responsive"):
            cajas += 1
            donde = f"{plantilla.relative_to(RAIZ)}: {etiqueta[:90]}"
            assert 'tabindex="0"' in etiqueta, donde
            assert 'role="region"' in etiqueta, donde
            assert re.search(r'aria-label(ledby)?="[^"]+"', etiqueta), donde
    assert cajas >= 10  # the test reads real templates (the cards of .tabla-tarjetas need no box)


def test_el_contador_visible_no_es_una_region_viva():
    js = (RAIZ / "static" / "js" / "autoguardado.js").read_text(encoding="utf-8")
    funcion = js[js.index("function contador(") : js.index('document.querySelectorAll("[data-contador]")')]
    assert 'caja.setAttribute("aria-live"' not in funcion
    assert 'anuncio.setAttribute("aria-live", "polite")' in js
    assert "limite * 0.9" in funcion


# --- answers ---------------------------------------------------------------------------------------


def test_el_error_de_ingreso_se_anuncia_y_recibe_el_foco(client, django_user_model):
    django_user_model.objects.create_user("rosa", password="clave-de-prueba-larga")
    respuesta = client.post(reverse("cuentas:ingresar"), {"username": "rosa", "password": "equivocada"})
    html = respuesta.content.decode()
    resumen = re.search(r'<div class="alert alert-danger resumen-errores"[^>]*>', html)
    assert resumen, html
    assert 'role="alert"' in resumen.group(0)
    assert 'tabindex="-1"' in resumen.group(0) and "data-enfocar" in resumen.group(0)
    assert "Usuario o contraseña incorrectos" in html[resumen.start() :]
    assert re.search(r'<script src="[^"]*js/enfocar[.\w]*\.js" defer></script>', html)
    # Exactly one summary: crispy's own box is replaced, not added to.
    assert html.count('class="alert alert-danger resumen-errores"') == 1


def test_sin_errores_no_hay_resumen_ni_script(client):
    html = client.get(reverse("cuentas:ingresar")).content.decode()
    assert "resumen-errores" not in html and "enfocar" not in html


@pytest.mark.django_db
def test_el_resumen_enlaza_cada_campo_con_error(client, usuarios):
    client.force_login(usuarios["director"])
    respuesta = client.post(
        reverse("cuentas:perfil"), {"first_name": "Ana", "last_name": "Soto", "email": "no-es-correo"}
    )
    html = respuesta.content.decode()
    resumen = html[html.index("resumen-errores") : html.index("</div>", html.index("resumen-errores"))]
    assert re.search(
        r'<a class="alert-link" href="#id_email">Correo electrónico</a>: Escribe un correo', resumen
    )
    # And the field says it too, next to it.
    assert 'id="id_email"' in html and 'aria-invalid="true"' in html


def test_favicon(client):
    respuesta = client.get("/favicon.ico")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "image/svg+xml"
    assert b"<svg" in respuesta.content and b"#a4161a" in respuesta.content
    assert "max-age=86400" in respuesta["Cache-Control"]
    html = client.get(reverse("cuentas:ingresar")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*img/chasqui[.\w]*\.svg" type="image/svg\+xml">', html)
