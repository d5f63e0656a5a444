"""historial.accion: what the trigger rows carry, and the one signal, sent only for committed work."""

import pghistory
import pytest
from django.db import transaction

import historial
from cuentas.models import Usuario
from historial.senales import accion_registrada
from tests.factories import UsuarioFactory


@pytest.fixture
def avisos():
    recibidos = []

    def receptor(sender, **kwargs):
        recibidos.append(kwargs)

    accion_registrada.connect(receptor)
    yield recibidos
    accion_registrada.disconnect(receptor)


def test_la_accion_lleva_usuario_comentario_y_cambios(db, avisos, django_capture_on_commit_callbacks):
    admin, persona = UsuarioFactory(username="admin"), UsuarioFactory(first_name="Ana")
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        historial.accion(persona, "renombrar", usuario=admin, comentario="Pidió su nombre completo"),
    ):
        persona.first_name = "Ana María"
        persona.save()
    edicion = historial.entradas(persona)[-1]
    assert (edicion.tipo, edicion.accion, edicion.usuario, edicion.comentario) == (
        historial.Tipo.EDICION,
        "renombrar",
        admin,
        "Pidió su nombre completo",
    )
    assert edicion.cambios == {"first_name": ("Ana", "Ana María")}
    assert [(a["objeto"], a["accion"], a["usuario"], a["comentario"]) for a in avisos] == [
        (persona, "renombrar", admin, "Pidió su nombre completo")
    ]


def test_un_cambio_deshecho_no_se_registra_ni_se_avisa(db, avisos, django_capture_on_commit_callbacks):
    persona = UsuarioFactory(first_name="Ana")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValueError),
        transaction.atomic(),
        historial.accion(persona, "renombrar", usuario=None),
    ):
        persona.first_name = "Otra"
        persona.save()
        raise ValueError("refused")
    assert callbacks == [] and avisos == []
    assert [e.tipo for e in historial.entradas(persona)] == [historial.Tipo.CREACION]


def test_despues_de_la_accion_el_contexto_de_la_peticion_sigue_sin_ella(db):
    """Inside a request's context, statements after an action carry the request's user only."""
    quien, persona = UsuarioFactory(), UsuarioFactory(first_name="Ana")
    with transaction.atomic(), pghistory.context(user=quien.pk, url="/admin/"):
        with historial.accion(persona, "renombrar", usuario=quien, comentario="uno"):
            persona.first_name = "Ana María"
            persona.save()
        persona.last_name = "Quispe"
        persona.save()
    *_, accion, despues = historial.entradas(persona)
    assert (accion.accion, accion.comentario) == ("renombrar", "uno")
    assert (despues.accion, despues.comentario, despues.usuario) == (historial.Tipo.EDICION, "", quien)


def test_la_contrasena_y_el_ingreso_no_entran_al_historial(db):
    persona = UsuarioFactory()
    persona.set_password("otra-clave-larga")
    persona.save()
    Usuario.objects.filter(pk=persona.pk).update(last_login="2026-01-01T00:00-05:00")
    assert [e.tipo for e in historial.entradas(persona)] == [historial.Tipo.CREACION]
    campos = {f.name for f in historial.modelo_de_cambios(Usuario)._meta.fields}
    assert "password" not in campos and "last_login" not in campos
