"""Public documents: the sheet of a published practice and the report of a published event download
without signing in, rendered once per published version and served from storage."""

from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.db.models import F
from django.urls import reverse

from exportaciones.base import ExportadorDocumento
from practicas import contenido, publicos, services
from practicas.contenido import Documento
from practicas.models import ComentarioExperto, DocumentoPublico, PracticaPresentada, TipoDocumentoPublico
from tests.balance.test_exports import texto_pdf
from tests.factories import EventoFactory, RegionFactory, practica_completa

TITULO = "Gestión articulada: «Puentes» para la inclusión en Pasco"


@pytest.fixture
def difoca(mundo):
    return mundo["difoca"]


@pytest.fixture
def medios(settings, tmp_path, tareas_inmediatas):
    """Files in a temporary MEDIA_ROOT; background tasks run when the transaction "commits"."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def al_confirmar(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the deletions, the queued render) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def generar_spy():
    """Every PDF render goes through ExportadorDocumento.generar: watched, not replaced."""
    with mock.patch.object(
        ExportadorDocumento, "generar", autospec=True, side_effect=ExportadorDocumento.generar
    ) as spy:
        yield spy


def publicar(practica, difoca, al_confirmar):
    with al_confirmar():
        services.practica_enviar_a_revision(practica=practica, usuario=difoca)
        services.practica_publicar(practica=practica, usuario=difoca)
    practica.refresh_from_db()
    return practica


@pytest.fixture
def publicada(difoca, medios, al_confirmar):
    practica = practica_completa(titulo=TITULO, slug="puentes", region=RegionFactory(nombre="Pasco"))
    return publicar(practica, difoca, al_confirmar)


@pytest.fixture
def evento(publicada, difoca, medios, al_confirmar):
    evento = EventoFactory(nombre="I Intercambio – Macrorregión Centro", slug="intercambio-centro")
    PracticaPresentada.objects.create(evento=evento, practica=publicada, orden=1)
    ComentarioExperto.objects.create(
        practica=publicada, evento=evento, experto="Jorge Chávez Escobar", aspectos_clave="Articulación."
    )
    with al_confirmar():
        services.evento_publicar(evento=evento, usuario=difoca)
    return evento


def url_ficha(practica):
    return reverse("practicas:ficha_pdf", args=[practica.slug])


def url_reporte(evento):
    return reverse("practicas:evento_pdf", args=[evento.slug])


def documento(tipo, pk):
    return DocumentoPublico.objects.get(tipo=tipo, objeto_id=pk)


def pdf(respuesta) -> bytes:
    assert respuesta.status_code == 200, respuesta
    contenido_ = b"".join(respuesta.streaming_content)
    assert contenido_.startswith(b"%PDF")
    return contenido_


def test_ficha_publicada_se_descarga_sin_ingresar(client, publicada):
    respuesta = client.get(url_ficha(publicada))
    texto = texto_pdf(pdf(respuesta))
    assert respuesta["Content-Type"] == "application/pdf"
    disposicion = respuesta["Content-Disposition"]
    assert disposicion.startswith("attachment; ")
    # Accents kept in the UTF-8 name, an ASCII one for old clients, no quote or colon left to break it.
    assert (
        'filename="Buena practica Gestion articulada Puentes para la inclusion en Pasco.pdf"' in disposicion
    )
    nombre = "Buena práctica Gestión articulada «Puentes» para la inclusión en Pasco.pdf"
    assert f"filename*=UTF-8''{quote(nombre, safe='')}" in disposicion
    assert respuesta["Cache-Control"] == "public, no-cache"
    assert respuesta["ETag"] and respuesta["Last-Modified"]
    assert TITULO in texto and "REGIÓN PASCO" in texto

    # Revalidated by its ETag: nothing is sent again while it has not changed.
    otra = client.get(url_ficha(publicada), headers={"if-none-match": respuesta["ETag"]})
    assert otra.status_code == 304 and not otra.content


def test_reporte_publicado_se_descarga_sin_ingresar(client, evento):
    respuesta = client.get(url_reporte(evento))
    texto = texto_pdf(pdf(respuesta))
    assert "I Intercambio – Macrorregión Centro" in texto
    assert "Jorge Chávez Escobar" in texto and TITULO in texto
    assert (
        f"filename*=UTF-8''{quote('Reporte I Intercambio – Macrorregión Centro.pdf', safe='')}"
        in (respuesta["Content-Disposition"])
    )
    assert (
        'filename="Reporte I Intercambio - Macrorregion Centro.pdf"' not in respuesta["Content-Disposition"]
    )
    assert 'filename="Reporte I Intercambio Macrorregion Centro.pdf"' in respuesta["Content-Disposition"]


def test_borradores_responden_404_a_todos(client, difoca, medios):
    borrador = practica_completa(slug="borrador")
    evento = EventoFactory(slug="sin-publicar")
    assert client.get(url_ficha(borrador)).status_code == 404
    assert client.get(url_reporte(evento)).status_code == 404
    client.force_login(difoca)
    assert client.get(url_ficha(borrador)).status_code == 404
    assert client.get(url_reporte(evento)).status_code == 404
    assert client.get("/practicas/no-existe/ficha.pdf").status_code == 404
    # DIFOCA still prints a draft from the exports, as before.
    respuesta = client.get(
        reverse("exportaciones:exportar", args=["practicas.ficha_pdf"]), {"practica": borrador.pk}
    )
    assert pdf(respuesta)
    assert not DocumentoPublico.objects.filter(archivo__gt="").exists()


def test_el_archivo_guardado_se_reutiliza_sin_generar(
    client, publicada, evento, generar_spy, django_assert_max_num_queries
):
    for _ in range(3):
        with django_assert_max_num_queries(2):
            pdf(client.get(url_ficha(publicada)))
        with django_assert_max_num_queries(2):
            pdf(client.get(url_reporte(evento)))
    generar_spy.assert_not_called()


def test_sin_archivo_aun_pide_esperar_y_lo_encola_una_vez(
    client, difoca, medios, generar_spy, django_capture_on_commit_callbacks
):
    practica = practica_completa(titulo=TITULO, slug="puentes")
    # Published, but what waits for the commit (the render) has not run.
    services.practica_enviar_a_revision(practica=practica, usuario=difoca)
    services.practica_publicar(practica=practica, usuario=difoca)

    with django_capture_on_commit_callbacks() as encoladas:
        respuesta = client.get(url_ficha(practica))
    assert respuesta.status_code == 503
    assert respuesta["Retry-After"] == "10"
    assert "no-store" in respuesta["Cache-Control"]
    html = respuesta.content.decode()
    assert "El documento se está preparando…" in html and "Intentar de nuevo" in html
    assert len(encoladas) == 1
    generar_spy.assert_not_called()  # the request itself never renders

    # A burst of visitors queues it once.
    with django_capture_on_commit_callbacks() as otra_vez:
        assert client.get(url_ficha(practica)).status_code == 503
    assert otra_vez == []

    with django_capture_on_commit_callbacks(execute=True):
        encoladas[0]()  # the worker runs the task
    assert generar_spy.call_count == 1
    assert TITULO in texto_pdf(pdf(client.get(url_ficha(practica))))
    assert generar_spy.call_count == 1


def test_editar_una_practica_publicada_renueva_su_pdf_y_borra_el_viejo(
    client, publicada, evento, difoca, medios, al_confirmar
):
    ficha_vieja = Path(medios, documento(TipoDocumentoPublico.FICHA, publicada.pk).archivo.name)
    reporte_viejo = Path(medios, documento(TipoDocumentoPublico.REPORTE, evento.pk).archivo.name)
    etag = client.get(url_ficha(publicada))["ETag"]
    assert ficha_vieja.exists() and reporte_viejo.exists()

    with al_confirmar():
        contenido.practica_guardar(
            practica=publicada,
            usuario=difoca,
            version=publicada.version,
            documento=Documento(campos={"problema": "Las UGEL de Oxapampa trabajaban sin coordinarse."}),
        )
    assert not ficha_vieja.exists() and not reporte_viejo.exists()
    respuesta = client.get(url_ficha(publicada), headers={"if-none-match": etag})
    assert respuesta["ETag"] != etag
    assert "Las UGEL de Oxapampa trabajaban sin coordinarse." in texto_pdf(pdf(respuesta))
    # The report prints the practice too: renewed with it.
    assert "Oxapampa" in texto_pdf(pdf(client.get(url_reporte(evento))))
    archivos = sorted(p.name for p in Path(medios, "publicos").rglob("*.pdf"))
    assert len(archivos) == 2, archivos  # one sheet, one report: the old ones are gone


def test_el_comentario_del_experto_renueva_ficha_y_reporte(client, publicada, evento, difoca, al_confirmar):
    comentario = publicada.comentarios.get()
    with al_confirmar():
        contenido.comentario_guardar(
            practica=publicada, usuario=difoca, comentario=comentario, datos={"experto": "Isela Borja Rueda"}
        )
    assert "Isela Borja Rueda" in texto_pdf(pdf(client.get(url_ficha(publicada))))
    assert "Isela Borja Rueda" in texto_pdf(pdf(client.get(url_reporte(evento))))


def test_una_foto_nueva_renueva_la_ficha(client, publicada, difoca, medios, al_confirmar):
    from tests.practicas.test_contenido import _png

    antes = documento(TipoDocumentoPublico.FICHA, publicada.pk)
    with al_confirmar():
        contenido.foto_agregar(
            practica=publicada, usuario=difoca, archivo=_png("Taller.png"), leyenda="Taller"
        )
    despues = documento(TipoDocumentoPublico.FICHA, publicada.pk)
    assert despues.listo and despues.archivo_version == antes.archivo_version + 1
    assert not Path(medios, antes.archivo.name).exists()
    assert "Taller" in texto_pdf(pdf(client.get(url_ficha(publicada))))


def test_retirar_y_volver_a_publicar(client, publicada, difoca, medios, al_confirmar):
    vieja = Path(medios, documento(TipoDocumentoPublico.FICHA, publicada.pk).archivo.name)
    with al_confirmar():
        services.practica_retirar(practica=publicada, usuario=difoca, comentario="Falta actualizar.")
    assert client.get(url_ficha(publicada)).status_code == 404
    assert not vieja.exists() and not documento(TipoDocumentoPublico.FICHA, publicada.pk).archivo
    # The public page of a draft offers no public link (only DIFOCA sees it, with the export link).
    client.force_login(difoca)
    assert (
        url_ficha(publicada) not in client.get(reverse("practicas:ficha", args=["puentes"])).content.decode()
    )
    client.logout()

    publicada.refresh_from_db()
    with al_confirmar():
        contenido.practica_guardar(
            practica=publicada,
            usuario=difoca,
            version=publicada.version,
            documento=Documento(campos={"cierre": "Hoy la DRE Pasco la replica en sus 3 UGEL."}),
        )
    assert client.get(url_ficha(publicada)).status_code == 404
    publicar(publicada, difoca, al_confirmar)
    assert "Hoy la DRE Pasco la replica en sus 3 UGEL." in texto_pdf(pdf(client.get(url_ficha(publicada))))
    assert len(list(Path(medios, "publicos").rglob("*.pdf"))) == 1


def test_un_reporte_retirado_responde_404_y_su_archivo_se_borra(client, evento, difoca, medios, al_confirmar):
    archivo = Path(medios, documento(TipoDocumentoPublico.REPORTE, evento.pk).archivo.name)
    assert archivo.exists()
    with al_confirmar():
        services.evento_retirar(evento=evento, usuario=difoca)
    assert client.get(url_reporte(evento)).status_code == 404
    assert not archivo.exists()
    # The sheet printed the feedback given at that event: renewed without it.
    practica = evento.practicas.get()
    assert "Jorge Chávez Escobar" not in texto_pdf(pdf(client.get(url_ficha(practica))))


def test_un_cambio_durante_la_generacion_descarta_el_archivo(publicada, difoca, medios, generar_spy):
    tipo = TipoDocumentoPublico.FICHA

    def cambia_mientras_genera(exportador, salida, progreso=None):
        DocumentoPublico.objects.filter(tipo=tipo, objeto_id=publicada.pk).update(version=F("version") + 1)
        salida.write(b"%PDF-viejo")

    generar_spy.side_effect = cambia_mientras_genera
    DocumentoPublico.objects.filter(tipo=tipo, objeto_id=publicada.pk).update(version=F("version") + 1)
    assert publicos.documento_generar(tipo, publicada.pk) is None
    assert publicos.documento_vigente(tipo, publicada.pk) is None
    assert not any(p.read_bytes() == b"%PDF-viejo" for p in Path(medios).rglob("*.pdf"))


def test_enlaces_de_descarga_visibles_sin_ingresar(client, publicada, evento):
    ficha = client.get(reverse("practicas:ficha", args=[publicada.slug])).content.decode()
    assert f'href="{url_ficha(publicada)}"' in ficha and "Descargar ficha (PDF)" in ficha
    catalogo = client.get(reverse("practicas:catalogo")).content.decode()
    assert f'href="{url_ficha(publicada)}"' in catalogo
    reporte = client.get(reverse("practicas:evento", args=[evento.slug])).content.decode()
    assert f'href="{url_reporte(evento)}"' in reporte and "Descargar reporte (PDF)" in reporte
    assert "/exportaciones/" not in ficha + catalogo + reporte


def test_disposicion_sin_caracteres_que_rompan_la_cabecera():
    cabecera = publicos.disposicion('Año 2025: "DRE/UGEL"\r\nX-Inyectada: sí')
    assert "\r" not in cabecera and "\n" not in cabecera
    assert 'filename="Ano 2025 DRE UGEL X-Inyectada si.pdf"' in cabecera


def test_un_pedido_perdido_se_vuelve_a_encolar(publicada, django_capture_on_commit_callbacks):
    tipo, pk = TipoDocumentoPublico.FICHA, publicada.pk
    assert not publicos.documento_pedir(tipo, pk)  # ready: nothing to queue
    DocumentoPublico.objects.filter(tipo=tipo, objeto_id=pk).update(version=F("version") + 1)
    with django_capture_on_commit_callbacks() as encoladas:
        assert publicos.documento_pedir(tipo, pk)
        assert not publicos.documento_pedir(tipo, pk)
    assert len(encoladas) == 1
    # A task lost on the way (the worker stopped): after a while, the next visitor queues it again.
    DocumentoPublico.objects.filter(tipo=tipo, objeto_id=pk).update(
        pedido_en=F("pedido_en") - publicos.REINTENTAR_TRAS - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks() as encoladas:
        assert publicos.documento_pedir(tipo, pk)
    assert len(encoladas) == 1
