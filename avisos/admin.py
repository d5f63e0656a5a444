from django.contrib import admin

from avisos.models import Aviso


@admin.register(Aviso)
class AvisoAdmin(admin.ModelAdmin):
    list_display = ["titulo", "usuario", "creado", "leido_en", "correo_enviado_en"]
    list_filter = ["creado"]
    search_fields = ["titulo", "usuario__username"]
    list_select_related = ["usuario"]
    raw_id_fields = ["usuario"]
    readonly_fields = ["creado"]
