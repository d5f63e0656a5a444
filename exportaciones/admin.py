from django.contrib import admin

from exportaciones.models import Exportacion


@admin.register(Exportacion)
class ExportacionAdmin(admin.ModelAdmin):
    list_display = ["nombre", "usuario", "estado", "progreso", "creada", "expira"]
    list_filter = ["estado", "identificador"]
    readonly_fields = ["id", "usuario", "identificador", "parametros", "creada", "terminada"]
