"""DIFOCA's events in the workspace: the list, a new event, the report's editor, publishing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from practicas import models as modelos
from practicas import services
from practicas.cifras import cifras_cop
from practicas.contenido import CAMPOS_EVENTO
from practicas.models import Evento, Instancia, PracticaPresentada
from tests.factories import (
    BuenaPracticaFactory,
    EventoFactory,
    RegionFactory,
    cambios_de_estado,
    practica_publicada,
)
from tests.roles import ROLES, por_rol


def _editor(evento):
    return reverse("practicas:gestion_evento", args=[evento.pk])


def _lista(datos, prefijo, filas):
    datos.update(
        {
            f"{prefijo}-TOTAL_FORMS": str(len(filas)),
            f"{prefijo}-INITIAL_FORMS": "0",
            f"{prefijo}-MIN_NUM_FORMS": "0",
            f"{prefijo}-MAX_NUM_FORMS": "100",
        }
    )
    for i, fila in enumerate(filas):
        for campo, valor in fila.items():
            datos[f"{prefijo}-{i}-{campo}"] = "" if valor is None else valor


def _post(evento, campos=None, presentaciones=None, testimonios=None, regiones=None, version=None):
    """What the editor page sends: the event as stored, with the given changes."""
    evento.refresh_from_db()
    datos = {"version": evento.version if version is None else version}
    for c in CAMPOS_EVENTO:
        valor = getattr(evento, Evento._meta.get_field(c).attname)
        datos[c] = "" if valor is None else (valor.isoformat() if isinstance(valor, date) else valor)
    datos.update(campos or {})
    datos["regiones"] = [r.pk for r in (regiones if regiones is not None else evento.regiones.all())]
    if presentaciones is None:
        presentaciones = [
            {"id": p.pk, "practica": p.practica_id, "problema": p.problema, "estrategia": p.estrategia}
            for p in evento.presentaciones.all()
        ]
    if testimonios is None:
        testimonios = [
            {"id": t.pk, "autor": t.autor, "cargo": t.cargo, "texto": t.texto}
            for t in evento.testimonios.all()
        ]
    _lista(datos, "presentaciones", presentaciones)
    _lista(datos, "testimonios", testimonios)
    return datos


def _presentar(evento, *practicas):
    for i, p in enumerate(practicas, start=1):
        PracticaPresentada.objects.create(evento=evento, practica=p, orden=i)


# ---- scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ROLES)
def test_el_espacio_de_eventos_es_solo_de_difoca(client, usuarios, rol):
    evento = EventoFactory()
    esperado = por_rol(
        director=404, director_otro=404, ugel=404, ugel_otro=404, dre=404, dre_otro=404,
        difoca=200, admin=200, sin_rol=404,
    )[rol]  # fmt: skip
    client.force_login(usuarios[rol])
    for url in (
        reverse("practicas:gestion_eventos"),
        reverse("practicas:gestion_evento_nuevo"),
        _editor(evento),
        reverse("practicas:gestion_evento_fotos", args=[evento.pk]),
    ):
        assert client.get(url).status_code == esperado, url
    if esperado == 404:
        for nombre in ("gestion_evento_publicar", "gestion_evento_retirar"):
            assert client.post(reverse(f"practicas:{nombre}", args=[evento.pk])).status_code == 404
        assert client.post(_editor(evento), _post(evento, {"nombre": "Otro"})).status_code == 404
        evento.refresh_from_db()
        assert evento.nombre != "Otro" and not evento.publicado


def test_anonimo_no_ve_el_espacio(client, db):
    evento = EventoFactory()
    assert client.get(reverse("practicas:gestion_eventos")).status_code == 404
    assert client.get(_editor(evento)).status_code == 404


# ---- list and new event ---------------------------------------------------------------------


def test_la_lista_muestra_los_eventos_con_sus_practicas(client, mundo, django_assert_max_num_queries):
    evento = EventoFactory(nombre="Intercambio del Centro")
    _presentar(evento, BuenaPracticaFactory(), BuenaPracticaFactory())
    EventoFactory(nombre="Intercambio del Sur", publicado=True)
    client.force_login(mundo["difoca"])
    with django_assert_max_num_queries(12):
        r = client.get(reverse("practicas:gestion_eventos"))
    texto = r.content.decode()
    assert "Intercambio del Centro" in texto and "Intercambio del Sur" in texto
    assert "2 prácticas" in texto and "Sin publicar" in texto and "Publicado" in texto
    assert reverse("practicas:gestion_evento_nuevo") in texto


def test_crear_un_evento_y_la_fecha_de_fin_antes_del_inicio(client, mundo):
    client.force_login(mundo["difoca"])
    url = reverse("practicas:gestion_evento_nuevo")
    datos = {
        "nombre": "II Intercambio Macrorregión Sur",
        "macrorregion": "sur",
        "sede": "Arequipa",
        "fecha_inicio": "2026-06-10",
        "fecha_fin": "2026-06-09",
    }
    r = client.post(url, datos)
    assert r.status_code == 200
    error = r.context["form"].errors["fecha_fin"]
    assert error == ["La fecha de fin no puede ser anterior a la de inicio."]
    assert "II Intercambio Macrorregión Sur" in r.content.decode()  # what was typed stays
    assert not Evento.objects.exists()

    r = client.post(url, {**datos, "fecha_fin": "2026-06-11"})
    evento = Evento.objects.get()
    assert r.status_code == 302 and r.url == _editor(evento)
    assert evento.slug == "ii-intercambio-macrorregion-sur" and not evento.publicado
    assert evento.fecha_fin == date(2026, 6, 11)


# ---- the editor -----------------------------------------------------------------------------


def test_el_editor_guarda_campos_y_regiones(client, mundo):
    evento = EventoFactory()
    junin, pasco, ica = (
        RegionFactory(nombre="Junín"),
        RegionFactory(nombre="Pasco"),
        RegionFactory(nombre="Ica"),
    )
    evento.regiones.set([ica])
    client.force_login(mundo["difoca"])
    r = client.get(_editor(evento))
    assert "Formato: deja una línea en blanco entre párrafos" in r.content.decode()
    campos = {
        "resumen_ejecutivo": "El evento reunió a **18 regiones**.\n\n- Punto uno",
        "asistentes": "350",
        "cop_visitas": "10655",
        "firma_presentacion": "Ministra de Educación",
        "region_anfitriona": str(pasco.pk),
    }
    r = client.post(_editor(evento), _post(evento, campos, regiones=[junin, pasco]))
    assert r.status_code == 302
    evento.refresh_from_db()
    assert evento.resumen_ejecutivo.startswith("El evento reunió")
    assert evento.asistentes == 350 and evento.cop_visitas == 10655
    assert evento.region_anfitriona == pasco
    assert set(evento.regiones.all()) == {junin, pasco}
    assert evento.version == 2 and evento.editado_por == mundo["difoca"]


def test_el_editor_rechaza_fechas_al_reves_junto_al_campo(client, mundo):
    evento = EventoFactory()
    client.force_login(mundo["difoca"])
    r = client.post(_editor(evento), _post(evento, {"fecha_fin": "2026-04-01", "sede": "Lima"}))
    assert r.status_code == 200
    assert r.context["form"].errors["fecha_fin"] == ["La fecha de fin no puede ser anterior a la de inicio."]
    evento.refresh_from_db()
    assert evento.sede == "Huacho"


def test_programa_en_orden_con_la_version_del_reporte(client, mundo):
    evento = EventoFactory()
    a, b, c = BuenaPracticaFactory(), BuenaPracticaFactory(), practica_publicada()
    _presentar(evento, a, b)
    pa, pb = evento.presentaciones.order_by("orden")
    client.force_login(mundo["difoca"])
    presentaciones = [
        {"id": pb.pk, "practica": b.pk, "problema": "Versión corta del problema."},
        {"id": "", "clave": "n1", "practica": c.pk, "estrategia": "Estrategia corta", "resultados": "- 100%"},
        {"id": pa.pk, "practica": a.pk},
    ]
    r = client.post(_editor(evento), _post(evento, presentaciones=presentaciones))
    assert r.status_code == 302
    programa = list(evento.presentaciones.order_by("orden"))
    assert [(p.orden, p.practica) for p in programa] == [(1, b), (2, c), (3, a)]
    assert programa[0].pk == pb.pk and programa[0].problema == "Versión corta del problema."
    assert (programa[1].estrategia, programa[1].resultados) == ("Estrategia corta", "- 100%")

    # Removing one and moving another keeps the rest.
    presentaciones = [{"id": programa[2].pk, "practica": a.pk}, {"id": programa[0].pk, "practica": b.pk}]
    client.post(_editor(evento), _post(evento, presentaciones=presentaciones))
    assert [p.practica for p in evento.presentaciones.order_by("orden")] == [a, b]


def test_testimonios_agregar_quitar_y_reordenar(client, mundo):
    evento = EventoFactory()
    t1 = modelos.Testimonio.objects.create(evento=evento, orden=1, autor="Ana", texto="Primero")
    t2 = modelos.Testimonio.objects.create(evento=evento, orden=2, autor="Beto", texto="Segundo")
    client.force_login(mundo["difoca"])
    testimonios = [
        {"id": "", "clave": "n1", "autor": "Carla", "cargo": "Directora de UGEL", "texto": "Nuevo"},
        {"id": t2.pk, "autor": "Beto", "texto": "Segundo, corregido"},
    ]
    assert client.post(_editor(evento), _post(evento, testimonios=testimonios)).status_code == 302
    filas = [(t.autor, t.texto, t.cargo) for t in evento.testimonios.order_by("orden")]
    assert filas == [("Carla", "Nuevo", "Directora de UGEL"), ("Beto", "Segundo, corregido", "")]
    assert not modelos.Testimonio.objects.filter(pk=t1.pk).exists()


def test_una_lista_con_una_fila_invalida_no_se_guarda_pero_lo_demas_si(client, mundo):
    evento = EventoFactory()
    modelos.Testimonio.objects.create(evento=evento, orden=1, autor="Ana", texto="Primero")
    client.force_login(mundo["difoca"])
    testimonios = [{"id": "", "clave": "n1", "autor": "Sin texto todavía", "texto": ""}]
    r = client.post(_editor(evento), _post(evento, {"desarrollo": "Lo que pasó."}, testimonios=testimonios))
    assert r.status_code == 200
    texto = r.content.decode()
    assert "Sin texto todavía" in texto and "Se guardó lo demás" in texto
    assert r.context["testimonios"].forms[0].errors["texto"]
    evento.refresh_from_db()
    assert evento.desarrollo == "Lo que pasó."
    assert [t.autor for t in evento.testimonios.all()] == ["Ana"]
    # The page carries the new version: saving again is not a conflict.
    assert r.context["version"] == evento.version


def test_reporte_publicado_no_admite_una_practica_sin_publicar(client, mundo):
    publicada, borrador = practica_publicada(), BuenaPracticaFactory(titulo="Práctica aún en borrador")
    evento = EventoFactory()
    _presentar(evento, publicada)
    services.evento_publicar(evento=evento, usuario=mundo["difoca"])
    client.force_login(mundo["difoca"])
    presentaciones = [
        {"id": evento.presentaciones.get().pk, "practica": publicada.pk},
        {"id": "", "clave": "n1", "practica": borrador.pk},
    ]
    r = client.post(
        _editor(evento), _post(evento, {"red_gestores": "912 gestores"}, presentaciones=presentaciones)
    )
    assert r.status_code == 200
    texto = r.content.decode()
    assert "solo admite prácticas publicadas (Práctica aún en borrador)" in texto
    assert [p.practica for p in evento.presentaciones.all()] == [publicada]
    evento.refresh_from_db()
    assert evento.red_gestores == "912 gestores"  # the rest was saved


def test_conflicto_de_version_conserva_lo_escrito(client, mundo):
    evento = EventoFactory(resumen_ejecutivo="Original")
    client.force_login(mundo["difoca"])
    viejo = _post(evento, {"resumen_ejecutivo": "Mi texto largo escrito con cuidado"})
    client.post(_editor(evento), _post(evento, {"resumen_ejecutivo": "Lo de otra pestaña"}))
    r = client.post(_editor(evento), viejo)
    assert r.status_code == 200
    texto = r.content.decode()
    assert "Mi texto largo escrito con cuidado" in texto
    assert "mientras lo editabas" in texto
    evento.refresh_from_db()
    assert evento.resumen_ejecutivo == "Lo de otra pestaña"
    assert r.context["version"] == evento.version


def test_el_editor_no_crece_en_consultas_con_el_programa(client, mundo):
    client.force_login(mundo["difoca"])

    def consultas(n):
        evento = EventoFactory()
        _presentar(evento, *[practica_publicada() for _ in range(n)])
        for i in range(n):
            modelos.Testimonio.objects.create(evento=evento, orden=i + 1, autor=f"Autor {i}", texto="Bien")
        with CaptureQueriesContext(connection) as c:
            r = client.get(_editor(evento))
        assert r.status_code == 200
        return len(c.captured_queries)

    assert consultas(3) == consultas(12)


# ---- the CoP's figures ----------------------------------------------------------------------


def _instancia(practica, tipo, nombre, orden):
    Instancia.objects.create(practica=practica, tipo=tipo, nombre=nombre, orden=orden)


def test_cifras_cop_cuentan_solo_lo_publicado_y_cada_instancia_una_vez(db, django_assert_num_queries):
    huaura, junin = RegionFactory(nombre="Lima Provincias"), RegionFactory(nombre="Junín")
    p1, p2 = practica_publicada(region=huaura), practica_publicada(region=huaura)
    p3 = practica_publicada(region=junin)
    borrador = BuenaPracticaFactory(region=RegionFactory(nombre="Ica"))
    _instancia(p1, "ugel", "UGEL Huaura", 1)
    _instancia(p2, "ugel", "UGEL Huaura", 1)  # shared: counted once
    _instancia(p2, "dre", "DRE Lima Provincias", 2)
    _instancia(p3, "dre", "DRE Junín", 1)
    _instancia(p3, "gobierno_local", "Municipalidad de Huancayo", 2)
    _instancia(borrador, "ugel", "UGEL Nasca", 1)  # a draft: not counted
    _instancia(borrador, "gobierno_local", "Municipalidad de Nasca", 2)
    with django_assert_num_queries(2):
        cifras = cifras_cop()
    assert (cifras.practicas, cifras.regiones) == (3, 2)
    assert (cifras.dre, cifras.ugel, cifras.gobiernos_locales) == (2, 1, 1)


def test_el_editor_muestra_las_cifras_del_catalogo(client, mundo):
    evento = EventoFactory()
    _instancia(practica_publicada(), "ugel", "UGEL Huaura", 1)
    client.force_login(mundo["difoca"])
    r = client.get(_editor(evento))
    assert r.context["cifras"].ugel == 1
    assert "prácticas publicadas" in r.content.decode()


# ---- publish and withdraw -------------------------------------------------------------------


def test_publicar_rechazado_y_luego_publicar_y_retirar_con_historial(client, mundo):
    borrador = BuenaPracticaFactory(titulo="Práctica pendiente")
    evento = EventoFactory()
    _presentar(evento, borrador)
    client.force_login(mundo["difoca"])
    publicar = reverse("practicas:gestion_evento_publicar", args=[evento.pk])
    r = client.post(publicar, follow=True)
    texto = r.content.decode()
    assert "No se publicó el reporte" in texto and "Práctica pendiente" in texto
    evento.refresh_from_db()
    assert not evento.publicado

    borrador.estado = "publicada"
    borrador.publicada_en = timezone.now()
    borrador.save()
    r = client.post(publicar, follow=True)
    evento.refresh_from_db()
    assert evento.publicado
    assert reverse("practicas:evento", args=[evento.slug]) in r.content.decode()
    assert client.get(reverse("practicas:gestion_evento_publicar", args=[evento.pk])).status_code == 405

    client.post(reverse("practicas:gestion_evento_retirar", args=[evento.pk]))
    evento.refresh_from_db()
    assert not evento.publicado
    pasos = [(c.accion, c.usuario) for c in cambios_de_estado(evento)]
    assert pasos == [("publicar", mundo["difoca"]), ("retirar", mundo["difoca"])]
    historial = client.get(_editor(evento)).context["historial"]
    assert [e.accion_display for e in historial][-2:] == ["Publicar", "Retirar"]


# ---- photos ---------------------------------------------------------------------------------


def _jpeg(nombre, color):
    contenido = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(contenido, "JPEG")
    return SimpleUploadedFile(nombre, contenido.getvalue(), content_type="image/jpeg")


def test_subir_varias_fotos_y_ordenar_sus_leyendas(client, mundo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evento = EventoFactory()
    client.force_login(mundo["difoca"])
    url = reverse("practicas:gestion_evento_fotos", args=[evento.pk])
    r = client.post(
        url,
        {"subir": "1", "imagenes": [_jpeg("feria.jpg", "red"), _jpeg("pasantia.jpg", "blue"), _texto()]},
    )
    assert r.status_code == 200  # one refused: the page says which
    assert "no-es-foto.jpg" in r.content.decode()
    azul, roja = evento.fotos.order_by("-orden")
    assert (roja.leyenda, azul.leyenda) == ("feria", "pasantia") and roja.imagen
    # Each photo's size is kept, and its <img> carries it, here and on the published event's page.
    assert roja.ancho and roja.alto
    talla = f'width="{roja.ancho}" height="{roja.alto}"'
    assert talla in client.get(url).content.decode()
    type(evento).objects.filter(pk=evento.pk).update(publicado=True)
    assert talla in client.get(reverse("practicas:evento", args=[evento.slug])).content.decode()

    evento.refresh_from_db()
    datos = {"version": evento.version}
    _lista(datos, "fotos", [{"id": azul.pk, "leyenda": "Pasantía en Huaura"}])
    assert client.post(url, datos).status_code == 302
    assert [(f.pk, f.leyenda, f.orden) for f in evento.fotos.all()] == [(azul.pk, "Pasantía en Huaura", 1)]


def _texto():
    return SimpleUploadedFile("no-es-foto.jpg", b"esto no es una imagen", content_type="image/jpeg")


def test_una_practica_dos_veces_en_el_programa_se_senala_y_no_se_guarda(client, mundo):
    evento = EventoFactory()
    practica = BuenaPracticaFactory()
    client.force_login(mundo["difoca"])
    filas = [{"clave": "n1", "practica": practica.pk}, {"clave": "n2", "practica": practica.pk}]
    r = client.post(_editor(evento), _post(evento, presentaciones=filas))
    assert r.status_code == 200
    assert "Una práctica figura dos veces en el programa." in r.content.decode()
    assert not evento.presentaciones.exists()
    assert len(r.context["presentaciones"].forms) == 2  # as typed, to correct


def _dos_fotos(client, mundo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evento = EventoFactory()
    client.force_login(mundo["difoca"])
    url = reverse("practicas:gestion_evento_fotos", args=[evento.pk])
    client.post(url, {"subir": "1", "imagenes": [_jpeg("feria.jpg", "red"), _jpeg("pasantia.jpg", "blue")]})
    return evento, url, list(evento.fotos.order_by("orden"))


def test_vaciar_la_leyenda_de_una_foto_no_la_borra(client, mundo, settings, tmp_path):
    evento, url, (roja, azul) = _dos_fotos(client, mundo, settings, tmp_path)
    evento.refresh_from_db()
    datos = {"version": evento.version}
    _lista(datos, "fotos", [{"id": roja.pk, "leyenda": ""}, {"id": azul.pk, "leyenda": "Pasantía"}])
    r = client.post(url, datos)
    assert r.status_code == 200 and "Escribe una leyenda para esta foto." in r.content.decode()
    assert evento.fotos.count() == 2 and (tmp_path / roja.imagen.name).exists()


def test_fotos_guardadas_desde_una_pagina_vieja_no_borran_las_nuevas(client, mundo, settings, tmp_path):
    evento, url, (roja, azul) = _dos_fotos(client, mundo, settings, tmp_path)
    evento.refresh_from_db()
    vieja = evento.version
    client.post(url, {"subir": "1", "imagenes": [_jpeg("aula.jpg", "green")]})  # another tab
    datos = {"version": vieja}
    _lista(datos, "fotos", [{"id": roja.pk, "leyenda": "Feria"}, {"id": azul.pk, "leyenda": "Pasantía"}])
    r = client.post(url, datos)
    assert "no se guardó nada" in r.content.decode()
    assert f'value="{vieja}"' in r.content.decode()  # saving this page again conflicts again
    assert client.post(url, datos).status_code == 200
    assert evento.fotos.count() == 3


def test_sin_version_el_evento_no_se_guarda(client, mundo):
    evento = EventoFactory()
    client.force_login(mundo["difoca"])
    datos = _post(evento, {"sede": "Huancayo"})
    del datos["version"]
    client.post(_editor(evento), datos)
    evento.refresh_from_db()
    assert evento.sede == "Huacho"
