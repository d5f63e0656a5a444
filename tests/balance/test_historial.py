"""History is written in the same transaction as the change: if it cannot be written, nothing changes.

The service is called with no transaction of the test's own around it: only the service's atomic block
can undo the state change when the history row is refused.
"""

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

import historial
from balance import services
from balance.models import Estado, Matriz
from balance.services import DatosFila
from historial.senales import accion_registrada
from tests.balance.test_admin import datos_del_admin

from .conftest import datos_completos, enviar, llenar
from .formulario import datos_formulario


def romper_historial():
    """A real constraint that refuses any new history row, added inside the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE balance_matrizcambio ADD CONSTRAINT prueba_rechaza CHECK (false) NOT VALID"
        )


def test_si_el_historial_falla_el_envio_no_ocurre(mundo, matriz):
    llenar(matriz, mundo["director"])
    romper_historial()
    with pytest.raises(IntegrityError):
        services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR
    assert matriz.enviada_en is None


def test_si_el_historial_falla_la_devolucion_no_ocurre(mundo, matriz):
    enviar(matriz, mundo["director"])
    fila = matriz.filas.first()
    romper_historial()
    with pytest.raises(IntegrityError):
        services.matriz_devolver(
            matriz=matriz, usuario=mundo["ugel"], motivo="Falta", observaciones={fila.pk: "Corrige"}
        )
    matriz.refresh_from_db()
    fila.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA
    assert fila.observacion == ""


# --- every screen that changes a matrix leaves its entry, with who did it -------------------------


def test_cada_pantalla_queda_en_el_historial(client, mundo, matriz):
    fila = matriz.filas.order_by("lineamiento__orden").first()
    client.force_login(mundo["director"])
    respuesta = client.post(
        reverse("balance:matriz_autoguardar", args=[matriz.pk]),
        datos_formulario(matriz, **{f"f{fila.pk}-acciones": "Feria de emprendimiento"}),
    )
    assert respuesta.status_code == 200
    (autoguardado,) = [e for e in historial.entradas(fila) if e.tipo == historial.Tipo.EDICION]
    assert (autoguardado.usuario, autoguardado.accion) == (mundo["director"], "guardar")
    assert autoguardado.cambios["acciones"] == ("", "Feria de emprendimiento")

    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    editar = reverse("balance:matriz_editar", args=[matriz.pk])
    assert client.post(editar, datos_formulario(matriz, enviar="1")).status_code == 302
    assert client.post(reverse("balance:matriz_enviar", args=[matriz.pk])).status_code == 302

    client.force_login(mundo["ugel"])
    revisar = reverse("balance:matriz", args=[matriz.pk])
    datos = {
        "confirmado": "1",
        "accion": "devolver",
        "motivo": "Falta evidencia",
        f"obs_{fila.pk}": "Precisa la fuente",
    }
    assert client.post(revisar, datos).status_code == 302
    (observacion,) = [e for e in historial.entradas(fila) if "observacion" in e.cambios]
    assert (observacion.usuario, observacion.accion) == (mundo["ugel"], "devolver")

    client.force_login(mundo["director"])
    html = client.get(editar).content.decode()
    assert f"«Falta evidencia» — {mundo['ugel']}" in html  # the return's reason, from the history
    assert client.post(editar, datos_formulario(matriz, enviar="1")).status_code == 302
    assert client.post(reverse("balance:matriz_enviar", args=[matriz.pk])).status_code == 302
    client.force_login(mundo["ugel"])
    assert (
        client.post(revisar, {"confirmado": "1", "accion": "aprobar", "motivo": "Conforme"}).status_code
        == 302
    )

    pasos = [(e.de, e.a, e.usuario.username, e.accion, e.comentario) for e in historial.entradas(matriz)]
    assert [p for p in pasos if p[0] != p[1] and p[1] is not None] == [
        ("", "borrador", "admin", "abrir", "Campaña abierta"),
        ("borrador", "enviada", "director", "enviar", ""),
        ("enviada", "observada", "ugel", "devolver", "Falta evidencia"),
        ("observada", "enviada", "director", "enviar", ""),
        ("enviada", "aprobada", "ugel", "aprobar", "Conforme"),
    ]
    html = client.get(revisar).content.decode()
    assert "Enviada → Aprobada" in html and "«Conforme»" in html


def test_guardar_y_enviar_en_un_paso_se_registran_aparte(client, mundo, matriz):
    """The save that comes with a send is an edit; only the send is the state change."""
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    fila = matriz.filas.order_by("lineamiento__orden").first()
    client.force_login(mundo["director"])
    datos = datos_formulario(matriz, enviar="1", **{f"f{fila.pk}-acciones": "Otra acción"})
    assert client.post(reverse("balance:matriz_editar", args=[matriz.pk]), datos).status_code == 302
    assert client.post(reverse("balance:matriz_enviar", args=[matriz.pk])).status_code == 302
    ultimo = historial.entradas(fila)[-1]
    assert (ultimo.accion, ultimo.tipo) == ("guardar", historial.Tipo.EDICION)
    # The save is on the row it changed; the matrix records the send (its version and progress,
    # which every save touches, stay out of its history).
    *antes, envio = historial.entradas(matriz)
    assert (envio.accion, envio.de, envio.a) == ("enviar", "borrador", "enviada")
    assert all(e.accion != "guardar" for e in antes)


def test_la_plantilla_importada_se_registra_como_importacion(mundo, matriz):
    matriz.refresh_from_db()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas=datos_completos(matriz),
        importada=True,
    )
    fila = matriz.filas.first()
    ultimo = historial.entradas(fila)[-1]
    assert (ultimo.tipo, ultimo.accion, ultimo.usuario) == (
        historial.Tipo.IMPORTACION,
        "importar",
        mundo["director"],
    )


def test_un_envio_rechazado_no_deja_entrada_ni_aviso(
    client, mundo, matriz, django_capture_on_commit_callbacks
):
    antes = len(historial.entradas(matriz))
    client.force_login(mundo["director"])
    with django_capture_on_commit_callbacks() as avisos:
        respuesta = client.post(
            reverse("balance:matriz_editar", args=[matriz.pk]), datos_formulario(matriz, enviar="1")
        )
    assert "La matriz aún no está completa" in respuesta.content.decode() or respuesta.status_code == 200
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR
    assert len(historial.entradas(matriz)) == antes
    assert avisos == []


def test_aviso_de_una_accion_hecha(mundo, matriz, django_capture_on_commit_callbacks):
    recibidas = []

    def receptor(sender, **kwargs):
        recibidas.append((sender, kwargs["objeto"].pk, kwargs["accion"], kwargs["de"], kwargs["a"]))

    llenar(matriz, mundo["director"])
    accion_registrada.connect(receptor)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    finally:
        accion_registrada.disconnect(receptor)
    assert recibidas == [(Matriz, matriz.pk, "enviar", "borrador", "enviada")]


def test_el_historial_se_lee_en_consultas_acotadas(mundo, matriz, django_assert_max_num_queries):
    fila = matriz.filas.first()
    with django_assert_max_num_queries(2):
        assert len(historial.entradas(fila)) == 1
    for i in range(6):
        matriz.refresh_from_db()
        fila = matriz.filas.first()
        usuario = mundo["director"] if i % 2 else mundo["admin"]
        services.matriz_guardar(
            matriz=matriz,
            usuario=usuario,
            version=matriz.version,
            filas={fila.pk: DatosFila(acciones=f"v{i}")},
        )
    # The saves are recorded on the row they changed; reading them stays at two queries.
    with django_assert_max_num_queries(2):
        entradas = historial.entradas(fila)
        assert {e.usuario for e in entradas[1:]} == {mundo["director"], mundo["admin"]}
    assert len(entradas) == 7


# --- /admin/ ---------------------------------------------------------------------------------------


def test_el_estado_no_se_cambia_desde_el_admin(mundo):
    from balance.admin import CampanaAdmin, MatrizAdmin

    for campo in ("estado", "enviada_en", "aprobada_en", "aprobada_por"):
        assert campo in MatrizAdmin.readonly_fields
    assert "abierta" in CampanaAdmin.readonly_fields


def test_editar_una_campana_en_el_admin_queda_con_su_usuario(client, mundo, campana):
    datos = {
        "anio": campana.anio,
        "titulo": "Balance 2023 – UGEL A1 (corregido)",
        "ugel": campana.ugel_id,
        "fecha_limite": campana.fecha_limite.isoformat(),
        "abierta": "",  # read-only: ignored
        "lineamientos-TOTAL_FORMS": "0",
        "lineamientos-INITIAL_FORMS": "0",
    }
    client.force_login(mundo["admin"])
    respuesta = client.post(f"/admin/balance/campana/{campana.pk}/change/", datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    campana.refresh_from_db()
    assert campana.abierta
    edicion = historial.entradas(campana)[-1]
    assert (edicion.tipo, edicion.usuario) == (historial.Tipo.EDICION, mundo["admin"])
    assert edicion.cambios == {"titulo": ("Balance 2023 – UGEL A1", "Balance 2023 – UGEL A1 (corregido)")}


def test_el_admin_no_escribe_el_contenido_y_muestra_el_historial(client, mundo, matriz):
    """The director owns the content (balance.admin.SoloLectura): what the admin posts is ignored."""
    filas = list(matriz.filas.order_by("lineamiento__orden"))
    datos = datos_del_admin(
        matriz, estado=Estado.APROBADA, **{"filas-0-acciones": "Corregido por el administrador"}
    )
    client.force_login(mundo["admin"])
    respuesta = client.post(f"/admin/balance/matriz/{matriz.pk}/change/", datos)
    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR
    filas[0].refresh_from_db()
    assert filas[0].acciones == ""
    assert [e.tipo for e in historial.entradas(filas[0])] == [historial.Tipo.CREACION]
    html = client.get(f"/admin/balance/matriz/{matriz.pk}/change/").content.decode()
    assert "Campaña abierta" in html  # the history, read-only on the change page


def test_una_actualizacion_masiva_tampoco_escapa(mundo, matriz):
    """A bulk update outside any service is recorded by the trigger all the same."""
    Matriz.objects.filter(pk=matriz.pk).update(estado=Estado.APROBADA)
    ultimo = historial.entradas(matriz)[-1]
    assert (ultimo.de, ultimo.a, ultimo.usuario) == ("borrador", "aprobada", None)
