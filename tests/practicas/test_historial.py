"""The history of practices and event reports: written by trigger, shown read-only in /admin/."""

import pytest

import historial
from practicas.admin import BuenaPracticaAdmin, EventoAdmin
from practicas.models import BuenaPractica, EstadoPractica, Evento
from tests.factories import BuenaPracticaFactory, EventoFactory, cambios_de_estado


@pytest.mark.parametrize(
    "admin_clase, campos",
    [(BuenaPracticaAdmin, {"estado", "publicada_en"}), (EventoAdmin, {"publicado", "publicado_en"})],
)
def test_el_estado_no_se_cambia_desde_el_admin(admin_clase, campos):
    assert campos <= set(admin_clase.readonly_fields)


def datos_practica(practica, **cambios):
    datos = {
        "titulo": practica.titulo,
        "slug": practica.slug,
        "region": practica.region_id,
        "instancias": practica.instancias,
        "tema": practica.tema_id,
        "etapa": practica.etapa,
        "anio": practica.anio,
        "problema": practica.problema,
        "consiste": practica.consiste,
        **cambios,
    }
    for prefijo in ("fases", "estrategias", "resultados", "contactos", "fotos", "comentarios"):
        datos |= {f"{prefijo}-TOTAL_FORMS": "0", f"{prefijo}-INITIAL_FORMS": "0"}
    return datos


def test_el_admin_no_edita_ni_publica(mundo, client):
    """Content is written in DIFOCA's workspace: a change posted to /admin/ is refused, unrecorded."""
    practica = BuenaPracticaFactory(titulo="Antes")
    client.force_login(mundo["admin"])
    url = f"/admin/practicas/buenapractica/{practica.pk}/change/"
    respuesta = client.post(url, datos_practica(practica, titulo="Después", estado="publicada"))
    assert respuesta.status_code == 403
    practica.refresh_from_db()
    assert (practica.titulo, practica.estado) == ("Antes", EstadoPractica.BORRADOR)
    assert [e.tipo for e in historial.entradas(practica)] == [historial.Tipo.CREACION]


def test_la_pagina_del_admin_muestra_el_historial(mundo, client):
    practica = BuenaPracticaFactory(estado=EstadoPractica.EN_REVISION)
    client.force_login(mundo["difoca"])
    client.post(
        "/admin/practicas/buenapractica/",
        {"action": "devolver", "_selected_action": [practica.pk], "motivo": "Faltan cifras"},
    )
    html = client.get(f"/admin/practicas/buenapractica/{practica.pk}/change/").content.decode()
    assert "En revisión → Borrador" in html and "Faltan cifras" in html
    assert 'name="historial' not in html  # shown, not a form


def test_publicar_y_retirar_un_reporte_desde_el_admin(mundo, client):
    evento = EventoFactory()
    client.force_login(mundo["difoca"])
    for accion in ("publicar", "retirar"):
        client.post("/admin/practicas/evento/", {"action": accion, "_selected_action": [evento.pk]})
    assert not Evento.objects.get().publicado
    pasos = [(c.accion, c.de, c.a, c.usuario) for c in cambios_de_estado(evento)]
    assert pasos == [("publicar", False, True, mundo["difoca"]), ("retirar", True, False, mundo["difoca"])]
    html = client.get(f"/admin/practicas/evento/{evento.pk}/change/").content.decode()
    assert "No publicado → Publicado" in html and "Publicado → No publicado" in html


def test_borrar_queda_en_el_historial(mundo, client):
    practica = BuenaPracticaFactory()
    pk = practica.pk
    client.force_login(mundo["difoca"])
    client.post(f"/admin/practicas/buenapractica/{pk}/delete/", {"post": "yes"})
    assert not BuenaPractica.objects.filter(pk=pk).exists()
    cambios = historial.modelo_de_cambios(BuenaPractica).objects.filter(pgh_obj_id=pk)
    borrado = cambios.get(pgh_label=historial.Tipo.ELIMINACION)
    assert borrado.pgh_context["user"] == mundo["difoca"].pk
