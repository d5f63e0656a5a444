from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from historial.admin import ConHistorial
from practicas import services
from practicas.models import (
    BuenaPractica,
    ComentarioExperto,
    Contacto,
    EstadoPractica,
    Estrategia,
    Evento,
    Fase,
    Foto,
    PracticaPresentada,
    Resultado,
    Tema,
    Testimonio,
)


@admin.register(Tema)
class TemaAdmin(admin.ModelAdmin):
    search_fields = ["nombre"]


class FaseInline(admin.TabularInline):
    model = Fase
    extra = 0


class EstrategiaInline(admin.StackedInline):
    model = Estrategia
    extra = 0
    fields = [("fase", "orden"), "titulo", "descripcion"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this practice's phases (none when it is being created).
        if db_field.name == "fase":
            practica_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Fase.objects.filter(practica_id=practica_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ResultadoInline(admin.StackedInline):
    model = Resultado
    extra = 0
    fields = [("tipo", "orden"), "titulo", "descripcion"]


class ContactoInline(admin.TabularInline):
    model = Contacto
    extra = 0


class FotoInline(admin.TabularInline):
    model = Foto
    extra = 0


class ComentarioInline(admin.StackedInline):
    model = ComentarioExperto
    extra = 0


class MotivoForm(ActionForm):
    """The changelist's action bar, with the reason that sending back or withdrawing needs."""

    motivo = forms.CharField(
        label=_("Motivo (para devolver o retirar)"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"size": 50}),
    )


def aplicar(modeladmin, request, registros, servicio, hecho):
    """Run a state-change service over the selected records; each refusal is reported by name."""
    hechos = 0
    for registro in registros:
        try:
            servicio(registro, request.user)
            hechos += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{registro}: {' '.join(error.messages)}", messages.ERROR)
    if hechos:
        modeladmin.message_user(request, hecho(hechos), messages.SUCCESS)


@admin.register(BuenaPractica)
class BuenaPracticaAdmin(ConHistorial, admin.ModelAdmin):
    list_display = ["titulo", "region", "etapa", "anio", "estado"]
    list_filter = ["estado", "etapa", "anio", "tema", "region__macrorregion", "region"]
    list_select_related = ["region", "tema"]
    search_fields = ["titulo", "instancias", "problema"]
    prepopulated_fields = {"slug": ["titulo"]}
    autocomplete_fields = ["tema"]
    readonly_fields = ["estado", "publicada_en", "creada_por", "creada", "actualizada"]
    inlines = [
        FaseInline,
        EstrategiaInline,
        ResultadoInline,
        ContactoInline,
        FotoInline,
        ComentarioInline,
    ]
    actions = ["enviar_a_revision", "publicar", "devolver"]
    action_form = MotivoForm

    def has_delete_permission(self, request, obj=None):
        # Published practices leave the catalogue through "devolver", with its reason in the history.
        if obj is not None and obj.estado == EstadoPractica.PUBLICADA:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.creada_por = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Enviar a revisión las prácticas seleccionadas"))
    def enviar_a_revision(self, request, queryset):
        aplicar(
            self,
            request,
            queryset,
            lambda practica, usuario: services.practica_enviar_a_revision(practica=practica, usuario=usuario),
            lambda n: ngettext("%d práctica enviada a revisión.", "%d prácticas enviadas a revisión.", n) % n,
        )

    @admin.action(description=_("Publicar en el catálogo las prácticas seleccionadas"))
    def publicar(self, request, queryset):
        aplicar(
            self,
            request,
            queryset,
            lambda practica, usuario: services.practica_publicar(practica=practica, usuario=usuario),
            lambda n: ngettext("%d práctica publicada.", "%d prácticas publicadas.", n) % n,
        )

    @admin.action(description=_("Devolver a borrador o retirar del catálogo (con motivo)"))
    def devolver(self, request, queryset):
        motivo = request.POST.get("motivo", "")
        aplicar(
            self,
            request,
            queryset,
            lambda practica, usuario: services.practica_devolver(
                practica=practica, usuario=usuario, comentario=motivo
            ),
            lambda n: (
                ngettext("%d práctica devuelta a borrador.", "%d prácticas devueltas a borrador.", n) % n
            ),
        )


class PresentacionInline(admin.TabularInline):
    model = PracticaPresentada
    extra = 0
    autocomplete_fields = ["practica"]


class TestimonioInline(admin.StackedInline):
    model = Testimonio
    extra = 0


@admin.register(Evento)
class EventoAdmin(ConHistorial, admin.ModelAdmin):
    list_display = ["nombre", "macrorregion", "sede", "fecha_inicio", "publicado"]
    list_filter = ["publicado", "macrorregion"]
    search_fields = ["nombre", "sede"]
    prepopulated_fields = {"slug": ["nombre"]}
    filter_horizontal = ["regiones"]
    readonly_fields = ["publicado", "publicado_en"]
    inlines = [PresentacionInline, TestimonioInline]
    actions = ["publicar", "retirar"]

    def has_delete_permission(self, request, obj=None):
        # A published report is withdrawn first; deleting it would also delete its experts' feedback.
        if obj is not None and obj.publicado:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Publicar el reporte de los eventos seleccionados"))
    def publicar(self, request, queryset):
        aplicar(
            self,
            request,
            queryset,
            lambda evento, usuario: services.evento_publicar(evento=evento, usuario=usuario),
            lambda n: ngettext("%d reporte publicado.", "%d reportes publicados.", n) % n,
        )

    @admin.action(description=_("Retirar del sitio público el reporte de los eventos seleccionados"))
    def retirar(self, request, queryset):
        aplicar(
            self,
            request,
            queryset,
            lambda evento, usuario: services.evento_retirar(evento=evento, usuario=usuario),
            lambda n: ngettext("%d reporte retirado.", "%d reportes retirados.", n) % n,
        )
