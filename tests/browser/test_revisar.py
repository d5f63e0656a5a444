"""The journeys' checker (conftest.revisar) is not blind: on a page made to break each of its rules it
reports each one, and it spares what WCAG 2.5.8 spares; axe-core gets into a page of the app despite
its CSP."""

from .conftest import Revisor, axe

MALA = """<!doctype html><html lang="es"><head><title>Prueba</title></head><body><main>
<h1>Página mala</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
<div style="width: 600px">ancha</div>
<button style="width: 12px; height: 12px; padding: 0; font-size: 8px">x</button>
<button class="btn-primary" style="height: 30px">Enviar</button>
<p>Lee <a href="#bases">las bases del concurso</a> antes de empezar.</p>
<a href="#saltar" style="position: absolute; clip: rect(0 0 0 0); width: 1px; height: 1px">Saltar</a>
<ul><li><a href="#sola" style="font-size: 10px; line-height: 1">Sola</a></li></ul>
</main></body></html>"""


def test_revisar_encuentra_cada_regla_rota(navegador):
    contexto = navegador.new_context(viewport={"width": 360, "height": 740})
    page = contexto.new_page()
    page.set_content(MALA)
    problemas = Revisor().revisar(page, 360)
    texto = "\n".join(problemas)
    assert "axe image-alt (critical)" in texto
    assert "scroll lateral: la página mide" in texto
    assert "control de 12×12 px" in texto and "«x»" in texto
    assert "acción principal de 30 px de alto" in texto and "«Enviar»" in texto
    assert "«Sola»" in texto  # alone in its list item: not inside a sentence
    assert "bases del concurso" not in texto  # inside a sentence: WCAG 2.5.8's inline exception
    assert "Saltar" not in texto  # visually hidden until focused
    assert len(problemas) == 5, texto
    contexto.close()


def test_axe_entra_pese_a_la_csp_de_la_aplicacion(transactional_db, navegador, live_server):
    contexto = navegador.new_context(base_url=live_server.url)
    page = contexto.new_page()
    respuesta = page.goto("/cuentas/ingresar/")
    assert "script-src 'self'" in respuesta.headers["content-security-policy"]
    assert isinstance(axe(page), list)
    assert page.evaluate("typeof window.axe.run") == "function"
    contexto.close()
