from django_tasks import task

from exportaciones.models import Exportacion


@task()
def generar_exportacion(exportacion_id: str) -> None:
    """Background task: generate one queued export."""
    from exportaciones.services import exportacion_generar

    exportacion = Exportacion.objects.select_related("usuario").filter(pk=exportacion_id).first()
    if exportacion is not None:
        exportacion_generar(exportacion=exportacion)
