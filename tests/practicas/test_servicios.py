"""The life of a good practice and of an event report: who may move them, where to, and the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection

import historial
from practicas import services
from practicas.models import BuenaPractica, EstadoPractica, Evento, PracticaPresentada
from tests.factories import BuenaPracticaFactory, EventoFactory, cambios_de_estado, practica_completa

BORRADOR, EN_REVISION, PUBLICADA = (
    EstadoPractica.BORRADOR,
    EstadoPractica.EN_REVISION,
    EstadoPractica.PUBLICADA,
)


def test_de_borrador_a_publicada_con_historial(mundo):
    practica = practica_completa()
    services.practica_enviar_a_revision(practica=practica, usuario=mundo["difoca"])
    publicada = services.practica_publicar(practica=practica, usuario=mundo["difoca"], comentario="Lista")

    assert publicada.estado == PUBLICADA and publicada.publicada_en is not None
    assert BuenaPractica.objects.publicadas().get() == publicada
    pasos = [(c.de, c.a, c.usuario.username, c.comentario) for c in cambios_de_estado(practica)]
    assert pasos == [
        (BORRADOR, EN_REVISION, "difoca", ""),
        (EN_REVISION, PUBLICADA, "difoca", "Lista"),
    ]


@pytest.mark.parametrize(
    "desde, servicio",
    [
        (BORRADOR, "practica_publicar"),  # publishing skips no review
        (PUBLICADA, "practica_publicar"),
        (EN_REVISION, "practica_enviar_a_revision"),
        (PUBLICADA, "practica_enviar_a_revision"),
        (BORRADOR, "practica_devolver"),
        (BORRADOR, "practica_retirar"),
        (EN_REVISION, "practica_retirar"),
    ],
)
def test_transiciones_rechazadas(mundo, desde, servicio):
    practica = BuenaPracticaFactory(
        estado=desde, publicada_en="2026-05-01T10:00-05:00" if desde == PUBLICADA else None
    )
    kwargs = {"comentario": "Motivo"} if servicio in ("practica_devolver", "practica_retirar") else {}
    with pytest.raises(ValidationError) as error:
        getattr(services, servicio)(practica=practica, usuario=mundo["difoca"], **kwargs)
    assert "no puede pasar" in error.value.messages[0]
    practica.refresh_from_db()
    assert practica.estado == desde
    assert [c.tipo for c in historial.entradas(practica)] == [historial.Tipo.CREACION]


@pytest.mark.parametrize("rol", ["director", "ugel", "dre", "sin_rol"])
def test_solo_difoca_cambia_el_estado(mundo, rol):
    practica = BuenaPracticaFactory()
    with pytest.raises(PermissionDenied):
        services.practica_enviar_a_revision(practica=practica, usuario=mundo[rol])
    practica.refresh_from_db()
    assert practica.estado == BORRADOR


def test_el_administrador_tambien_puede(mundo):
    practica = practica_completa()
    services.practica_enviar_a_revision(practica=practica, usuario=mundo["admin"])
    assert BuenaPractica.objects.get().estado == EN_REVISION


def test_devolver_exige_motivo_y_no_cambia_nada_sin_el(mundo):
    practica = BuenaPracticaFactory(estado=EN_REVISION)
    with pytest.raises(ValidationError) as error:
        services.practica_devolver(practica=practica, usuario=mundo["difoca"], comentario="   ")
    assert error.value.message_dict["comentario"] == [
        "Explica el motivo: quien registró la práctica lo leerá."
    ]
    assert BuenaPractica.objects.get().estado == EN_REVISION

    services.practica_devolver(practica=practica, usuario=mundo["difoca"], comentario="Faltan las cifras.")
    practica.refresh_from_db()
    assert practica.estado == BORRADOR and practica.publicada_en is None
    (cambio,) = cambios_de_estado(practica)
    assert cambio.comentario == "Faltan las cifras."


def test_retirar_del_catalogo(mundo):
    practica = BuenaPracticaFactory(estado=EN_REVISION)
    services.practica_publicar(practica=practica, usuario=mundo["difoca"])
    # "Devolver" is for a practice in review: a published one is withdrawn, with its own verb.
    with pytest.raises(ValidationError, match="retírala"):
        services.practica_devolver(practica=practica, usuario=mundo["difoca"], comentario="Vencida")
    with pytest.raises(ValidationError) as error:
        services.practica_retirar(practica=practica, usuario=mundo["difoca"], comentario=" ")
    assert "comentario" in error.value.message_dict
    services.practica_retirar(
        practica=practica, usuario=mundo["difoca"], comentario="Datos de contacto vencidos."
    )
    assert not BuenaPractica.objects.publicadas().exists()
    ultimo = historial.entradas(practica)[-1]
    assert (ultimo.accion, ultimo.comentario) == ("retirar", "Datos de contacto vencidos.")


def test_no_se_retira_una_practica_de_un_informe_publicado(mundo):
    practica = BuenaPracticaFactory(estado=EN_REVISION)
    services.practica_publicar(practica=practica, usuario=mundo["difoca"])
    evento = EventoFactory(nombre="I Intercambio")
    PracticaPresentada.objects.create(evento=evento, practica=practica, orden=1)
    services.evento_publicar(evento=evento, usuario=mundo["difoca"])

    with pytest.raises(ValidationError) as error:
        services.practica_retirar(practica=practica, usuario=mundo["difoca"], comentario="Retirar")
    assert "«I Intercambio»: retira primero ese reporte" in error.value.messages[0]
    assert BuenaPractica.objects.get().estado == PUBLICADA

    services.evento_retirar(evento=evento, usuario=mundo["difoca"])
    services.practica_retirar(practica=practica, usuario=mundo["difoca"], comentario="Retirar")
    assert BuenaPractica.objects.get().estado == BORRADOR


def test_un_informe_se_publica_solo_con_sus_practicas_publicadas(mundo):
    evento = EventoFactory()
    borrador = BuenaPracticaFactory(titulo="Estrategia Inclusión Total")
    PracticaPresentada.objects.create(evento=evento, practica=borrador, orden=1)
    with pytest.raises(ValidationError) as error:
        services.evento_publicar(evento=evento, usuario=mundo["difoca"])
    assert error.value.messages == ["Publica primero las prácticas presentadas: Estrategia Inclusión Total."]
    assert not Evento.objects.get().publicado

    with pytest.raises(PermissionDenied):
        services.evento_publicar(evento=evento, usuario=mundo["ugel"])


def test_el_historial_y_el_cambio_van_juntos(mundo):
    """A refused history row rolls the state change back."""
    practica = practica_completa()
    with connection.cursor() as cursor:  # a real constraint that refuses any new history row
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE practicas_buenapracticacambio ADD CONSTRAINT prueba_rechaza CHECK (false) NOT VALID"
        )
    with pytest.raises(IntegrityError):
        services.practica_enviar_a_revision(practica=practica, usuario=mundo["difoca"])
    assert BuenaPractica.objects.get().estado == BORRADOR


def test_publicada_exige_fecha_en_la_base(db):
    with pytest.raises(IntegrityError):
        BuenaPracticaFactory(estado=PUBLICADA, publicada_en=None)


@pytest.mark.parametrize(
    "rol, ve_borradores",
    [("difoca", True), ("admin", True), ("ugel", False), ("director", False), ("sin_rol", False)],
)
def test_quien_ve_los_borradores(mundo, rol, ve_borradores):
    BuenaPracticaFactory(titulo="Borrador")
    BuenaPracticaFactory(titulo="Publicada", estado=PUBLICADA, publicada_en="2026-05-01T10:00-05:00")
    titulos = set(BuenaPractica.objects.visible_to(mundo[rol]).values_list("titulo", flat=True))
    assert titulos == ({"Borrador", "Publicada"} if ve_borradores else {"Publicada"})


def test_el_reporte_guarda_quien_lo_publico_y_retiro(mundo):
    evento = EventoFactory()
    services.evento_publicar(evento=evento, usuario=mundo["difoca"])
    with pytest.raises(ValidationError, match="ya está publicado"):
        services.evento_publicar(evento=evento, usuario=mundo["difoca"])
    services.evento_retirar(evento=evento, usuario=mundo["admin"])
    with pytest.raises(ValidationError, match="no está publicado"):
        services.evento_retirar(evento=evento, usuario=mundo["admin"])
    assert [(c.a, c.usuario.username) for c in cambios_de_estado(evento)] == [
        (True, "difoca"),
        (False, "admin"),
    ]
