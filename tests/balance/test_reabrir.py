"""The UGEL reopens an approved matrix with a reason: the director gets it back as observed, is told,
and sends it again; the history keeps who reopened it and why."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import historial
from avisos.models import Aviso
from balance import services
from balance.models import Estado, Matriz

from .conftest import enviar


@pytest.fixture
def aprobada(matriz, mundo):
    enviar(matriz, mundo["director"])
    return services.matriz_aprobar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"])


def test_la_ugel_reabre_y_el_director_corrige(
    client, aprobada, con_correo, tareas_inmediatas, django_capture_on_commit_callbacks
):
    Aviso.objects.all().delete()
    mail.outbox.clear()
    client.force_login(con_correo["ugel"])
    pagina = client.get(reverse("balance:matriz", args=[aprobada.pk])).content.decode()
    assert "Reabrir para corregir" in pagina
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            reverse("balance:matriz_reabrir", args=[aprobada.pk]), {"motivo": "Falta el certificado 3"}
        )
    assert respuesta.status_code == 302
    matriz = Matriz.objects.get(pk=aprobada.pk)
    assert (matriz.estado, matriz.aprobada_en, matriz.aprobada_por) == (Estado.OBSERVADA, None, None)
    ultima = historial.entradas(matriz, estados=True)[-1]
    assert (ultima.accion, ultima.de, ultima.a, ultima.comentario, ultima.usuario) == (
        "reabrir",
        Estado.APROBADA,
        Estado.OBSERVADA,
        "Falta el certificado 3",
        con_correo["ugel"],
    )
    aviso = Aviso.objects.get()
    assert aviso.usuario == con_correo["director"] and "reabrió" in aviso.titulo
    assert [m.to for m in mail.outbox] == [["director@chasqui.example.pe"]]
    # The director edits and sends it again.
    assert matriz.editable
    enviar(matriz, con_correo["director"])
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA


def test_sin_motivo_se_explica_junto_al_campo_y_nada_cambia(client, aprobada, mundo):
    client.force_login(mundo["ugel"])
    respuesta = client.post(reverse("balance:matriz_reabrir", args=[aprobada.pk]), {"motivo": "  "})
    assert respuesta.status_code == 200
    assert "Explica al director por qué reabres la matriz." in respuesta.content.decode()
    assert Matriz.objects.get(pk=aprobada.pk).estado == Estado.APROBADA


@pytest.mark.parametrize("rol, estado", [("dre", 403), ("director", 403), ("difoca", 404), ("sin_rol", 404)])
def test_solo_la_ugel_reabre(client, aprobada, mundo, rol, estado):
    client.force_login(mundo[rol])
    respuesta = client.post(reverse("balance:matriz_reabrir", args=[aprobada.pk]), {"motivo": "x"})
    assert respuesta.status_code == estado
    assert Matriz.objects.get(pk=aprobada.pk).estado == Estado.APROBADA


def test_el_servicio_rechaza_lo_que_no_esta_aprobado_o_la_campana_cerrada(matriz, mundo, aprobada):
    with pytest.raises(PermissionDenied):
        services.matriz_reabrir(matriz=aprobada, usuario=mundo["dre"], motivo="x")
    services.campana_cerrar(usuario=mundo["admin"], campana=aprobada.campana)
    with pytest.raises(ValidationError, match="campaña está cerrada"):
        services.matriz_reabrir(matriz=Matriz.objects.get(pk=aprobada.pk), usuario=mundo["ugel"], motivo="x")


def test_una_matriz_enviada_no_se_reabre(matriz, mundo):
    enviar(matriz, mundo["director"])
    with pytest.raises(ValidationError, match="Solo se reabre una matriz aprobada"):
        services.matriz_reabrir(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"], motivo="x")
