from django.contrib import admin

from exportaciones.models import Exportacion


@admin.register(Exportacion)
class ExportacionAdmin(admin.ModelAdmin):
    list_display = ["nombre", "usuario", "estado", "progreso", "creada", "expira"]
    list_filter = ["estado", "identificador"]
    readonly_fields = ["id", "usuario", "identificador", "parametros", "creada", "terminada"]

    def has_add_permission(self, request):
        return False  # exports are asked for from the pages that show the data
