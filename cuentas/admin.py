from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from cuentas.models import Asignacion, Usuario


class AsignacionInline(admin.TabularInline):
    model = Asignacion
    extra = 0
    autocomplete_fields = ["institucion", "ugel", "dre"]


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin):
    inlines = [AsignacionInline]
    list_display = ["username", "first_name", "last_name", "email", "cargo", "is_active"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Cargo"), {"fields": ["cargo"]}),
    )


@admin.register(Asignacion)
class AsignacionAdmin(admin.ModelAdmin):
    list_display = ["usuario", "rol", "institucion", "ugel", "dre"]
    list_filter = ["rol"]
    search_fields = ["usuario__username", "usuario__last_name"]
    autocomplete_fields = ["usuario", "institucion", "ugel", "dre"]
    list_select_related = ["usuario", "institucion", "ugel", "dre"]
