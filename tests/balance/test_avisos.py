"""Who is told about each action of the balance: exactly the right people, in the app and by e-mail."""

import logging

import pytest
from django.core import mail

from avisos.models import Aviso
from avisos.tasks import INTENTOS
from balance import services
from balance.models import Estado
from cuentas.models import Rol
from tests.avisos.correo_caido import CorreoCaido
from tests.balance.conftest import enviar
from tests.factories import usuario_con


@pytest.fixture
def otros(mundo):
    """People who must never hear about UGEL A1's matrices."""
    return {
        "ugel_a2": usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"], email="a2@chasqui.example.pe"),
        "ugel_b1": usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_b1"], email="b1@chasqui.example.pe"),
        "director_b1": usuario_con(Rol.DIRECTOR, mundo["inst_b1"], email="db1@chasqui.example.pe"),
    }


def destinatarios():
    return sorted(Aviso.objects.values_list("usuario__username", flat=True))


def correos():
    return sorted(to for m in mail.outbox for to in m.to)


def test_matriz_enviada_avisa_a_los_especialistas_de_su_ugel(
    matriz, con_correo, otros, tareas_inmediatas, django_capture_on_commit_callbacks
):
    otro_de_la_ugel = usuario_con(Rol.ESPECIALISTA_UGEL, con_correo["ugel_a1"], email="")
    Aviso.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enviar(matriz, con_correo["director"])
    assert destinatarios() == sorted(["ugel", otro_de_la_ugel.username])
    aviso = Aviso.objects.get(usuario=con_correo["ugel"])
    assert aviso.titulo == f"{matriz.institucion} envió su matriz para revisión"
    assert aviso.enlace == f"/balance/matrices/{matriz.pk}/"
    # Only who has an address gets an e-mail: plain text and HTML, in Spanish, with the link.
    assert correos() == ["ugel@chasqui.example.pe"]
    correo = mail.outbox[0]
    assert correo.subject == f"Chasqui: {aviso.titulo}"
    assert f"http://127.0.0.1:8000/balance/matrices/{matriz.pk}/" in correo.body
    assert "Hola, Prueba:" in correo.body
    assert "Puedes desactivarlos en tu perfil: http://127.0.0.1:8000/cuentas/perfil/" in correo.body
    html, tipo = correo.alternatives[0]
    assert tipo == "text/html" and f'href="http://127.0.0.1:8000/balance/matrices/{matriz.pk}/"' in html
    aviso.refresh_from_db()
    assert aviso.correo_enviado_en is not None


def test_matriz_devuelta_avisa_al_director_con_motivo_y_lineamientos(
    matriz, con_correo, otros, tareas_inmediatas, django_capture_on_commit_callbacks
):
    enviar(matriz, con_correo["director"])
    Aviso.objects.all().delete()
    mail.outbox.clear()
    fila = matriz.filas.order_by("lineamiento__orden").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.matriz_devolver(
            matriz=matriz,
            usuario=con_correo["ugel"],
            motivo="Faltan las evidencias de los logros.",
            observaciones={fila.pk: "Agrega el enlace."},
        )
    assert destinatarios() == ["director"]
    aviso = Aviso.objects.get()
    assert aviso.titulo == f"Tu UGEL devolvió la matriz de {matriz.institucion}"
    assert "Motivo: Faltan las evidencias de los logros." in aviso.texto
    assert f"Lineamientos observados: {fila.lineamiento.nombre}." in aviso.texto
    assert aviso.enlace == f"/balance/matrices/{matriz.pk}/editar/#lin-{fila.lineamiento.orden}"
    assert correos() == ["director@chasqui.example.pe"]
    assert "Faltan las evidencias de los logros." in mail.outbox[0].body


def test_matriz_aprobada_avisa_al_director(
    matriz, con_correo, otros, tareas_inmediatas, django_capture_on_commit_callbacks
):
    enviar(matriz, con_correo["director"])
    Aviso.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.matriz_aprobar(matriz=matriz, usuario=con_correo["ugel"])
    assert destinatarios() == ["director"]
    assert Aviso.objects.get().titulo == f"Tu UGEL aprobó la matriz de {matriz.institucion}"
    assert correos() == ["director@chasqui.example.pe"]


def test_campana_abierta_avisa_a_sus_directores_con_el_plazo(
    mundo, con_correo, otros, tareas_inmediatas, django_capture_on_commit_callbacks
):
    from datetime import date

    director_b = usuario_con(Rol.DIRECTOR, mundo["inst_a1b"], email="")
    campana = services.campana_crear(
        usuario=mundo["ugel"],
        anio=2024,
        titulo="Balance 2024",
        ugel=mundo["ugel_a1"],
        fecha_limite=date(2030, 3, 15),
        lineamientos=["Aprendizajes para la vida"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.campana_abrir(usuario=mundo["ugel"], campana=campana)
    assert destinatarios() == sorted(["director", director_b.username])
    aviso = Aviso.objects.get(usuario=mundo["director"])
    assert aviso.titulo == "Se abrió la campaña «Balance 2024»"
    assert "hasta el 15/03/2030" in aviso.texto
    assert correos() == ["director@chasqui.example.pe"]


def test_quien_actua_no_se_avisa_a_si_mismo(matriz, mundo, django_capture_on_commit_callbacks):
    # The UGEL specialist is also the director of the institution (an odd but possible account).
    from cuentas.models import Asignacion

    Asignacion.objects.create(usuario=mundo["ugel"], rol=Rol.DIRECTOR, institucion=mundo["inst_a1a"])
    with django_capture_on_commit_callbacks(execute=True):
        enviar(matriz, mundo["ugel"])
    assert not Aviso.objects.filter(usuario=mundo["ugel"]).exists()


def test_sin_correo_activado_solo_en_la_app(
    matriz, con_correo, tareas_inmediatas, django_capture_on_commit_callbacks
):
    con_correo["ugel"].avisos_por_correo = False
    con_correo["ugel"].save(update_fields=["avisos_por_correo"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enviar(matriz, con_correo["director"])
    assert destinatarios() == ["ugel"]
    assert mail.outbox == []


def test_un_correo_caido_no_impide_enviar_la_matriz_y_se_reintenta(
    matriz, con_correo, settings, tareas_inmediatas, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.avisos.correo_caido.CorreoCaido"
    CorreoCaido.intentos = 0
    with (
        caplog.at_level(logging.WARNING, logger="avisos.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enviar(matriz, con_correo["director"])
    matriz.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA
    aviso = Aviso.objects.get(usuario=con_correo["ugel"])  # still told in the app
    assert aviso.correo_enviado_en is None
    assert CorreoCaido.intentos == INTENTOS
    mensajes = [r.getMessage() for r in caplog.records if r.name == "avisos.tasks"]
    assert f"e-mail of notice {aviso.pk} failed (try 1 of {INTENTOS})" in mensajes
    assert f"e-mail of notice {aviso.pk} failed {INTENTOS} times; giving up" in mensajes


def test_con_la_cola_de_la_base_el_correo_espera_al_trabajador(
    matriz, con_correo, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enviar(matriz, con_correo["director"])
    assert mail.outbox == []  # never inside the request
    tarea = DBTaskResult.objects.get(task_path="avisos.tasks.enviar_correo")
    assert tarea.args_kwargs["args"] == [Aviso.objects.get(usuario=con_correo["ugel"]).pk]
