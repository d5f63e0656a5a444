from django.urls import path

from comun.almacen import medio_publico

app_name = "comun"

# Mounted at MEDIA_URL (config/urls.py): the public photos, read from the storage (comun.almacen).
urlpatterns = [path("<path:ruta>", medio_publico, name="medio")]
