"""The review buttons of DIFOCA's workspace: each asks for confirmation on its own page (no
JavaScript needed), goes through the service, lands in the history and tells the right people."""

import pytest
from django.core import mail

import historial
from avisos.models import Aviso
from cuentas.models import Rol
from practicas.models import BuenaPractica, EstadoPractica
from tests.factories import (
    BuenaPracticaFactory,
    cambios_de_estado,
    practica_completa,
    practica_publicada,
    usuario_con,
)
from tests.roles import ROLES

BORRADOR, EN_REVISION, PUBLICADA = (
    EstadoPractica.BORRADOR,
    EstadoPractica.EN_REVISION,
    EstadoPractica.PUBLICADA,
)


def url(practica, accion):
    return f"/practicas/gestion/{practica.pk}/revision/{accion}/"


def estado(practica):
    return BuenaPractica.objects.get(pk=practica.pk).estado


def avisos():
    return sorted((a.usuario.username, a.titulo, a.texto, a.enlace) for a in Aviso.objects.all())


@pytest.fixture
def autora(mundo):
    return usuario_con(Rol.DIFOCA, username="autora")


def test_enviar_a_revision_confirma_y_avisa_a_difoca(
    mundo, client, autora, con_correo, tareas_inmediatas, django_capture_on_commit_callbacks
):
    practica = practica_completa(titulo="Gestión articulada", creada_por=autora)
    client.force_login(autora)
    pagina = client.get(url(practica, "enviar-a-revision"))
    html = pagina.content.decode()
    assert "¿Enviar a revisión?" in html and "se avisa a DIFOCA" in html
    assert "Sí, enviar a revisión" in html and 'name="comentario"' not in html
    assert estado(practica) == BORRADOR  # looking changes nothing

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(url(practica, "enviar-a-revision"))
    assert respuesta.status_code == 302 and respuesta["Location"] == f"/practicas/gestion/{practica.pk}/"
    assert estado(practica) == EN_REVISION
    (cambio,) = cambios_de_estado(practica)
    assert (cambio.accion, cambio.usuario, cambio.de, cambio.a) == (
        "enviar_a_revision",
        autora,
        BORRADOR,
        EN_REVISION,
    )
    # DIFOCA but not the author herself.
    assert avisos() == [
        (
            "difoca",
            "La práctica «Gestión articulada» espera revisión",
            "Revísala y publícala, o devuélvela a borrador con el motivo.",
            f"/practicas/gestion/{practica.pk}/",
        )
    ]
    assert [m.to for m in mail.outbox] == [[con_correo["difoca"].email]]


def test_publicar_avisa_a_quien_la_registro(mundo, client, autora, django_capture_on_commit_callbacks):
    practica = BuenaPracticaFactory(titulo="Gestión articulada", creada_por=autora, estado=EN_REVISION)
    client.force_login(mundo["difoca"])
    assert "cualquiera, con o sin cuenta" in client.get(url(practica, "publicar")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(practica, "publicar")).status_code == 302
    assert estado(practica) == PUBLICADA
    assert [c.accion for c in cambios_de_estado(practica)] == ["publicar"]
    assert avisos() == [
        (
            "autora",
            "Se publicó la práctica «Gestión articulada»",
            "Ya está en el catálogo público de buenas prácticas.",
            f"/practicas/{practica.slug}/",
        )
    ]
    assert client.get(f"/practicas/{practica.slug}/").status_code == 200


@pytest.mark.parametrize(
    "accion, desde, verbo, titulo",
    [
        ("devolver", EN_REVISION, "devolver", "Se devolvió a borrador la práctica «Gestión articulada»"),
        ("retirar", PUBLICADA, "retirar", "Se retiró del catálogo la práctica «Gestión articulada»"),
    ],
)
def test_devolver_y_retirar_piden_motivo(
    mundo, client, autora, django_capture_on_commit_callbacks, accion, desde, verbo, titulo
):
    practica = BuenaPracticaFactory(
        titulo="Gestión articulada",
        creada_por=autora,
        estado=desde,
        publicada_en="2026-05-01T10:00-05:00" if desde == PUBLICADA else None,
    )
    client.force_login(mundo["admin"])
    html = client.get(url(practica, accion)).content.decode()
    assert '<label class="form-label" for="f-comentario">Motivo' in html and 'id="f-comentario"' in html

    # No reason: the error next to the field, in Spanish; nothing changes, nobody is told.
    respuesta = client.post(url(practica, accion), {"comentario": "   "})
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert 'aria-invalid="true"' in html
    error = "Explica el motivo: quien registró la práctica lo leerá."
    assert f'<div class="invalid-feedback" id="e-comentario">{error}</div>' in html
    assert estado(practica) == desde and not cambios_de_estado(practica) and not Aviso.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(url(practica, accion), {"comentario": "Faltan las cifras de 2025."})
    assert respuesta.status_code == 302
    assert estado(practica) == BORRADOR
    (cambio,) = cambios_de_estado(practica)
    assert (cambio.accion, cambio.comentario, cambio.usuario) == (
        verbo,
        "Faltan las cifras de 2025.",
        mundo["admin"],
    )
    assert avisos() == [
        ("autora", titulo, "Motivo: Faltan las cifras de 2025.", f"/practicas/gestion/{practica.pk}/")
    ]


