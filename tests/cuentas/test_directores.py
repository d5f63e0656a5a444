import re

import pytest
from django.core import mail
from django.urls import reverse

from cuentas.bloqueo import usuario_bloqueado
from cuentas.models import Asignacion, Rol, Usuario
from tests.cuentas.test_bloqueo import intentar
from tests.roles import ROLES, por_rol

DIRECTORES = "/cuentas/directores/"
DATOS = {"nombres": "Rosa", "apellidos": "Quispe Mamani", "dni": "07654321", "correo": "rosa@example.pe"}


def nuevo(pk):
    return reverse("cuentas:director_nuevo", args=[pk])


def accion(usuario, que):
    return reverse("cuentas:cuenta_accion", args=[usuario.pk, que])


def test_la_ugel_ve_sus_instituciones_con_y_sin_cuenta(mundo, client, django_assert_max_num_queries):
    client.force_login(mundo["ugel"])
    with django_assert_max_num_queries(12):
        html = client.get(DIRECTORES).content.decode()
    assert mundo["inst_a1a"].nombre in html and mundo["inst_a1b"].nombre in html
    assert mundo["inst_a2"].nombre not in html and mundo["inst_b1"].nombre not in html
    assert ">director<" in html  # the director of inst_a1a, by username
    assert "1 sin cuenta de director" in html
    assert "Nuevo especialista de UGEL" not in html  # a UGEL grants no specialist role


def test_las_consultas_no_crecen_con_las_instituciones(mundo, client, django_assert_max_num_queries):
    from tests.factories import InstitucionFactory, UsuarioFactory

    for _ in range(10):
        inst = InstitucionFactory(ugel=mundo["ugel_a1"])
        Asignacion.objects.create(usuario=UsuarioFactory(), rol=Rol.DIRECTOR, institucion=inst)
    client.force_login(mundo["ugel"])
    with django_assert_max_num_queries(12):
        assert client.get(DIRECTORES).status_code == 200


