"""What the review of the good-practices change found, kept fixed: drafts never reach a published
report, withdrawing works from the admin with its reason, feedback of an unpublished event stays
hidden, the PDF embeds gallery pictures, strategies keep their phases' order."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from practicas import services
from practicas.models import ComentarioExperto, EstadoPractica, Evento, Fase, Foto, PracticaPresentada
from tests.balance.test_exports import descargar, libro, texto_pdf
from tests.factories import BuenaPracticaFactory, EventoFactory, cambios_de_estado
from tests.factories import practica_publicada as publicada


@pytest.fixture
def reporte(db):
    evento = EventoFactory(slug="centro", publicado=True, publicado_en=timezone.now())
    PracticaPresentada.objects.create(evento=evento, practica=publicada(titulo="Publicada"), orden=1)
    return evento


def inline_vacio(prefijo):
    return {f"{prefijo}-TOTAL_FORMS": "0", f"{prefijo}-INITIAL_FORMS": "0"}


def test_el_admin_no_agrega_un_borrador_a_un_reporte_publicado(mundo, client, reporte):
    borrador = BuenaPracticaFactory(titulo="Borrador")
    presentada = reporte.presentaciones.get()
    client.force_login(mundo["difoca"])
    datos = {
        "nombre": reporte.nombre,
        "slug": reporte.slug,
        "macrorregion": reporte.macrorregion,
        "sede": reporte.sede,
        "fecha_inicio": "2026-04-23",
        "fecha_fin": "2026-04-24",
        "presentaciones-TOTAL_FORMS": "2",
        "presentaciones-INITIAL_FORMS": "1",
        "presentaciones-0-id": presentada.pk,
        "presentaciones-0-evento": reporte.pk,
        "presentaciones-0-practica": presentada.practica_id,
        "presentaciones-0-orden": "1",
        "presentaciones-1-evento": reporte.pk,
        "presentaciones-1-practica": borrador.pk,
        "presentaciones-1-orden": "2",
        **inline_vacio("testimonios"),
    }
    # /admin/ is no way of writing content any more: the change is refused whole.
    respuesta = client.post(f"/admin/practicas/evento/{reporte.pk}/change/", datos)
    assert respuesta.status_code == 403
    assert reporte.presentaciones.count() == 1


def test_un_borrador_colado_en_un_reporte_no_se_muestra(mundo, client, reporte):
    """Defence in depth: even if a draft sits in a published report, only DIFOCA sees it."""
    borrador = BuenaPracticaFactory(titulo="Borrador secreto", problema="Contenido interno")
    PracticaPresentada.objects.create(evento=reporte, practica=borrador, orden=2)
    ComentarioExperto.objects.create(practica=borrador, evento=reporte, experto="Experta", aspectos_clave="x")

    html = client.get("/practicas/eventos/centro/").content.decode()
    assert "Publicada" in html and "Borrador secreto" not in html
    assert "1 práctica presentada" in client.get("/practicas/").content.decode()
    client.force_login(mundo["ugel"])
    texto = texto_pdf(descargar(client, "practicas.evento_pdf", evento=reporte.pk))
    assert "Publicada" in texto and "Borrador secreto" not in texto and "Contenido interno" not in texto


def test_devolver_y_retirar_desde_el_admin(mundo, client, reporte):
    practica = reporte.presentaciones.get().practica
    client.force_login(mundo["difoca"])
    lista = "/admin/practicas/buenapractica/"

    # Withdrawing a practice of a published report is refused with the way out.
    respuesta = client.post(
        lista,
        {"action": "retirar", "_selected_action": [practica.pk], "motivo": "Datos vencidos"},
        follow=True,
    )
    assert "retira primero ese reporte" in respuesta.content.decode()

    respuesta = client.post(
        "/admin/practicas/evento/", {"action": "retirar", "_selected_action": [reporte.pk]}, follow=True
    )
    assert "1 reporte retirado." in respuesta.content.decode()
    assert not Evento.objects.get().publicado

    respuesta = client.post(
        lista, {"action": "retirar", "_selected_action": [practica.pk], "motivo": ""}, follow=True
    )
    assert "Explica el motivo" in respuesta.content.decode()
    respuesta = client.post(
        lista,
        {"action": "retirar", "_selected_action": [practica.pk], "motivo": "Datos vencidos"},
        follow=True,
    )
    assert "1 práctica retirada del catálogo." in respuesta.content.decode()
    practica.refresh_from_db()
    assert practica.estado == EstadoPractica.BORRADOR
    (cambio,) = cambios_de_estado(practica)
    assert cambio.comentario == "Datos vencidos"


def test_lo_publicado_no_se_borra_desde_el_admin(mundo, client, reporte):
    practica = reporte.presentaciones.get().practica
    client.force_login(mundo["difoca"])
    assert client.get(f"/admin/practicas/buenapractica/{practica.pk}/delete/").status_code == 403
    assert client.get(f"/admin/practicas/evento/{reporte.pk}/delete/").status_code == 403
    borrador = BuenaPracticaFactory()
    assert client.get(f"/admin/practicas/buenapractica/{borrador.pk}/delete/").status_code == 200


def test_borrar_un_evento_sin_publicar_borra_sus_comentarios(db, client):
    practica = publicada(slug="puentes")
    evento = EventoFactory()
    ComentarioExperto.objects.create(
        practica=practica, evento=evento, experto="Experta", aspectos_clave="Aún no"
    )
    evento.delete()
    assert not ComentarioExperto.objects.exists()
    assert "Experta" not in client.get("/practicas/puentes/").content.decode()


@pytest.mark.parametrize("modelo", ["presentacion", "testimonio"])
def test_el_orden_empieza_en_uno(db, modelo):
    evento = EventoFactory()
    with pytest.raises(IntegrityError):
        if modelo == "presentacion":
            PracticaPresentada.objects.create(evento=evento, practica=publicada(), orden=0)
        else:
            evento.testimonios.create(orden=0, autor="A", texto="T")


def test_el_reporte_trae_solo_los_comentarios_de_ese_evento(mundo, client, reporte):
    practica = reporte.presentaciones.get().practica
    ComentarioExperto.objects.create(
        practica=practica, evento=reporte, experto="Del reporte", aspectos_clave="a"
    )
    otro = EventoFactory(publicado=True, publicado_en=timezone.now())
    ComentarioExperto.objects.create(
        practica=practica, evento=otro, experto="De otro evento", aspectos_clave="b"
    )
    client.force_login(mundo["ugel"])
    texto = texto_pdf(descargar(client, "practicas.evento_pdf", evento=reporte.pk))
    assert "Del reporte" in texto and "De otro evento" not in texto


def test_la_ficha_en_pdf_incrusta_la_foto(mundo, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practica = publicada()
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(png, "PNG")
    Foto.objects.create(
        practica=practica,
        orden=1,
        leyenda="Jornada de evaluación",
        imagen=SimpleUploadedFile("foto.png", png.getvalue()),
    )
    client.force_login(mundo["director"])
    contenido = descargar(client, "practicas.ficha_pdf", practica=practica.pk)
    imagenes = [imagen for pagina in PdfReader(io.BytesIO(contenido)).pages for imagen in pagina.images]
    assert len(imagenes) == 1
    assert "Jornada de evaluación" in texto_pdf(contenido)


def test_estrategias_por_fase_en_el_excel(mundo, client):
    practica = publicada()
    segunda = Fase.objects.create(practica=practica, orden=2, nombre="Monitoreo")
    primera = Fase.objects.create(practica=practica, orden=1, nombre="Preparación")
    practica.estrategias.create(fase=segunda, orden=1, descripcion="Evaluación trimestral")
    practica.estrategias.create(fase=primera, orden=2, descripcion="Asistencia técnica")
    practica.estrategias.create(fase=primera, orden=1, descripcion="Sensibilización")
    client.force_login(mundo["ugel"])
    fila = list(libro(descargar(client, "practicas.catalogo_xlsx"))["Buenas prácticas"].values)[1]
    assert fila[10].split("\n") == [
        "Preparación — Sensibilización",
        "Preparación — Asistencia técnica",
        "Monitoreo — Evaluación trimestral",
    ]


def test_todos_los_reportes(db, client, reporte):
    EventoFactory(nombre="Borrador de evento")
    html = client.get("/practicas/eventos/").content.decode()
    assert reporte.nombre in html and "Borrador de evento" not in html


def test_difoca_retira_un_reporte_con_el_servicio(mundo, reporte):
    services.evento_retirar(evento=reporte, usuario=mundo["difoca"])
    assert not Evento.objects.get().publicado
