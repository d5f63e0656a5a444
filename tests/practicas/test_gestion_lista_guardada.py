"""DIFOCA's list kept drawn in the cache under the catalogue's change number (practicas.gestion.lista):
a request that finds it answers the same bytes in a fixed number of queries; every change of a
practice — through the services, the admin or plain SQL — and a region renamed show on the next
request; the editors' names are read by each request (accounts have no change number); and only
who manages practices ever gets it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practicas import contenido, services
from practicas.contenido import Documento
from tests.factories import BuenaPracticaFactory, RegionFactory, practica_completa

from .test_ficha_guardada import sin_token, sql

URL = "/practicas/gestion/"


@pytest.fixture
def lista(mundo):
    region = RegionFactory(nombre="Piura")
    editada = BuenaPracticaFactory(titulo="Editada por Rosa", region=region, editada_por=mundo["difoca"])
    editada.editada_en = editada.creada
    editada.save()
    mundo["difoca"].first_name, mundo["difoca"].last_name = "Rosa", "Quispe"
    mundo["difoca"].save()
    revision = practica_completa(titulo="Lista para revisión", region=region)
    return {"region": region, "editada": editada, "revision": revision}


def pagina(client, parametros=None) -> str:
    respuesta = client.get(URL, {"estado": "todas", **(parametros or {})})
    assert respuesta.status_code == 200
    return respuesta.content.decode()


@pytest.mark.parametrize(
    "parametros", [{}, {"q": "rosa"}, {"pagina": "abc"}, {"region": "x", "tema": "1 OR 1"}]
)
def test_la_segunda_peticion_da_los_mismos_bytes_en_pocas_consultas(client, lista, mundo, parametros):
    client.force_login(mundo["difoca"])
    primera = pagina(client, parametros)
    with CaptureQueriesContext(connection) as capturadas:
        segunda = pagina(client, parametros)
    # The session, the catalogue's number with the names, the editors' names when a row has one.
    assert len(capturadas.captured_queries) <= 3, [c["sql"] for c in capturadas.captured_queries]
    assert sin_token(segunda) == sin_token(primera)
    assert "\ue005" not in segunda


def test_el_nombre_del_editor_es_el_de_ahora(client, lista, mundo):
    client.force_login(mundo["admin"])
    assert "por Rosa Quispe" in pagina(client)
    # No change number counts an account: a rename by SQL shows all the same.
    sql("UPDATE cuentas_usuario SET first_name = 'Rosa María' WHERE id = %s", [mundo["difoca"].pk])
    html = pagina(client)
    assert "por Rosa María Quispe" in html and "por Rosa Quispe" not in html
    sql("UPDATE cuentas_usuario SET first_name = '<b>', last_name = '' WHERE id = %s", [mundo["difoca"].pk])
    assert "por &lt;b&gt;" in pagina(client)


def test_los_servicios_se_ven_en_la_siguiente_peticion(client, lista, mundo):
    difoca = mundo["difoca"]
    client.force_login(difoca)
    assert "Lista para revisión" in pagina(client) and 'estado-practica-borrador">Borrador' in pagina(client)
    contenido.practica_guardar(
        practica=lista["revision"],
        usuario=difoca,
        version=lista["revision"].version,
        documento=Documento(campos={"titulo": "Revisada y renombrada"}),
    )
    html = pagina(client)
    assert "Revisada y renombrada" in html and "Lista para revisión" not in html
    lista["revision"].refresh_from_db()
    services.practica_enviar_a_revision(practica=lista["revision"], usuario=difoca)
    assert 'estado-practica-en_revision">En revisión' in pagina(client)


def test_sql_y_admin_tambien(client, lista, mundo):
    client.force_login(mundo["admin"])
    pagina(client)
    sql("UPDATE practicas_buenapractica SET titulo = 'Cambiada por SQL' WHERE id = %s", [lista["editada"].pk])
    html = pagina(client)
    assert "Cambiada por SQL" in html and "Editada por Rosa" not in html
    sql("UPDATE territorio_region SET nombre = 'Piura Norte' WHERE id = %s", [lista["region"].pk])
    assert ">Piura Norte</td>" in pagina(client)
    lista["editada"].delete()
    assert "Cambiada por SQL" not in pagina(client)
    # An admin action (the service underneath): in review.
    client.post(
        "/admin/practicas/buenapractica/",
        {"action": "enviar_a_revision", "_selected_action": [lista["revision"].pk]},
    )
    assert 'estado-practica-en_revision">En revisión' in pagina(client)


def test_quien_no_gestiona_no_la_recibe_aunque_este_dibujada(client, lista, mundo):
    client.force_login(mundo["difoca"])
    pagina(client)
    for rol in ("director", "ugel", "dre"):
        client.force_login(mundo[rol])
        assert client.get(URL, {"estado": "todas"}).status_code == 404
    client.logout()
    assert client.get(URL, {"estado": "todas"}).status_code == 404


def test_un_titulo_con_la_forma_de_la_marca_de_quien_edito_queda_como_se_escribio(client, mundo, lista):
    """The mark where a kept row names its editor carries a secret of the process: a title with the
    old, guessable mark's shape is shown as it was saved, not with a user's name (review, 30/11)."""
    difoca = mundo["difoca"]
    BuenaPracticaFactory(titulo=f"Titulo \ue005editor-{difoca.pk}\ue005 fin")
    client.force_login(difoca)
    html = pagina(client)
    assert "Titulo Rosa Quispe fin" not in html
    assert f"Titulo \ue005editor-{difoca.pk}\ue005 fin" in html
    assert "por Rosa Quispe" in html  # the real editor's name still comes in
