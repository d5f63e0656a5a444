"""The permission vocabulary (cuentas.permisos): named permissions registered by the feature apps,
the view decorator and the read/write fetch pair (out of scope 404, in scope but not allowed 403),
and who holds a role over a place."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from cuentas.models import Rol
from cuentas.permisos import (
    PermisoDesconocido,
    obtener_para_escribir,
    obtener_para_leer,
    permisos,
    registrar_permiso,
    tiene_permiso,
    usuarios_con_rol,
)
from exportaciones.models import Exportacion
from tests.factories import InstitucionFactory, usuario_con


def dirige(user, institucion=None) -> bool:
    """A test rule: directors, over their own institutions."""
    ids = user.alcance.institucion_ids
    return bool(ids) if institucion is None else institucion.pk in ids


@pytest.fixture
def permiso_de_prueba():
    registrar_permiso("pruebas.dirigir", dirige)
    yield "pruebas.dirigir"
    permisos.retirar("pruebas.dirigir")


# --- the vocabulary --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nombre",
    [
        "balance.editar_matriz",
        "balance.revisar_matriz",
        "balance.gestionar_campana",
        "monitoreo.escribir_plan",
        "practicas.gestionar",
        "cuentas.entrar_al_admin",
    ],
)
def test_cada_app_registra_sus_permisos(nombre):
    assert nombre in permisos
    assert permisos.obtener(nombre).clave == nombre


def test_un_permiso_de_una_app_se_encuentra_por_su_nombre(mundo):
    assert tiene_permiso(mundo["difoca"], "practicas.gestionar")
    assert not tiene_permiso(mundo["director"], "practicas.gestionar")
    assert tiene_permiso(mundo["ugel"], "balance.gestionar_campana")
    assert not tiene_permiso(mundo["dre"], "balance.gestionar_campana")


@pytest.mark.parametrize("quien", ["admin", "sin_rol", "anonimo"])
def test_un_nombre_desconocido_falla_en_voz_alta(mundo, quien):
    user = AnonymousUser() if quien == "anonimo" else mundo[quien]
    with pytest.raises(PermisoDesconocido, match="balance.editar_matrix"):
        tiene_permiso(user, "balance.editar_matrix")


def test_escribir_con_un_nombre_desconocido_falla_antes_de_buscar(mundo):
    request = RequestFactory().get("/")
    request.user = mundo["admin"]
    with pytest.raises(PermisoDesconocido):
        obtener_para_escribir(request, Exportacion, "exportaciones.borrar", pk=1)


def test_un_nombre_sin_app_no_se_registra():
    with pytest.raises(ValueError):
        registrar_permiso("dirigir", dirige)


def test_otra_regla_con_un_nombre_tomado_choca(permiso_de_prueba):
    registrar_permiso(permiso_de_prueba, dirige)  # the same again is harmless (apps re-populated)
    with pytest.raises(ValueError, match="duplicate"):
        registrar_permiso(permiso_de_prueba, lambda user, obj: True)


def test_anonimo_e_inactivo_no_tienen_permisos(mundo, permiso_de_prueba):
    director = mundo["director"]
    assert tiene_permiso(director, permiso_de_prueba, mundo["inst_a1a"])
    director.is_active = False
    assert not tiene_permiso(director, permiso_de_prueba, mundo["inst_a1a"])
    assert not tiene_permiso(AnonymousUser(), permiso_de_prueba)


def _vistas(patrones, prefijo=""):
    for patron in patrones:
        if isinstance(patron, URLResolver):
            yield from _vistas(patron.url_patterns, prefijo + str(patron.pattern))
        elif isinstance(patron, URLPattern):
            yield prefijo + str(patron.pattern), patron.callback


def test_cada_permiso_nombrado_en_una_vista_existe():
    nombrados = {
        url: vista.permiso for url, vista in _vistas(get_resolver().url_patterns) if hasattr(vista, "permiso")
    }
    assert nombrados, "no view names a permission: the walk found nothing"
    for url, nombre in nombrados.items():
        assert nombre in permisos, f"{url} names {nombre!r}, which no app registers"


# --- the decorator and the fetch pair, on small views ------------------------------------------


@pytest.mark.urls("tests.cuentas.urls_permisos")
class TestVistas:
    def test_decorador_anonimo_va_al_ingreso(self, client, permiso_de_prueba):
        respuesta = client.get("/sin-objeto/")
        assert respuesta.status_code == 302
        assert respuesta.url.startswith("/cuentas/ingresar/?next=/sin-objeto/")

    def test_decorador_403_sin_el_permiso(self, client, mundo, permiso_de_prueba):
        client.force_login(mundo["ugel"])
        assert client.get("/sin-objeto/").status_code == 403

    def test_decorador_deja_pasar_con_el_permiso(self, client, mundo, permiso_de_prueba):
        client.force_login(mundo["director"])
        assert client.get("/sin-objeto/").content == b"ok"

    def test_decorador_con_nombre_desconocido_falla(self, client, mundo):
        client.force_login(mundo["admin"])
        with pytest.raises(PermisoDesconocido):
            client.get("/desconocido/")

    @pytest.mark.parametrize(
        "rol, codigo, estado",
        [
            ("director", "1111111", 200),  # their institution
            ("director", "1111112", 404),  # another of the same UGEL: not in their scope
            ("ugel", "1111112", 200),
            ("ugel", "1222222", 404),  # another UGEL of the same DRE
            ("dre", "1222222", 200),
            ("dre", "2111111", 404),  # another DRE
            ("difoca", "1111111", 404),
            ("admin", "2111111", 200),
            ("director", "9999999", 404),  # does not exist: the same answer as out of scope
        ],
    )
    def test_leer_404_fuera_del_alcance(self, client, mundo, permiso_de_prueba, rol, codigo, estado):
        client.force_login(mundo[rol])
        assert client.get(f"/leer/{codigo}/").status_code == estado

    @pytest.mark.parametrize(
        "rol, codigo, estado",
        [
            ("director", "1111111", 200),  # in scope and allowed
            ("director", "1111112", 404),  # out of scope: 404 before any permission
            ("ugel", "1111111", 403),  # in scope (reads it) but does not direct it
            ("dre", "1111111", 403),
            ("ugel", "2111111", 404),
            ("admin", "1111111", 403),  # sees everything; this rule lets only directors write
            ("sin_rol", "1111111", 404),
        ],
    )
    def test_escribir_404_fuera_403_sin_permiso(self, client, mundo, permiso_de_prueba, rol, codigo, estado):
        client.force_login(mundo[rol])
        assert client.get(f"/escribir/{codigo}/").status_code == estado

    def test_escribir_anonimo_es_404(self, client, mundo, permiso_de_prueba):
        assert client.get("/escribir/1111111/").status_code == 404


def test_leer_exige_un_modelo_con_alcance(mundo):
    from territorio.models import Region

    request = RequestFactory().get("/")
    request.user = mundo["admin"]
    with pytest.raises(TypeError, match="visible_to"):
        obtener_para_leer(request, Region, pk=1)


# --- who holds a role over a place ------------------------------------------------------------------


@pytest.fixture
def mas(mundo):
    """Beyond mundo: a second director of inst_a1a, an inactive UGEL specialist, a UGEL A2 specialist,
    a DRE B specialist and a second DIFOCA user."""
    return {
        "director_2": usuario_con(Rol.DIRECTOR, mundo["inst_a1a"], username="director_2"),
        "director_a1b": usuario_con(Rol.DIRECTOR, mundo["inst_a1b"], username="director_a1b"),
        "ugel_inactivo": usuario_con(
            Rol.ESPECIALISTA_UGEL, mundo["ugel_a1"], username="ugel_inactivo", is_active=False
        ),
        "ugel_a2": usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"], username="ugel_a2"),
        "dre_b": usuario_con(Rol.ESPECIALISTA_DRE, mundo["dre_b"], username="dre_b"),
    }


def nombres(qs) -> set[str]:
    return set(qs.values_list("username", flat=True))


@pytest.mark.parametrize(
    "rol, lugar, esperados",
    [
        # over an institution
        (Rol.DIRECTOR, "inst_a1a", {"director", "director_2"}),
        (Rol.DIRECTOR, "inst_a2", set()),
        (Rol.ESPECIALISTA_UGEL, "inst_a1a", {"ugel"}),  # not the inactive one
        (Rol.ESPECIALISTA_UGEL, "inst_a2", {"ugel_a2"}),
        (Rol.ESPECIALISTA_DRE, "inst_a1a", {"dre"}),
        (Rol.ESPECIALISTA_DRE, "inst_b1", {"dre_b"}),
        (Rol.DIFOCA, "inst_a1a", {"difoca"}),
        (Rol.ADMINISTRADOR, "inst_b1", {"admin"}),
        # over a UGEL: its specialists and its DRE's; a director holds nothing over a UGEL
        (Rol.ESPECIALISTA_UGEL, "ugel_a1", {"ugel"}),
        (Rol.ESPECIALISTA_UGEL, "ugel_b1", set()),
        (Rol.ESPECIALISTA_DRE, "ugel_a2", {"dre"}),
        (Rol.DIRECTOR, "ugel_a1", set()),
        # over a DRE: only its specialists (and the national roles)
        (Rol.ESPECIALISTA_DRE, "dre_a", {"dre"}),
        (Rol.ESPECIALISTA_DRE, "dre_b", {"dre_b"}),
        (Rol.ESPECIALISTA_UGEL, "dre_a", set()),
        (Rol.DIRECTOR, "dre_a", set()),
        (Rol.ADMINISTRADOR, "dre_a", {"admin"}),
    ],
)
def test_usuarios_con_rol(mundo, mas, django_assert_num_queries, rol, lugar, esperados):
    objeto = mundo[lugar]
    campo = {"inst": "institucion", "ugel": "ugel", "dre": "dre"}[lugar.split("_")[0]]
    with django_assert_num_queries(1):
        encontrados = {u.username for u in usuarios_con_rol(rol, **{campo: objeto})}
    assert encontrados == esperados
    # A primary key names the place as well as the object.
    assert nombres(usuarios_con_rol(rol, **{campo: objeto.pk})) == esperados


def test_usuarios_con_rol_sin_lugar_son_todos_los_activos(mundo, mas):
    assert nombres(usuarios_con_rol(Rol.ESPECIALISTA_UGEL)) == {"ugel", "ugel_a2"}


def test_usuarios_con_rol_lista_a_cada_uno_una_vez(mundo, mas):
    """A director of two institutions is listed once, and only over the one asked for."""
    from cuentas.models import Asignacion

    Asignacion.objects.create(usuario=mundo["director"], rol=Rol.DIRECTOR, institucion=mundo["inst_a1b"])
    assert list(usuarios_con_rol(Rol.DIRECTOR, institucion=mundo["inst_a1a"]).order_by("username")) == [
        mundo["director"],
        mas["director_2"],
    ]


def test_usuarios_con_rol_rechaza_lo_ambiguo(mundo):
    with pytest.raises(TypeError):
        usuarios_con_rol(Rol.DIRECTOR, institucion=mundo["inst_a1a"], ugel=mundo["ugel_a1"])
    with pytest.raises(ValueError):
        usuarios_con_rol("rector", institucion=mundo["inst_a1a"])


def test_usuarios_con_rol_de_una_escuela_nueva(mundo):
    """A UGEL's specialist holds the role over an institution created after their assignment."""
    nueva = InstitucionFactory(ugel=mundo["ugel_a1"])
    assert nombres(usuarios_con_rol(Rol.ESPECIALISTA_UGEL, institucion=nueva)) == {"ugel"}
    assert nombres(usuarios_con_rol(Rol.ESPECIALISTA_DRE, institucion=nueva)) == {"dre"}
    assert not usuarios_con_rol(Rol.DIRECTOR, institucion=nueva).exists()
