"""Observations belong to a review round; the director withdraws a send the UGEL has not opened."""

import openpyxl
import pytest
from django.urls import reverse

from avisos.models import Aviso
from balance import services
from balance.models import Estado, Fila, Matriz, ObservacionDeRonda

from .conftest import enviar
from .test_exports import descargar, libro, texto_pdf

OBS = "Agrega la cifra de matriculados del ciclo"


def revisar(client, matriz, **datos):
    """The review as confirmed on its confirmation page (confirmado=1)."""
    return client.post(reverse("balance:matriz", args=[matriz.pk]), {"confirmado": "1", **datos})


def pagina(client, matriz):
    return client.get(reverse("balance:matriz", args=[matriz.pk])).content.decode()


@pytest.fixture
def devuelta(client, mundo, matriz):
    """Sent, returned through the review page with one observation, corrected and sent again."""
    enviar(matriz, mundo["director"])
    fila = matriz.filas.order_by("lineamiento__orden").first()
    client.force_login(mundo["ugel"])
    respuesta = revisar(
        client, matriz, accion="devolver", motivo="Falta una cifra", **{f"obs_{fila.pk}": OBS}
    )
    assert respuesta.status_code == 302
    matriz.refresh_from_db()
    assert matriz.estado == Estado.OBSERVADA
    return matriz


def test_una_nueva_ronda_empieza_sin_observaciones_y_la_aprobada_solo_muestra_su_aprobacion(
    client, mundo, campana, devuelta
):
    enviar(devuelta, mundo["director"])
    devuelta.refresh_from_db()
    assert devuelta.estado == Estado.ENVIADA and devuelta.ronda == 2
    assert not Fila.objects.filter(matriz=devuelta).exclude(observacion="").exists()

    client.force_login(mundo["ugel"])
    html = pagina(client, devuelta)
    # The re-review form starts empty; the earlier round's observation is readable below.
    assert f">{OBS}</textarea>" not in html
    assert "Observaciones de rondas anteriores" in html and "Ronda 1" in html and OBS in html

    assert revisar(client, devuelta, accion="aprobar", motivo="Balance conforme").status_code == 302
    devuelta.refresh_from_db()
    assert devuelta.estado == Estado.APROBADA

    html = pagina(client, devuelta)
    assert "Balance conforme" in html
    assert "Observación de la UGEL:" not in html
    assert texto_pdf(descargar(client, "balance.matriz_pdf", matriz=devuelta.pk)).count(OBS) == 0
    assert "Balance conforme" in texto_pdf(descargar(client, "balance.matriz_pdf", matriz=devuelta.pk))
    wb = libro(descargar(client, "balance.campana_xlsx", campana=campana.pk))
    assert all(
        OBS not in str(valor)
        for hoja in wb.worksheets
        for fila in hoja.iter_rows(values_only=True)
        for valor in fila
    )
    assert OBS not in texto_pdf(descargar(client, "balance.campana_pdf", campana=campana.pk))
    wb_matriz = libro(descargar(client, "balance.matriz_xlsx", matriz=devuelta.pk))
    assert all(OBS not in str(v) for fila in wb_matriz["Matriz"].iter_rows(values_only=True) for v in fila)
    assert isinstance(wb, openpyxl.Workbook)


def test_aprobar_con_observaciones_escritas_explica_y_no_cambia_nada(client, mundo, devuelta):
    enviar(devuelta, mundo["director"])
    fila = devuelta.filas.order_by("lineamiento__orden").first()
    client.force_login(mundo["ugel"])
    respuesta = revisar(
        client, devuelta, accion="aprobar", motivo="Conforme", **{f"obs_{fila.pk}": "Una nota"}
    )
    assert respuesta.status_code == 200
    assert "Al aprobar no se guardan observaciones" in respuesta.content.decode()
    devuelta.refresh_from_db()
    fila.refresh_from_db()
    assert devuelta.estado == Estado.ENVIADA and fila.observacion == ""


def test_reabrir_inicia_otra_ronda_y_la_aprobacion_queda_en_el_historial(client, mundo, devuelta):
    enviar(devuelta, mundo["director"])
    client.force_login(mundo["ugel"])
    revisar(client, devuelta, accion="aprobar", motivo="Conforme la primera vez")
    # Without a reason: a clear message and nothing changes.
    respuesta = client.post(reverse("balance:matriz_reabrir", args=[devuelta.pk]), {"motivo": " "})
    assert "Explica al director por qué reabres la matriz." in respuesta.content.decode()
    devuelta.refresh_from_db()
    assert devuelta.estado == Estado.APROBADA

    client.post(reverse("balance:matriz_reabrir", args=[devuelta.pk]), {"motivo": "Falta el enlace"})
    devuelta.refresh_from_db()
    assert devuelta.estado == Estado.OBSERVADA
    enviar(devuelta, mundo["director"])
    devuelta.refresh_from_db()
    assert devuelta.ronda == 3
    html = pagina(client, devuelta)
    assert "Conforme la primera vez" in html and "Falta el enlace" in html  # the history keeps both
    assert f">{OBS}</textarea>" not in html


