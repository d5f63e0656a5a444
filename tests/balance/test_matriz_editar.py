"""The director's page: full-page saves, autosave, bad input, sending, and two people at once."""

import pytest
from django.urls import reverse

from balance.models import Estado, Fila, Logro, Matriz

from .conftest import enviar, llenar
from .formulario import datos_formulario, prefijo


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def url(matriz, nombre="balance:matriz_editar"):
    return reverse(nombre, args=[matriz.pk])


def test_la_pagina_muestra_cada_lineamiento_y_la_nota(director, matriz):
    html = director.get(url(matriz)).content.decode()
    for fila in matriz.filas.all():
        assert fila.lineamiento.nombre in html
    assert "Los logros deben estar descritos de manera cuantitativa y cualitativa" in html
    assert 'data-contador="2000"' in html
    assert "Enviar a la UGEL" in html


def test_guardar_borrador(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(
        matriz,
        **{
            f"{p}-acciones": "Talleres de lectura",
            f"{p}-l1-cifra": "12,5",
            f"{p}-l1-que_cuenta": "% más de asistencia",
            f"{p}-d2-texto": "Poca conectividad",
            "c1-que": "Tutorías flexibles",
            "c1-plazo": "2024-03-31",
            "guardar": "1",
        },
    )
    respuesta = director.post(url(matriz), datos)
    assert respuesta.status_code == 302
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.acciones == "Talleres de lectura"
    logro = fila.logros.get()
    assert (logro.orden, str(logro.cifra), logro.que_cuenta) == (1, "12.50", "% más de asistencia")
    assert list(fila.dificultades.values_list("orden", "texto")) == [(2, "Poca conectividad")]
    assert matriz.compromisos.get().que == "Tutorías flexibles"
    matriz.refresh_from_db()
    assert matriz.version == 2 and matriz.editada_en and matriz.progreso > 0


def test_autoguardado(director, matriz):
    p = prefijo(matriz)
    respuesta = director.post(
        url(matriz, "balance:matriz_autoguardar"), datos_formulario(matriz, **{f"{p}-acciones": "Feria"})
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Guardado a las" in html
    assert 'id="version" value="2" hx-swap-oob="true"' in html
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Feria"


@pytest.mark.parametrize(
    "enlace", ["javascript:alert(1)", "data:text/html,hola", "ftp://archivo.pe/x", "no es un enlace"]
)
def test_enlace_que_no_es_http_se_rechaza_y_lo_demas_se_guarda(director, matriz, enlace):
    llenar(matriz, matriz.institucion.asignaciones.get().usuario)
    matriz.refresh_from_db()
    p = prefijo(matriz)
    anterior = Fila.objects.get(pk=int(p[1:])).enlace_evidencias
    datos = datos_formulario(matriz, **{f"{p}-enlace_evidencias": enlace, f"{p}-acciones": "Nuevo texto"})
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), datos)
    assert respuesta.status_code == 422
    assert "http:// o https://" in respuesta.content.decode()
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.enlace_evidencias == anterior  # the bad link did not replace the stored one
    assert fila.acciones == "Nuevo texto"  # the rest was saved


def test_enlace_invalido_en_pagina_completa_se_muestra_junto_al_campo(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(
        matriz, **{f"{p}-l1-evidencia": "javascript:alert(1)", f"{p}-acciones": "Hecho", "guardar": "1"}
    )
    html = director.post(url(matriz), datos).content.decode()
    assert "is-invalid" in html
    assert "Escribe un enlace completo que empiece con http:// o https://" in html
    assert "javascript:alert(1)" in html  # what was typed is shown back, not lost
    assert not Logro.objects.filter(evidencia__startswith="javascript").exists()
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Hecho"


def test_texto_demasiado_largo(director, matriz):
    p = prefijo(matriz)
    llenar(matriz, matriz.institucion.asignaciones.get().usuario)
    matriz.refresh_from_db()
    datos = datos_formulario(matriz, **{f"{p}-acciones": "x" * 2001, "guardar": "1"})
    html = director.post(url(matriz), datos).content.decode()
    assert "2000" in html and "2001" in html  # Django's Spanish message names the limit and the length
    assert Fila.objects.get(pk=int(p[1:])).acciones.startswith("Acciones de")


def test_cuarto_logro(director, matriz):
    p = prefijo(matriz)
    datos = datos_formulario(
        matriz, **{f"{p}-l4-cifra": "5", f"{p}-l4-que_cuenta": "cuarto", f"{p}-l4-cualitativo": "x"}
    )
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), datos)
    assert respuesta.status_code == 422
    assert "Se admiten hasta 3 logros por lineamiento." in respuesta.content.decode()
    assert not Logro.objects.filter(que_cuenta="cuarto").exists()


