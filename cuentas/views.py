"""The Directores page: the accounts a specialist manages, per UGEL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comun.texto import entero
from cuentas import lista, services
from cuentas.bloqueo import usuarios_bloqueados
from cuentas.forms import CuentaForm, PerfilForm, SubirListaForm
from cuentas.models import Asignacion, Rol, Usuario
from cuentas.permisos import obtener_para_escribir, permiso_requerido, tiene_permiso
from territorio.models import Institucion, Ugel

GESTIONAR = services.GESTIONAR


def _url_directores(ugel_id: int | None) -> str:
    url = reverse("cuentas:directores")
    return f"{url}?ugel={ugel_id}" if ugel_id else url


def _sitio(request: HttpRequest) -> services.Sitio:
    return services.Sitio(dominio=request.get_host(), protocolo="https" if request.is_secure() else "http")


@permiso_requerido(GESTIONAR)
def directores(request: HttpRequest) -> HttpResponse:
    """One UGEL at a time: its institutions with their director accounts (and the ones with none),
    and, for whoever may create them, its specialists."""
    ugeles = list(services.ugeles_gestionadas(request.user).order_by("dre__nombre", "nombre"))
    ugel_id = entero(request.GET.get("ugel", ""))
    if ugel_id is not None:
        ugel = obtener_para_escribir(request, Ugel.objects.select_related("dre"), GESTIONAR, pk=ugel_id)
    elif ugeles:
        ugel = ugeles[0]
    else:
        ugel = None
    contexto = {"ugeles": ugeles, "ugel": ugel}
    if ugel is not None:
        directores_qs = Asignacion.objects.filter(rol=Rol.DIRECTOR).select_related("usuario")
        instituciones = list(
            Institucion.objects.filter(ugel=ugel)
            .order_by("nombre")
            .prefetch_related(Prefetch("asignaciones", queryset=directores_qs, to_attr="directivos"))
        )
        especialistas = []
        crea_especialistas = tiene_permiso(request.user, services.CREAR_ESPECIALISTAS, ugel)
        if crea_especialistas:
            especialistas = [
                a.usuario
                for a in Asignacion.objects.filter(rol=Rol.ESPECIALISTA_UGEL, ugel=ugel)
                .select_related("usuario")
                .order_by("usuario__last_name", "usuario__first_name")
            ]
        cuentas = [a.usuario for i in instituciones for a in i.directivos] + especialistas
        contexto.update(
            instituciones=instituciones,
            sin_cuenta=sum(1 for i in instituciones if not i.directivos),
            especialistas=especialistas,
            crea_especialistas=crea_especialistas,
            bloqueados=usuarios_bloqueados(u.username for u in cuentas),
        )
    return render(request, "cuentas/directores.html", contexto)


def _nueva_cuenta(request: HttpRequest, *, rol: str, lugar, ugel: Ugel) -> HttpResponse:
    form = CuentaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            usuario = services.cuenta_crear(por=request.user, rol=rol, lugar=lugar, **form.cleaned_data)
        except ValidationError as error:  # the DNI taken between the form's check and the save
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Se creó la cuenta de %(nombre)s (usuario %(usuario)s).")
                % {"nombre": usuario.get_full_name(), "usuario": usuario.username},
            )
            _enviar_enlace(request, usuario, primera_vez=True)
            return redirect(_url_directores(ugel.pk))
    return render(
        request,
        "cuentas/cuenta_nueva.html",
        {"form": form, "rol": Rol(rol), "lugar": lugar, "ugel": ugel},
    )


@permiso_requerido(GESTIONAR)
def director_nuevo(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a director account for an institution: 404 outside the scope, 403 without the right."""
    institucion = obtener_para_escribir(
        request, Institucion.objects.select_related("ugel__dre"), GESTIONAR, pk=pk
    )
    return _nueva_cuenta(request, rol=Rol.DIRECTOR, lugar=institucion, ugel=institucion.ugel)


