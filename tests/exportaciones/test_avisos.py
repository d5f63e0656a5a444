"""An export ready is told to whoever asked for it, and to nobody else."""

from avisos.models import Aviso
from exportaciones.models import EstadoExportacion, Exportacion
from exportaciones.services import exportacion_generar
from tests.exportaciones.test_trabajos import Grande  # noqa: F401  (registers prueba.grande)


def test_exportacion_lista_avisa_a_quien_la_pidio(
    mundo, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    exportacion = Exportacion.objects.create(
        usuario=mundo["ugel"], identificador="prueba.grande", nombre="Consolidado de prueba", parametros={}
    )
    with django_capture_on_commit_callbacks(execute=True):
        exportacion_generar(exportacion=exportacion)
    exportacion.refresh_from_db()
    assert exportacion.estado == EstadoExportacion.LISTA
    aviso = Aviso.objects.get()
    assert aviso.usuario == mundo["ugel"]
    assert aviso.titulo == "Tu exportación «Consolidado de prueba» está lista"
    assert aviso.enlace == f"/exportaciones/trabajos/{exportacion.pk}/"


def test_exportacion_fallida_no_avisa_lista(mundo, django_capture_on_commit_callbacks):
    exportacion = Exportacion.objects.create(
        usuario=mundo["ugel"], identificador="no.existe", nombre="Rota", parametros={}
    )
    with django_capture_on_commit_callbacks(execute=True):
        exportacion_generar(exportacion=exportacion)
    assert not Aviso.objects.exists()
