from decimal import Decimal

import pytest

from comun.templatetags.texto import parrafos
from comun.texto import CifraInvalida, cifra


def test_parrafos_y_listas():
    texto = "Primer párrafo\ncon salto.\n\n- uno\n- dos\n\n✓ Se consolida\n✓ Se fortalece"
    assert parrafos(texto) == (
        "<p>Primer párrafo<br>con salto.</p>"
        "<ul><li>uno</li><li>dos</li></ul>"
        "<ul><li>Se consolida</li><li>Se fortalece</li></ul>"
    )


def test_una_lista_mezclada_con_texto_es_un_parrafo():
    assert parrafos("Introducción:\n- uno") == "<p>Introducción:<br>- uno</p>"


def test_todo_se_escapa():
    assert parrafos('<script>alert("x")</script>\n\n- <img src=x onerror=alert(1)>') == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>"
        "<ul><li>&lt;img src=x onerror=alert(1)&gt;</li></ul>"
    )


def test_vacio():
    assert parrafos("") == "" and parrafos(None) == "" and parrafos("\r\n\r\n  ") == ""


def test_parrafos_pone_en_negrita_lo_que_va_entre_dos_asteriscos():
    html = parrafos("- **Monitoreo sistemático: 100%** de las UGEL\n- **<b>no</b>** y <script>x</script>")
    assert "<li><strong>Monitoreo sistemático: 100%</strong> de las UGEL</li>" in html
    assert "<strong>&lt;b&gt;no&lt;/b&gt;</strong>" in html
    assert "<script>" not in html


def test_parrafos_deja_como_texto_un_asterisco_doble_sin_pareja():
    assert parrafos("a ** b") == "<p>a ** b</p>"
    assert parrafos("**x** y **z") == "<p><strong>x</strong> y **z</p>"


def test_sin_formula():
    from comun.texto import sin_formula

    for texto in ("=1+1", "+51 999", "-2", "@SUMA(A1)", "\t=1", "\r=1"):
        assert sin_formula(texto) == "'" + texto
    for texto in ("", "Gestión", "1+1", "a=b", "'=ya"):
        assert sin_formula(texto) == texto


# --- figures as people in Peru write them (comun.texto.cifra) ---------------------------------


@pytest.mark.parametrize(
    ("escrito", "valor"),
    [
        ("1250", "1250"),
        ("1,250", "1250"),  # one separator and exactly three digits: thousands
        ("1.250", "1250"),
        ("1 250", "1250"),
        ("1\u00a0250", "1250"),  # a no-break space, as Word and Excel group
        ("2,353", "2353"),  # seed 003: "2,353 docentes"
        ("2,353,000", "2353000"),
        ("2.353.000", "2353000"),
        ("2 353 000", "2353000"),
        ("12,5", "12.5"),  # otherwise the separator is the decimal mark
        ("12.5", "12.5"),
        ("1,25", "1.25"),
        ("0,125", "0.125"),  # a lone 0 is never a group of thousands
        ("1234,567", "1234.567"),  # four digits before: not a group of thousands
        ("1.250,5", "1250.5"),  # both marks: the last one is the decimal mark
        ("1,250.5", "1250.5"),
        ("1 250,75", "1250.75"),
        (" 85 ", "85"),
        ("-3", "-3"),
    ],
)
def test_cifras_aceptadas(escrito, valor):
    assert cifra(escrito) == Decimal(valor)


@pytest.mark.parametrize("vacio", ["", "   ", None, "\x00"])
def test_cifra_vacia(vacio):
    assert cifra(vacio) is None


@pytest.mark.parametrize(
    "escrito",
    [
        "2,353 docentes",  # words go in «¿Qué cuenta la cifra?»
        "85%",
        "S/ 100",
        "1,2,3",  # groups of thousands have three digits
        "12,34,567",
        "1.250.5",
        "1,250,5",
        "1.250,000.5",  # two decimal marks
        "1 25",  # a space groups three digits
        "12 500 0",
        ",5",
        "5,",
        "1e5",
        "--3",
        "²",
        "١٢",  # digits of other scripts
    ],
)
def test_cifras_rechazadas(escrito):
    with pytest.raises(CifraInvalida):
        cifra(escrito)
