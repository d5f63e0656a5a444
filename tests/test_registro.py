"""The registry the apps plug into: menu, home page and demo come from what each app registers."""

from io import StringIO

import pytest
from django.core.management import call_command

from comun.registro import Demo, EntradaMenu, Registro, demos, menu, orden_demos
from cuentas.models import Rol
from tests.factories import InstitucionFactory, UsuarioFactory, usuario_con


def test_una_app_de_prueba_aparece_en_menu_e_inicio_sin_tocar_las_capas(db, client):
    # tests.app_de_prueba is installed only by tests/settings.py: inicio, cuentas and territorio
    # know nothing of it.
    client.force_login(UsuarioFactory(username="lector1"))
    html = client.get("/").content.decode()
    assert "Biblioteca" in html
    assert '<p id="biblioteca">Tienes 3 libros por devolver</p>' in html
    # Its section (orden 5) comes before the role cards (orden 80) of inicio itself.
    client.force_login(usuario_con(Rol.DIRECTOR, InstitucionFactory(), username="lector2"))
    html = client.get("/").content.decode()
    assert html.index('id="biblioteca"') < html.index("Director(a)")


def test_la_app_de_prueba_no_se_muestra_a_quien_no_corresponde(mundo, client):
    client.force_login(mundo["ugel"])
    html = client.get("/").content.decode()
    assert "Biblioteca" not in html and 'id="biblioteca"' not in html


def test_el_menu_sigue_el_orden_registrado(mundo, client):
    client.force_login(mundo["admin"])
    menu_html = client.get("/").content.decode().split('id="menu"')[1]
    posiciones = [menu_html.index(f">{t}<") for t in ("Inicio", "Balance", "Instituciones", "Monitoreo")]
    assert posiciones == sorted(posiciones)
    assert menu_html.index("Mis exportaciones") < menu_html.index("Administración")


def test_anonimo_ve_solo_lo_publico(db, client):
    html = client.get("/cuentas/ingresar/").content.decode()
    assert 'href="/practicas/"' in html
    assert 'href="/balance/"' not in html and 'href="/monitoreo/"' not in html


def test_cargar_demo_corre_la_app_de_prueba_despues_de_lo_que_declara(db, settings):
    settings.DEBUG = True
    salida = StringIO()
    call_command("cargar_demo", stdout=salida)
    texto = salida.getvalue()
    assert "biblioteca de prueba cargada" in texto
    claves = [d.clave for d in orden_demos()]
    assert claves.index("territorio") < claves.index("cuentas") < claves.index("practicas")
    assert claves.index("practicas") < claves.index("biblioteca")
    assert claves.index("cuentas") < claves.index("balance")


def test_registro_rechaza_una_clave_repetida_de_otra_app():
    registro = Registro("prueba")
    entrada = EntradaMenu("x", "X", "inicio", "house", bool)
    registro.registrar("x", entrada)
    registro.registrar("x", EntradaMenu("x", "X", "inicio", "house", bool))  # the same again: harmless
    with pytest.raises(ValueError, match="duplicate key 'x'"):
        registro.registrar("x", EntradaMenu("x", "Otra", "inicio", "house", bool))


def test_una_demo_que_pide_otra_inexistente_falla_con_su_nombre():
    demos.registrar("huerfana", Demo("huerfana", "no.existe", despues_de=("fantasma",)))
    try:
        with pytest.raises(ValueError, match="'huerfana' needs 'fantasma'"):
            orden_demos()
    finally:
        demos.retirar("huerfana")


def test_el_menu_se_arma_del_registro():
    claves = {entrada.clave for entrada in menu}
    assert {"inicio", "territorio", "balance", "practicas", "monitoreo", "exportaciones"} <= claves
