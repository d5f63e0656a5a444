import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cuentas.models import Asignacion, Rol
from tests.factories import UsuarioFactory


def test_cada_rol_exige_su_alcance(mundo):
    user = UsuarioFactory()
    faltante = Asignacion(usuario=user, rol=Rol.DIRECTOR)
    with pytest.raises(ValidationError) as exc:
        faltante.full_clean()
    assert exc.value.message_dict["institucion"] == ["Este rol necesita este dato."]

    sobrante = Asignacion(usuario=user, rol=Rol.DIFOCA, ugel=mundo["ugel_a1"])
    with pytest.raises(ValidationError) as exc:
        sobrante.full_clean()
    assert exc.value.message_dict["ugel"] == ["Deja este campo vacío para el rol elegido."]


def test_la_base_de_datos_impide_un_alcance_equivocado(mundo):
    with pytest.raises(IntegrityError):
        Asignacion.objects.create(usuario=UsuarioFactory(), rol=Rol.ESPECIALISTA_UGEL, dre=mundo["dre_a"])


def test_asignacion_repetida(mundo):
    with pytest.raises(IntegrityError):
        Asignacion.objects.create(usuario=mundo["difoca"], rol=Rol.DIFOCA)


def test_str_nombra_rol_y_alcance(mundo):
    asignacion = mundo["ugel"].asignaciones.get()
    assert str(asignacion) == "Especialista UGEL — UGEL A1"
