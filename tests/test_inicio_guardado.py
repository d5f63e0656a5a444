"""The home kept between changes (issue 15): the sent matrices counted per campaign kept under the
campaigns' change numbers and the viewer's UGELs' territory numbers; the sections drawn once per
data ({% seccion %} por_datos); the role cards' statement joining only the places the viewer holds.
Each change (by the service, by plain SQL, a school moved, the viewer's scope) shows at the next
request."""

import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balance.models import Matriz
from cuentas.models import Asignacion, Rol
from territorio.models import Institucion, Ugel
from tests.balance.conftest import campana_abierta, enviar
from tests.factories import usuario_con


@pytest.fixture(autouse=True)
def cache_vacia():
    cache.clear()


def visitar(client, usuario):
    client.force_login(usuario)
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = client.get("/")
    assert respuesta.status_code == 200
    return respuesta.content.decode(), [q["sql"] for q in capturadas.captured_queries]


def contadas(sqls) -> bool:
    """Whether the request counted the sent matrices (balance.secciones.POR_REVISAR)."""
    return any("FROM balance_matriz m WHERE m.estado" in sql for sql in sqls)


def main(html: str) -> str:
    return html.split("<main", 1)[1]


@pytest.fixture
def enviadas(mundo):
    """A campaign of UGEL A1 with one matrix sent, one of UGEL B1 with one sent."""
    a1 = campana_abierta(mundo, titulo="Balance A1", ugel=mundo["ugel_a1"])
    b1 = campana_abierta(mundo, titulo="Balance B1", ugel=mundo["ugel_b1"])
    enviar(Matriz.objects.get(campana=a1, institucion=mundo["inst_a1a"]), mundo["director"])
    enviar(
        Matriz.objects.get(campana=b1, institucion=mundo["inst_b1"]),
        usuario_con(Rol.DIRECTOR, mundo["inst_b1"]),
    )
    return a1, b1


@pytest.mark.parametrize("quien", ["ugel", "admin"])
def test_la_segunda_visita_no_cuenta_las_enviadas(client, mundo, enviadas, quien):
    html, sqls = visitar(client, mundo[quien])
    assert contadas(sqls)
    assert "1 matriz enviada por revisar — Balance A1" in html
    segunda, sqls = visitar(client, mundo[quien])
    assert not contadas(sqls)
    assert main(segunda) == main(html)


def test_cada_cambio_de_una_matriz_se_ve(client, mundo, enviadas):
    """Through the service and by plain SQL (the trigger on the matrices)."""
    a1, _b1 = enviadas
    visitar(client, mundo["ugel"])
    otra = Matriz.objects.get(campana=a1, institucion=mundo["inst_a1b"])
    enviar(otra, usuario_con(Rol.DIRECTOR, mundo["inst_a1b"]))
    html, sqls = visitar(client, mundo["ugel"])
    assert contadas(sqls) and "2 matrices enviadas por revisar — Balance A1" in html
    with connection.cursor() as cursor:
        cursor.execute("UPDATE balance_matriz SET estado = 'borrador' WHERE id = %s", [otra.pk])
    assert "1 matriz enviada por revisar — Balance A1" in visitar(client, mundo["ugel"])[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE balance_matriz SET estado = 'enviada' WHERE id = %s", [otra.pk])
    assert "2 matrices enviadas por revisar — Balance A1" in visitar(client, mundo["admin"])[0]


def test_una_escuela_que_sale_de_la_ugel_sale_de_sus_cuentas(client, mundo, enviadas):
    """A school moved to another UGEL (a bare update: no matrix changes) leaves the count of its old
    UGEL's specialist and enters the new one's; the national count stays."""
    assert "1 matriz enviada por revisar — Balance A1" in visitar(client, mundo["ugel"])[0]
    ugel_b1 = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_b1"])
    assert "Balance A1" not in visitar(client, ugel_b1)[0]
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(ugel=mundo["ugel_b1"])
    assert "por revisar" not in visitar(client, mundo["ugel"])[0]
    assert "1 matriz enviada por revisar — Balance A1" in visitar(client, ugel_b1)[0]
    assert "1 matriz enviada por revisar — Balance A1" in visitar(client, mundo["admin"])[0]
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(ugel=mundo["ugel_a1"])
    assert "1 matriz enviada por revisar — Balance A1" in visitar(client, mundo["ugel"])[0]


def test_otro_alcance_otras_cuentas(client, mundo, enviadas):
    """The specialist's assignment moved to another UGEL: their home counts that UGEL's at once; a
    title renamed by a model save shows too (titles are read on every visit)."""
    a1, b1 = enviadas
    html = visitar(client, mundo["ugel"])[0]
    assert "Balance A1" in html and "Balance B1" not in html
    Asignacion.objects.filter(usuario=mundo["ugel"]).update(ugel=mundo["ugel_b1"])
    html = visitar(client, mundo["ugel"])[0]
    assert "1 matriz enviada por revisar — Balance B1" in html and "Balance A1" not in html
    b1.titulo = "Balance B1 renombrado"
    b1.save()
    assert "1 matriz enviada por revisar — Balance B1 renombrado" in visitar(client, mundo["ugel"])[0]


def test_las_secciones_se_guardan_sin_nada_del_usuario(client, mundo, enviadas):
    """The sections kept by their data hold nothing of the page around them (the user's name, the
    CSRF token); a second visit draws them from the cache, and a change of their data (a UGEL
    renamed: the role card) shows at once."""
    mundo["ugel"].first_name = "Zacarías"
    mundo["ugel"].save()
    html = visitar(client, mundo["ugel"])[0]
    assert "Hola, Zacarías" in html
    guardadas = [
        pickle.loads(valor)  # noqa: S301 - the test's own cache
        for clave, valor in cache._cache.items()
        if ":inicio:seccion:" in clave
    ]
    assert len(guardadas) == 2  # the balance's and the role cards (mundo has no school to monitor)
    assert any("Balance A1" in g for g in guardadas) and any("Especialista UGEL" in g for g in guardadas)
    for guardada in guardadas:
        assert "Zacarías" not in guardada and "csrf" not in guardada.lower()
    assert main(visitar(client, mundo["ugel"])[0]) == main(html)
    Ugel.objects.filter(pk=mundo["ugel_a1"].pk).update(nombre="UGEL A1 Norte")
    html = visitar(client, mundo["ugel"])[0]
    tarjeta = html[html.index('<section class="card h-100 shadow-sm">') :]
    assert "UGEL A1 Norte" in tarjeta[: tarjeta.index("</section>")]


def test_las_tarjetas_leen_solo_los_lugares_del_usuario(client, mundo):
    """The role cards' statement joins only the places of the viewer's assignments: none for the
    Administrador, the UGEL alone for its specialist; a user with two kinds gets both cards."""
    roles = [s for s in visitar(client, mundo["admin"])[1] if "FROM cuentas_asignacion a" in s]
    assert len(roles) == 1 and "territorio_" not in roles[0]
    roles = [s for s in visitar(client, mundo["ugel"])[1] if "FROM cuentas_asignacion a" in s]
    assert "territorio_ugel u" in roles[0] and "territorio_institucion" not in roles[0]
    assert "territorio_dre d" not in roles[0]
    ambos = usuario_con(Rol.DIRECTOR, mundo["inst_a2"])
    Asignacion.objects.create(usuario=ambos, rol=Rol.ESPECIALISTA_DRE, dre=mundo["dre_b"])
    html = visitar(client, ambos)[0]
    assert "Código modular 1222222" in html and "UGEL A2" in html
    assert "Especialista DRE" in html and "DRE B" in html and "Región " in html
