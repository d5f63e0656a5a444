"""The one receiver: an action's rule is run after commit; a failing rule never breaks the action."""

import logging

import pytest

import historial
from avisos.models import Aviso
from avisos.reglas import Notificacion, registrar_regla, reglas
from avisos.services import avisar
from cuentas.models import Usuario


@pytest.fixture
def regla_de_prueba():
    llamadas = []

    def regla(*, objeto, accion, usuario, comentario, de, a):
        llamadas.append((objeto, accion, usuario, comentario))
        return Notificacion(destinatarios=Usuario.objects.all(), titulo=f"{accion}: {objeto}", enlace="/x/")

    entrada = registrar_regla(Usuario, "registrar", regla)
    yield llamadas
    reglas.retirar(entrada.clave)


def test_la_regla_corre_tras_confirmar_y_no_avisa_al_actor(
    mundo, regla_de_prueba, django_capture_on_commit_callbacks
):
    objeto = mundo["sin_rol"]
    with (
        django_capture_on_commit_callbacks() as callbacks,
        historial.accion(objeto, "registrar", usuario=mundo["admin"], comentario="hola"),
    ):
        objeto.save()
    assert regla_de_prueba == [] and not Aviso.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert regla_de_prueba == [(objeto, "registrar", mundo["admin"], "hola")]
    avisados = set(Aviso.objects.values_list("usuario__username", flat=True))
    assert "admin" not in avisados and {"director", "ugel", "sin_rol"} <= avisados


def test_una_accion_sin_regla_no_avisa(mundo, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        historial.accion(mundo["sin_rol"], "editar", usuario=mundo["admin"]),
    ):
        mundo["sin_rol"].save()
    assert not Aviso.objects.exists()


def test_una_regla_que_falla_se_registra_y_no_rompe_la_accion(
    mundo, caplog, django_capture_on_commit_callbacks
):
    def rota(**kwargs):
        raise RuntimeError("boom")

    entrada = registrar_regla(Usuario, "registrar", rota)
    try:
        with (
            caplog.at_level(logging.ERROR),
            django_capture_on_commit_callbacks(execute=True),
            historial.accion(mundo["sin_rol"], "registrar", usuario=mundo["admin"]),
        ):
            mundo["sin_rol"].save()
    finally:
        reglas.retirar(entrada.clave)
    assert "notices for cuentas.usuario:registrar" in caplog.text


def test_no_se_avisa_a_una_cuenta_inactiva_ni_dos_veces(mundo):
    mundo["ugel"].is_active = False
    mundo["ugel"].save()
    avisos = avisar(usuarios=[mundo["director"], mundo["director"], mundo["ugel"]], titulo="Hola")
    assert [a.usuario for a in avisos] == [mundo["director"]]


def test_muchos_correos_son_una_sola_fila_en_la_cola_del_pedido(mundo, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    for clave in ("director", "ugel", "dre"):
        mundo[clave].email = f"{clave}@x.pe"
        mundo[clave].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        avisos = avisar(usuarios=[mundo["director"], mundo["ugel"], mundo["dre"]], titulo="Plazo")
    tarea = DBTaskResult.objects.get()
    assert tarea.task_path == "avisos.tasks.enviar_correos"
    assert sorted(tarea.args_kwargs["args"][0]) == sorted(a.pk for a in avisos)


def test_el_lote_se_reparte_en_un_correo_por_aviso(
    mundo, tareas_inmediatas, mailoutbox, django_capture_on_commit_callbacks
):
    for clave in ("director", "ugel"):
        mundo[clave].email = f"{clave}@x.pe"
        mundo[clave].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        avisar(usuarios=[mundo["director"], mundo["ugel"], mundo["dre"]], titulo="Plazo")
    assert sorted(m.to[0] for m in mailoutbox) == ["director@x.pe", "ugel@x.pe"]