def test_la_ugel_crea_un_director_que_recibe_su_enlace(mundo, client):
    client.force_login(mundo["ugel"])
    respuesta = client.post(nuevo(mundo["inst_a1b"].pk), DATOS)
    assert respuesta.status_code == 302
    rosa = Usuario.objects.get(username="07654321")
    assert (rosa.first_name, rosa.last_name, rosa.email) == ("Rosa", "Quispe Mamani", "rosa@example.pe")
    assert not rosa.has_usable_password()
    assert list(rosa.asignaciones.values_list("rol", "institucion")) == [(Rol.DIRECTOR, mundo["inst_a1b"].pk)]
    assert mail.outbox[0].to == ["rosa@example.pe"]

    # The link lets her choose a password and sign in with her DNI.
    url = re.search(r"https?://[^/]+(/cuentas/clave/nueva/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    formulario = client.get(url, follow=True).redirect_chain[-1][0]
    client.post(formulario, {"new_password1": "Rosa-clave-2026", "new_password2": "Rosa-clave-2026"})
    assert intentar(client, "07654321", "Rosa-clave-2026").status_code == 302


def test_la_ugel_no_crea_en_otra_ugel(mundo, client):
    client.force_login(mundo["ugel"])
    assert client.get(nuevo(mundo["inst_b1"].pk)).status_code == 404
    assert client.post(nuevo(mundo["inst_b1"].pk), DATOS).status_code == 404
    assert client.post(nuevo(mundo["inst_a2"].pk), DATOS).status_code == 404
    assert not Usuario.objects.filter(username="07654321").exists()


def test_nadie_otorga_un_rol_mayor_que_el_suyo(mundo, client):
    client.force_login(mundo["ugel"])
    url = reverse("cuentas:especialista_nuevo", args=[mundo["ugel_a1"].pk])
    assert client.post(url, DATOS).status_code == 403
    client.force_login(mundo["director"])
    assert client.post(nuevo(mundo["inst_a1a"].pk), DATOS).status_code == 403
    assert not Usuario.objects.filter(username="07654321").exists()


def test_la_dre_crea_un_especialista_de_su_ugel(mundo, client):
    client.force_login(mundo["dre"])
    respuesta = client.post(reverse("cuentas:especialista_nuevo", args=[mundo["ugel_a2"].pk]), DATOS)
    assert respuesta.status_code == 302
    rosa = Usuario.objects.get(username="07654321")
    assert list(rosa.asignaciones.values_list("rol", "ugel")) == [
        (Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"].pk)
    ]
    assert (
        client.post(reverse("cuentas:especialista_nuevo", args=[mundo["ugel_b1"].pk]), DATOS).status_code
        == 404
    )
    html = client.get(f"{DIRECTORES}?ugel={mundo['ugel_a2'].pk}").content.decode()
    assert "07654321" in html and "Nuevo especialista de UGEL" in html


@pytest.mark.parametrize(
    "cambio, mensaje",
    [
        ({"correo": "rosa@"}, "Escribe un correo electrónico válido"),
        ({"dni": "1234567"}, "El DNI debe tener exactamente 8 dígitos"),
        ({"dni": "1234567a"}, "El DNI debe tener exactamente 8 dígitos"),
        ({"dni": "director"}, "El DNI debe tener exactamente 8 dígitos"),
        ({"dni": "123456789"}, "El DNI debe tener exactamente 8 dígitos"),
        ({"apellidos": "x" * 151}, "Escribe como máximo 150 caracteres"),
        ({"nombres": "  "}, "Este dato es obligatorio"),
        ({"correo": "r" * 300 + "@ugel.gob.pe"}, "Escribe como máximo 254 caracteres"),
    ],
)
def test_datos_malos_se_explican_junto_al_campo_y_nada_se_guarda(mundo, client, cambio, mensaje):
    client.force_login(mundo["ugel"])
    antes = Usuario.objects.count(), Asignacion.objects.count()
    respuesta = client.post(nuevo(mundo["inst_a1b"].pk), {**DATOS, **cambio})
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert (Usuario.objects.count(), Asignacion.objects.count()) == antes
    assert not mail.outbox


def test_un_dni_ya_tomado_se_explica(mundo, client):
    from tests.factories import UsuarioFactory

    UsuarioFactory(username="07654321")
    client.force_login(mundo["ugel"])
    antes = Asignacion.objects.count()
    html = client.post(nuevo(mundo["inst_a1b"].pk), DATOS).content.decode()
    assert "Ya existe una cuenta con el usuario 07654321" in html
    assert Asignacion.objects.count() == antes


def test_la_ugel_desactiva_reactiva_y_restablece_a_su_director(mundo, client):
    director = mundo["director"]
    director.email = "director@example.pe"
    director.save()
    client.force_login(mundo["ugel"])

    respuesta = client.post(accion(director, "desactivar"), follow=True)
    assert "quedó desactivada" in respuesta.content.decode()
    director.refresh_from_db()
    assert not director.is_active
    assert client.post(accion(director, "restablecer"), follow=True).status_code == 200
    assert not mail.outbox  # a deactivated account gets no link

    client.post(accion(director, "reactivar"))
    director.refresh_from_db()
    assert director.is_active

    html = client.post(accion(director, "restablecer"), follow=True).content.decode()
    assert "Le enviamos a director@example.pe" in html
    assert mail.outbox[0].to == ["director@example.pe"] and "Tu usuario: director" in mail.outbox[0].body


def test_sin_correo_no_hay_enlace(mundo, client):
    client.force_login(mundo["ugel"])
    html = client.post(accion(mundo["director"], "restablecer"), follow=True).content.decode()
    assert "no tiene correo" in html
    assert not mail.outbox


def test_la_ugel_desbloquea_a_su_director(mundo, client):
    from django.test import Client

    otro = Client()
    for _ in range(5):
        intentar(otro, "director", "equivocada")
    assert usuario_bloqueado("director")
    client.force_login(mundo["ugel"])
    assert "Bloqueada" in client.get(DIRECTORES).content.decode()
    client.post(accion(mundo["director"], "desbloquear"))
    assert not usuario_bloqueado("director")


def test_una_cuenta_ajena_o_de_un_par_no_se_toca(mundo, usuarios, client):
    client.force_login(mundo["ugel"])
    # Out of scope: 404. In scope but a peer (another UGEL specialist of the same UGEL) or someone
    # above (the DRE): not theirs to change, 403 for the peer.
    assert client.post(accion(usuarios["ugel_otro"], "desactivar")).status_code == 404
    assert client.post(accion(usuarios["director_otro"], "desactivar")).status_code == 302
    from tests.factories import usuario_con

    par = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a1"])
    assert client.post(accion(par, "desactivar")).status_code == 403
    assert client.post(accion(mundo["ugel"], "desactivar")).status_code == 403
    assert client.post(accion(mundo["dre"], "desactivar")).status_code == 404
    par.refresh_from_db()
    mundo["ugel"].refresh_from_db()
    assert par.is_active and mundo["ugel"].is_active


def test_una_cuenta_de_administracion_no_la_toca_la_ugel(mundo, client):
    """A staff or superuser account that also directs a school of the UGEL is still not the UGEL's."""
    from tests.factories import usuario_con

    guardian = usuario_con(Rol.DIRECTOR, mundo["inst_a1b"], is_staff=True, is_superuser=True)
    client.force_login(mundo["ugel"])
    for verbo in ("desactivar", "restablecer", "desbloquear"):
        assert client.post(accion(guardian, verbo)).status_code == 403
    guardian.refresh_from_db()
    assert guardian.is_active
    client.force_login(mundo["admin"])
    assert client.post(accion(guardian, "desactivar")).status_code == 302


def test_el_menu_lo_muestra_a_quien_puede(mundo, client):
    for quien, ve in [("ugel", True), ("dre", True), ("admin", True), ("director", False), ("difoca", False)]:
        client.force_login(mundo[quien])
        assert (f'href="{DIRECTORES}"' in client.get("/").content.decode()) is ve, quien


def _urls(mundo, usuarios):
    return {
        "directores": (DIRECTORES, "get"),
        "directores de otra ugel": (f"{DIRECTORES}?ugel={mundo['ugel_a2'].pk}", "get"),
        "nuevo director": (nuevo(mundo["inst_a1a"].pk), "get"),
        "nuevo especialista": (reverse("cuentas:especialista_nuevo", args=[mundo["ugel_a1"].pk]), "get"),
        "desbloquear director": (accion(usuarios["director_otro"], "desbloquear"), "post"),
    }


MATRIZ = {
    "directores": por_rol(
        director=403, director_otro=403, ugel=200, ugel_otro=200, dre=200, dre_otro=200,
        difoca=403, admin=200, sin_rol=403,
    ),
    "directores de otra ugel": por_rol(
        director=403, director_otro=403, ugel=404, ugel_otro=404, dre=200, dre_otro=404,
        difoca=403, admin=200, sin_rol=403,
    ),
    "nuevo director": por_rol(
        director=403, director_otro=403, ugel=200, ugel_otro=404, dre=200, dre_otro=404,
        difoca=403, admin=200, sin_rol=403,
    ),
    "nuevo especialista": por_rol(
        director=403, director_otro=403, ugel=403, ugel_otro=404, dre=200, dre_otro=404,
        difoca=403, admin=200, sin_rol=403,
    ),
    "desbloquear director": por_rol(
        director=403, director_otro=403, ugel=302, ugel_otro=404, dre=302, dre_otro=404,
        difoca=403, admin=302, sin_rol=403,
    ),
}  # fmt: skip


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("pagina", list(MATRIZ))
def test_url_por_rol(mundo, usuarios, client, pagina, rol):
    url, metodo = _urls(mundo, usuarios)[pagina]
    client.force_login(usuarios[rol])
    assert getattr(client, metodo)(url).status_code == MATRIZ[pagina][rol]


def test_anonimo_va_a_ingresar(db, client):
    respuesta = client.get(DIRECTORES)
    assert respuesta.status_code == 302 and "/cuentas/ingresar/" in respuesta["Location"]


def test_cada_cambio_queda_en_el_historial_con_quien_lo_hizo(mundo, client):
    import historial

    client.force_login(mundo["ugel"])
    client.post(nuevo(mundo["inst_a1b"].pk), DATOS)
    rosa = Usuario.objects.get(username="07654321")
    client.post(accion(rosa, "desactivar"))
    entradas = historial.entradas(rosa)
    assert [e.tipo for e in entradas][0] == historial.Tipo.CREACION
    assert entradas[-1].cambios["is_active"] == (True, False)
    assert {e.usuario for e in entradas} == {mundo["ugel"]}
    assert historial.entradas(rosa.asignaciones.get())[0].usuario == mundo["ugel"]
