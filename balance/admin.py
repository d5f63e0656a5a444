from django.contrib import admin

from balance.models import Campana, Compromiso, Dificultad, Fila, Lineamiento, Logro, Matriz
from historial.admin import ConHistorial


class LineamientoInline(admin.TabularInline):
    model = Lineamiento
    extra = 0


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


class FilaInline(admin.StackedInline):
    model = Fila
    extra = 0
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
    ]
    raw_id_fields = ["institucion", "campana"]
    inlines = [FilaInline]


@admin.register(Logro)
class LogroAdmin(admin.ModelAdmin):
    list_display = ["fila", "orden", "cifra", "que_cuenta"]
    raw_id_fields = ["fila"]


@admin.register(Dificultad)
class DificultadAdmin(admin.ModelAdmin):
    list_display = ["fila", "orden", "texto"]
    raw_id_fields = ["fila"]


@admin.register(Compromiso)
class CompromisoAdmin(admin.ModelAdmin):
    list_display = ["matriz", "orden", "que", "responsable", "plazo"]
    raw_id_fields = ["matriz"]