@permiso_requerido(GESTIONAR)
def especialista_nuevo(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a UGEL specialist account (a DRE specialist for its UGELs, the Administrador anywhere)."""
    ugel = obtener_para_escribir(
        request, Ugel.objects.select_related("dre"), services.CREAR_ESPECIALISTAS, pk=pk
    )
    return _nueva_cuenta(request, rol=Rol.ESPECIALISTA_UGEL, lugar=ugel, ugel=ugel)


def _enviar_enlace(request: HttpRequest, usuario: Usuario, *, primera_vez: bool = False) -> None:
    try:
        services.cuenta_enviar_restablecimiento(por=request.user, usuario=usuario, sitio=_sitio(request))
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    except OSError:  # the mail server: the account stays as it is, the specialist may try again
        messages.error(
            request,
            _("No se pudo enviar el correo a %(correo)s. Inténtalo más tarde.") % {"correo": usuario.email},
        )
    else:
        mensaje = (
            _("Le enviamos a %(correo)s el enlace para elegir su contraseña.")
            if primera_vez
            else _("Le enviamos a %(correo)s un enlace para elegir una contraseña nueva.")
        )
        messages.success(request, mensaje % {"correo": usuario.email})


def _ugel_de(usuario: Usuario) -> int | None:
    asignacion = usuario.asignaciones.select_related("institucion").first()
    if asignacion is None:
        return None
    return asignacion.ugel_id or (asignacion.institucion.ugel_id if asignacion.institucion else None)


@require_POST
@permiso_requerido(GESTIONAR)
def cuenta_accion(request: HttpRequest, pk: int, accion: str) -> HttpResponse:
    """Deactivate, reactivate, unlock an account or e-mail it a reset link: 404 outside the scope,
    403 for an account holding a role the user may not grant."""
    usuario = obtener_para_escribir(request, Usuario.cuentas(), GESTIONAR, pk=pk)
    nombre = {"nombre": usuario.get_full_name() or usuario.username}
    if accion == "desactivar":
        services.cuenta_desactivar(por=request.user, usuario=usuario)
        messages.success(
            request, _("La cuenta de %(nombre)s quedó desactivada: ya no puede ingresar.") % nombre
        )
    elif accion == "reactivar":
        services.cuenta_reactivar(por=request.user, usuario=usuario)
        messages.success(request, _("La cuenta de %(nombre)s está activa otra vez.") % nombre)
    elif accion == "desbloquear":
        services.cuenta_desbloquear(por=request.user, usuario=usuario)
        messages.success(
            request, _("La cuenta de %(nombre)s quedó desbloqueada: ya puede volver a intentar.") % nombre
        )
    else:  # "restablecer"; the URL admits no other word
        _enviar_enlace(request, usuario)
    return redirect(_url_directores(_ugel_de(usuario)))


SESION_LISTA = "cuentas_lista_directores"


@permiso_requerido(GESTIONAR)
def directores_lista_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The UGEL's list of directors to fill in Excel."""
    ugel = obtener_para_escribir(request, Ugel.objects.select_related("dre"), GESTIONAR, pk=pk)
    respuesta = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    respuesta["Content-Disposition"] = f'attachment; filename="directores-ugel-{ugel.pk}.xlsx"'
    lista.escribir(ugel, respuesta)
    return respuesta


@permiso_requerido(GESTIONAR)
def directores_lista(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the filled list: every row checked, a preview of the accounts to create, and all of them
    created (or none) on confirmation."""
    ugel = obtener_para_escribir(request, Ugel.objects.select_related("dre"), GESTIONAR, pk=pk)
    contexto = {"ugel": ugel, "form": SubirListaForm()}
    if request.method == "POST" and "confirmar" in request.POST:
        pendiente = request.session.pop(SESION_LISTA, None)
        if not pendiente or pendiente.get("ugel") != ugel.pk:
            messages.error(request, _("No hay una lista por confirmar. Súbela de nuevo."))
            return redirect("cuentas:directores_lista", ugel.pk)
        try:
            creadas = services.directores_crear(por=request.user, ugel=ugel, filas=pendiente["filas"])
        except ValidationError as error:
            messages.error(
                request,
                _("No se creó ninguna cuenta: %(motivo)s Sube la lista de nuevo.")
                % {"motivo": " ".join(error.messages)},
            )
            return redirect("cuentas:directores_lista", ugel.pk)
        messages.success(
            request,
            ngettext(
                "Se creó %(n)d cuenta de director.",
                "Se crearon %(n)d cuentas de director.",
                len(creadas),
            )
            % {"n": len(creadas)},
        )
        try:
            services.cuentas_enviar_bienvenida(usuarios=creadas, sitio=_sitio(request))
        except OSError:
            messages.error(
                request,
                _(
                    "No se pudieron enviar los correos con el enlace. "
                    "Envíalos desde la lista con «Enviar enlace de contraseña»."
                ),
            )
        else:
            messages.success(request, _("Cada una recibió por correo su enlace para elegir contraseña."))
        return redirect(_url_directores(ugel.pk))
    if request.method == "POST":
        form = SubirListaForm(request.POST, request.FILES)
        contexto["form"] = form
        if form.is_valid():
            lectura = lista.leer(ugel, form.cleaned_data["archivo"])
            if lectura.valida:
                request.session[SESION_LISTA] = {"ugel": ugel.pk, "filas": lectura.filas}
                contexto["filas"] = lectura.filas
                contexto["vista_previa"] = True
            else:
                contexto["errores"] = lectura.errores
    return render(request, "cuentas/directores_lista.html", contexto)


@login_required
def perfil(request: HttpRequest) -> HttpResponse:
    """The user's own profile: name, e-mail, e-mail notices; the password has its own page."""
    form = PerfilForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Guardamos tu perfil."))
        return redirect("cuentas:perfil")
    return render(request, "cuentas/perfil.html", {"form": form})
