import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from territorio.models import Institucion
from tests.factories import InstitucionFactory, UgelFactory


@pytest.mark.parametrize("codigo", ["0123456", "9070370"])
def test_siete_digitos_valen(db, codigo):
    Institucion(codigo_modular=codigo, nombre="CEBA X", modalidad="ceba", ugel=UgelFactory()).full_clean()


@pytest.mark.parametrize(
    "codigo", ["123456", "12345678", "12a4567", "123 456", "１２３４５６７", "", "1234567\n"]
)
def test_codigos_malformados_se_rechazan_en_castellano(db, codigo):
    inst = Institucion(codigo_modular=codigo, nombre="CEBA X", modalidad="ceba", ugel=UgelFactory())
    with pytest.raises(ValidationError) as exc:
        inst.full_clean()
    mensajes = exc.value.message_dict["codigo_modular"]
    assert any("7 dígitos" in m or "vacío" in m or "caracteres" in m for m in mensajes), mensajes


def test_la_base_de_datos_tambien_lo_impide(db):
    with pytest.raises(IntegrityError):
        InstitucionFactory(codigo_modular="12345")


def test_admin_muestra_el_error_junto_al_campo(mundo, client):
    client.force_login(mundo["admin"])
    respuesta = client.post(
        "/admin/territorio/institucion/add/",
        {
            "codigo_modular": "12-456",
            "nombre": "CEBA Nuevo",
            "modalidad": "ceba",
            "ugel": mundo["ugel_a1"].pk,
        },
    )
    assert respuesta.status_code == 200
    assert "El código modular debe tener exactamente 7 dígitos" in respuesta.content.decode()
    assert not Institucion.objects.filter(nombre="CEBA Nuevo").exists()


def test_admin_codigo_repetido(mundo, client):
    client.force_login(mundo["admin"])
    respuesta = client.post(
        "/admin/territorio/institucion/add/",
        {"codigo_modular": "1111111", "nombre": "Otro", "modalidad": "ceba", "ugel": mundo["ugel_a1"].pk},
    )
    assert "Ya existe una institución con ese código modular." in respuesta.content.decode()
