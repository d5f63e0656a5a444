from django.contrib import admin

from historial.admin import ConHistorial
from monitoreo.models import Actividad, Celda, Enfoque, Objetivo, PlanMonitoreo, Visita


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
        ("rubrica_1", "rubrica_2", "rubrica_3", "rubrica_4", "rubrica_5"),
        "notas",
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
