"""Every balance URL × every role → expected status (STYLE.md: out of scope 404, in scope but not
allowed 403). The matrix is in borrador, its campaign open, in UGEL A1 of DRE A."""

import pytest
from django.urls import reverse

from tests.roles import ROLES, por_rol

# (method, url name, uses) → status per role; "c" is the campaign, "m" the matrix.
OK = 200


MATRIZ = {
    ("get", "balance:matriz", "m"): por_rol(
        director=OK,
        director_otro=404,
        ugel=OK,
        ugel_otro=404,
        dre=OK,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    ("get", "balance:matriz_editar", "m"): por_rol(
        director=OK,
        director_otro=404,
        ugel=403,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    ("post", "balance:matriz_autoguardar", "m"): por_rol(
        director=409,
        director_otro=404,
        ugel=403,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=409,
        sin_rol=404,
    ),
    ("get", "balance:matriz_importar", "m"): por_rol(
        director=OK,
        director_otro=404,
        ugel=403,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    ("post", "balance:matriz", "m"): por_rol(
        director=403,
        director_otro=404,
        ugel=OK,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    ("get", "balance:tablero", "c"): por_rol(
        director=OK,
        director_otro=OK,
        ugel=OK,
        ugel_otro=404,
        dre=OK,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    ("get", "balance:campana_editar", "c"): por_rol(
        director=403,
        director_otro=403,
        ugel=OK,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    ("post", "balance:campana_cerrar", "c"): por_rol(
        director=403,
        director_otro=403,
        ugel=302,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=302,
        sin_rol=404,
    ),
    ("post", "balance:campana_abrir", "c"): por_rol(
        director=403,
        director_otro=403,
        ugel=OK,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=OK,
        sin_rol=404,
    ),
    ("post", "balance:campana_siguiente", "c"): por_rol(
        director=403,
        director_otro=403,
        ugel=302,
        ugel_otro=404,
        dre=403,
        dre_otro=404,
        difoca=404,
        admin=302,
        sin_rol=404,
    ),
    ("get", "balance:campana_nueva", None): por_rol(
        director=403,
        director_otro=403,
        ugel=OK,
        ugel_otro=OK,
        dre=403,
        dre_otro=403,
        difoca=403,
        admin=OK,
        sin_rol=403,
    ),
    ("get", "balance:inicio", None): por_rol(
        director=OK,
        director_otro=OK,
        ugel=OK,
        ugel_otro=OK,
        dre=OK,
        dre_otro=OK,
        difoca=OK,
        admin=OK,
        sin_rol=OK,
    ),
}


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("clave", list(MATRIZ), ids=lambda c: f"{c[0]}-{c[1]}")
def test_permisos(client, usuarios, campana, matriz, clave, rol):
    metodo, nombre, objeto = clave
    args = {"m": [matriz.pk], "c": [campana.pk], None: []}[objeto]
    client.force_login(usuarios[rol])
    # POSTs carry a stale version and no review action: the answer shows the permission, never a change.
    respuesta = getattr(client, metodo)(
        reverse(nombre, args=args), {"version": "0"} if metodo == "post" else None
    )
    assert respuesta.status_code == MATRIZ[clave][rol]


@pytest.mark.parametrize(
    "nombre, objeto",
    [
        ("balance:matriz", "m"),
        ("balance:tablero", "c"),
        ("balance:matriz_editar", "m"),
        ("balance:matriz_importar", "m"),
        ("balance:campana_editar", "c"),
        ("balance:campana_nueva", None),
        ("balance:inicio", None),
    ],
)
def test_anonimo_va_al_ingreso(client, campana, matriz, nombre, objeto):
    args = {"m": [matriz.pk], "c": [campana.pk], None: []}[objeto]
    respuesta = client.get(reverse(nombre, args=args))
    assert respuesta.status_code == 302 and respuesta.url.startswith("/cuentas/ingresar/")


def test_el_tablero_marca_revisar_solo_a_quien_revisa(client, usuarios, campana, matriz):
    """The board's "Revisar" button follows balance.revisar_matriz row by row: the UGEL reviews, the
    DRE only reads."""
    from balance.models import Estado

    matriz.__class__.objects.filter(pk=matriz.pk).update(estado=Estado.ENVIADA)
    for rol, revisa in [("ugel", True), ("admin", True), ("dre", False), ("director", False)]:
        client.force_login(usuarios[rol])
        html = client.get(reverse("balance:tablero", args=[campana.pk])).content.decode()
        assert (">Revisar</a>" in html) is revisa, rol
