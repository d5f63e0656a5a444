from comun.templatetags.texto import parrafos


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
