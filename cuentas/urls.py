from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from cuentas import views
from cuentas.forms import IngresoForm

app_name = "cuentas"
urlpatterns = [
    path(
        "ingresar/",
        auth_views.LoginView.as_view(
            template_name="cuentas/ingresar.html",
            authentication_form=IngresoForm,
            redirect_authenticated_user=True,
        ),
        name="ingresar",
    ),
    path("salir/", auth_views.LogoutView.as_view(), name="salir"),
    path("perfil/", views.perfil, name="perfil"),
    path(
        "clave/",
        auth_views.PasswordChangeView.as_view(
            template_name="cuentas/clave.html", success_url=reverse_lazy("cuentas:clave_cambiada")
        ),
        name="clave",
    ),
    path(
        "clave/cambiada/",
        auth_views.PasswordChangeDoneView.as_view(template_name="cuentas/clave_cambiada.html"),
        name="clave_cambiada",
    ),
]
