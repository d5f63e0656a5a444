"""«Cerrar campaña» and «Reabrir» ask on their own page what happens next; bad input (no reason, too
long, a campaign already closed, a matrix that is not approved) gets a clear message and changes
nothing."""

import re

import pytest
from django.urls import reverse

import historial
from balance import services
from balance.models import Campana, Estado, Matriz

from .conftest import enviar


def cierres(campana):
    return [
        e
        for e in historial.entradas(Campana.objects.get(pk=campana.pk), estados=True)
        if e.accion == "cerrar"
    ]


def test_el_tablero_lleva_a_la_pagina_no_a_un_confirm(client, mundo, campana):
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:tablero", args=[campana.pk])).content.decode()
    assert "confirm(" not in html
    assert f'href="{reverse("balance:campana_cerrar", args=[campana.pk])}"' in html


def test_cerrar_dice_que_pasa_y_cuantas_quedan_en_borrador(client, mundo, campana, matriz):
    enviar(matriz, mundo["director"])
    client.force_login(mundo["ugel"])
    url = reverse("balance:campana_cerrar", args=[campana.pk])
    html = client.get(url).content.decode()
    assert "¿Cerrar la campaña «Balance 2023 – UGEL A1»?" in html and "Qué pasa después:" in html
    assert "los directores ya no pueden editar ni enviar sus matrices" in html
    assert "1 matriz sigue en borrador</strong> (1 sin iniciar): quedarán sin enviar" in html
    assert "1 matriz enviada sigue esperando tu revisión" in html
    assert Campana.objects.get(pk=campana.pk).abierta  # nothing before the confirmation

    respuesta = client.post(url, follow=True)
    assert respuesta.redirect_chain[-1][0] == reverse("balance:tablero", args=[campana.pk])
    assert "Campaña cerrada" in respuesta.content.decode()
    assert not Campana.objects.get(pk=campana.pk).abierta
    assert len(cierres(campana)) == 1


def test_cerrar_una_campana_cerrada_lo_explica_y_no_escribe(client, mundo, campana):
    services.campana_cerrar(usuario=mundo["ugel"], campana=campana)
    client.force_login(mundo["ugel"])
    url = reverse("balance:campana_cerrar", args=[campana.pk])
    assert "La campaña ya está cerrada." in client.get(url).content.decode()
    respuesta = client.post(url, follow=True)
    assert "La campaña ya está cerrada." in respuesta.content.decode()
    assert len(cierres(campana)) == 1


@pytest.mark.parametrize("rol, estado", [("dre", 403), ("director", 403), ("difoca", 404), ("sin_rol", 404)])
def test_solo_quien_gestiona_ve_la_pagina_de_cierre(client, mundo, campana, rol, estado):
    client.force_login(mundo[rol])
    assert client.get(reverse("balance:campana_cerrar", args=[campana.pk])).status_code == estado
    assert client.post(reverse("balance:campana_cerrar", args=[campana.pk])).status_code == estado
    assert Campana.objects.get(pk=campana.pk).abierta


@pytest.fixture
def aprobada(matriz, mundo):
    enviar(matriz, mundo["director"])
    return services.matriz_aprobar(
        matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"], comentario="Conforme"
    )


def test_la_matriz_aprobada_lleva_a_la_pagina_de_reapertura(client, mundo, aprobada):
    client.force_login(mundo["ugel"])
    html = client.get(reverse("balance:matriz", args=[aprobada.pk])).content.decode()
    assert f'href="{reverse("balance:matriz_reabrir", args=[aprobada.pk])}"' in html
    assert 'name="motivo"' not in html  # the reason is asked on its own page


def test_reabrir_se_confirma_con_su_motivo(client, mundo, aprobada):
    client.force_login(mundo["ugel"])
    url = reverse("balance:matriz_reabrir", args=[aprobada.pk])
    html = client.get(url).content.decode()
    assert "¿Reabrir la matriz de" in html and "Qué pasa después:" in html
    assert "será una nueva ronda de revisión" in html
    assert "queda en el historial de la matriz" in html and "«Conforme»" in html
    assert 'name="motivo"' in html and "Sí, reabrir la matriz" in html
    assert Matriz.objects.get(pk=aprobada.pk).estado == Estado.APROBADA

    assert client.post(url, {"motivo": "Falta el certificado"}).status_code == 302
    matriz = Matriz.objects.get(pk=aprobada.pk)
    assert matriz.estado == Estado.OBSERVADA
    cambios = historial.entradas(matriz, estados=True)
    assert [c.accion for c in cambios[-2:]] == ["aprobar", "reabrir"]  # the approval stays
    assert cambios[-1].comentario == "Falta el certificado"


@pytest.mark.parametrize(
    "motivo, mensaje",
    [
        ("", "Explica al director por qué reabres la matriz."),
        ("   \n ", "Explica al director por qué reabres la matriz."),
        ("x" * 2001, "Escribe hasta 2000 caracteres (tienes 2001)."),
    ],
)
def test_reabrir_con_un_motivo_malo_lo_dice_junto_al_campo(client, mundo, aprobada, motivo, mensaje):
    client.force_login(mundo["ugel"])
    antes = len(historial.entradas(aprobada, estados=True))
    respuesta = client.post(reverse("balance:matriz_reabrir", args=[aprobada.pk]), {"motivo": motivo})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    # The message sits right under the field it is about.
    campo = html.index('id="id_motivo"')
    assert re.search(r"is-invalid", html[html.rindex("<textarea", 0, campo) : campo])
    fin = html.index("</textarea>", campo)
    assert html.index(mensaje, fin) < fin + 800
    # And in the form's error summary above, linked to the field.
    resumen = html.index('class="alert alert-danger resumen-errores"')
    assert resumen < html.index('href="#id_motivo"', resumen) < html.index(mensaje, resumen) < campo
    matriz = Matriz.objects.get(pk=aprobada.pk)
    assert (matriz.estado, matriz.aprobada_por) == (Estado.APROBADA, mundo["ugel"])
    assert len(historial.entradas(matriz, estados=True)) == antes


def test_no_se_reabre_lo_que_no_esta_aprobado_ni_con_la_campana_cerrada(client, mundo, matriz, aprobada):
    client.force_login(mundo["ugel"])
    url = reverse("balance:matriz_reabrir", args=[aprobada.pk])
    services.campana_cerrar(usuario=mundo["ugel"], campana=aprobada.campana)
    html = client.get(url).content.decode()
    assert "La campaña está cerrada: el director no podría corregir la matriz." in html
    assert 'name="motivo"' not in html
    assert "La campaña está cerrada" in client.post(url, {"motivo": "x"}).content.decode()
    assert Matriz.objects.get(pk=aprobada.pk).estado == Estado.APROBADA


def test_una_enviada_no_se_reabre(client, mundo, matriz):
    enviar(matriz, mundo["director"])
    client.force_login(mundo["ugel"])
    html = client.post(reverse("balance:matriz_reabrir", args=[matriz.pk]), {"motivo": "x"}).content.decode()
    assert "Solo se reabre una matriz aprobada; esta está enviada." in html
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA


@pytest.mark.parametrize("rol, estado", [("dre", 403), ("director", 403), ("difoca", 404), ("sin_rol", 404)])
def test_la_pagina_de_reapertura_solo_para_la_ugel(client, mundo, aprobada, rol, estado):
    client.force_login(mundo[rol])
    assert client.get(reverse("balance:matriz_reabrir", args=[aprobada.pk])).status_code == estado
