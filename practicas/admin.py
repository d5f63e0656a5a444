from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comun.formularios import ENLACES_HTTPS
from historial.admin import ConHistorial
from practicas import services
from practicas.models import (
    BuenaPractica,
    ComentarioExperto,
    Contacto,
    Enlace,
    EstadoPractica,
    Estrategia,
    Evento,
    Fase,
    Foto,
    Instancia,
    PracticaPresentada,
    Resultado,
    Tema,
    Testimonio,
)


@admin.register(Tema)
class TemaAdmin(admin.ModelAdmin):
    search_fields = ["nombre"]


class SoloLectura:
    """An inline shown, never edited: content is written in DIFOCA's workspace."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InstanciaInline(SoloLectura, admin.TabularInline):
    model = Instancia


class EnlaceInline(SoloLectura, admin.TabularInline):
    model = Enlace
    formfield_overrides = ENLACES_HTTPS


class FaseInline(SoloLectura, admin.TabularInline):
    model = Fase


class EstrategiaInline(SoloLectura, admin.StackedInline):
    model = Estrategia
    fields = [("fase", "orden"), "titulo", "descripcion"]


class ResultadoInline(SoloLectura, admin.StackedInline):
    model = Resultado
    fields = [("tipo", "orden"), "titulo", "cifra", "descripcion"]


class ContactoInline(SoloLectura, admin.TabularInline):
    model = Contacto


class FotoInline(SoloLectura, admin.TabularInline):
    model = Foto


class ComentarioInline(SoloLectura, admin.StackedInline):
    model = ComentarioExperto


class EnElEspacio:
    """ModelAdmin mixin: /admin/ shows the content but is no second way of writing it; the change page
    is read-only, with a link to where it is edited (DIFOCA's workspace). The state actions stay."""

    url_espacio = "practicas:gestion"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["espacio", *super().get_readonly_fields(request, obj)]

    def get_fields(self, request, obj=None):
        return ["espacio", *(f for f in super().get_fields(request, obj) if f != "espacio")]

    def enlace_espacio(self, obj) -> str:
        return reverse(self.url_espacio)

    @admin.display(description=_("Dónde se edita"))
    def espacio(self, obj):
        return format_html(
            '<a class="button" href="{}">{}</a>',
            self.enlace_espacio(obj),
            _("Editar en el espacio de DIFOCA"),
        )


class MotivoForm(ActionForm):
    """The list's action bar, with the reason that returning to draft or withdrawing needs."""

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
class BuenaPracticaAdmin(EnElEspacio, ConHistorial, admin.ModelAdmin):
    list_display = ["titulo", "region", "etapa", "anio", "estado"]
    list_filter = ["estado", "etapa", "anio", "tema", "region__macrorregion", "region"]
    list_select_related = ["region", "tema"]
    search_fields = ["titulo", "instancias", "problema"]
    readonly_fields = ["estado", "publicada_en", "creada_por", "creada", "actualizada"]
    inlines = [
        InstanciaInline,
        EnlaceInline,
        FaseInline,
        EstrategiaInline,
        ResultadoInline,
        ContactoInline,
        FotoInline,
        ComentarioInline,
    ]
    actions = ["enviar_a_revision", "publicar", "devolver", "retirar"]
    action_form = MotivoForm

    def has_delete_permission(self, request, obj=None):
        # Published practices leave the catalogue through "retirar", with its reason in the history.
        if obj is not None and obj.estado == EstadoPractica.PUBLICADA:
            return False
        return super().has_delete_permission(request, obj)

    def enlace_espacio(self, obj) -> str:
        return reverse("practicas:gestion_editar", args=[obj.pk])

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

    @admin.action(description=_("Devolver a borrador las prácticas en revisión seleccionadas (con motivo)"))
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

    @admin.action(description=_("Retirar del catálogo las prácticas publicadas seleccionadas (con motivo)"))
    def retirar(self, request, queryset):
        motivo = request.POST.get("motivo", "")
        aplicar(
            self,
            request,
            queryset,
            lambda practica, usuario: services.practica_retirar(
                practica=practica, usuario=usuario, comentario=motivo
            ),
            lambda n: (
                ngettext("%d práctica retirada del catálogo.", "%d prácticas retiradas del catálogo.", n) % n
            ),
        )


class PresentacionInline(SoloLectura, admin.TabularInline):
    model = PracticaPresentada


class TestimonioInline(SoloLectura, admin.StackedInline):
    model = Testimonio


@admin.register(Evento)
class EventoAdmin(EnElEspacio, ConHistorial, admin.ModelAdmin):
    list_display = ["nombre", "macrorregion", "sede", "fecha_inicio", "publicado"]
    list_filter = ["publicado", "macrorregion"]
    search_fields = ["nombre", "sede"]
    readonly_fields = ["publicado", "publicado_en"]
    inlines = [PresentacionInline, TestimonioInline]

    def enlace_espacio(self, obj) -> str:
        return reverse("practicas:gestion_evento", args=[obj.pk])

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
