"""The bell, the notices page and opening a notice."""

from datetime import timedelta

from django.utils import timezone

from avisos.models import Aviso
from avisos.services import avisar


def test_la_campana_muestra_los_no_leidos(mundo, client):
    avisar(usuarios=[mundo["director"]], titulo="Uno", enlace="/balance/")
    avisar(usuarios=[mundo["director"]], titulo="Dos", enlace="/balance/")
    avisar(usuarios=[mundo["ugel"]], titulo="De otro")
    client.force_login(mundo["director"])
    menu = client.get("/").content.decode().split('id="menu"')[1]
    assert 'href="/avisos/"' in menu
    assert '<span class="badge rounded-pill text-bg-warning" data-no-leidos>2<' in menu
    Aviso.objects.filter(usuario=mundo["director"]).update(leido_en=timezone.now())
    assert "data-no-leidos" not in client.get("/").content.decode()


def test_la_lista_va_de_lo_nuevo_a_lo_viejo_y_solo_lo_propio(mundo, client):
    viejo, nuevo = (
        avisar(usuarios=[mundo["director"]], titulo=t, texto="Motivo: revisa.")[0] for t in ("Viejo", "Nuevo")
    )
    Aviso.objects.filter(pk=viejo.pk).update(creado=timezone.now() - timedelta(days=2))
    avisar(usuarios=[mundo["ugel"]], titulo="Ajeno")
    client.force_login(mundo["director"])
    html = client.get("/avisos/").content.decode()
    assert html.index("Nuevo") < html.index("Viejo")
    assert "Ajeno" not in html and "Motivo: revisa." in html
    assert f'href="/avisos/{nuevo.pk}/"' in html


def test_la_lista_se_pagina_con_consultas_acotadas(mundo, client, django_assert_max_num_queries):
    client.force_login(mundo["director"])
    avisar(usuarios=[mundo["director"]], titulo="Primero")
    with django_assert_max_num_queries(12) as antes:
        client.get("/avisos/")
    for i in range(60):
        avisar(usuarios=[mundo["director"]], titulo=f"Aviso {i}")
    with django_assert_max_num_queries(len(antes.captured_queries)):
        html = client.get("/avisos/").content.decode()
    assert "Página 1 de 3" in html and "Aviso 59" in html and "Aviso 10" not in html
    assert "Aviso 10" in client.get("/avisos/?pagina=2").content.decode()


def test_abrir_marca_leido_y_lleva_al_registro(mundo, client):
    aviso = avisar(usuarios=[mundo["director"]], titulo="Devuelta", enlace="/balance/matrices/1/")[0]
    client.force_login(mundo["director"])
    respuesta = client.get(f"/avisos/{aviso.pk}/")
    assert respuesta.status_code == 302 and respuesta.url == "/balance/matrices/1/"
    aviso.refresh_from_db()
    primera = aviso.leido_en
    assert primera is not None
    client.get(f"/avisos/{aviso.pk}/")
    aviso.refresh_from_db()
    assert aviso.leido_en == primera  # read once, when first opened


def test_el_aviso_de_otro_es_404(mundo, client):
    aviso = avisar(usuarios=[mundo["director"]], titulo="Privado", enlace="/balance/")[0]
    client.force_login(mundo["ugel"])
    assert client.get(f"/avisos/{aviso.pk}/").status_code == 404
    aviso.refresh_from_db()
    assert aviso.leido_en is None


def test_un_enlace_fuera_del_sitio_no_se_sigue(mundo, client):
    aviso = avisar(usuarios=[mundo["director"]], titulo="Raro", enlace="https://otro.example/")[0]
    client.force_login(mundo["director"])
    assert client.get(f"/avisos/{aviso.pk}/").url == "/avisos/"


def test_anonimo_va_a_ingresar(db, client):
    assert client.get("/avisos/").url.startswith("/cuentas/ingresar/")


def test_marcar_todos_como_leidos_solo_los_propios(mundo, client):
    avisar(usuarios=[mundo["director"], mundo["ugel"]], titulo="Uno")
    avisar(usuarios=[mundo["director"]], titulo="Dos")
    client.force_login(mundo["director"])
    assert "Marcar todos como leídos" in client.get("/avisos/").content.decode()
    assert client.get("/avisos/leidos/").status_code == 405  # a change only by POST
    assert client.post("/avisos/leidos/").url == "/avisos/"
    assert not Aviso.objects.filter(usuario=mundo["director"], leido_en__isnull=True).exists()
    assert Aviso.objects.get(usuario=mundo["ugel"]).leido_en is None
    assert "Marcar todos como leídos" not in client.get("/avisos/").content.decode()
