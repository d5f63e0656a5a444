"""Who is told about a good practice's review: whoever registered it, or DIFOCA."""

from django.core import mail

from avisos.models import Aviso
from cuentas.models import Rol
from practicas import services
from practicas.models import EstadoPractica
from tests.factories import BuenaPracticaFactory, practica_completa, usuario_con


def destinatarios():
    return sorted(Aviso.objects.values_list("usuario__username", flat=True))


def test_enviada_a_revision_avisa_a_difoca(
    mundo, con_correo, tareas_inmediatas, django_capture_on_commit_callbacks
):
    otra_difoca = usuario_con(Rol.DIFOCA, username="difoca2", email="difoca2@chasqui.example.pe")
    practica = practica_completa(titulo="Gestión articulada", creada_por=mundo["difoca"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.practica_enviar_a_revision(practica=practica, usuario=mundo["difoca"])
    # DIFOCA, but not the one who sent it; nobody of the UGEL, the DRE or the schools.
    assert destinatarios() == ["difoca2"]
    aviso = Aviso.objects.get()
    assert aviso.titulo == "La práctica «Gestión articulada» espera revisión"
    assert aviso.enlace == f"/practicas/gestion/{practica.pk}/"
    assert [m.to for m in mail.outbox] == [[otra_difoca.email]]


def test_devuelta_con_motivo_avisa_a_quien_la_registro(mundo, django_capture_on_commit_callbacks):
    autora = usuario_con(Rol.DIFOCA, username="autora")
    practica = practica_completa(titulo="Gestión articulada", creada_por=autora)
    services.practica_enviar_a_revision(practica=practica, usuario=autora)
    with django_capture_on_commit_callbacks(execute=True):
        services.practica_devolver(
            practica=practica, usuario=mundo["difoca"], comentario="Faltan los logros."
        )
    assert destinatarios() == ["autora"]
    aviso = Aviso.objects.get()
    assert aviso.titulo == "Se devolvió a borrador la práctica «Gestión articulada»"
    assert aviso.texto == "Motivo: Faltan los logros."
    assert aviso.enlace == f"/practicas/gestion/{practica.pk}/"


def test_publicada_y_retirada_avisan_a_quien_la_registro(mundo, django_capture_on_commit_callbacks):
    autora = usuario_con(Rol.DIFOCA, username="autora")
    practica = BuenaPracticaFactory(
        titulo="Gestión articulada", creada_por=autora, estado=EstadoPractica.EN_REVISION
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.practica_publicar(practica=practica, usuario=mundo["difoca"])
    aviso = Aviso.objects.get()
    assert (aviso.usuario, aviso.titulo) == (autora, "Se publicó la práctica «Gestión articulada»")
    assert aviso.enlace == f"/practicas/{practica.slug}/"
    with django_capture_on_commit_callbacks(execute=True):
        services.practica_retirar(
            practica=practica, usuario=mundo["difoca"], comentario="Datos desactualizados."
        )
    retirada = Aviso.objects.latest("pk")
    assert retirada.titulo == "Se retiró del catálogo la práctica «Gestión articulada»"
    assert (retirada.texto, retirada.enlace) == (
        "Motivo: Datos desactualizados.",
        f"/practicas/gestion/{practica.pk}/",
    )
    assert destinatarios() == ["autora", "autora"]


def test_sin_quien_la_registro_avisa_a_difoca(mundo, django_capture_on_commit_callbacks):
    otra_difoca = usuario_con(Rol.DIFOCA, username="difoca2")
    practica = BuenaPracticaFactory(creada_por=None, estado=EstadoPractica.EN_REVISION)
    with django_capture_on_commit_callbacks(execute=True):
        services.practica_devolver(practica=practica, usuario=mundo["difoca"], comentario="Revisa la ficha.")
    assert destinatarios() == [otra_difoca.username]
