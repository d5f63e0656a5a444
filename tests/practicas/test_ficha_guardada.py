"""The public sheet kept drawn in the cache under its practice's change number (practicas.views.ficha,
practicas.models.FICHA): a request that finds it makes one query and answers the same bytes; every
change of what it shows — the practice, a row of any of its lists, a comment, an event, its region's
or theme's name — through the services, the admin or plain SQL shows on the next request; a
withdrawn practice is 404 at once; what depends on who looks never comes from another viewer's
drawing; and the photos' addresses are those of the request, never kept."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practicas import contenido, services
from practicas.contenido import Documento
from practicas.models import ComentarioExperto, Contacto, Enlace, Fase, Foto, Instancia, Resultado
from practicas.views import MARCA_FOTO
from tests.factories import EventoFactory, RegionFactory, TemaFactory, practica_completa


@pytest.fixture
def practica(db):
    return practica_completa(
        estado="publicada",
        publicada_en=timezone.now(),
        titulo="Gestión articulada en Junín",
        slug="gestion-junin",
        region=RegionFactory(nombre="Junín"),
        tema=TemaFactory(nombre="Comprensión lectora"),
    )


def ficha(client, practica, estado=200) -> str:
    respuesta = client.get(f"/practicas/{practica.slug}/")
    assert respuesta.status_code == estado
    return respuesta.content.decode()


def sin_token(html: str) -> str:
    html = re.sub(r'X-CSRFToken": "[^"]*"', 'X-CSRFToken": ""', html)
    html = re.sub(r'csrfmiddlewaretoken" value="[^"]*"', 'csrfmiddlewaretoken" value=""', html)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


def sql(consulta: str, parametros: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(consulta, parametros)


def test_la_segunda_peticion_hace_una_consulta_y_da_los_mismos_bytes(client, practica):
    primera = ficha(client, practica)
    with CaptureQueriesContext(connection) as capturadas:
        segunda = ficha(client, practica)
    assert len(capturadas.captured_queries) == 1, [c["sql"] for c in capturadas.captured_queries]
    assert sin_token(segunda) == sin_token(primera)
    assert "<title>Gestión articulada en Junín" in segunda and "Región Junín" in segunda


def test_las_consultas_no_crecen_con_las_listas(client, practica, mundo):
    def consultas() -> int:
        with CaptureQueriesContext(connection) as capturadas:
            ficha(client, practica)
        return len(capturadas.captured_queries)

    client.force_login(mundo["difoca"])
    ficha(client, practica)
    pocas = consultas()
    for n in range(20):
        Contacto.objects.create(practica=practica, orden=n + 1, nombre=f"Contacto {n}")
    ficha(client, practica)
    assert consultas() == pocas


def test_los_servicios_se_ven_en_la_siguiente_peticion(client, practica, mundo):
    difoca = mundo["difoca"]
    assert "Gestión articulada en Junín" in ficha(client, practica)
    contenido.practica_guardar(
        practica=practica,
        usuario=difoca,
        version=practica.version,
        documento=Documento(
            campos={"titulo": "Gestión renovada", "problema": "Un problema reescrito."},
            listas={"contactos": [{"nombre": "Rosa Quispe", "cargo": "Especialista"}]},
        ),
    )
    html = ficha(client, practica)
    assert "Gestión renovada" in html and "Un problema reescrito." in html and "Rosa Quispe" in html
    contenido.comentario_guardar(
        practica=practica,
        usuario=difoca,
        datos={"experto": "Dra. Ana Torres", "aspectos_clave": "Articula a las UGEL."},
    )
    assert "Dra. Ana Torres" in ficha(client, practica)
    practica.refresh_from_db()
    services.practica_retirar(practica=practica, usuario=difoca, comentario="Datos por revisar.")
    ficha(client, practica, 404)
    client.force_login(difoca)  # DIFOCA still sees it, as a draft
    assert "Gestión renovada" in ficha(client, practica)


@pytest.mark.parametrize(
    "tabla, fila",
    [
        (Instancia, {"tipo": "ugel", "nombre": "UGEL Huancayo Norte"}),
        (Enlace, {"texto": "Video de la experiencia", "url": "https://example.org/video"}),
        (Fase, {"nombre": "Fase de preparación y soporte"}),
        (Resultado, {"tipo": "logro", "descripcion": "Reuniones mensuales sostenidas."}),
        (Contacto, {"nombre": "Rosa Quispe"}),
        (Foto, {"leyenda": "Reunión de la red"}),
        (ComentarioExperto, {"experto": "Dra. Ana Torres", "aspectos_clave": "Articula."}),
    ],
)
def test_una_fila_de_cada_lista_agregada_cambiada_y_quitada(client, practica, tabla, fila):
    """The admin cannot write these lists; a script or the ORM can: the triggers count them."""
    texto = next(iter(v for k, v in fila.items() if k not in ("tipo", "url")))
    assert texto not in ficha(client, practica)
    extra = {} if tabla is ComentarioExperto else {"orden": 1}
    objeto = tabla.objects.create(practica=practica, **fila, **extra)
    if tabla is Fase:  # a phase shows with its strategies
        practica.estrategias.create(orden=1, fase=objeto, descripcion="Con su estrategia.")
    assert texto in ficha(client, practica)
    campo = next(k for k in fila if k not in ("tipo", "url"))
    sql(f"UPDATE {tabla._meta.db_table} SET {campo} = 'Cambiado por SQL' WHERE id = %s", [objeto.pk])
    html = ficha(client, practica)
    assert "Cambiado por SQL" in html and texto not in html
    if tabla is Fase:
        practica.estrategias.all().delete()
    objeto.delete()
    assert "Cambiado por SQL" not in ficha(client, practica)


def test_sql_en_la_practica_y_los_nombres_de_region_y_tema(client, practica):
    ficha(client, practica)
    sql("UPDATE practicas_buenapractica SET problema = 'Escrito por SQL.' WHERE id = %s", [practica.pk])
    assert "Escrito por SQL." in ficha(client, practica)
    sql("UPDATE territorio_region SET nombre = 'Junin Centro' WHERE id = %s", [practica.region_id])
    assert "Región Junin Centro" in ficha(client, practica)
    sql("UPDATE practicas_tema SET nombre = 'Lectura' WHERE id = %s", [practica.tema_id])
    assert ">Lectura</span>" in ficha(client, practica)
    sql("UPDATE practicas_buenapractica SET estado = 'borrador' WHERE id = %s", [practica.pk])
    ficha(client, practica, 404)


def test_el_admin_renombra_el_tema_y_retira_la_practica(client, practica, mundo):
    client.force_login(mundo["admin"])
    assert "Comprensión lectora" in ficha(client, practica)
    respuesta = client.post(
        f"/admin/practicas/tema/{practica.tema_id}/change/", {"nombre": "Lectura y escritura"}
    )
    assert respuesta.status_code == 302
    assert "Lectura y escritura" in ficha(client, practica)
    client.logout()
    assert "Lectura y escritura" in ficha(client, practica)
    client.force_login(mundo["admin"])
    client.post(
        "/admin/practicas/buenapractica/",
        {"action": "retirar", "_selected_action": [practica.pk], "motivo": "Faltan cifras"},
    )
    client.logout()
    ficha(client, practica, 404)


def test_los_eventos_que_muestra(client, practica, mundo):
    """The event it was presented at (published: anyone; not yet: DIFOCA alone), renamed by SQL,
    published by the service; a comment given at an unpublished event only for DIFOCA."""
    difoca = mundo["difoca"]
    evento = EventoFactory(nombre="Intercambio del Centro")
    evento.presentaciones.create(practica=practica, orden=1)
    ComentarioExperto.objects.create(
        practica=practica, evento=evento, experto="Dr. Luis Paz", aspectos_clave="Sí."
    )
    html = ficha(client, practica)
    assert "Intercambio del Centro" not in html and "Dr. Luis Paz" not in html
    client.force_login(difoca)
    html = ficha(client, practica)
    assert "Intercambio del Centro" in html and "Dr. Luis Paz" in html
    client.logout()
    services.evento_publicar(evento=evento, usuario=difoca)
    html = ficha(client, practica)
    assert "Intercambio del Centro" in html and "Dr. Luis Paz" in html
    sql("UPDATE practicas_evento SET nombre = 'Intercambio Macrorregional' WHERE id = %s", [evento.pk])
    html = ficha(client, practica)
    assert "Intercambio Macrorregional" in html and "Intercambio del Centro" not in html
    evento.presentaciones.all().delete()
    assert "Presentada en:" not in ficha(client, practica)


def test_cada_quien_ve_lo_suyo(client, practica, mundo):
    """DIFOCA draws it first (the edit button); the public and a signed-in director then get their
    own drawing; a draft is 404 for them whoever drew it."""
    borrador = practica_completa(titulo="Borrador reservado", slug="borrador-reservado")
    client.force_login(mundo["difoca"])
    assert "Editar" in ficha(client, practica) and "Borrador reservado" in ficha(client, borrador)
    client.force_login(mundo["director"])
    assert 'href="/practicas/gestion/' not in ficha(client, practica)
    ficha(client, borrador, 404)
    client.logout()
    assert 'href="/practicas/gestion/' not in ficha(client, practica)
    ficha(client, borrador, 404)


def test_las_fotos_llevan_la_direccion_de_cada_peticion(client, practica, settings):
    """The kept sheet holds a mark where each photo's address goes; each request writes the address
    the storage gives then (a bucket's signed one expires: it is never kept)."""
    Foto.objects.create(practica=practica, orden=1, leyenda="Con imagen", imagen="practicas/1/a b.jpg")
    Foto.objects.create(practica=practica, orden=2, leyenda="Sin imagen")
    html = ficha(client, practica)
    assert 'src="/media/practicas/1/a%20b.jpg"' in html and "\ue004" not in html
    assert MARCA_FOTO.format(0) not in html and "foto-pendiente" in html
    settings.MEDIA_URL = "/otros-medios/"  # the address changes, the sheet does not
    html = ficha(client, practica)
    assert 'src="/otros-medios/practicas/1/a%20b.jpg"' in html


def test_un_texto_con_la_forma_de_la_marca_de_una_foto_queda_como_se_escribio(client, practica):
    """The marks a kept sheet leaves for its photos' addresses carry a secret of the process: text
    saved with the old, guessable mark's shape is shown as it was saved (review, 30/11)."""
    from django.core.files.base import ContentFile

    from tests.practicas.test_galeria import jpeg

    foto = Foto(practica=practica, leyenda="x", orden=99)
    foto.imagen.save("a.jpg", ContentFile(jpeg("a.jpg", (40, 30)).read()), save=False)
    foto.save()
    practica.problema = "Antes \ue004foto-0\ue004 y \ue004foto-1\ue004 despues"
    practica.save()
    html = ficha(client, practica)
    texto = html[html.index("Antes") : html.index("despues")]
    assert "/media/" not in texto and "\ue004foto-0\ue004" in texto
    assert foto.imagen.url in html  # the photo itself still has its address
