from django_tasks import task

from practicas.publicos import documento_generar


@task()
def generar_documento_publico(tipo: str, objeto_id: int) -> None:
    """Background task: render one public document (a published sheet or report) and store it."""
    documento_generar(tipo, objeto_id)
