"""The floor of a signed-in page (cuentas.sesion): its queries, and that nothing about the session, the
user or the scope is remembered between requests, so that a change made through one app server is
honoured at once by every other (each test's second client stands for another server: it holds the
same session cookie and shares only the database)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from avisos.services import avisar
from cuentas.alcance import alcance_de
from cuentas.models import Asignacion, Rol, Sesion, Usuario
from cuentas.services import cuenta_desactivar
from cuentas.sesion import usuario_con_alcance
from tests.factories import AsignacionFactory, InstitucionFactory, UgelFactory, usuario_con
from tests.roles import ROLES

VACIA = "/no-existe/"  # the 404 page: the base layout with nothing in it (DEBUG is off in tests)


def _html_vacia(cliente):
    respuesta = cliente.get(VACIA)
    assert respuesta.status_code == 404
    return respuesta.content.decode()


@pytest.mark.parametrize("rol", ROLES)
def test_la_pagina_vacia_con_sesion_es_una_consulta(usuarios, client, rol, django_assert_num_queries):
    """The session with its user, their scope and the unread notices for the bell: nothing else."""
    client.force_login(usuarios[rol])
    client.get(VACIA)
    with django_assert_num_queries(1):
        assert "Cerrar sesión" in _html_vacia(client)


def test_anonima_ninguna_consulta(mundo, client, django_assert_num_queries):
    client.get(VACIA)
    with django_assert_num_queries(0):
        assert "Ingresar" in _html_vacia(client)


def test_las_consultas_no_crecen_con_las_asignaciones(mundo, client, django_assert_num_queries):
    usuario = mundo["ugel"]
    for _ in range(15):
        ugel = UgelFactory(dre=mundo["dre_a"])
        AsignacionFactory(usuario=usuario, rol=Rol.ESPECIALISTA_UGEL, ugel=ugel)
        AsignacionFactory(usuario=usuario, rol=Rol.DIRECTOR, institucion=InstitucionFactory(ugel=ugel))
    AsignacionFactory(usuario=usuario, rol=Rol.ESPECIALISTA_DRE, dre=mundo["dre_b"])
    AsignacionFactory(usuario=usuario, rol=Rol.DIFOCA)
    client.force_login(usuario)
    client.get(VACIA)
    with django_assert_num_queries(1):
        _html_vacia(client)


def test_el_alcance_leido_con_el_usuario_es_el_de_siempre(usuarios, mundo, django_assert_num_queries):
    superusuario = usuario_con(Rol.DIRECTOR, mundo["inst_b1"], is_superuser=True)
    varios = usuario_con(Rol.DIRECTOR, InstitucionFactory(ugel=mundo["ugel_a2"], modalidad="ceba"))
    AsignacionFactory(usuario=varios, rol=Rol.ESPECIALISTA_UGEL, ugel=mundo["ugel_b1"])
    AsignacionFactory(usuario=varios, rol=Rol.DIFOCA)
    for usuario in [*usuarios.values(), superusuario, varios]:
        with django_assert_num_queries(1):
            leido = usuario_con_alcance(usuario.pk)
            assert leido.alcance is not None
        assert leido.alcance == alcance_de(Usuario.objects.get(pk=usuario.pk)), usuario.username
        assert (leido.username, leido.password, leido.is_active) == (
            usuario.username,
            usuario.password,
            usuario.is_active,
        )
    assert usuario_con_alcance(10**9) is None


def test_un_inactivo_no_tiene_alcance(mundo):
    Usuario.objects.filter(pk=mundo["ugel"].pk).update(is_active=False)
    assert not alcance_de(usuario_con_alcance(mundo["ugel"].pk)).ugel_ids


# Every change below is made by one "server" and honoured at once by another holding the same cookie.


def _otro_servidor(cliente) -> Client:
    otro = Client()
    otro.cookies[settings.SESSION_COOKIE_NAME] = cliente.cookies[settings.SESSION_COOKIE_NAME].value
    return otro


def _sesion_viva(cliente) -> bool:
    return "Cerrar sesión" in _html_vacia(cliente)


def test_cerrar_sesion_vale_en_todos_los_servidores(mundo, client):
    client.force_login(mundo["ugel"])
    otro = _otro_servidor(client)
    assert _sesion_viva(otro)
    client.post("/cuentas/salir/")
    assert not _sesion_viva(otro)
    assert otro.get("/territorio/instituciones/").status_code == 302  # to the login page


def test_desactivar_la_cuenta_vale_en_todos_los_servidores(mundo, client):
    client.force_login(mundo["director"])
    otro = _otro_servidor(client)
    assert _sesion_viva(otro)
    cuenta_desactivar(por=mundo["ugel"], usuario=mundo["director"])
    assert not _sesion_viva(client)
    assert not _sesion_viva(otro)


def test_cambiar_la_contrasena_cierra_las_demas_sesiones(mundo, client):
    usuario = mundo["director"]
    usuario.set_password("clave-vieja-123")
    usuario.save()
    navegador_a = Client()
    assert navegador_a.login(username=usuario.username, password="clave-vieja-123")
    en_otro_servidor = _otro_servidor(navegador_a)
    navegador_b = Client()  # the same person, signed in elsewhere, changes the password
    assert navegador_b.login(username=usuario.username, password="clave-vieja-123")
    respuesta = navegador_b.post(
        "/cuentas/clave/",
        {
            "old_password": "clave-vieja-123",
            "new_password1": "otra-clave-segura-456",
            "new_password2": "otra-clave-segura-456",
        },
    )
    assert respuesta.status_code == 302
    assert _sesion_viva(navegador_b)  # the one who changed it stays in
    assert not _sesion_viva(navegador_a)
    assert not _sesion_viva(en_otro_servidor)


def test_cambiar_una_asignacion_vale_en_todos_los_servidores(mundo, client):
    client.force_login(mundo["ugel"])
    otro = _otro_servidor(client)
    propia, ajena = mundo["inst_a1a"], mundo["inst_b1"]
    assert otro.get(f"/territorio/instituciones/{propia.codigo_modular}/").status_code == 200
    assert otro.get(f"/territorio/instituciones/{ajena.codigo_modular}/").status_code == 404
    # Moved to another UGEL (as the admin's inline does: an update of the row).
    Asignacion.objects.filter(usuario=mundo["ugel"]).update(ugel=mundo["ugel_b1"])
    for cliente in (client, otro):
        assert cliente.get(f"/territorio/instituciones/{propia.codigo_modular}/").status_code == 404
        assert cliente.get(f"/territorio/instituciones/{ajena.codigo_modular}/").status_code == 200
    # Role taken away: in no scope at all, and the menu says so.
    Asignacion.objects.filter(usuario=mundo["ugel"]).delete()
    assert otro.get(f"/territorio/instituciones/{ajena.codigo_modular}/").status_code == 404
    assert 'href="/territorio/instituciones/"' not in _html_vacia(otro)


def test_una_sesion_vencida_o_desconocida_es_anonima(mundo, client):
    client.force_login(mundo["ugel"])
    clave = client.cookies[settings.SESSION_COOKIE_NAME].value
    Sesion.objects.filter(session_key=clave).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not _sesion_viva(client)
    desconocida = Client()
    desconocida.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    assert not _sesion_viva(desconocida)
    # A new session is a new key, never the one the client made up.
    desconocida.post("/cuentas/salir/")
    assert desconocida.cookies[settings.SESSION_COOKIE_NAME].value != "x" * 32


def test_la_campana_cuenta_en_cada_pedido(mundo, client):
    """The menu is drawn from a memo of what it shows; the count is read at every request."""
    client.force_login(mundo["director"])
    assert "data-no-leidos" not in _html_vacia(client)
    avisar(usuarios=[mundo["director"]], titulo="Uno")
    assert "data-no-leidos>1<" in _html_vacia(client)
    avisar(usuarios=[mundo["director"]], titulo="Dos")
    assert "data-no-leidos>2<" in _html_vacia(client)


def test_las_sesiones_viven_en_la_base(mundo, client):
    """Never signed cookies or a per-process cache: logging out must end the session everywhere."""
    from importlib import import_module

    from django.contrib.sessions.backends.db import SessionStore as SesionBD

    assert issubclass(import_module(settings.SESSION_ENGINE).SessionStore, SesionBD)
    client.force_login(mundo["ugel"])
    clave = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Sesion.objects.filter(session_key=clave).exists()
    client.post("/cuentas/salir/")
    assert not Sesion.objects.filter(session_key=clave).exists()


def test_el_menu_recordado_no_se_mezcla_entre_usuarios_ni_paginas(mundo, client):
    client.force_login(mundo["ugel"])
    assert 'href="/cuentas/directores/"' in _html_vacia(client)
    inicio = client.get("/").content.decode()
    assert '<a class="nav-link text-nowrap active" href="/" aria-current="page">' in inicio
    assert 'aria-current="page"' not in _html_vacia(client)
    client.force_login(mundo["director"])
    assert 'href="/cuentas/directores/"' not in _html_vacia(client)
    client.logout()
    anonima = _html_vacia(client)
    assert 'href="/avisos/"' not in anonima and 'href="/practicas/"' in anonima


# The session's row carries its user's id (cuentas.Sesion), so both come in one statement.


def _clave(cliente) -> str:
    return cliente.cookies[settings.SESSION_COOKIE_NAME].value


def test_la_sesion_guarda_su_usuario_y_lo_cambia_con_el(mundo, client):
    client.force_login(mundo["ugel"])
    clave = _clave(client)
    assert Sesion.objects.get(session_key=clave).usuario_id == mundo["ugel"].pk
    client.force_login(mundo["director"])  # another account in the same browser: a new row
    assert Sesion.objects.get(session_key=_clave(client)).usuario_id == mundo["director"].pk
    assert 'href="/cuentas/directores/"' not in _html_vacia(client)  # the UGEL specialist's entry
    client.logout()
    assert not Sesion.objects.filter(usuario=mundo["director"]).exists()


def test_una_sesion_sin_usuario_en_su_fila_sigue_valiendo(mundo, client, django_assert_num_queries):
    """A row whose user column is empty (written before it existed) signs in as its data says, with
    one more query."""
    client.force_login(mundo["ugel"])
    Sesion.objects.filter(session_key=_clave(client)).update(usuario=None)
    client.get(VACIA)
    with django_assert_num_queries(2):
        assert _sesion_viva(client)


def test_manda_el_usuario_de_los_datos_firmados_no_la_columna(mundo, client):
    """The column only saves a query: a row whose column names someone else is read as its signed data
    says (the user it names is read again, and its password hash checked as always)."""
    client.force_login(mundo["director"])
    Sesion.objects.filter(session_key=_clave(client)).update(usuario=mundo["ugel"])
    assert 'href="/cuentas/directores/"' not in _html_vacia(client)  # the UGEL specialist's entry


def test_borrar_la_cuenta_borra_sus_sesiones(mundo, client):
    usuario = usuario_con(Rol.DIRECTOR, mundo["inst_b1"])
    client.force_login(usuario)
    otro = _otro_servidor(client)
    usuario.delete()
    assert not Sesion.objects.filter(session_key=_clave(client)).exists()
    assert not _sesion_viva(otro)


def test_las_sesiones_de_antes_se_copian_con_su_usuario(mundo, client):
    """The migration that made cuentas.Sesion copies the live sessions of Django's table, so nobody
    signed in has to sign in again."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore as SesionDjango
    from django.db import connection

    copiar_sesiones = import_module("cuentas.migrations.0004_sesion_con_usuario").copiar_sesiones
    usuario = mundo["ugel"]
    vieja = SesionDjango()
    vieja[SESSION_KEY] = str(usuario.pk)
    vieja[BACKEND_SESSION_KEY] = "cuentas.backends.RolBackend"
    vieja[HASH_SESSION_KEY] = usuario.get_session_auth_hash()
    vieja.create()
    vencida = SesionDjango()
    vencida[SESSION_KEY] = str(usuario.pk)
    vencida.set_expiry(-1)
    vencida.create()

    class Esquema:
        pass

    esquema = Esquema()
    esquema.connection = connection
    copiar_sesiones(apps, esquema)
    assert Sesion.objects.get(session_key=vieja.session_key).usuario_id == usuario.pk
    assert not Sesion.objects.filter(session_key=vencida.session_key).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = vieja.session_key
    assert _sesion_viva(client)


