"""The state machine: every transition from every state, by every role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import historial
from balance import services
from balance.models import Estado

from .conftest import enviar, llenar

ESTADOS = ["borrador", "enviada", "observada", "aprobada"]
ROLES = ["director", "ugel", "dre", "difoca", "admin", "sin_rol"]


def en_estado(matriz, estado, mundo):
    admin = mundo["admin"]
    llenar(matriz, admin)
    if estado != "borrador":
        enviar(matriz, admin)
    if estado == "observada":
        services.matriz_devolver(matriz=matriz, usuario=admin, motivo="Falta evidencia")
    if estado == "aprobada":
        services.matriz_aprobar(matriz=matriz, usuario=admin)
    matriz.refresh_from_db()
    assert matriz.estado == estado
    return matriz


def accion(nombre, matriz, usuario):
    if nombre == "guardar":
        return services.matriz_guardar(matriz=matriz, usuario=usuario, version=matriz.version, filas={})
    if nombre == "enviar":
        return services.matriz_enviar(matriz=matriz, usuario=usuario)
    if nombre == "devolver":
        return services.matriz_devolver(
            matriz=matriz, usuario=usuario, motivo="Revisar logros", observaciones={}
        )
    return services.matriz_aprobar(matriz=matriz, usuario=usuario)


# action → (roles that may do it, states it starts from, state it leads to)
REGLAS = {
    "guardar": ({"director", "admin"}, {"borrador", "observada"}, None),
    "enviar": ({"director", "admin"}, {"borrador", "observada"}, "enviada"),
    "devolver": ({"ugel", "admin"}, {"enviada"}, "observada"),
    "aprobar": ({"ugel", "admin"}, {"enviada"}, "aprobada"),
}


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("estado", ESTADOS)
@pytest.mark.parametrize("nombre", REGLAS)
def test_transicion(mundo, matriz, nombre, estado, rol):
    matriz = en_estado(matriz, estado, mundo)
    roles, desde, hacia = REGLAS[nombre]
    antes = len(historial.entradas(matriz, estados=True))
    if rol not in roles:
        with pytest.raises(PermissionDenied):
            accion(nombre, matriz, mundo[rol])
    elif estado not in desde:
        with pytest.raises(ValidationError):
            accion(nombre, matriz, mundo[rol])
    else:
        accion(nombre, matriz, mundo[rol])
        matriz.refresh_from_db()
        assert matriz.estado == (hacia or estado)
        assert len(historial.entradas(matriz, estados=True)) == antes + (1 if hacia else 0)
        return
    matriz.refresh_from_db()
    assert matriz.estado == estado
    assert len(historial.entradas(matriz, estados=True)) == antes


def test_director_de_otra_institucion(mundo, campana):
    from balance.models import Matriz

    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    with pytest.raises(PermissionDenied):
        llenar(otra, mundo["director"])


def test_la_ugel_de_otra_jurisdiccion_no_revisa(mundo, matriz):
    from cuentas.models import Rol
    from tests.factories import usuario_con

    otra_ugel = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"])
    enviar(matriz, mundo["director"])
    with pytest.raises(PermissionDenied):
        services.matriz_aprobar(matriz=matriz, usuario=otra_ugel)


def test_devolver_exige_motivo(mundo, matriz):
    enviar(matriz, mundo["director"])
    with pytest.raises(ValidationError) as exc:
        services.matriz_devolver(matriz=matriz, usuario=mundo["ugel"], motivo="  ")
    assert exc.value.message_dict == {"motivo": ["Explica al director por qué devuelves la matriz."]}
    matriz.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA


def test_ciclo_completo_con_observaciones(mundo, matriz):
    enviar(matriz, mundo["director"])
    fila = matriz.filas.order_by("lineamiento__orden").first()
    services.matriz_devolver(
        matriz=matriz,
        usuario=mundo["ugel"],
        motivo="Faltan evidencias",
        observaciones={fila.pk: "Adjunta actas"},
    )
    fila.refresh_from_db()
    assert fila.observacion == "Adjunta actas"
    matriz.refresh_from_db()
    services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    services.matriz_aprobar(matriz=matriz, usuario=mundo["ugel"], comentario="Conforme")
    matriz.refresh_from_db()
    assert matriz.aprobada_por == mundo["ugel"]
    pasos = [(c.de, c.a, c.comentario) for c in historial.entradas(matriz, estados=True)]
    assert pasos == [
        ("", "borrador", "Campaña abierta"),
        ("borrador", "enviada", ""),
        ("enviada", "observada", "Faltan evidencias"),
        ("observada", "enviada", ""),
        ("enviada", "aprobada", "Conforme"),
    ]


def test_observacion_sobre_fila_ajena(mundo, matriz, campana):
    from balance.models import Fila

    enviar(matriz, mundo["director"])
    ajena = Fila.objects.exclude(matriz=matriz).first()
    with pytest.raises(PermissionDenied):
        services.matriz_devolver(
            matriz=matriz, usuario=mundo["ugel"], motivo="x", observaciones={ajena.pk: "x"}
        )
    matriz.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA
