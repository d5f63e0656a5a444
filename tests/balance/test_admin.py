"""/admin/ shows a matrix's content but does not write it: the director owns it, through the services."""

import pytest

import historial
from balance.models import Compromiso, Dificultad, Fila, Logro, Matriz

from .conftest import llenar


@pytest.fixture
def admin(client, mundo):
    client.force_login(mundo["admin"])
    return client


@pytest.fixture
def llena(mundo, matriz):
    llenar(matriz, mundo["director"])
    Compromiso.objects.create(matriz=matriz, orden=1, que="Tutorías flexibles")
    matriz.refresh_from_db()
    return matriz


def datos_del_admin(matriz, **cambios):
    """The change page's POST, as a browser would send it with every field that was editable before."""
    filas = list(matriz.filas.order_by("lineamiento__orden"))
    datos = {
        "campana": matriz.campana_id,
        "institucion": matriz.institucion_id,
        "filas-TOTAL_FORMS": len(filas),
        "filas-INITIAL_FORMS": len(filas),
        "filas-MIN_NUM_FORMS": 0,
        "filas-MAX_NUM_FORMS": 1000,
    }
    for i, fila in enumerate(filas):
        datos |= {
            f"filas-{i}-id": fila.pk,
            f"filas-{i}-matriz": matriz.pk,
            f"filas-{i}-acciones": fila.acciones,
            f"filas-{i}-sugerencias": fila.sugerencias,
            f"filas-{i}-enlace_evidencias": fila.enlace_evidencias,
            f"filas-{i}-observacion": fila.observacion,
        }
    return datos | cambios


def historial_del_contenido():
    return [
        historial.modelo_de_cambios(m).objects.count() for m in (Matriz, Fila, Logro, Dificultad, Compromiso)
    ]


def test_un_post_del_admin_no_cambia_la_matriz(admin, mundo, llena):
    antes = historial_del_contenido()
    filas = list(llena.filas.order_by("lineamiento__orden").values_list("pk", "acciones", "observacion"))
    datos = datos_del_admin(
        llena,
        institucion=mundo["inst_a2"].pk,
        **{"filas-0-acciones": "Corregido por el administrador", "filas-0-observacion": "Otra"},
    )
    respuesta = admin.post(f"/admin/balance/matriz/{llena.pk}/change/", datos)
    assert respuesta.status_code == 302
    guardada = Matriz.objects.get(pk=llena.pk)
    assert (guardada.institucion, guardada.version, guardada.actualizada) == (
        mundo["inst_a1a"],
        llena.version,
        llena.actualizada,
    )
    assert (
        list(llena.filas.order_by("lineamiento__orden").values_list("pk", "acciones", "observacion")) == filas
    )
    assert historial_del_contenido() == antes


def test_la_pagina_de_la_matriz_muestra_su_contenido_sin_campos(admin, llena):
    respuesta = admin.get(f"/admin/balance/matriz/{llena.pk}/change/")
    assert respuesta.status_code == 200
    assert not {"campana", "institucion"} & set(respuesta.context["adminform"].form.fields)
    assert {"campana", "institucion"} <= set(respuesta.context["adminform"].readonly_fields)
    (filas,) = respuesta.context["inline_admin_formsets"]
    assert not (filas.has_add_permission or filas.has_change_permission or filas.has_delete_permission)
    html = respuesta.content.decode()
    assert 'name="institucion"' not in html and 'name="filas-0-acciones"' not in html
    assert "Acciones de Aprendizajes para la vida" in html  # shown, read-only
    assert llena.institucion.nombre in html


def test_no_se_agrega_una_matriz_en_el_admin(admin, mundo, campana):
    assert admin.get("/admin/balance/matriz/add/").status_code == 403
    datos = {"campana": campana.pk, "institucion": mundo["inst_a2"].pk, "filas-TOTAL_FORMS": 0}
    datos |= {"filas-INITIAL_FORMS": 0}
    assert admin.post("/admin/balance/matriz/add/", datos).status_code == 403
    assert not Matriz.objects.filter(institucion=mundo["inst_a2"]).exists()


@pytest.mark.parametrize(
    "modelo, campo, valor",
    [(Logro, "que_cuenta", "otra cosa"), (Dificultad, "texto", "Otra"), (Compromiso, "que", "Otro")],
)
def test_el_contenido_se_ve_pero_no_se_escribe(admin, llena, modelo, campo, valor):
    objeto = modelo.objects.filter(
        **({"matriz": llena} if modelo is Compromiso else {"fila__matriz": llena})
    )[0]
    base = f"/admin/balance/{modelo._meta.model_name}/"
    antes = historial_del_contenido()

    respuesta = admin.get(f"{base}{objeto.pk}/change/")
    assert respuesta.status_code == 200  # viewed
    assert campo not in respuesta.context["adminform"].form.fields
    assert admin.get(f"{base}add/").status_code == 403
    padre = {"matriz": llena.pk} if modelo is Compromiso else {"fila": objeto.fila_id}
    assert admin.post(f"{base}add/", {**padre, "orden": 3, campo: valor}).status_code == 403
    assert admin.post(f"{base}{objeto.pk}/change/", {**padre, "orden": 1, campo: valor}).status_code == 403
    assert admin.post(f"{base}{objeto.pk}/delete/", {"post": "yes"}).status_code == 403

    objeto_guardado = modelo.objects.get(pk=objeto.pk)
    assert getattr(objeto_guardado, campo) == getattr(objeto, campo)
    assert historial_del_contenido() == antes
