"""Adversarial text for the property tests of tests/seguridad/, and what every answer must hold.

Each property posts it to a form or endpoint as the role that may use it, and asserts: no 500 (the
test client raises on one), the markup never comes back raw (only escaped), and what was stored has
no control characters and reads back as the text cleaned by comun.texto's rule (controls and spaces
out, nothing else changed)."""

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from comun.texto import CONTROL_EN_TEXTO

MARCA = '<script>alert("chasqui")</script>'
MARCA_ESCAPADA = "&lt;script&gt;alert(&quot;chasqui&quot;)&lt;/script&gt;"

HOSTILES = [
    MARCA,
    '<img src=x onerror="alert(1)">',
    "{{ request.user.password }}",
    "{% debug %}{% load static %}",
    "'; DROP TABLE balance_matriz; --",
    "1' OR '1'='1",
    "%(anio)d %s {0}",
    "\u202eodatsop\u202c",  # right-to-left override
    "a\u200bb\u200c\u200dc\ufeff",  # zero-width marks
    "\x00",
    "a\x00b\x07c\x1b[31m",
    "línea uno\r\nlínea dos\rtres\n",
    "\u0000\u0001\u001f\u007f",
    "ñandú — “citas” « » €",
    "x" * 5000,
    "🙂" * 300,
]

texto_hostil = st.one_of(
    st.sampled_from(HOSTILES),
    st.text(max_size=150),  # any code point but surrogates: control characters and NUL included
    st.lists(st.one_of(st.sampled_from(HOSTILES), st.text(max_size=15)), min_size=2, max_size=4).map("".join),
)

# Bounded: a few seconds per property. Function-scoped fixtures (the database, the client) are shared
# by the examples of one test, which is what is wanted: each example writes over the last one.
acotado = settings(
    max_examples=20,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# For a property that saves a whole page and reads it back (two full requests per example).
acotado_pesado = settings(acotado, max_examples=10)


def compacto(texto: str) -> str:
    """The text without spaces and control characters: what any cleaning rule must keep."""
    return re.sub(r"[\s\x00-\x1f\x7f]", "", texto or "")


def sin_marca_cruda(respuesta) -> str:
    """The answer's HTML, asserting the hostile markup is not in it unescaped."""
    html = respuesta.content.decode()
    assert MARCA not in html
    assert '<img src=x onerror="alert(1)">' not in html
    return html


def guardado_limpio(guardado: str, enviado: str, anterior: str | None = None) -> None:
    """What is stored has no control character (tabs and line breaks aside) and, if the save took
    it, is what was sent cleaned (possibly cut at the field's length)."""
    guardado = guardado or ""
    assert not CONTROL_EN_TEXTO.search(guardado), repr(guardado[:80])
    if guardado != (anterior or ""):
        assert compacto(enviado).startswith(compacto(guardado)), (guardado[:80], enviado[:80])


def marca_escapada_si_guardada(html: str, guardado: str) -> None:
    """A stored «<script>» is shown, escaped, on the page that shows it."""
    if MARCA in (guardado or ""):
        assert MARCA_ESCAPADA in html