def test_enviar_incompleta_nombra_lo_que_falta(director, matriz):
    datos = datos_formulario(matriz, enviar="1")
    respuesta = director.post(url(matriz), datos)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Aún no se puede enviar" in html
    assert "Describe las acciones realizadas." in html
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR


def test_enviar_completa(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    respuesta = director.post(url(matriz), datos_formulario(matriz, enviar="1"))
    # Saved, then the confirmation page: nothing is sent until it is confirmed.
    assert respuesta.status_code == 302
    assert respuesta.url == reverse("balance:matriz_enviar", args=[matriz.pk])
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR
    html = director.get(respuesta.url).content.decode()
    assert "¿Enviar la matriz a la UGEL?" in html and "puedes retirarla" in html
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR
    respuesta = director.post(url(matriz, "balance:matriz_enviar"))
    assert respuesta.url == reverse("balance:matriz", args=[matriz.pk])
    matriz.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA


def test_confirmar_el_envio_de_una_incompleta_vuelve_a_editar(director, matriz):
    respuesta = director.post(url(matriz, "balance:matriz_enviar"), follow=True)
    assert "Aún no se puede enviar" in respuesta.content.decode()
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR


@pytest.mark.parametrize("rol, estado", [("ugel", 403), ("difoca", 404)])
def test_confirmar_el_envio_sin_permiso(client, mundo, matriz, rol, estado):
    llenar(matriz, mundo["director"])
    client.force_login(mundo[rol])
    assert client.post(url(matriz, "balance:matriz_enviar")).status_code == estado
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR


def test_matriz_enviada_no_se_edita(director, matriz, mundo):
    enviar(matriz, mundo["director"])
    matriz.refresh_from_db()
    assert director.get(url(matriz)).status_code == 302  # to the read-only page
    p = prefijo(matriz)
    respuesta = director.post(
        url(matriz, "balance:matriz_autoguardar"), datos_formulario(matriz, **{f"{p}-acciones": "cambio"})
    )
    assert respuesta.status_code == 409
    assert "no se puede modificar" in respuesta.content.decode()
    assert Fila.objects.get(pk=int(p[1:])).acciones != "cambio"
    respuesta = director.post(
        url(matriz), datos_formulario(matriz, **{f"{p}-acciones": "cambio", "guardar": "1"})
    )
    assert Fila.objects.get(pk=int(p[1:])).acciones != "cambio"


def test_dos_pestanas_no_se_pisan(director, matriz):
    p = prefijo(matriz)
    vieja = datos_formulario(matriz)  # both tabs loaded version 1
    director.post(url(matriz, "balance:matriz_autoguardar"), {**vieja, f"{p}-acciones": "Primera pestaña"})
    respuesta = director.post(
        url(matriz, "balance:matriz_autoguardar"), {**vieja, f"{p}-acciones": "Segunda pestaña"}
    )
    assert respuesta.status_code == 409
    assert "Esta matriz se guardó desde otra pestaña tuya" in respuesta.content.decode()
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Primera pestaña"

    # The full-page save shows the conflict with the second tab's text intact, and offers to replace.
    respuesta = director.post(url(matriz), {**vieja, f"{p}-acciones": "Segunda pestaña", "guardar": "1"})
    html = respuesta.content.decode()
    assert "Esta matriz se guardó desde otra pestaña tuya mientras escribías aquí" in html
    assert "Segunda pestaña" in html
    assert 'name="version" id="version" value="2"' in html
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Primera pestaña"

    # Choosing to replace sends the newer version: it goes through.
    director.post(url(matriz), {**vieja, "version": "2", f"{p}-acciones": "Segunda pestaña", "guardar": "1"})
    assert Fila.objects.get(pk=int(p[1:])).acciones == "Segunda pestaña"


def test_version_ausente_o_falsa(director, matriz):
    datos = datos_formulario(matriz)
    datos["version"] = "abc"
    assert director.post(url(matriz, "balance:matriz_autoguardar"), datos).status_code == 409


@pytest.mark.parametrize("nombre", ["balance:matriz_editar", "balance:matriz_autoguardar", "balance:matriz"])
def test_matriz_de_otra_institucion_es_404(director, campana, mundo, nombre):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    assert director.get(url(otra, nombre)).status_code in (404, 405)
    respuesta = director.post(
        url(otra, nombre), datos_formulario(otra, **{f"{prefijo(otra)}-acciones": "intruso"})
    )
    assert respuesta.status_code == 404
    assert not Fila.objects.filter(acciones="intruso").exists()


def test_id_de_matriz_inventado(director):
    assert (
        director.post(reverse("balance:matriz_autoguardar", args=[999999]), {"version": "1"}).status_code
        == 404
    )


def test_fila_de_otra_matriz_en_el_formulario_se_ignora(director, matriz, campana, mundo):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    datos = datos_formulario(matriz, **{f"{prefijo(otra)}-acciones": "intruso"})
    director.post(url(matriz, "balance:matriz_autoguardar"), datos)
    assert not Fila.objects.filter(acciones="intruso").exists()


@pytest.mark.parametrize("rol", ["ugel", "dre"])
def test_especialistas_no_editan(client, mundo, matriz, rol):
    client.force_login(mundo[rol])
    assert client.get(url(matriz)).status_code == 403
    assert client.post(url(matriz, "balance:matriz_autoguardar"), datos_formulario(matriz)).status_code == 403


def test_un_formulario_parcial_no_borra_lo_que_no_envia(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    p = prefijo(matriz)
    respuesta = director.post(
        url(matriz, "balance:matriz_autoguardar"),
        {"version": str(matriz.version), f"{p}-acciones": "Solo esto"},
    )
    assert respuesta.status_code == 200
    fila = Fila.objects.get(pk=int(p[1:]))
    assert fila.acciones == "Solo esto"
    assert fila.sugerencias == "Más talleres en 2024"
    assert fila.logros.count() == 1 and fila.dificultades.count() == 1


def test_caracteres_de_control_se_quitan(director, matriz):
    p = prefijo(matriz)
    director.post(
        url(matriz, "balance:matriz_autoguardar"), datos_formulario(matriz, **{f"{p}-acciones": "a\x0bb\tc"})
    )
    assert Fila.objects.get(pk=int(p[1:])).acciones == "ab\tc"


def test_otra_persona_guardo_antes(director, matriz, mundo):
    vieja = datos_formulario(matriz)
    llenar(matriz, mundo["admin"])
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), vieja)
    assert respuesta.status_code == 409
    assert f"{mundo['admin']} guardó esta matriz a las" in respuesta.content.decode()


