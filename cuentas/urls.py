from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, re_path, reverse_lazy

from cuentas import views
from cuentas.forms import CambiarClaveForm, ClaveNuevaForm, IngresoForm, RestablecerForm

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
            form_class=CambiarClaveForm,
            template_name="cuentas/clave.html",
            success_url=reverse_lazy("cuentas:clave_cambiada"),
        ),
        name="clave",
    ),
    path(
        "clave/cambiada/",
        auth_views.PasswordChangeDoneView.as_view(template_name="cuentas/clave_cambiada.html"),
        name="clave_cambiada",
    ),
    # Password reset by e-mail, Django's own views (the link expires after PASSWORD_RESET_TIMEOUT).
    path(
        "clave/olvidada/",
        auth_views.PasswordResetView.as_view(
            form_class=RestablecerForm,
            template_name="cuentas/clave_olvidada.html",
            email_template_name="cuentas/correo_restablecer.txt",
            subject_template_name="cuentas/correo_restablecer_asunto.txt",
            success_url=reverse_lazy("cuentas:clave_olvidada_enviada"),
        ),
        name="clave_olvidada",
    ),
    path(
        "clave/olvidada/enviada/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="cuentas/clave_olvidada_enviada.html",
            extra_context={"horas": settings.PASSWORD_RESET_TIMEOUT // 3600},
        ),
        name="clave_olvidada_enviada",
    ),
    path(
        "clave/nueva/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=ClaveNuevaForm,
            template_name="cuentas/clave_nueva.html",
            success_url=reverse_lazy("cuentas:clave_nueva_lista"),
        ),
        name="clave_nueva",
    ),
    path(
        "clave/nueva/lista/",
        auth_views.PasswordResetCompleteView.as_view(template_name="cuentas/clave_nueva_lista.html"),
        name="clave_nueva_lista",
    ),
    # Accounts managed in scope (the Directores page).
    path("directores/", views.directores, name="directores"),
    path("directores/institucion/<int:pk>/nueva/", views.director_nuevo, name="director_nuevo"),
    path("directores/ugel/<int:pk>/especialista/nueva/", views.especialista_nuevo, name="especialista_nuevo"),
    path("directores/ugel/<int:pk>/lista/", views.directores_lista, name="directores_lista"),
    path("directores/ugel/<int:pk>/lista.xlsx", views.directores_lista_xlsx, name="directores_lista_xlsx"),
    re_path(
        r"^directores/cuenta/(?P<pk>[0-9]+)/(?P<accion>desactivar|reactivar|desbloquear|restablecer)/$",
        views.cuenta_accion,
        name="cuenta_accion",
    ),
]
