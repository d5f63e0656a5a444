"""Background exports per user are bounded (issue 13): beyond EXPORTACIONES_POR_USUARIO waiting or
being made, a clear message and no new job; finished, failed or lost ones do not count."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from exportaciones.models import EstadoExportacion, Exportacion
from tests.exportaciones.test_trabajos import trabajar  # noqa: F401 (registers the test exporters)

URL = reverse("exportaciones:exportar", args=["prueba.grande"])


def test_mas_de_tres_en_curso_se_rechaza_con_un_mensaje(client, mundo, settings):
    from django_tasks_db.models import DBTaskResult

    settings.EXPORTACIONES_POR_USUARIO = 3
    client.force_login(mundo["ugel"])
    for _ in range(3):
        assert client.post(URL).status_code == 302
    tareas = DBTaskResult.objects.count()

    respuesta = client.post(URL)
    assert respuesta.status_code == 429
    html = respuesta.content.decode()
    assert "Ya tienes 3 exportaciones en preparación, y es el máximo" in html
    assert reverse("exportaciones:lista") in html
    assert Exportacion.objects.filter(usuario=mundo["ugel"]).count() == 3
    assert DBTaskResult.objects.count() == tareas  # nothing more queued

    # Someone else is not held back by this user's queue.
    client.force_login(mundo["dre"])
    assert client.post(URL).status_code == 302


def test_las_terminadas_con_error_o_perdidas_no_cuentan(client, mundo, settings):
    settings.EXPORTACIONES_POR_USUARIO = 3
    client.force_login(mundo["ugel"])
    for _ in range(3):
        client.post(URL)
    primera, segunda, tercera = Exportacion.objects.filter(usuario=mundo["ugel"]).order_by("creada")
    assert client.post(URL).status_code == 429

    Exportacion.objects.filter(pk=primera.pk).update(estado=EstadoExportacion.LISTA)
    assert client.post(URL).status_code == 302  # one ended: room for one more
    assert client.post(URL).status_code == 429

    Exportacion.objects.filter(pk=segunda.pk).update(estado=EstadoExportacion.ERROR)
    # A job whose worker died stays "generando": after a while it no longer blocks its owner.
    Exportacion.objects.filter(pk=tercera.pk).update(
        estado=EstadoExportacion.GENERANDO, creada=timezone.now() - timedelta(hours=3)
    )
    assert client.post(URL).status_code == 302
    assert client.post(URL).status_code == 302
    assert client.post(URL).status_code == 429
