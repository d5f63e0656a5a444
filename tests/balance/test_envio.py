"""Sending: what must be complete, the deadline, the closed campaign."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

import historial
from balance import services
from balance.models import Estado

from .conftest import datos_completos, llenar


def test_matriz_vacia_nombra_cada_pieza_faltante(mundo, matriz):
    with pytest.raises(services.MatrizIncompleta) as exc:
        services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    faltantes = {li.nombre: msgs for li, msgs in exc.value.faltantes}
    assert set(faltantes) == {
        "Aprendizajes para la vida",
        "Certificación Múltiple",
        "Bienestar de la Comunidad Educativa",
    }
    assert faltantes["Certificación Múltiple"] == [
        "Describe las acciones realizadas.",
        "Registra al menos un logro completo: cifra, qué cuenta, descripción cualitativa y evidencia.",
        "Señala al menos una dificultad.",
        "Escribe una sugerencia para el próximo año.",
    ]
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR


@pytest.mark.parametrize("falta", ["cifra", "que_cuenta", "cualitativo", "evidencia"])
def test_un_logro_sin_una_de_sus_partes_no_cuenta(mundo, matriz, falta):
    datos = datos_completos(matriz)
    primera = next(iter(datos))
    datos[primera].logros[0][falta] = None if falta == "cifra" else ""
    services.matriz_guardar(matriz=matriz, usuario=mundo["director"], version=matriz.version, filas=datos)
    with pytest.raises(services.MatrizIncompleta) as exc:
        services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    ((lineamiento, mensajes),) = exc.value.faltantes
    assert lineamiento.orden == 1
    assert mensajes == [
        "Registra al menos un logro completo: cifra, qué cuenta, descripción cualitativa y evidencia."
    ]


def test_matriz_completa_se_envia_y_queda_en_historial(mundo, matriz):
    llenar(matriz, mundo["director"])
    services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    matriz.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA and matriz.enviada_en and matriz.progreso == 100
    cambio = historial.entradas(matriz, estados=True)[-1]
    assert (cambio.de, cambio.a, cambio.usuario) == ("borrador", "enviada", mundo["director"])


def test_despues_del_plazo_no_se_envia(mundo, matriz):
    llenar(matriz, mundo["director"])
    matriz.campana.fecha_limite = timezone.localdate() - timedelta(days=1)
    matriz.campana.save()
    with pytest.raises(ValidationError, match="El plazo venció"):
        services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR


def test_el_dia_del_plazo_aun_se_envia(mundo, matriz):
    llenar(matriz, mundo["director"])
    matriz.campana.fecha_limite = timezone.localdate()
    matriz.campana.save()
    services.matriz_enviar(matriz=matriz, usuario=mundo["director"])


def test_campana_cerrada_no_recibe_ni_cambios(mundo, matriz):
    llenar(matriz, mundo["director"])
    services.campana_cerrar(usuario=mundo["admin"], campana=matriz.campana)
    with pytest.raises(ValidationError, match="cerrada"):
        services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    matriz.refresh_from_db()
    with pytest.raises(ValidationError, match="cerrada"):
        services.matriz_guardar(matriz=matriz, usuario=mundo["director"], version=matriz.version, filas={})
