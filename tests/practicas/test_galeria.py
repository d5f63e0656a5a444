"""The gallery page of DIFOCA's workspace: several photos uploaded at once, each checked on its own;
captions, order and removals saved against the page's version."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from practicas import contenido
from practicas.models import Foto
from tests.factories import BuenaPracticaFactory
from tests.roles import ROLES, por_rol
from tests.test_imagenes import png_solo_cabecera


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg(nombre: str, medida=(300, 200), color="green") -> SimpleUploadedFile:
    salida = io.BytesIO()
    Image.new("RGB", medida, color).save(salida, "JPEG")
    return SimpleUploadedFile(nombre, salida.getvalue(), content_type="image/jpeg")


def url(practica) -> str:
    return reverse("practicas:gestion_galeria", args=[practica.pk])


def con_fotos(usuario, n: int, practica=None):
    practica = practica or BuenaPracticaFactory()
    for i in range(n):
        contenido.foto_agregar(practica=practica, usuario=usuario, archivo=jpeg(f"foto-{i}.jpg", (20, 20)))
    practica.refresh_from_db()
    return practica


def guardar(client, practica, filas, version=None, cargadas=None):
    datos = {
        "version": practica.version if version is None else version,
        "cargadas": ",".join(str(f["id"]) for f in filas) if cargadas is None else cargadas,
        "fotos-TOTAL_FORMS": len(filas),
        "fotos-INITIAL_FORMS": 0,
    }
    for i, fila in enumerate(filas):
        datos[f"fotos-{i}-id"] = fila["id"]
        datos[f"fotos-{i}-clave"] = f"e{fila['id']}"
        datos[f"fotos-{i}-leyenda"] = fila["leyenda"]
    return client.post(url(practica), datos)


@pytest.mark.parametrize(
    "rol,estado",
    por_rol(
        director=404,
        director_otro=404,
        ugel=404,
        ugel_otro=404,
        dre=404,
        dre_otro=404,
        difoca=200,
        admin=200,
        sin_rol=404,
    ).items(),
)
def test_galeria_por_rol(usuarios, client, rol, estado):
    assert set(ROLES) >= {rol}
    practica = BuenaPracticaFactory()
    client.force_login(usuarios[rol])
    assert client.get(url(practica)).status_code == estado
    respuesta = client.post(url(practica), {"subir": "1", "fotos": [jpeg("a.jpg")]})
    assert respuesta.status_code == (302 if estado == 200 else 404)
    assert Foto.objects.filter(practica=practica).count() == (1 if estado == 200 else 0)


def test_anonimo_recibe_404(db, client):
    practica = BuenaPracticaFactory()
    assert client.get(url(practica)).status_code == 404
    assert client.post(url(practica), {"subir": "1", "fotos": [jpeg("a.jpg")]}).status_code == 404


def test_la_pagina_pide_varias_fotos_de_tipos_aceptados(mundo, client):
    client.force_login(mundo["difoca"])
    html = client.get(url(BuenaPracticaFactory())).content.decode()
    assert 'type="file"' in html and " multiple " in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert 'enctype="multipart/form-data"' in html


def test_subir_varias_y_una_no_es_imagen(mundo, client):
    practica = BuenaPracticaFactory()
    antes = practica.version
    client.force_login(mundo["difoca"])
    texto = SimpleUploadedFile("acta-de-reunion.jpg", b"Esto es un texto, no una foto.\n" * 20)
    respuesta = client.post(
        url(practica), {"subir": "1", "fotos": [jpeg("patio-central.jpg"), texto, jpeg("aula.png")]}
    )
    assert respuesta.status_code == 422
    html = respuesta.content.decode()
    assert "acta-de-reunion.jpg" in html
    assert "no es una foto que Chasqui pueda leer" in html
    assert "Se agregaron 2 fotos a la galería." in html
    assert "Las demás fotos sí se agregaron." in html
    fotos = list(Foto.objects.filter(practica=practica))
    assert [f.leyenda for f in fotos] == ["patio-central", "aula"]  # the file names as they came
    # The page carries the version raised by the two photos: saving from it does not conflict.
    practica.refresh_from_db()
    assert practica.version == antes + 2
    assert f'name="version" value="{practica.version}"' in html
    assert html.count("data-fila") >= 2


def test_todas_buenas_redirige_y_la_galeria_las_muestra(mundo, client):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    respuesta = client.post(
        url(practica), {"subir": "1", "fotos": [jpeg("uno.jpg"), jpeg("dos.jpg")]}, follow=True
    )
    assert respuesta.redirect_chain == [(url(practica), 302)]
    html = respuesta.content.decode()
    assert "Se agregaron 2 fotos a la galería." in html
    for foto in Foto.objects.filter(practica=practica):
        assert f'src="{foto.imagen.url}"' in html
        assert f'alt="{foto.leyenda}"' in html


def test_demasiadas_fotos_a_la_vez(mundo, client):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    fotos = [jpeg(f"f{i}.jpg", (4, 4)) for i in range(31)]
    respuesta = client.post(url(practica), {"subir": "1", "fotos": fotos})
    assert respuesta.status_code == 422
    assert "Sube hasta 30 fotos a la vez." in respuesta.content.decode()
    assert not Foto.objects.filter(practica=practica).exists()


def test_subir_sin_elegir_archivos(mundo, client):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    respuesta = client.post(url(practica), {"subir": "1"})
    assert respuesta.status_code == 422
    assert "Elige al menos una foto." in respuesta.content.decode()


def test_foto_de_30_mb_recibe_el_mensaje_de_peso(mundo, client, settings):
    assert settings.IMAGEN_MB_MAXIMO < 30
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    pesada = SimpleUploadedFile(
        "dron.jpg", b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024), content_type="image/jpeg"
    )
    respuesta = client.post(url(practica), {"subir": "1", "fotos": [pesada]})
    assert respuesta.status_code == 422
    html = respuesta.content.decode()
    assert "dron.jpg" in html
    assert f"y el máximo es {settings.IMAGEN_MB_MAXIMO} MB" in html
    assert "No se agregó ninguna foto." in html and "Las demás fotos" not in html
    assert not Foto.objects.filter(practica=practica).exists()


def test_bomba_de_descompresion_rechazada(mundo, client):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    bomba = SimpleUploadedFile("bomba.png", png_solo_cabecera(20000, 20000), content_type="image/png")
    respuesta = client.post(url(practica), {"subir": "1", "fotos": [bomba, jpeg("buena.jpg")]})
    html = respuesta.content.decode()
    assert "bomba.png" in html and "megapíxeles" in html
    assert Foto.objects.filter(practica=practica).count() == 1


def test_la_foto_guardada_esta_reducida(mundo, client, settings):
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    grande = jpeg("panoramica.jpg", (settings.IMAGEN_LADO_MAXIMO * 2, 900))
    client.post(url(practica), {"subir": "1", "fotos": [grande]})
    foto = Foto.objects.get(practica=practica)
    with Image.open(foto.imagen.path) as imagen:
        assert max(imagen.size) <= settings.IMAGEN_LADO_MAXIMO
        assert imagen.size[0] == settings.IMAGEN_LADO_MAXIMO
        # The size is kept with the photo, and every page that shows it gives the <img> that size
        # (the page does not jump when the picture arrives).
        assert (foto.ancho, foto.alto) == imagen.size
    atributos = f'width="{foto.ancho}" height="{foto.alto}"'
    assert atributos in client.get(url(practica)).content.decode()
    type(practica).objects.filter(pk=practica.pk).update(estado="publicada", publicada_en=timezone.now())
    publica = client.get(reverse("practicas:ficha", args=[practica.slug])).content.decode()
    assert atributos in publica


def test_ordenar_cambiar_leyenda_y_quitar(mundo, client):
    practica = con_fotos(mundo["difoca"], 3)
    a, b, c = Foto.objects.filter(practica=practica)
    client.force_login(mundo["difoca"])
    respuesta = guardar(
        client,
        practica,
        [{"id": c.pk, "leyenda": "Reunión de UGEL"}, {"id": a.pk, "leyenda": a.leyenda}],
        cargadas=f"{a.pk},{b.pk},{c.pk}",
    )
    assert respuesta.status_code == 302
    fotos = list(Foto.objects.filter(practica=practica))
    assert [(f.pk, f.leyenda, f.orden) for f in fotos] == [(c.pk, "Reunión de UGEL", 1), (a.pk, a.leyenda, 2)]


def test_leyenda_vacia_es_un_error_y_no_quita_la_foto(mundo, client):
    practica = con_fotos(mundo["difoca"], 2)
    a, b = Foto.objects.filter(practica=practica)
    client.force_login(mundo["difoca"])
    respuesta = guardar(client, practica, [{"id": a.pk, "leyenda": ""}, {"id": b.pk, "leyenda": "Otra"}])
    assert respuesta.status_code == 422
    assert "Escribe una leyenda para esta foto." in respuesta.content.decode()
    assert Foto.objects.filter(practica=practica).count() == 2
    assert Foto.objects.get(pk=b.pk).leyenda == b.leyenda


def test_foto_de_otra_practica_se_ignora(mundo, client):
    practica = con_fotos(mundo["difoca"], 1)
    ajena = con_fotos(mundo["difoca"], 1)
    propia, foto_ajena = Foto.objects.get(practica=practica), Foto.objects.get(practica=ajena)
    client.force_login(mundo["difoca"])
    guardar(
        client,
        practica,
        [{"id": foto_ajena.pk, "leyenda": "Robada"}, {"id": propia.pk, "leyenda": "Propia"}],
    )
    foto_ajena.refresh_from_db()
    assert foto_ajena.leyenda != "Robada" and foto_ajena.practica_id == ajena.pk
    assert list(Foto.objects.filter(practica=practica).values_list("leyenda", flat=True)) == ["Propia"]


def test_conflicto_de_version_conserva_las_leyendas(mundo, client):
    practica = con_fotos(mundo["difoca"], 2)
    a, b = Foto.objects.filter(practica=practica)
    vieja = practica.version
    # Another tab adds a photo: the version goes up.
    contenido.foto_agregar(practica=practica, usuario=mundo["difoca"], archivo=jpeg("nueva.jpg", (20, 20)))
    nueva = Foto.objects.get(practica=practica, leyenda="nueva")
    client.force_login(mundo["difoca"])
    respuesta = guardar(
        client,
        practica,
        [{"id": b.pk, "leyenda": "Mi leyenda escrita"}, {"id": a.pk, "leyenda": a.leyenda}],
        version=vieja,
    )
    assert respuesta.status_code == 409
    html = respuesta.content.decode()
    assert "No se guardó nada" in html
    assert 'value="Mi leyenda escrita"' in html
    # Typed order kept, the photo added elsewhere after them; the page now has the current version.
    for i, foto in enumerate([b, a, nueva]):
        assert f'name="fotos-{i}-id" value="{foto.pk}"' in html
    practica.refresh_from_db()
    assert f'name="version" value="{practica.version}"' in html
    assert Foto.objects.get(pk=b.pk).leyenda == b.leyenda  # nothing written
    # Saving again from that page keeps the three photos.
    guardar(
        client,
        practica,
        [
            {"id": b.pk, "leyenda": "Mi leyenda escrita"},
            {"id": a.pk, "leyenda": a.leyenda},
            {"id": nueva.pk, "leyenda": "nueva"},
        ],
    )
    assert list(Foto.objects.filter(practica=practica).values_list("pk", flat=True)) == [b.pk, a.pk, nueva.pk]


def test_html_en_la_leyenda_se_muestra_escapado(mundo, client):
    practica = con_fotos(mundo["difoca"], 1)
    foto = Foto.objects.get(practica=practica)
    client.force_login(mundo["difoca"])
    guardar(client, practica, [{"id": foto.pk, "leyenda": '<script>alert("x")</script>'}])
    html = client.get(url(practica)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize("n", [3, 20])
def test_consultas_acotadas(mundo, client, django_assert_max_num_queries, n):
    practica = con_fotos(mundo["difoca"], n)
    client.force_login(mundo["difoca"])
    with django_assert_max_num_queries(6):
        respuesta = client.get(url(practica))
    assert respuesta.content.decode().count("<img ") == n


def test_una_fila_sin_id_no_crea_una_foto(mundo, client):
    practica = con_fotos(mundo["difoca"], 1)
    foto = Foto.objects.get(practica=practica)
    client.force_login(mundo["difoca"])
    datos = {
        "version": practica.version,
        "cargadas": str(foto.pk),
        "fotos-TOTAL_FORMS": 2,
        "fotos-INITIAL_FORMS": 0,
        "fotos-0-id": foto.pk,
        "fotos-0-leyenda": "La foto",
        "fotos-1-id": "",
        "fotos-1-clave": "n1",
        "fotos-1-leyenda": "Leyenda sin foto",
    }
    assert client.post(url(practica), datos).status_code == 302
    assert list(Foto.objects.filter(practica=practica).values_list("leyenda", flat=True)) == ["La foto"]
