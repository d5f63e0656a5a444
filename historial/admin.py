"""The history on the admin's change pages: read-only, written only by the triggers."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from historial.registro import entradas


class ConHistorial:
    """ModelAdmin mixin: the record's history (its last changes) as a read-only table at the end of
    its change page."""

    historial_ultimas = 50

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "historial"]

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f != "historial"]

    def get_fieldsets(self, request, obj=None):
        # Its own section after the form's (admins with fieldsets, such as the users', would not show
        # it otherwise); not on the "add" page, where there is nothing yet.
        fieldsets = [
            (nombre, {**opciones, "fields": [f for f in opciones["fields"] if f != "historial"]})
            for nombre, opciones in super().get_fieldsets(request, obj)
        ]
        if obj is not None:
            fieldsets.append((_("Historial"), {"fields": ["historial"], "classes": ["historial"]}))
        return fieldsets

    @admin.display(description=_("Historial"))
    def historial(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        filas = entradas(obj, ultimas=self.historial_ultimas)
        if not filas:
            return _("Sin cambios registrados.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("Fecha"),
            _("Usuario"),
            _("Acción"),
            _("Estado"),
            _("Comentario"),
            _("Campos cambiados"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        timezone.localtime(e.fecha).strftime("%d/%m/%Y %H:%M"),
                        e.usuario or _("sistema"),
                        e.accion_display,
                        f"{e.de_display or '—'} → {e.a_display}" if e.cambio_de_estado else "",
                        e.comentario,
                        ", ".join(sorted(e.cambios)),
                    )
                    for e in filas
                ),
            ),
        )


# The accounts are tracked from here (historial/models.py): cuentas, a floor below, cannot import this
# mixin, so their change pages gain the history here, after cuentas registered them.
from cuentas.admin import AsignacionAdmin, UsuarioAdmin  # noqa: E402
from cuentas.models import Asignacion, Usuario  # noqa: E402

for modelo, base in ((Usuario, UsuarioAdmin), (Asignacion, AsignacionAdmin)):
    sitio = admin.site
    if sitio.is_registered(modelo):
        sitio.unregister(modelo)
    sitio.register(
        modelo, type(f"{base.__name__}ConHistorial", (ConHistorial, base), {"__module__": __name__})
    )
