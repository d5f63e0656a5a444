import os
import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportacionesConfig(AppConfig):
    name = "exportaciones"
    verbose_name = _("Exportaciones")

    def ready(self):
        from comun.registro import EntradaMenu, con_cuenta, menu

        menu.registrar(
            "exportaciones",
            EntradaMenu(
                "exportaciones",
                _("Mis exportaciones"),
                "exportaciones:lista",
                "download",
                con_cuenta,
                orden=10,
                personal=True,
            ),
        )
        if corre_las_tareas(sys.argv, os.environ):
            # The worker builds the long PDFs: WeasyPrint's start-up is paid now, once.
            from exportaciones.base import preparar_pdf

            preparar_pdf()


def corre_las_tareas(argv: list[str], entorno) -> bool:
    """Whether this process is the background worker that runs the queued exports: ``manage.py
    db_worker``, in the process that runs the tasks (with the autoreloader, its child, not the
    process that only watches the files)."""
    if argv[1:2] != ["db_worker"]:
        return False
    recarga = "--no-reload" not in argv and "--batch" not in argv
    return not recarga or entorno.get("RUN_MAIN") == "true"
