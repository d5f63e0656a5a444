from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from historial.admin import ConHistorial
from monitoreo.models import Actividad, Celda, Enfoque, Objetivo, PlanMonitoreo, Rubrica, Visita


class ActividadInline(admin.TabularInline):
    model = Actividad
    extra = 0


class EnfoqueInline(admin.StackedInline):
    model = Enfoque
    extra = 0


class ObjetivoInline(admin.TabularInline):
    model = Objetivo
    extra = 0


class CeldaInline(admin.TabularInline):
    model = Celda
    extra = 0


class VisitaInline(admin.StackedInline):
    model = Visita
    extra = 0
    raw_id_fields = ["profesor"]
    fields = [
        ("fecha", "etapa", "grado"),
        ("tipo", "planificada"),
        ("docente", "profesor"),
        "notas",
        "fortalezas",
        "aspectos_mejorar",
        "compromisos",
    ]


@admin.register(PlanMonitoreo)
class PlanMonitoreoAdmin(ConHistorial, admin.ModelAdmin):
    list_display = ["titulo", "institucion", "anio"]
    list_filter = ["anio", "institucion__ugel__dre"]
    list_select_related = ["institucion"]
    search_fields = ["titulo", "institucion__nombre", "institucion__codigo_modular"]
    autocomplete_fields = ["institucion"]
    inlines = [EnfoqueInline, ObjetivoInline, ActividadInline, CeldaInline, VisitaInline]


@admin.register(Rubrica)
class RubricaAdmin(admin.ModelAdmin):
    """The rubrics by year: reference data the Administrador keeps (the admin's permissions leave out
    DIFOCA and the directors, who do not manage monitoring)."""

    list_display = ["orden", "nombre", "anio_desde", "anio_hasta"]
    list_display_links = ["nombre"]
    list_filter = ["anio_hasta"]
    fieldsets = [
        (None, {"fields": ["nombre", "orden", ("anio_desde", "anio_hasta")]}),
        (_("Qué significa cada nivel"), {"fields": ["nivel_1", "nivel_2", "nivel_3", "nivel_4"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # A rubric with observations is kept (PROTECT): end its validity with «vigente hasta» instead.
        return super().has_delete_permission(request, obj) and not (obj and obj.observaciones.exists())
