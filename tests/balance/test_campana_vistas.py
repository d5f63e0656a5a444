from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

import historial
from balance.models import Campana


def test_nueva_campana_propone_los_lineamientos_anteriores(client, mundo, campana):
    client.force_login(mundo["ugel"])
    form = client.get(reverse("balance:campana_nueva")).context["form"]
    assert form.initial["anio"] == timezone.localdate().year
    assert form.initial["lineamientos"].splitlines() == list(
        campana.lineamientos.values_list("nombre", flat=True)
    )


def test_la_ugel_crea_una_campana(client, mundo):
    client.force_login(mundo["ugel"])
    assert client.get(reverse("balance:campana_nueva")).status_code == 200
    respuesta = client.post(
        reverse("balance:campana_nueva"),
        {
            "anio": str(timezone.localdate().year),  # a deadline at most in the next year
            "titulo": "Balance 2024",
            "ugel": mundo["ugel_a1"].pk,
            "fecha_limite": (timezone.localdate() + timedelta(days=20)).isoformat(),
            "lineamientos": "Aprendizajes para la vida\n\nCertificación Múltiple\n",
        },
    )
    campana = Campana.objects.get(titulo="Balance 2024")
    assert respuesta.url == reverse("balance:tablero", args=[campana.pk])
    assert list(campana.lineamientos.values_list("nombre", flat=True)) == [
        "Aprendizajes para la vida",
        "Certificación Múltiple",
    ]


def test_campana_con_errores(client, mundo):
    client.force_login(mundo["ugel"])
    html = client.post(
        reverse("balance:campana_nueva"),
        {
            "anio": "1999",
            "titulo": "",
            "ugel": mundo["ugel_b1"].pk,
            "fecha_limite": "31/02/2024",
            "lineamientos": "A\na",
        },
    ).content.decode()
    assert "Escoja una opción válida" in html  # a UGEL outside the user's own
    assert "Hay lineamientos repetidos." in html
    assert "Este campo es obligatorio." in html
    assert not Campana.objects.exists()


@pytest.mark.parametrize("rol, estado", [("director", 403), ("dre", 403), ("difoca", 403)])
def test_otros_roles_no_crean(client, mundo, rol, estado):
    client.force_login(mundo[rol])
    assert client.get(reverse("balance:campana_nueva")).status_code == estado


@pytest.mark.parametrize(
    "rol, estado", [("ugel", 302), ("admin", 302), ("dre", 403), ("director", 403), ("difoca", 404)]
)
@pytest.mark.parametrize("accion", ["campana_cerrar", "campana_abrir", "campana_siguiente"])
def test_acciones_de_campana_por_rol(client, mundo, campana, rol, estado, accion):
    client.force_login(mundo[rol])
    datos = {"fecha_limite": (timezone.localdate() + timedelta(days=10)).isoformat()}
    assert client.post(reverse(f"balance:{accion}", args=[campana.pk]), datos).status_code == estado


def _de_este_anio(campana):
    """The fixture's campaign is of 2023; a deadline 40 days from today must be in its next year."""
    Campana.objects.filter(pk=campana.pk).update(anio=timezone.localdate().year)
    campana.refresh_from_db()


def test_ampliar_plazo(client, mundo, campana):
    _de_este_anio(campana)
    client.force_login(mundo["ugel"])
    nueva = timezone.localdate() + timedelta(days=40)
    client.post(
        reverse("balance:campana_editar", args=[campana.pk]),
        {"titulo": campana.titulo, "fecha_limite": nueva.isoformat()},
    )
    campana.refresh_from_db()
    assert campana.fecha_limite == nueva
    html = client.post(
        reverse("balance:campana_editar", args=[campana.pk]), {"titulo": "", "fecha_limite": "mañana"}
    ).content.decode()
    assert "Este campo es obligatorio." in html and "Introduzca una fecha válida." in html
    campana.refresh_from_db()
    assert campana.fecha_limite == nueva


def test_ampliar_plazo_queda_en_el_historial(client, mundo, campana):
    _de_este_anio(campana)
    client.force_login(mundo["ugel"])
    nueva = timezone.localdate() + timedelta(days=40)
    respuesta = client.post(
        reverse("balance:campana_editar", args=[campana.pk]),
        {"titulo": campana.titulo, "fecha_limite": nueva.isoformat()},
    )
    assert respuesta.url == reverse("balance:tablero", args=[campana.pk])
    edicion = historial.entradas(campana)[-1]
    assert (edicion.accion, edicion.usuario) == ("editar", mundo["ugel"])
    assert set(edicion.cambios) == {"fecha_limite"}


def test_crear_la_siguiente_desde_el_tablero(client, mundo, campana):
    client.force_login(mundo["ugel"])
    respuesta = client.post(reverse("balance:campana_siguiente", args=[campana.pk]))
    nueva = Campana.objects.get(anio=2024)
    assert respuesta.url == reverse("balance:tablero", args=[nueva.pk])
    # Twice: the unique (year, scope) refuses it with a message, not an error page.
    respuesta = client.post(reverse("balance:campana_siguiente", args=[campana.pk]), follow=True)
    assert "Ya existe una campaña de ese año para ese ámbito." in respuesta.content.decode()


def test_el_administrador_abre_una_campana_de_toda_una_dre(client, mundo):
    from balance import services
    from balance.models import Matriz

    client.force_login(mundo["admin"])
    datos = {
        "anio": str(timezone.localdate().year),
        "titulo": "Balance 2024 – DRE A",
        "fecha_limite": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "lineamientos": "Aprendizajes para la vida",
    }
    html = client.post(
        reverse("balance:campana_nueva"), {**datos, "ugel": mundo["ugel_a1"].pk, "dre": mundo["dre_a"].pk}
    ).content.decode()
    assert html.count("Elige una UGEL o una DRE (solo una)") == 1
    html = client.post(reverse("balance:campana_nueva"), datos).content.decode()  # neither
    assert html.count("Elige una UGEL o una DRE (solo una)") == 1
    client.post(reverse("balance:campana_nueva"), {**datos, "dre": mundo["dre_a"].pk})
    campana = Campana.objects.get(titulo="Balance 2024 – DRE A")
    assert campana.dre == mundo["dre_a"] and campana.ugel is None
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    assert set(
        Matriz.objects.filter(campana=campana).values_list("institucion__codigo_modular", flat=True)
    ) == {
        "1111111",
        "1111112",
        "1222222",
    }
    # The UGEL specialist sees it and reviews in it, but does not manage it.
    client.force_login(mundo["ugel"])
    assert client.get(reverse("balance:tablero", args=[campana.pk])).status_code == 200
    assert client.post(reverse("balance:campana_cerrar", args=[campana.pk])).status_code == 403


def test_la_ugel_no_elige_dre(client, mundo):
    client.force_login(mundo["ugel"])
    form = client.get(reverse("balance:campana_nueva")).context["form"]
    assert "dre" not in form.fields
