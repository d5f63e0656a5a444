from django.contrib import admin

from territorio.models import Dre, Institucion, Region, Ugel


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["nombre", "macrorregion"]
    list_filter = ["macrorregion"]
    search_fields = ["nombre"]


@admin.register(Dre)
class DreAdmin(admin.ModelAdmin):
    list_display = ["nombre", "siglas", "region"]
    list_filter = ["region__macrorregion"]
    search_fields = ["nombre", "siglas"]
    list_select_related = ["region"]


@admin.register(Ugel)
class UgelAdmin(admin.ModelAdmin):
    list_display = ["nombre", "dre"]
    list_filter = ["dre"]
    search_fields = ["nombre", "dre__nombre"]
    list_select_related = ["dre"]


@admin.register(Institucion)
class InstitucionAdmin(admin.ModelAdmin):
    list_display = ["codigo_modular", "nombre", "modalidad", "ugel"]
    list_filter = ["modalidad", "ugel__dre"]
    search_fields = ["codigo_modular", "nombre"]
    autocomplete_fields = ["ugel"]
    list_select_related = ["ugel"]
