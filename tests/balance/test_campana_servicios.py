from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import historial
from balance import services
from balance.models import Campana, Fila, Matriz
from tests.factories import InstitucionFactory

from .conftest import LINEAMIENTOS


def crear(usuario, ugel, **kw):
    return services.campana_crear(
        usuario=usuario,
        anio=kw.get("anio", 2024),
        titulo="Balance 2024",
        ugel=ugel,
        fecha_limite=timezone.localdate() + timedelta(days=30),
        lineamientos=LINEAMIENTOS,
    )


def test_la_ugel_crea_y_abre_su_campana(mundo):
    InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="ebr_primaria", codigo_modular="1111113")
    InstitucionFactory(ugel=mundo["ugel_a1"], modalidad="cetpro", codigo_modular="1111114")
    campana = crear(mundo["ugel"], mundo["ugel_a1"])
    assert not campana.abierta
    assert list(campana.lineamientos.values_list("orden", "nombre")) == list(enumerate(LINEAMIENTOS, 1))

    creadas = services.campana_abrir(usuario=mundo["ugel"], campana=campana)
    # The two CEBA and the CETPRO of UGEL A1; not the primary school, not other UGELs.
    assert creadas == 3
    codigos = set(campana.matrices.values_list("institucion__codigo_modular", flat=True))
    assert codigos == {"1111111", "1111112", "1111114"}
    assert Fila.objects.filter(matriz__campana=campana).count() == 3 * len(LINEAMIENTOS)
    creaciones = [
        (c.de, c.a, c.usuario, c.comentario)
        for m in campana.matrices.all()
        for c in historial.entradas(m, estados=True)
    ]
    assert creaciones == [("", "borrador", mundo["ugel"], "Campaña abierta")] * 3


def test_reabrir_no_duplica_y_suma_las_nuevas(mundo, campana):
    assert services.campana_abrir(usuario=mundo["admin"], campana=campana) == 0
    InstitucionFactory(ugel=mundo["ugel_a1"], codigo_modular="1111119")
    assert services.campana_abrir(usuario=mundo["admin"], campana=campana) == 1
    assert campana.matrices.count() == 3


@pytest.mark.parametrize("rol", ["director", "dre", "difoca", "sin_rol"])
def test_otros_roles_no_gestionan_campanas(mundo, rol):
    with pytest.raises(PermissionDenied):
        crear(mundo[rol], mundo["ugel_a1"])


def test_la_ugel_no_gestiona_otra_ugel(mundo):
    with pytest.raises(PermissionDenied):
        crear(mundo["ugel"], mundo["ugel_a2"])


def test_campana_repetida(mundo, campana):
    with pytest.raises(ValidationError):
        crear(mundo["ugel"], mundo["ugel_a1"], anio=2023)


def test_campana_siguiente(mundo, campana):
    campana.fecha_limite = date(2023, 12, 15)
    campana.save()
    nueva = services.campana_siguiente(usuario=mundo["ugel"], campana=campana)
    assert nueva.anio == 2024
    assert nueva.titulo == "Balance 2024 – UGEL A1"
    assert nueva.fecha_limite == date(2024, 12, 15)
    assert nueva.ugel == campana.ugel
    assert list(nueva.lineamientos.values_list("nombre", flat=True)) == LINEAMIENTOS
    assert not nueva.abierta and not nueva.matrices.exists()


def test_cerrar(mundo, campana):
    services.campana_cerrar(usuario=mundo["ugel"], campana=campana)
    assert not Campana.objects.get(pk=campana.pk).abierta
    assert not Matriz.objects.filter(campana=campana).first().editable


def test_editar_queda_en_el_historial_con_su_usuario(mundo, campana):
    nueva = campana.fecha_limite + timedelta(days=15)
    services.campana_editar(
        usuario=mundo["ugel"], campana=campana, datos={"titulo": campana.titulo, "fecha_limite": nueva}
    )
    assert Campana.objects.get(pk=campana.pk).fecha_limite == nueva
    edicion = historial.entradas(campana)[-1]
    assert (edicion.accion, edicion.usuario, edicion.tipo) == (
        "editar",
        mundo["ugel"],
        historial.Tipo.EDICION,
    )
    assert edicion.cambios == {"fecha_limite": (campana.fecha_limite, nueva)}
    # Nothing changed: nothing written.
    antes = len(historial.entradas(campana))
    services.campana_editar(usuario=mundo["ugel"], campana=campana, datos={"fecha_limite": nueva})
    assert len(historial.entradas(campana)) == antes


@pytest.mark.parametrize("rol", ["director", "dre", "difoca", "sin_rol"])
def test_editar_sin_permiso(mundo, campana, rol):
    with pytest.raises(PermissionDenied):
        services.campana_editar(usuario=mundo[rol], campana=campana, datos={"titulo": "Otro título"})
    assert Campana.objects.get(pk=campana.pk).titulo == "Balance 2023 – UGEL A1"
    assert historial.entradas(campana)[-1].accion == "abrir"


def test_editar_solo_titulo_y_plazo(mundo, campana):
    with pytest.raises(ValueError):
        services.campana_editar(usuario=mundo["ugel"], campana=campana, datos={"abierta": False})
    with pytest.raises(ValidationError):
        services.campana_editar(usuario=mundo["ugel"], campana=campana, datos={"titulo": ""})
    assert Campana.objects.get(pk=campana.pk).abierta
