"""A review with errors opens where the reviewer is: an error summary at the top of the long matrix
page (role=alert, focused, the form posts to its anchor), each error linked to its field, the field
marked too; nothing is saved."""

import re

import pytest
from django.urls import reverse

from balance.models import Estado, Fila, Matriz

from .conftest import enviar


@pytest.fixture
def enviada(matriz, mundo):
    enviar(matriz, mundo["director"])
    return Matriz.objects.get(pk=matriz.pk)


def resumen(html):
    """The error summary's HTML, which must come before the first lineamiento."""
    inicio = html.rindex("<div", 0, html.index('id="errores-revision"'))
    assert inicio < html.index('id="lin-1"')
    return html[inicio : html.index("</div>", inicio)]


def test_el_formulario_apunta_al_resumen(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:matriz", args=[enviada.pk])).content.decode()
    assert f'action="/balance/matrices/{enviada.pk}/#errores-revision"' in html
    assert 'id="errores-revision"' not in html  # no summary without errors


def test_devolver_sin_motivo_muestra_el_error_arriba_enlazado_al_campo(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    fila = enviada.filas.order_by("lineamiento__orden").first()
    respuesta = client.post(
        reverse("balance:matriz", args=[enviada.pk]),
        {"accion": "devolver", "motivo": "  ", f"obs_{fila.pk}": "Precisa la fuente"},
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    arriba = resumen(html)
    assert 'role="alert"' in arriba and "data-enfocar" in arriba and 'tabindex="-1"' in arriba
    assert re.search(
        r'<a class="alert-link" href="#id_motivo">Motivo o comentario: '
        r"Explica al director por qué devuelves la matriz\.</a>",
        arriba,
    )
    # Also next to the field itself, and the observation typed is still on screen.
    assert 'id="id_motivo"' in html and "is-invalid" in html
    assert re.search(r">\s*Precisa la fuente</textarea>", html)
    assert Matriz.objects.get(pk=enviada.pk).estado == Estado.ENVIADA
    assert not Fila.objects.filter(matriz=enviada).exclude(observacion="").exists()


def test_aprobar_con_observaciones_enlaza_cada_observacion(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    f1, f2 = enviada.filas.order_by("lineamiento__orden")[:2]
    html = client.post(
        reverse("balance:matriz", args=[enviada.pk]),
        {"accion": "aprobar", f"obs_{f1.pk}": "Uno", f"obs_{f2.pk}": "Dos"},
    ).content.decode()
    arriba = resumen(html)
    assert f'href="#id_obs_{f1.pk}"' in arriba and f'href="#id_obs_{f2.pk}"' in arriba
    assert "Observación sobre «Aprendizajes para la vida»: Al aprobar no se guardan observaciones" in arriba
    assert Matriz.objects.get(pk=enviada.pk).estado == Estado.ENVIADA


def test_una_accion_desconocida_tambien_se_explica(client, mundo, enviada):
    client.force_login(mundo["ugel"])
    html = client.post(reverse("balance:matriz", args=[enviada.pk]), {"accion": "borrar"}).content.decode()
    assert 'href="#tu-revision"' in resumen(html)
    assert Matriz.objects.get(pk=enviada.pk).estado == Estado.ENVIADA


def test_revisada_mientras_tanto_lo_dice_arriba(client, mundo, enviada):
    from balance import services

    services.matriz_aprobar(matriz=enviada, usuario=mundo["admin"])
    client.force_login(mundo["ugel"])
    html = client.post(
        reverse("balance:matriz", args=[enviada.pk]), {"accion": "devolver", "motivo": "x", "confirmado": "1"}
    ).content.decode()
    assert "Solo se revisa una matriz enviada; esta está aprobada." in resumen(html)
