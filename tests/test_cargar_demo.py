from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cuentas.models import Asignacion, Rol, Usuario
from territorio.models import Institucion


def conteo():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in APPS}


APPS = {"territorio", "cuentas", "balance", "practicas", "monitoreo"}


def test_dos_veces_deja_las_mismas_filas(db, settings):
    settings.DEBUG = True
    call_command("cargar_demo", stdout=StringIO())
    primera = conteo()
    call_command("cargar_demo", stdout=StringIO())
    assert conteo() == primera
    assert primera["territorio.Region"] == 26


def test_usuarios_de_demostracion(db, settings):
    settings.DEBUG = True
    call_command("cargar_demo", stdout=StringIO())
    esperado = {
        "director.demo": Rol.DIRECTOR,
        "ugel.demo": Rol.ESPECIALISTA_UGEL,
        "dre.demo": Rol.ESPECIALISTA_DRE,
        "difoca.demo": Rol.DIFOCA,
        "admin.demo": Rol.ADMINISTRADOR,
        "director.70370": Rol.DIRECTOR,
    }
    for username, rol in esperado.items():
        usuario = Usuario.objects.get(username=username)
        assert usuario.check_password("chasqui-demo")
        assert list(usuario.asignaciones.values_list("rol", flat=True)) == [rol]
    director = Asignacion.objects.get(usuario__username="director.demo")
    assert director.institucion.modalidad == "ceba"
    assert director.institucion.ugel.nombre.startswith("UGEL 07")
    assert Institucion.objects.filter(nombre="CETPRO Las Carmelitas", ugel__nombre="UGEL 09 Huaura").exists()
    assert Institucion.objects.get(codigo_modular="9070370").ugel.nombre == "UGEL El Collao"


def test_se_niega_sin_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--forzar"):
        call_command("cargar_demo")
    assert not Usuario.objects.exists()
    call_command("cargar_demo", "--forzar", stdout=StringIO())
    assert Usuario.objects.filter(username="admin.demo").exists()


def test_contrasena_de_entorno(db, settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "otra-clave-demo"
    call_command("cargar_demo", stdout=StringIO())
    assert Usuario.objects.get(username="ugel.demo").check_password("otra-clave-demo")
