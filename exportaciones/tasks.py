from django_tasks import task

from exportaciones.models import Exportacion
from exportaciones.services import exportacion_generar


@task()
def generar_exportacion(exportacion_id: str) -> None:
    """Background task: generate one queued export."""
    exportacion = Exportacion.objects.select_related("usuario").filter(pk=exportacion_id).first()
    if exportacion is not None:
        exportacion_generar(exportacion=exportacion)
