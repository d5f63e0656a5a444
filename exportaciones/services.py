"""Running exports: at once for small ones, as a background task for the rest."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from avisos.services import avisar
from exportaciones.base import Exportador, obtener
from exportaciones.models import DIAS_DISPONIBLE, EstadoExportacion, Exportacion

log = logging.getLogger(__name__)


# An export still "en cola" or "generando" this long after it was asked for was lost with its worker:
# it no longer counts against its owner's limit.
ABANDONADA = timedelta(hours=2)


class DemasiadasExportaciones(Exception):
    """The user already has the most exports allowed waiting or being made."""

    def __init__(self, en_curso: int):
        super().__init__(en_curso)
        self.en_curso = en_curso


def en_curso(usuario) -> int:
    """How many of the user's exports are waiting or being made (lost ones left aside)."""
    return Exportacion.objects.filter(
        usuario=usuario,
        estado__in=[EstadoExportacion.EN_COLA, EstadoExportacion.GENERANDO],
        creada__gt=timezone.now() - ABANDONADA,
    ).count()


@transaction.atomic
def exportacion_pedir(*, exportador: Exportador) -> Exportacion:
    """Queue an export for the background worker; the task starts once this transaction commits.

    Raises DemasiadasExportaciones when the user has EXPORTACIONES_POR_USUARIO waiting or being made."""
    # The one lazy side of services ↔ tasks: the task module imports this one at load.
    from exportaciones.tasks import generar_exportacion

    # One request at a time per user here, so that two at once cannot both pass the count.
    list(get_user_model().objects.select_for_update().filter(pk=exportador.usuario.pk).values_list("pk"))
    if (n := en_curso(exportador.usuario)) >= settings.EXPORTACIONES_POR_USUARIO:
        raise DemasiadasExportaciones(n)
    exportacion = Exportacion.objects.create(
        usuario=exportador.usuario,
        identificador=exportador.identificador,
        nombre=exportador.titulo_archivo(),
        parametros=exportador.parametros,
    )
    transaction.on_commit(lambda: generar_exportacion.enqueue(str(exportacion.pk)))
    return exportacion


def exportacion_generar(*, exportacion: Exportacion) -> None:
    """Generate the file of a queued export, reporting progress as it goes."""
    Exportacion.objects.filter(pk=exportacion.pk).update(estado=EstadoExportacion.GENERANDO, progreso=1)
    try:
        exportador = obtener(exportacion.identificador)(exportacion.usuario, exportacion.parametros)
        ultimo = [0]

        def progreso(valor: int) -> None:
            if valor - ultimo[0] >= 5 or valor == 100:
                ultimo[0] = valor
                Exportacion.objects.filter(pk=exportacion.pk).update(progreso=min(valor, 99))

        with tempfile.TemporaryFile() as tmp:
            exportador.generar(tmp, progreso)
            tmp.seek(0)
            exportacion.marcar_lista(exportador.nombre_archivo(), File(tmp))
        transaction.on_commit(lambda: _avisar_lista(exportacion))
    except Exception:
        log.exception("export %s failed", exportacion.pk)
        Exportacion.objects.filter(pk=exportacion.pk).update(
            estado=EstadoExportacion.ERROR,
            error=_("No se pudo generar el archivo. Intenta de nuevo; si se repite, avisa al administrador."),
            terminada=timezone.now(),
        )


def _avisar_lista(exportacion: Exportacion) -> None:
    """Tell whoever asked that the file is ready; a failure here never fails the export."""
    try:
        avisar(
            usuarios=[exportacion.usuario],
            titulo=_("Tu exportación «%(nombre)s» está lista") % {"nombre": exportacion.nombre},
            texto=_("Descárgala desde «Mis exportaciones»: queda disponible %(dias)s días.")
            % {"dias": DIAS_DISPONIBLE},
            enlace=reverse("exportaciones:trabajo", args=[exportacion.pk]),
        )
    except Exception:
        log.exception("could not notify export %s", exportacion.pk)


def exportaciones_limpiar() -> int:
    """Delete expired files and their records. Returns how many."""
    vencidas = Exportacion.objects.filter(expira__lte=timezone.now())
    n = 0
    for exportacion in vencidas.iterator():
        if exportacion.archivo:
            exportacion.archivo.delete(save=False)
        exportacion.delete()
        n += 1
    return n
