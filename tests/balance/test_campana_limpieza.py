"""What a specialist types in a campaign reaches every director's template and every export: control
characters are cleaned by one rule (comun.texto), and the files open whatever is stored; the deadline
and the number of lineamientos have limits, said at their field."""

import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from balance import services
from balance.models import MAX_LINEAMIENTOS, Campana, Lineamiento

from .conftest import enviar

SUCIO = "Balance\x00 2026\x07 –\x1b UGEL\x0b A1\x7f\tfinal"
LIMPIO = "Balance 2026 – UGEL A1 final"
ANIO = timezone.localdate().year


def error_de(html, campo):
    """The error crispy puts under the field (its id ties it to the input)."""
    m = re.search(rf'id="error_1_id_{campo}"[^>]*>(.*?)</', html, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)) if m else None


def datos(mundo, **cambios):
    return {
        "anio": str(ANIO),
        "titulo": "Balance",
        "ugel": mundo["ugel_a1"].pk,
        "fecha_limite": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "lineamientos": "Aprendizajes para la vida",
        **cambios,
    }


@pytest.fixture
def ugel(client, mundo):
    client.force_login(mundo["ugel"])
    return client


def test_el_formulario_limpia_el_titulo_y_los_lineamientos(ugel, mundo):
    respuesta = ugel.post(
        reverse("balance:campana_nueva"),
        datos(
            mundo,
            titulo=SUCIO,
            # A vertical tab or a form feed is not a new lineamiento: only line breaks are.
            lineamientos="Aprendizajes\x0b para\x00 la vida\r\nCertificación\x1f Múltiple\x0c\n\n\x07\n",
        ),
    )
    assert respuesta.status_code == 302
    campana = Campana.objects.get(anio=ANIO)
    assert campana.titulo == LIMPIO
    assert list(campana.lineamientos.values_list("nombre", flat=True)) == [
        "Aprendizajes para la vida",
        "Certificación Múltiple",
    ]


def test_editar_limpia_el_titulo(ugel, campana):
    Campana.objects.filter(pk=campana.pk).update(anio=ANIO)
    respuesta = ugel.post(
        reverse("balance:campana_editar", args=[campana.pk]),
        {"titulo": SUCIO, "fecha_limite": campana.fecha_limite.isoformat()},
    )
    assert respuesta.status_code == 302
    campana.refresh_from_db()
    assert campana.titulo == LIMPIO


def test_el_servicio_limpia_lo_que_no_viene_de_un_formulario(mundo):
    campana = services.campana_crear(
        usuario=mundo["admin"],
        anio=ANIO,
        titulo=SUCIO,
        ugel=mundo["ugel_a1"],
        fecha_limite=timezone.localdate() + timedelta(days=10),
        lineamientos=["Uno\x00 dos", "Tres\x1b"],
    )
    assert campana.titulo == LIMPIO
    assert list(campana.lineamientos.values_list("nombre", flat=True)) == ["Uno dos", "Tres"]


def abrir_xlsx(client, identificador, **parametros):
    respuesta = client.get(reverse("exportaciones:exportar", args=[identificador]), parametros)
    assert respuesta.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(respuesta.streaming_content)))


def textos(libro):
    return [c.value for ws in libro for fila in ws.iter_rows() for c in fila if isinstance(c.value, str)]


def test_cada_exportacion_abre_aunque_lo_guardado_tenga_caracteres_de_control(client, campana, matriz, mundo):
    """The last line of defence: a title or a lineamiento stored with control characters (from before
    the cleaning, or the admin) still gives files that open, without the characters."""
    enviar(matriz, mundo["director"])
    # PostgreSQL refuses NUL itself; the rest it stores.
    Campana.objects.filter(pk=campana.pk).update(titulo=SUCIO.replace("\x00", ""))
    sucio = "Aprendizajes\x01 para\x1b la\x0b vida"
    Lineamiento.objects.filter(campana=campana, orden=1).update(nombre=sucio)
    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

    client.force_login(mundo["director"])
    libro = abrir_xlsx(client, "balance.plantilla_xlsx", matriz=matriz.pk)  # was a 500
    assert libro["Matriz"]["A1"].value == "Balance 2026 – UGEL A1\tfinal"
    assert not any(control.search(t) for t in textos(libro))
    libro = abrir_xlsx(client, "balance.matriz_xlsx", matriz=matriz.pk)
    assert not any(control.search(t) for t in textos(libro))

    client.force_login(mundo["ugel"])
    libro = abrir_xlsx(client, "balance.campana_xlsx", campana=campana.pk)
    todos = textos(libro)
    assert not any(control.search(t) for t in todos)
    assert any("Aprendizajes para la vida" in t for t in todos)
    for ws in libro:
        assert not control.search(ws.title)
    for identificador, parametros in (
        ("balance.matriz_pdf", {"matriz": matriz.pk}),
        ("balance.campana_pdf", {"campana": campana.pk}),
    ):
        respuesta = client.get(reverse("exportaciones:exportar", args=[identificador]), parametros)
        assert respuesta.status_code == 200
        assert b"".join(respuesta.streaming_content).startswith(b"%PDF")


def test_la_fecha_limite_mas_alla_del_anio_siguiente_se_rechaza_en_su_campo(ugel, mundo):
    html = ugel.post(
        reverse("balance:campana_nueva"), datos(mundo, fecha_limite=date(ANIO + 2, 1, 1).isoformat())
    ).content.decode()
    assert f"a más tardar el 31/12/{ANIO + 1}" in error_de(html, "fecha_limite")
    assert not Campana.objects.filter(anio=ANIO).exists()
    # The last day of the next year is still fine.
    respuesta = ugel.post(
        reverse("balance:campana_nueva"), datos(mundo, fecha_limite=date(ANIO + 1, 12, 31).isoformat())
    )
    assert respuesta.status_code == 302


def test_ampliar_el_plazo_mas_alla_del_anio_siguiente_se_rechaza(ugel, campana):
    antes = campana.fecha_limite
    html = ugel.post(
        reverse("balance:campana_editar", args=[campana.pk]),
        {"titulo": campana.titulo, "fecha_limite": date(campana.anio + 2, 3, 1).isoformat()},
    ).content.decode()
    assert f"a más tardar el 31/12/{campana.anio + 1}" in error_de(html, "fecha_limite")
    campana.refresh_from_db()
    assert campana.fecha_limite == antes


def test_hasta_doce_lineamientos(ugel, mundo):
    nombres = [f"Lineamiento {n}" for n in range(1, MAX_LINEAMIENTOS + 2)]
    html = ugel.post(
        reverse("balance:campana_nueva"), datos(mundo, lineamientos="\n".join(nombres))
    ).content.decode()
    assert "hasta 12 lineamientos; escribiste 13" in error_de(html, "lineamientos")
    assert not Campana.objects.filter(anio=ANIO).exists()
    respuesta = ugel.post(
        reverse("balance:campana_nueva"), datos(mundo, lineamientos="\n".join(nombres[:MAX_LINEAMIENTOS]))
    )
    assert respuesta.status_code == 302
    assert Campana.objects.get(anio=ANIO).lineamientos.count() == MAX_LINEAMIENTOS


def test_el_servicio_tambien_limita_los_lineamientos(mundo):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.campana_crear(
            usuario=mundo["admin"],
            anio=ANIO,
            titulo="Demasiados",
            ugel=mundo["ugel_a1"],
            fecha_limite=timezone.localdate() + timedelta(days=10),
            lineamientos=[f"L{n}" for n in range(13)],
        )
    assert not Campana.objects.filter(titulo="Demasiados").exists()
