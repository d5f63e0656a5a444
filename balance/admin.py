from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from balance.models import (
    MAX_LINEAMIENTOS,
    Campana,
    CategoriaDificultad,
    Compromiso,
    Dificultad,
    Fila,
    Lineamiento,
    Logro,
    Matriz,
    RecordatorioPlazo,
    SeguimientoCompromiso,
)
from comun.formularios import ENLACES_HTTPS
from historial.admin import ConHistorial


class LineamientosFormSet(BaseInlineFormSet):
    """max_num only limits the empty rows drawn: a POST with more rows was saved (13, or a thousand)."""

    def clean(self):
        super().clean()
        quedan = [f for f in self.forms if f.has_changed() or f.instance.pk]
        quedan = [f for f in quedan if not (self.can_delete and self._should_delete_form(f))]
        if len(quedan) > MAX_LINEAMIENTOS:
            raise ValidationError(
                _("Una campaña puede tener hasta %(max)d lineamientos; enviaste %(n)d.")
                % {"max": MAX_LINEAMIENTOS, "n": len(quedan)}
            )


class LineamientoInline(admin.TabularInline):
    model = Lineamiento
    formset = LineamientosFormSet
    extra = 0
    max_num = MAX_LINEAMIENTOS


@admin.register(Campana)
class CampanaAdmin(ConHistorial, admin.ModelAdmin):
    list_display = ["titulo", "anio", "ugel", "dre", "fecha_limite", "abierta"]
    list_filter = ["anio", "abierta"]
    search_fields = ["titulo"]
    inlines = [LineamientoInline]
    autocomplete_fields = ["ugel", "dre"]
    exclude = ["creada_por"]
    # Opening gives every institution its matrix (balance.services.campana_abrir): not a checkbox here.
    readonly_fields = ["abierta"]


class SoloLectura:
    """ModelAdmin or inline mixin: shown, never added, changed or deleted here.

    A matrix's content belongs to its director and changes only through balance.services, which bumps
    Matriz.version; a write here would not, and the director's next autosave would overwrite it with no
    conflict shown.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FilaInline(SoloLectura, admin.StackedInline):
    model = Fila
    extra = 0
    formfield_overrides = ENLACES_HTTPS
    fields = ["lineamiento", "acciones", "sugerencias", "enlace_evidencias", "observacion"]
    readonly_fields = ["lineamiento"]


@admin.register(Matriz)
class MatrizAdmin(ConHistorial, admin.ModelAdmin):
    list_display = ["institucion", "campana", "estado", "progreso", "actualizada"]
    list_filter = ["estado", "campana"]
    search_fields = ["institucion__nombre", "institucion__codigo_modular"]
    list_select_related = ["institucion", "campana"]
    # The state moves only through the services (send, return, approve), which record it.
    readonly_fields = [
        "estado",
        "version",
        "progreso",
        "editada_en",
        "editada_por",
        "enviada_en",
        "aprobada_en",
        "aprobada_por",
        "ronda",
        "revision_abierta_en",
    ]
    raw_id_fields = ["institucion", "campana"]
    inlines = [FilaInline]

    def has_add_permission(self, request):
        return False  # a campaign's matrices are created by opening it (balance.services.campana_abrir)

    def get_readonly_fields(self, request, obj=None):
        fijos = ["campana", "institucion"] if obj is not None else []
        return [*fijos, *super().get_readonly_fields(request, obj)]

    def save_model(self, request, obj, form, change):
        # Only what the form changed: a full save would write back the version (and the rest) as read
        # when the page was posted, over a save of the director's that came in between.
        if not change:
            super().save_model(request, obj, form, change)
        elif form.changed_data:
            obj.save(update_fields=form.changed_data)


@admin.register(Logro)
class LogroAdmin(SoloLectura, admin.ModelAdmin):
    formfield_overrides = ENLACES_HTTPS
    list_display = ["fila", "orden", "cifra", "que_cuenta"]
    raw_id_fields = ["fila"]


@admin.register(CategoriaDificultad)
class CategoriaDificultadAdmin(admin.ModelAdmin):
    """The list directors tag their difficulties with. A category in use cannot be deleted (its
    difficulties keep it): deactivate it and it is no longer offered."""

    list_display = ["nombre", "orden", "activa"]
    list_editable = ["orden", "activa"]
    search_fields = ["nombre"]


@admin.register(Dificultad)
class DificultadAdmin(SoloLectura, admin.ModelAdmin):
    list_display = ["fila", "orden", "texto", "categoria"]
    raw_id_fields = ["fila"]


@admin.register(Compromiso)
class CompromisoAdmin(SoloLectura, admin.ModelAdmin):
    list_display = ["matriz", "orden", "que", "responsable", "plazo"]
    raw_id_fields = ["matriz"]


@admin.register(SeguimientoCompromiso)
class SeguimientoCompromisoAdmin(SoloLectura, admin.ModelAdmin):
    """How a previous compromiso went: the director's, written with the matrix (services)."""

    list_display = ["matriz", "compromiso", "avance"]
    list_filter = ["avance"]
    raw_id_fields = ["matriz", "compromiso"]


@admin.register(RecordatorioPlazo)
class RecordatorioPlazoAdmin(admin.ModelAdmin):
    """What ``recordar_plazos`` has sent: read only, the command writes it."""

    list_display = ["campana", "dias", "pendientes", "enviado"]
    list_select_related = ["campana"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