def test_migracion_archiva_las_observaciones_sobrantes(mundo, matriz):
    """What the data migration does to a matrix approved with leftover observations."""
    from importlib import import_module

    from django.apps import apps

    enviar(matriz, mundo["director"])
    services.matriz_aprobar(matriz=matriz, usuario=mundo["ugel"])
    fila = matriz.filas.first()
    Fila.objects.filter(pk=fila.pk).update(observacion=OBS)  # the old behaviour's leftover
    migracion = import_module("balance.migrations.0010_observaciones_por_ronda")
    migracion.archivar_observaciones_sobrantes(apps, None)
    fila.refresh_from_db()
    matriz.refresh_from_db()
    assert fila.observacion == "" and matriz.ronda == 2
    assert list(ObservacionDeRonda.objects.values_list("fila", "ronda", "texto")) == [(fila.pk, 1, OBS)]


# --- withdraw ------------------------------------------------------------------------------------


def test_el_director_retira_antes_de_que_la_ugel_abra(
    client, mundo, matriz, tareas_inmediatas, django_capture_on_commit_callbacks
):
    enviar(matriz, mundo["director"])
    client.force_login(mundo["director"])
    html = pagina(client, matriz)
    assert "Retirar el envío" in html
    confirmar = client.get(reverse("balance:matriz_retirar", args=[matriz.pk])).content.decode()
    assert "¿Retirar la matriz enviada?" in confirmar and "Sí, retirar la matriz" in confirmar
    matriz.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA  # the confirmation page changes nothing
    Aviso.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(reverse("balance:matriz_retirar", args=[matriz.pk]))
    assert respuesta.status_code == 302
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR
    assert Aviso.objects.filter(usuario=mundo["ugel"], titulo__contains="retiró su matriz").exists()
    # Sent again: still round 1 (the withdrawn send did not count as a round).
    enviar(matriz, mundo["director"])
    matriz.refresh_from_db()
    assert matriz.ronda == 1


def test_retirar_una_devuelta_y_reenviada_recupera_sus_observaciones(client, mundo, devuelta):
    enviar(devuelta, mundo["director"])
    client.force_login(mundo["director"])
    client.post(reverse("balance:matriz_retirar", args=[devuelta.pk]))
    devuelta.refresh_from_db()
    assert devuelta.estado == Estado.OBSERVADA and devuelta.ronda == 1
    html = client.get(reverse("balance:matriz_editar", args=[devuelta.pk])).content.decode()
    assert OBS in html
    assert not ObservacionDeRonda.objects.filter(fila__matriz=devuelta).exists()


def test_no_se_retira_si_la_ugel_ya_abrio_la_revision(client, mundo, matriz):
    enviar(matriz, mundo["director"])
    client.force_login(mundo["dre"])
    pagina(client, matriz)  # the DRE only reads: its visit does not open the review
    matriz.refresh_from_db()
    assert matriz.revision_abierta_en is None
    client.force_login(mundo["ugel"])
    pagina(client, matriz)
    client.force_login(mundo["director"])
    assert "Retirar el envío" not in pagina(client, matriz)
    respuesta = client.post(reverse("balance:matriz_retirar", args=[matriz.pk]), follow=True)
    assert "La UGEL ya empezó a revisar tu matriz" in respuesta.content.decode()
    matriz.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA
    confirmar = client.get(reverse("balance:matriz_retirar", args=[matriz.pk])).content.decode()
    assert "La UGEL ya empezó a revisar tu matriz" in confirmar and "Sí, retirar" not in confirmar


@pytest.mark.parametrize("rol, estado", [("ugel", 403), ("dre", 403), ("difoca", 404), ("sin_rol", 404)])
def test_retirar_sin_permiso(client, mundo, matriz, rol, estado):
    enviar(matriz, mundo["director"])
    client.force_login(mundo[rol])
    assert client.post(reverse("balance:matriz_retirar", args=[matriz.pk])).status_code == estado
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.ENVIADA


@pytest.mark.parametrize("rol, estado", [("director", 403), ("dre", 403), ("difoca", 404), ("sin_rol", 404)])
def test_reabrir_sin_permiso_no_cambia_nada(client, mundo, matriz, rol, estado):
    enviar(matriz, mundo["director"])
    services.matriz_aprobar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=mundo["ugel"])
    client.force_login(mundo[rol])
    respuesta = client.post(reverse("balance:matriz_reabrir", args=[matriz.pk]), {"motivo": "x"})
    assert respuesta.status_code == estado
    assert Matriz.objects.get(pk=matriz.pk).estado == Estado.APROBADA