@pytest.mark.django_db(transaction=True)
def test_la_lectura_de_la_sesion_es_la_revision_de_la_conexion(client, monkeypatch):
    """With CONN_HEALTH_CHECKS, Django runs a ``SELECT 1`` before a request's first statement on a
    reused connection; the session's read is that check instead (one round trip less), and a dead
    connection is replaced and the read run again, as after Django's check."""
    from django.db import connection

    usuario = Usuario.objects.create_user("revisada", password="x-clave-larga-123")
    client.force_login(usuario)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    revisiones = []
    original = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: revisiones.append(1) or original())
    # A new request on a reused connection (the test client does not send request_started's reset).
    connection.health_check_done = False
    assert _sesion_viva(client)
    assert revisiones == []
    # The server ends the connection between two requests: the next one still reads its session.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    otra = connection.copy()
    with otra.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    otra.close()
    connection.health_check_done = False
    assert _sesion_viva(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_la_barra_recordada_pone_el_nombre_escapado_y_un_token_que_vale(mundo):
    """The bar is drawn once per process ({% barra %}); the user's name and the logout form's CSRF
    token are put in at every request: the name escaped, the token one Django accepts."""
    import re

    usuario = usuario_con(Rol.DIRECTOR, mundo["inst_b1"], first_name="<b>Ana</b>", last_name="Q")
    navegador = Client(enforce_csrf_checks=True)
    navegador.force_login(usuario)
    html = _html_vacia(navegador)
    assert "&lt;b&gt;Ana&lt;/b&gt; Q" in html and "<b>Ana</b>" not in html
    otro = usuario_con(Rol.DIRECTOR, mundo["inst_b1"], first_name="Beto", last_name="R")
    otro_navegador = Client()
    otro_navegador.force_login(otro)
    assert "Beto R" in _html_vacia(otro_navegador) and "Ana" not in _html_vacia(otro_navegador)
    token = re.search(
        r'action="/cuentas/salir/"><input type="hidden" name="csrfmiddlewaretoken" value="(\w+)"', html
    )
    assert navegador.post("/cuentas/salir/", {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
    assert not _sesion_viva(navegador)