def test_enviar_una_practica_incompleta_dice_lo_que_falta(mundo, client):
    practica = BuenaPracticaFactory(problema="")
    client.force_login(mundo["difoca"])
    html = client.get(url(practica, "enviar-a-revision")).content.decode()
    assert "Antes de enviarla a revisión, completa la práctica:" in html
    assert "Falta el problema" in html and "Falta al menos una estrategia" in html
    assert "Falta al menos un resultado" in html
    assert "Sí, enviar a revisión" not in html  # no button bound to fail

    # Posted anyway (an old tab): the service refuses, listing the same.
    respuesta = client.post(url(practica, "enviar-a-revision"))
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert "No se pudo hacer:" in html
    for falta in ("Falta el problema", "Falta al menos una estrategia", "Falta al menos un resultado"):
        assert html.count(falta) == 1
    assert estado(practica) == BORRADOR
    assert [e.tipo for e in historial.entradas(practica)] == [historial.Tipo.CREACION]


@pytest.mark.parametrize(
    "accion, desde",
    [
        ("publicar", BORRADOR),  # publishing skips no review
        ("publicar", PUBLICADA),
        ("enviar-a-revision", EN_REVISION),
        ("devolver", BORRADOR),
        ("devolver", PUBLICADA),  # a published one is withdrawn, not returned
        ("retirar", EN_REVISION),
    ],
)
def test_pasos_que_no_corresponden(mundo, client, accion, desde):
    practica = practica_completa(
        estado=desde, publicada_en="2026-05-01T10:00-05:00" if desde == PUBLICADA else None
    )
    client.force_login(mundo["difoca"])
    html = client.get(url(practica, accion)).content.decode()
    assert "este paso no le corresponde ahora" in html and "form-accion" not in html
    respuesta = client.post(url(practica, accion), {"comentario": "Motivo"})
    assert respuesta.status_code == 400 and "No se pudo hacer:" in respuesta.content.decode()
    assert estado(practica) == desde and not cambios_de_estado(practica)


@pytest.mark.parametrize("rol", [r for r in ROLES if r not in ("difoca", "admin")])
def test_nadie_mas_cambia_el_estado(usuarios, client, rol):
    practica = BuenaPracticaFactory(estado=EN_REVISION)
    client.force_login(usuarios[rol])
    assert client.post(url(practica, "publicar")).status_code == 404
    assert estado(practica) == EN_REVISION


def test_anonimo_y_acciones_desconocidas(mundo, client):
    practica = BuenaPracticaFactory(estado=EN_REVISION)
    assert client.post(url(practica, "publicar")).status_code == 404
    client.force_login(mundo["difoca"])
    assert client.post(url(practica, "eliminar")).status_code == 404
    assert client.put(url(practica, "publicar")).status_code == 405
    assert client.post("/practicas/gestion/999999/revision/publicar/").status_code == 404
    assert estado(practica) == EN_REVISION


@pytest.mark.parametrize(
    "desde, botones",
    [
        (BORRADOR, ["enviar-a-revision"]),
        (EN_REVISION, ["devolver", "publicar"]),
        (PUBLICADA, ["retirar"]),
    ],
)
def test_los_botones_dependen_del_estado(mundo, client, desde, botones):
    practica = BuenaPracticaFactory(
        estado=desde, publicada_en="2026-05-01T10:00-05:00" if desde == PUBLICADA else None
    )
    client.force_login(mundo["difoca"])
    html = client.get(f"/practicas/gestion/{practica.pk}/vista-previa/").content.decode()
    todos = ["enviar-a-revision", "devolver", "publicar", "retirar"]
    assert [b for b in todos if url(practica, b) in html] == botones


def test_publicada_aparece_en_el_catalogo_y_retirada_desaparece(mundo, client):
    practica = practica_publicada(titulo="Visible")
    client.force_login(mundo["difoca"])
    client.post(url(practica, "retirar"), {"comentario": "Datos vencidos"})
    client.logout()
    assert client.get(f"/practicas/{practica.slug}/").status_code == 404


def test_publicar_avisa_si_ya_hay_otra_parecida_en_la_region(mundo, client):
    ya = practica_publicada(titulo="Estrategia de seguimiento al PAT de la DRE Junín")
    otra = BuenaPracticaFactory(
        titulo="Estrategia de seguimiento al PAT de la DRE Junin", region=ya.region, estado=EN_REVISION
    )
    client.force_login(mundo["difoca"])
    html = client.get(url(otra, "publicar")).content.decode()
    assert 'id="parecidas"' in html and f"/practicas/gestion/{ya.pk}/" in html
    distinta = BuenaPracticaFactory(titulo="Inclusión total", region=ya.region, estado=EN_REVISION)
    assert 'id="parecidas"' not in client.get(url(distinta, "publicar")).content.decode()