def test_enviada_desde_otra_pestana_conserva_el_texto(director, matriz, mundo):
    vieja = datos_formulario(matriz)
    enviar(matriz, mundo["director"])
    p = prefijo(matriz)
    respuesta = director.post(
        url(matriz), {**vieja, f"{p}-acciones": "Lo que escribí al final", "guardar": "1"}
    )
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "No se guardó." in html and "no se puede modificar hasta que la UGEL la devuelva" in html
    assert "Lo que escribí al final" in html
    assert Fila.objects.get(pk=int(p[1:])).acciones != "Lo que escribí al final"


def test_version_ausente(director, matriz):
    datos = datos_formulario(matriz, guardar="1")
    del datos["version"]
    html = director.post(url(matriz), datos).content.decode()
    assert "La matriz cambió desde que abriste esta página." in html or "otra pestaña tuya" in html
    assert "None" not in html


def test_autoguardado_con_sesion_vencida(client, matriz):
    respuesta = client.post(url(matriz, "balance:matriz_autoguardar"), datos_formulario(matriz))
    assert respuesta.status_code == 401
    assert "Tu sesión terminó" in respuesta.content.decode()


def test_guardar_sin_cambios_no_mueve_la_version(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    logros = set(Logro.objects.filter(fila__matriz=matriz).values_list("pk", flat=True))
    respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), datos_formulario(matriz))
    assert respuesta.status_code == 200
    antes = matriz.version
    matriz.refresh_from_db()
    assert matriz.version == antes
    assert set(Logro.objects.filter(fila__matriz=matriz).values_list("pk", flat=True)) == logros


def test_autoguardado_escribe_solo_lo_que_cambia(director, matriz, mundo, django_assert_max_num_queries):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    datos = datos_formulario(matriz, **{f"{prefijo(matriz)}-acciones": "Otro texto"})
    # Session and scope (3), the matrix as the page knows it (5), locked with its content (5), one
    # UPDATE, the content read back for the progress (5), the version (1), savepoints (2), the
    # history's context cleared after the action (1): not a delete-and-insert of every row, logro and
    # difficulty. The list of difficulty categories (1), and again for the forms that mark the
    # fields and give the page its new «base» after the save (2).
    with django_assert_max_num_queries(26):
        respuesta = director.post(url(matriz, "balance:matriz_autoguardar"), datos)
    assert respuesta.status_code == 200
