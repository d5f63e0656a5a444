"""The journeys' checker (conftest.revisar) is not blind: on a page made to break each of its rules it
reports each one, and spares what WCAG 2.5.8 spares (a link in a sentence, a small control with room
around it); axe-core gets into a page of the app despite its CSP."""

from .conftest import Revisor, axe

MALA = """<!doctype html><html lang="es"><head><title>Prueba</title></head><body><main>
<h1>Página mala</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
<div style="width: 600px">ancha</div>
<p><button style="width: 12px; height: 12px; padding: 0; font-size: 8px">x</button><button
 style="width: 12px; height: 12px; padding: 0; font-size: 8px">y</button></p>
<button class="btn-primary" style="height: 30px">Enviar</button>
<p>Lee <a href="#bases">las bases del concurso</a> antes de empezar.</p>
<a href="#saltar" style="position: absolute; clip: rect(0 0 0 0); width: 1px; height: 1px">Saltar</a>
<ul style="line-height: 1; font-size: 10px"><li><a href="#una">Una</a></li>
<li><a href="#otra">Otra</a></li></ul>
<div style="margin: 40px; font-size: 10px"><a href="#lejos">Lejos</a></div>
</main></body></html>"""


def test_revisar_encuentra_cada_regla_rota(navegador):
    contexto = navegador.new_context(viewport={"width": 360, "height": 740})
    page = contexto.new_page()
    page.set_content(MALA)
    problemas = Revisor().revisar(page, 360)
    texto = "\n".join(problemas)
    assert "axe image-alt (critical)" in texto
    assert "scroll lateral: la página mide" in texto
    assert "control de 12×12 px" in texto and "«x», junto a button «y»" in texto
    assert "acción principal de 30 px de alto" in texto and "«Enviar»" in texto
    assert "a «Una», junto a a «Otra»" in texto  # alone in its list item, not in a sentence, and too close
    assert "Lejos" not in texto  # small but alone: WCAG 2.5.8's spacing exception
    assert "bases del concurso" not in texto  # inside a sentence: WCAG 2.5.8's inline exception
    assert "Saltar" not in texto  # visually hidden until focused
    assert len(problemas) == 7, texto
    contexto.close()


def test_axe_entra_pese_a_la_csp_de_la_aplicacion(transactional_db, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    respuesta = page.goto("/cuentas/ingresar/")
    assert "script-src 'self'" in respuesta.headers["content-security-policy"]
    assert isinstance(axe(page), list)
    assert page.evaluate("typeof window.axe.run") == "function"
    contexto.close()
