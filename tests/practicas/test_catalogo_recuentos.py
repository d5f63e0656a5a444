"""The catalogue's and DIFOCA's list's counts kept in the cache under the catalogue's change number
(practicas.recuentos): the second request does not count again, and every change of what they count,
through the services, the editor, the admin or plain SQL (another server, a script), shows on the
next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practicas import contenido, recuentos, services
from practicas.contenido import Documento
from practicas.models import BuenaPractica, Instancia
from tests.factories import RegionFactory, TemaFactory, practica_completa
from tests.factories import practica_publicada as publicada


def opciones(respuesta, faceta):
    return {nombre: n for _valor, nombre, n in respuesta.context["facetas"][faceta]}


def cifras(respuesta):
    return {etiqueta: valor for valor, etiqueta in respuesta.context["cifras_lista"]}


def total(respuesta):
    return respuesta.context["pagina"].paginator.count


def consultas(client, url, parametros=None) -> list[str]:
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(url, parametros or {}).status_code == 200
    return [c["sql"] for c in capturadas.captured_queries]


@pytest.fixture
def catalogo(db):
    junin, pasco = RegionFactory(nombre="Junín"), RegionFactory(nombre="Pasco")
    tema = TemaFactory(nombre="Comprensión lectora")
    publicada(titulo="Lectura en Junín", region=junin, tema=tema, etapa="inicial", anio=2024)
    publicada(titulo="Lectura en Pasco", region=pasco, tema=tema, etapa="avanzado", anio=2025)
    return {"junin": junin, "pasco": pasco, "tema": tema}


@pytest.mark.parametrize("parametros", [{}, {"q": "lectura"}, {"region": "__pasco__", "etapa": "avanzado"}])
def test_la_segunda_peticion_no_vuelve_a_contar(client, catalogo, parametros):
    parametros = {k: str(catalogo["pasco"].pk) if v == "__pasco__" else v for k, v in parametros.items()}
    primera = consultas(client, "/practicas/", parametros)
    assert any("GROUPING SETS" in sql for sql in primera)
    segunda = consultas(client, "/practicas/", parametros)
    assert not any(
        "GROUPING SETS" in sql or "COUNT(" in sql.upper() and "instancia" in sql for sql in segunda
    )
    assert len(segunda) < len(primera)


def test_publicar_y_retirar_se_ven_en_la_siguiente_peticion(client, catalogo, mundo):
    difoca = mundo["difoca"]
    antes = client.get("/practicas/")
    assert total(antes) == 2 and opciones(antes, "region") == {"Junín": 1, "Pasco": 1}
    practica = practica_completa(titulo="Tutoría en Puno", region=RegionFactory(nombre="Puno"))
    assert total(client.get("/practicas/")) == 2  # a draft: not in the public catalogue
    services.practica_enviar_a_revision(practica=practica, usuario=difoca)
    services.practica_publicar(practica=practica, usuario=difoca)
    despues = client.get("/practicas/")
    assert total(despues) == 3 and opciones(despues, "region")["Puno"] == 1
    assert cifras(despues)["prácticas vigentes"] == 3
    assert total(client.get("/practicas/", {"q": "tutoria"})) == 1
    services.practica_retirar(practica=practica, usuario=difoca, comentario="Datos por revisar.")
    retirada = client.get("/practicas/")
    assert total(retirada) == 2 and "Puno" not in opciones(retirada, "region")
    assert total(client.get("/practicas/", {"q": "tutoria"})) == 0


def test_editar_region_y_oficinas_se_ve_en_la_siguiente_peticion(client, catalogo, mundo):
    difoca = mundo["difoca"]
    practica = practica_completa(
        titulo="Tutoría en Junín", region=catalogo["junin"], estado="publicada", publicada_en=timezone.now()
    )
    antes = client.get("/practicas/")
    assert opciones(antes, "region") == {"Junín": 2, "Pasco": 1} and cifras(antes)["UGEL"] == 0
    contenido.practica_guardar(
        practica=practica,
        usuario=difoca,
        version=practica.version,
        documento=Documento(
            campos={"region": catalogo["pasco"]},
            listas={"instancias": [{"tipo": "ugel", "nombre": "UGEL Huancayo"}]},
        ),
    )
    despues = client.get("/practicas/")
    assert opciones(despues, "region") == {"Junín": 1, "Pasco": 2}
    assert cifras(despues)["UGEL"] == 1


def test_otro_camino_de_escritura_tambien_cuenta(client, catalogo):
    """A write that is not a service (plain SQL: another server's script, a bulk update) raises the
    number too, in its own statement: the triggers are PostgreSQL's."""
    antes = recuentos.numero_actual()
    assert total(client.get("/practicas/", {"etapa": "avanzado"})) == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE practicas_buenapractica SET etapa = 'avanzado'")
    assert recuentos.numero_actual() > antes
    assert total(client.get("/practicas/", {"etapa": "avanzado"})) == 2
    Instancia.objects.create(practica=BuenaPractica.objects.first(), orden=1, tipo="dre", nombre="DRE Junín")
    assert cifras(client.get("/practicas/"))["DRE/GRE"] == 1


def test_borrar_en_el_admin_se_ve_en_la_siguiente_peticion(client, catalogo, mundo):
    """DIFOCA's catalogue counts its drafts too; the admin deletes one (a published practice is
    withdrawn first)."""
    borrador = practica_completa(titulo="Borrador de Pasco", region=catalogo["pasco"])
    client.force_login(mundo["difoca"])
    assert total(client.get("/practicas/")) == 3
    client.force_login(mundo["admin"])
    respuesta = client.post(f"/admin/practicas/buenapractica/{borrador.pk}/delete/", {"post": "yes"})
    assert respuesta.status_code == 302 and not BuenaPractica.objects.filter(pk=borrador.pk).exists()
    client.force_login(mundo["difoca"])
    assert total(client.get("/practicas/")) == 2


def test_un_numero_tomado_por_una_transaccion_deshecha_no_vuelve(db, catalogo):
    """The numbers come from a sequence: a change rolled back never leaves its number to another
    state of the catalogue (a cache entry kept under it would be read for the wrong figures)."""
    from django.db import transaction

    inicial = recuentos.numero_actual()
    with pytest.raises(RuntimeError), transaction.atomic():
        BuenaPractica.objects.update(anio=2023)
        deshecho = recuentos.numero_actual()
        raise RuntimeError
    assert recuentos.numero_actual() == inicial
    BuenaPractica.objects.update(anio=2022)
    assert recuentos.numero_actual() not in (inicial, deshecho)


def test_la_lista_de_difoca_cuenta_cada_cambio_de_estado(client, mundo, catalogo):
    difoca = mundo["difoca"]
    client.force_login(difoca)

    def pestanas():
        respuesta = client.get("/practicas/gestion/", {"estado": "todas"})
        return {clave: n for clave, _etiqueta, n in respuesta.context["pestanas"]}

    assert pestanas() == {"en_revision": 0, "borrador": 0, "publicada": 2, "todas": 2}
    segunda = consultas(client, "/practicas/gestion/", {"estado": "todas"})
    assert not any("GROUP BY" in sql for sql in segunda)
    practica = practica_completa(titulo="Nueva", region=RegionFactory(nombre="Cusco"))
    assert pestanas() == {"en_revision": 0, "borrador": 1, "publicada": 2, "todas": 3}
    services.practica_enviar_a_revision(practica=practica, usuario=difoca)
    assert pestanas() == {"en_revision": 1, "borrador": 0, "publicada": 2, "todas": 3}
    html = client.get("/practicas/gestion/", {"estado": "todas"}).content.decode()
    assert ">Cusco</option>" in html  # the region filter lists it now it has a practice
    RegionFactory(nombre="Cusco").__class__.objects.filter(nombre="Cusco").update(nombre="Cuzco")
    html = client.get("/practicas/gestion/", {"estado": "todas"}).content.decode()
    assert ">Cuzco</option>" in html  # names are read each time: a rename shows at once


def test_el_inicio_de_difoca_cuenta_lo_que_espera_revision(client, mundo, catalogo):
    difoca = mundo["difoca"]
    client.force_login(difoca)
    practica = practica_completa(titulo="Por revisar", region=catalogo["junin"])
    assert "1 práctica en revisión" not in client.get("/").content.decode()
    assert not any("GROUP BY" in sql for sql in consultas(client, "/"))  # the second time, from the cache
    services.practica_enviar_a_revision(practica=practica, usuario=difoca)
    assert "1 práctica en revisión, por publicar" in client.get("/").content.decode()


def test_la_pagina_de_una_busqueda_se_guarda_y_cambia_con_cada_edicion(client, catalogo, mundo):
    """A search's page (its ranking and passages) is kept too: the same search again runs no query
    of the practices; a title edited, a region renamed show on the next request."""
    difoca = mundo["difoca"]
    practica = practica_completa(
        titulo="Lectura y tutoría", region=catalogo["junin"], estado="publicada", publicada_en=timezone.now()
    )
    assert "Lectura y tutoría" in client.get("/practicas/", {"q": "tutoria"}).content.decode()
    segunda = consultas(client, "/practicas/", {"q": "tutoria"})
    assert not any("ts_headline" in sql or "ts_rank" in sql for sql in segunda)
    contenido.practica_guardar(
        practica=practica,
        usuario=difoca,
        version=practica.version,
        documento=Documento(campos={"titulo": "Tutoría entre pares"}),
    )
    html = client.get("/practicas/", {"q": "tutoria"}).content.decode()
    assert "<mark>Tutoría</mark> entre pares" in html and "Lectura y tutoría" not in html
    catalogo["junin"].__class__.objects.filter(pk=catalogo["junin"].pk).update(nombre="Junin renombrada")
    assert "Región Junin renombrada" in client.get("/practicas/", {"q": "tutoria"}).content.decode()
