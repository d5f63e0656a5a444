"""The content services: one write path for practices and events (practicas.contenido)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

import historial
from practicas import contenido
from practicas.contenido import Documento
from practicas.models import BuenaPractica, Contacto, Estrategia, Evento, Fase, Instancia, TipoResultado
from tests.factories import (
    BuenaPracticaFactory,
    EventoFactory,
    RegionFactory,
    TemaFactory,
    practica_publicada,
)


@pytest.fixture
def difoca(mundo):
    return mundo["difoca"]


@pytest.fixture
def practica(difoca):
    return contenido.practica_crear(
        usuario=difoca,
        titulo="Gestión educativa con impacto para la mejora sostenible de los aprendizajes",
        region=RegionFactory(nombre="Pasco"),
        tema=TemaFactory(),
        etapa="avanzado",
        anio=2025,
    )


def guardar(practica, usuario, **documento):
    practica.refresh_from_db()
    return contenido.practica_guardar(
        practica=practica, usuario=usuario, version=practica.version, documento=Documento(**documento)
    )


def estrategias(practica):
    return list(
        Estrategia.objects.filter(practica=practica)
        .order_by(*BuenaPractica._meta.get_field("estrategias").related_model._meta.ordering[1:])
        .values_list("fase__nombre", "orden", "descripcion")
    )


def test_crear_da_una_direccion_libre_y_anota_quien(practica, difoca):
    assert (
        practica.slug.startswith("gestion-educativa-con-impacto-para-la-mejora") and len(practica.slug) <= 70
    )
    assert practica.creada_por == difoca and practica.estado == "borrador" and practica.version == 1
    otra = contenido.practica_crear(
        usuario=difoca,
        titulo=practica.titulo,
        region=practica.region,
        tema=practica.tema,
        etapa="inicial",
        anio=2026,
    )
    assert otra.slug == practica.slug + "-2"
    assert historial.entradas(practica)[0].accion == "crear"


def test_una_palabra_reservada_no_es_direccion(difoca):
    practica = contenido.practica_crear(
        usuario=difoca,
        titulo="Gestión",
        region=RegionFactory(),
        tema=TemaFactory(),
        etapa="inicial",
        anio=2026,
    )
    assert practica.slug == "gestion-2"


def test_solo_difoca_escribe(practica, mundo):
    for clave in ("director", "ugel", "dre", "sin_rol"):
        with pytest.raises(PermissionDenied):
            guardar(practica, mundo[clave], campos={"problema": "x"})
    practica.refresh_from_db()
    assert practica.problema == ""


def test_una_estrategia_toma_una_fase_creada_en_el_mismo_guardado(practica, difoca):
    guardar(
        practica,
        difoca,
        fases=[{"clave": "a", "nombre": "I. Preparación"}, {"clave": "b", "nombre": "II. Ejecución"}],
        listas={
            "estrategias": [
                {"fase": "b", "titulo": "", "descripcion": "Ejecutar"},
                {"fase": "a", "titulo": "", "descripcion": "Preparar"},
                {"fase": None, "titulo": "", "descripcion": "Suelta"},
                {"fase": "a", "titulo": "", "descripcion": "Planificar"},
            ]
        },
    )
    assert estrategias(practica) == [
        (None, 1, "Suelta"),
        ("I. Preparación", 1, "Preparar"),
        ("I. Preparación", 2, "Planificar"),
        ("II. Ejecución", 1, "Ejecutar"),
    ]


def test_reordenar_mover_entre_fases_y_quitar_una_fase(practica, difoca):
    guardar(
        practica,
        difoca,
        fases=[{"clave": "a", "nombre": "A"}, {"clave": "b", "nombre": "B"}],
        listas={"estrategias": [{"fase": "a", "descripcion": f"E{n}", "titulo": ""} for n in range(1, 4)]},
    )
    fase_a, fase_b = Fase.objects.filter(practica=practica).order_by("orden")
    e1, e2, e3 = Estrategia.objects.filter(practica=practica).order_by("orden")
    # The page reversed them, moved all to B and removed A: one save, positions passing each other.
    guardar(
        practica,
        difoca,
        fases=[{"clave": "x", "id": fase_b.pk, "nombre": "B"}],
        listas={
            "estrategias": [
                {"id": e.pk, "fase": "x", "titulo": "", "descripcion": e.descripcion} for e in (e3, e2, e1)
            ]
        },
    )
    assert estrategias(practica) == [("B", 1, "E3"), ("B", 2, "E2"), ("B", 3, "E1")]
    assert set(Estrategia.objects.filter(practica=practica).values_list("pk", flat=True)) == {
        e1.pk,
        e2.pk,
        e3.pk,
    }
    assert not Fase.objects.filter(pk=fase_a.pk).exists()


def test_una_fase_desconocida_se_rechaza_sin_escribir(practica, difoca):
    with pytest.raises(ValidationError) as error:
        guardar(practica, difoca, listas={"estrategias": [{"fase": "zz", "titulo": "", "descripcion": "x"}]})
    assert "estrategias" in error.value.message_dict
    assert not Estrategia.objects.filter(practica=practica).exists()


def test_el_id_de_otra_practica_no_se_toca(practica, difoca):
    ajena = BuenaPracticaFactory()
    suya = Estrategia.objects.create(practica=ajena, orden=1, descripcion="De otra práctica")
    guardar(
        practica,
        difoca,
        listas={"estrategias": [{"id": suya.pk, "fase": None, "titulo": "", "descripcion": "Mía"}]},
    )
    suya.refresh_from_db()
    assert suya.descripcion == "De otra práctica" and suya.practica == ajena
    assert estrategias(practica) == [(None, 1, "Mía")]


def test_las_instancias_escriben_la_linea_de_la_ficha(practica, difoca):
    guardar(
        practica,
        difoca,
        listas={
            "instancias": [
                {"tipo": "dre", "nombre": "DRE Pasco"},
                {"tipo": "ugel", "nombre": "UGEL Oxapampa"},
                {"tipo": "gobierno_local", "nombre": "Municipalidad Provincial de Pasco"},
            ]
        },
    )
    practica.refresh_from_db()
    assert practica.instancias == "DRE Pasco · UGEL Oxapampa · Municipalidad Provincial de Pasco"
    assert list(Instancia.objects.filter(practica=practica).values_list("tipo", flat=True)) == [
        "dre",
        "ugel",
        "gobierno_local",
    ]


def test_version_conflicto_y_guardado_sin_cambios(practica, difoca):
    guardar(practica, difoca, campos={"problema": "Primera versión"})
    practica.refresh_from_db()
    assert practica.version == 2 and practica.editada_por == difoca
    with pytest.raises(contenido.ConflictoVersion) as error:
        contenido.practica_guardar(
            practica=practica,
            usuario=difoca,
            version=1,
            documento=Documento(campos={"problema": "De otra pestaña"}),
        )
    assert error.value.actual.version == 2
    practica.refresh_from_db()
    assert practica.problema == "Primera versión"
    # The same text again (autosave after a blur): the version stays, another tab is not disturbed.
    guardar(practica, difoca, campos={"problema": "Primera versión"}, listas={"contactos": []})
    practica.refresh_from_db()
    assert practica.version == 2


def test_mas_de_cien_filas_se_rechazan_con_su_mensaje(practica, difoca):
    filas = [{"fase": None, "titulo": "", "descripcion": f"E{n}"} for n in range(300)]
    with pytest.raises(ValidationError) as error:
        guardar(practica, difoca, listas={"estrategias": filas})
    assert error.value.message_dict["estrategias"] == ["Hasta 100 filas por lista."]
    assert not Estrategia.objects.filter(practica=practica).exists()


def test_resultados_de_los_tres_tipos_en_el_orden_de_la_pagina(practica, difoca):
    guardar(
        practica,
        difoca,
        listas={
            "resultados": [
                {
                    "tipo": "logro",
                    "titulo": "",
                    "cifra": "",
                    "descripcion": "Se consolida una gestión articulada.",
                },
                {
                    "tipo": "cuantitativo",
                    "titulo": "Alineamiento",
                    "cifra": "100% de las 13 UGEL",
                    "descripcion": "d",
                },
                {"tipo": "logro", "titulo": "", "cifra": "", "descripcion": "Se reduce la fragmentación."},
            ]
        },
    )
    ficha = BuenaPractica.objects.con_ficha_completa(difoca).get(pk=practica.pk).ficha()
    assert [r.descripcion for r in ficha["logros"]] == [
        "Se consolida una gestión articulada.",
        "Se reduce la fragmentación.",
    ]
    assert [r.cifra for r in ficha["cuantitativos"]] == ["100% de las 13 UGEL"]
    assert ficha["logros"][0].tipo == TipoResultado.LOGRO


@pytest.mark.parametrize("n", [3, 30])
def test_guardar_hace_las_mismas_consultas_con_3_o_30_estrategias(practica, difoca, n):
    guardar(
        practica,
        difoca,
        listas={"estrategias": [{"fase": None, "titulo": "", "descripcion": f"E{i}"} for i in range(n)]},
    )
    existentes = list(Estrategia.objects.filter(practica=practica).order_by("orden"))
    filas = [
        {"id": e.pk, "fase": None, "titulo": "t", "descripcion": e.descripcion} for e in reversed(existentes)
    ]
    filas.append({"fase": None, "titulo": "", "descripcion": "Nueva"})
    practica.refresh_from_db()
    with CaptureQueriesContext(connection) as consultas:
        contenido.practica_guardar(
            practica=practica,
            usuario=difoca,
            version=practica.version,
            documento=Documento(listas={"estrategias": filas}),
        )
    # The same for 3 and 30 (one of them raises the version of the public documents: practicas.publicos).
    assert len(consultas.captured_queries) <= 22
    assert Estrategia.objects.filter(practica=practica).count() == n + 1


def test_cada_guardado_queda_en_el_historial_con_su_autor(practica, difoca):
    guardar(
        practica,
        difoca,
        listas={
            "contactos": [{"nombre": "Ada Liz Valentín León", "cargo": "", "correo": "", "telefono": ""}]
        },
    )
    (fila,) = historial.modelo_de_cambios(Contacto).objects.filter(pgh_obj__practica=practica)
    assert fila.pgh_label == historial.Tipo.CREACION
    assert fila.pgh_context["accion"] == "editar" and fila.pgh_context["user"] == difoca.pk


def test_parecidas_misma_region_y_titulo_parecido(practica, difoca):
    parecidas = contenido.parecidas(
        titulo="Gestion educativa con impacto para la mejora sostenible de aprendizajes",
        region=practica.region,
    )
    assert parecidas == [practica]
    assert contenido.parecidas(titulo=practica.titulo, region=RegionFactory(nombre="Junín")) == []
    assert contenido.parecidas(titulo="Inclusión total en el Callao", region=practica.region) == []
    assert contenido.parecidas(titulo=practica.titulo, region=practica.region, excluir=practica.pk) == []


def test_tipo_de_instancia():
    assert contenido.tipo_de_instancia("UGEL Huaura") == "ugel"
    assert contenido.tipo_de_instancia("DRE Callao") == "dre"
    assert contenido.tipo_de_instancia("GRE La Libertad") == "dre"
    assert contenido.tipo_de_instancia("Municipalidad de Ventanilla") == "gobierno_local"
    assert contenido.tipo_de_instancia("OMAPED") == "otra"


def _png(nombre="foto.png", lado=40):
    salida = io.BytesIO()
    Image.new("RGB", (lado, lado), "red").save(salida, "PNG")
    return SimpleUploadedFile(nombre, salida.getvalue(), content_type="image/png")


def test_una_foto_subida_va_al_final_y_cambia_la_version(practica, difoca, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    guardar(practica, difoca, listas={"fotos": [{"leyenda": "Sin imagen aún"}]})
    practica.refresh_from_db()
    version = practica.version
    foto = contenido.foto_agregar(
        practica=practica, usuario=difoca, archivo=_png("Reunión DRE.png"), leyenda=""
    )
    assert foto.orden == 2 and foto.leyenda == "Reunión DRE"
    assert foto.imagen.name.endswith(".jpg")
    practica.refresh_from_db()
    assert practica.version == version + 1
    # A list sent from a page loaded before the upload is refused, not applied over the new photo.
    with pytest.raises(contenido.ConflictoVersion):
        contenido.practica_guardar(
            practica=practica, usuario=difoca, version=version, documento=Documento(listas={"fotos": []})
        )
    assert practica.fotos.count() == 2


def test_una_foto_que_no_es_imagen_no_se_guarda(practica, difoca, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    falsa = SimpleUploadedFile("foto.jpg", b"no soy una imagen", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        contenido.foto_agregar(practica=practica, usuario=difoca, archivo=falsa)
    assert not practica.fotos.exists()


def test_comentario_del_experto_ligado_al_evento(practica, difoca):
    evento = EventoFactory()
    comentario = contenido.comentario_guardar(
        practica=practica,
        usuario=difoca,
        datos={
            "evento": evento,
            "experto": "Juana Sono Hernández",
            "cargo": "Secretaría Ejecutiva",
            "institucion": "Consejo Nacional de Educación (CNE)",
            "aspectos_clave": "- Articulación DRE-UGEL",
        },
    )
    assert comentario.evento == evento and comentario.institucion.startswith("Consejo")
    with pytest.raises(ValidationError) as error:
        contenido.comentario_guardar(
            practica=practica, usuario=difoca, datos={"experto": "", "aspectos_clave": ""}
        )
    assert {"experto", "aspectos_clave"} <= set(error.value.message_dict)
    with pytest.raises(PermissionDenied):
        contenido.comentario_guardar(
            practica=BuenaPracticaFactory(), usuario=difoca, datos={"experto": "X"}, comentario=comentario
        )


def test_el_programa_de_un_reporte_publicado_solo_admite_publicadas(difoca):
    publicada, borrador = practica_publicada(), BuenaPracticaFactory(titulo="Aún en borrador")
    evento = EventoFactory(publicado=True)
    with pytest.raises(ValidationError) as error:
        contenido.evento_guardar(
            evento=evento,
            usuario=difoca,
            version=evento.version,
            documento=Documento(listas={"presentaciones": [{"practica": publicada}, {"practica": borrador}]}),
        )
    assert "Aún en borrador" in error.value.message_dict["presentaciones"][0]
    with pytest.raises(ValidationError, match="dos veces"):
        contenido.evento_guardar(
            evento=evento,
            usuario=difoca,
            version=evento.version,
            documento=Documento(
                listas={"presentaciones": [{"practica": publicada}, {"practica": publicada}]}
            ),
        )
    evento = contenido.evento_guardar(
        evento=evento,
        usuario=difoca,
        version=evento.version,
        documento=Documento(
            campos={"cop_visitas": 10655, "red_gestores": "- Compartir experiencias"},
            listas={"presentaciones": [{"practica": publicada, "problema": "Versión corta"}]},
        ),
    )
    assert evento.cop_visitas == 10655 and evento.version == 2
    assert list(evento.presentaciones.values_list("practica", "orden", "problema")) == [
        (publicada.pk, 1, "Versión corta")
    ]


def test_evento_con_fechas_al_reves_se_rechaza(difoca):
    from datetime import date

    with pytest.raises(ValidationError):
        contenido.evento_crear(
            usuario=difoca,
            nombre="II Intercambio",
            macrorregion="centro",
            sede="Huancayo",
            fecha_inicio=date(2026, 5, 2),
            fecha_fin=date(2026, 5, 1),
        )
    assert not Evento.objects.exists()


def test_quitar_una_foto_borra_su_archivo_al_confirmar(
    practica, difoca, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    foto = contenido.foto_agregar(practica=practica, usuario=difoca, archivo=_png(), leyenda="Equipo")
    ruta = tmp_path / foto.imagen.name
    assert ruta.exists()
    with django_capture_on_commit_callbacks(execute=True):
        guardar(practica, difoca, listas={"fotos": []})
    assert not practica.fotos.exists()
    assert not ruta.exists()


def test_los_resultados_se_leen_en_el_orden_de_la_ficha(practica, difoca):
    guardar(
        practica,
        difoca,
        listas={
            "resultados": [
                {"tipo": tipo, "titulo": "", "cifra": "", "descripcion": tipo}
                for tipo in ("logro", "cualitativo", "cuantitativo")
            ]
        },
    )
    tipos = list(practica.resultados.values_list("tipo", flat=True))
    assert tipos == ["cuantitativo", "cualitativo", "logro"]


def test_el_catalogo_encuentra_palabras_de_las_listas(practica, difoca, client):
    from practicas import services

    guardar(
        practica,
        difoca,
        campos={"problema": "Gestión desarticulada.", "cierre_estrategias": "Se institucionalizó el ciclo."},
        listas={
            "estrategias": [{"fase": None, "titulo": "", "descripcion": "Evaluación trimestral del PAT."}],
            "resultados": [
                {"tipo": "logro", "titulo": "", "cifra": "", "descripcion": "Se consolida la red."}
            ],
            "contactos": [{"nombre": "Jaime Ortega Cárdenas", "cargo": "", "correo": "", "telefono": ""}],
        },
    )
    services.practica_enviar_a_revision(practica=practica, usuario=difoca)
    services.practica_publicar(practica=practica, usuario=difoca)
    for palabra in ("trimestral", "ortega", "institucionalizo", "consolida"):
        html = client.get("/practicas/", {"q": palabra}).content.decode()
        assert practica.titulo in html, palabra
    assert practica.titulo not in client.get("/practicas/", {"q": "huancavelica"}).content.decode()


def test_dos_practicas_cambian_de_lugar_en_el_programa(difoca):
    p1, p2 = practica_publicada(), practica_publicada()
    evento = EventoFactory()
    evento = contenido.evento_guardar(
        evento=evento,
        usuario=difoca,
        version=evento.version,
        documento=Documento(listas={"presentaciones": [{"practica": p1}, {"practica": p2}]}),
    )
    a, b = evento.presentaciones.order_by("orden")
    evento = contenido.evento_guardar(
        evento=evento,
        usuario=difoca,
        version=evento.version,
        documento=Documento(
            listas={"presentaciones": [{"id": a.pk, "practica": p2}, {"id": b.pk, "practica": p1}]}
        ),
    )
    assert list(evento.presentaciones.order_by("orden").values_list("practica", flat=True)) == [p2.pk, p1.pk]


def test_una_practica_publicada_no_queda_incompleta(practica, difoca):
    from practicas import services

    guardar(
        practica,
        difoca,
        campos={"problema": "Gestión desarticulada."},
        listas={
            "estrategias": [{"fase": None, "titulo": "", "descripcion": "Monitoreo trimestral."}],
            "resultados": [{"tipo": "logro", "titulo": "", "cifra": "", "descripcion": "Se consolida."}],
        },
    )
    services.practica_enviar_a_revision(practica=practica, usuario=difoca)
    services.practica_publicar(practica=practica, usuario=difoca)
    with pytest.raises(ValidationError, match="no puede quedar incompleta"):
        guardar(practica, difoca, campos={"cierre": "Nuevo cierre."}, listas={"estrategias": []})
    practica.refresh_from_db()
    assert practica.estrategias.count() == 1 and practica.cierre == ""
    guardar(practica, difoca, campos={"cierre": "Nuevo cierre."})  # a change that keeps it whole
    practica.refresh_from_db()
    assert practica.cierre == "Nuevo cierre."


def test_la_migracion_separa_las_instancias_escritas_en_una_linea():
    import importlib

    migracion = importlib.import_module("practicas.migrations.0010_instancias_y_trigramas")

    def separar(linea):
        partes = [n.strip() for n in migracion.SEPARADOR.split(linea) if n and n.strip()]
        return [(migracion.tipo_de(n), n) for n in partes]

    assert separar("DRE Callao · UGEL Ventanilla") == [("dre", "DRE Callao"), ("ugel", "UGEL Ventanilla")]
    assert separar("DRE Junín y sus 13 UGEL") == [("dre", "DRE Junín y sus 13 UGEL")]
    assert separar(
        "Dirección Regional de Educación de Ayacucho, UGEL Huamanga y Municipalidad Provincial de Huamanga"
    ) == [
        ("dre", "Dirección Regional de Educación de Ayacucho"),
        ("ugel", "UGEL Huamanga"),
        ("gobierno_local", "Municipalidad Provincial de Huamanga"),
    ]
    assert contenido.tipo_de_instancia("Unidad de Gestión Educativa Local Huaura") == "ugel"
