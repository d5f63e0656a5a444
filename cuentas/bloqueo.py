"""Login throttling with django-axes: what Chasqui adds around it.

Axes counts failed logins per username *and* client address (``AXES_LOCKOUT_PARAMETERS``), so one
school's proxy does not lock out everybody behind it; after ``AXES_FAILURE_LIMIT`` failures it
refuses that pair for ``AXES_COOLOFF_TIME``. The settings name the callables below by their dotted
path.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from django.conf import settings
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class BloqueoBackend(AxesStandaloneBackend):
    """Axes' gatekeeper, first of ``AUTHENTICATION_BACKENDS``: a refused attempt never reaches the
    password hasher of the next backend. Authentication without a request (a script, the test
    client's ``login``) cannot come from the web and is not throttled: it is left to the next backend
    instead of failing.

    Axes counts per username and address; a flood that changes the username at every attempt would
    never be counted, and each attempt would cost a password hash (a tenth of a second of CPU, by
    design). So an address is also refused, for the cool-off, once it has
    ``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` failures within it, whatever the usernames (one indexed count)."""

    def authenticate(self, request, *args, **kwargs):
        if request is None:
            return None
        if direccion_saturada(request):
            request.axes_locked_out = True
            request.bloqueo_por_direccion = True
            raise AxesBackendPermissionDenied("Too many failed logins from this address")
        return super().authenticate(request, *args, **kwargs)


def direccion_saturada(request: HttpRequest) -> bool:
    """Whether the client's address has reached its failures within the cool-off (any usernames)."""
    from axes.models import AccessFailureLog

    direccion = ip_del_cliente(request)
    if not direccion:
        return False
    fallos = AccessFailureLog.objects.filter(ip_address=direccion)
    cool_off = get_cool_off()
    if cool_off:
        fallos = fallos.filter(attempt_time__gte=timezone.now() - cool_off)
    limite = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    return fallos[:limite].count() >= limite


def ip_del_cliente(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR`` with no proxy in front; behind ``NUM_PROXIES`` proxies,
    the address the outermost one saw, which each proxy appends to X-Forwarded-For (so the client
    cannot forge it by sending its own header)."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    remota = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remota
    direcciones = [d.strip() for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if d.strip()]
    if not direcciones:
        return remota
    return direcciones[-min(proxies, len(direcciones))]


def mensaje_de_bloqueo(request: HttpRequest | None = None) -> str:
    cool_off = get_cool_off(request)
    minutos = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    if getattr(request, "bloqueo_por_direccion", False):
        return ngettext(
            "Demasiados intentos fallidos desde tu conexión. Por seguridad, espera %(minutos)d minuto "
            "antes de volver a intentarlo.",
            "Demasiados intentos fallidos desde tu conexión. Por seguridad, espera %(minutos)d minutos "
            "antes de volver a intentarlo.",
            max(minutos, 1),
        ) % {"minutos": max(minutos, 1)}
    if not minutos:
        return _(
            "Demasiados intentos fallidos con este usuario. Pide a tu especialista que desbloquee tu cuenta."
        )
    return ngettext(
        "Demasiados intentos fallidos con este usuario. Por seguridad, espera %(minutos)d minuto antes de "
        "volver a intentarlo, o restablece tu contraseña.",
        "Demasiados intentos fallidos con este usuario. Por seguridad, espera %(minutos)d minutos antes de "
        "volver a intentarlo, o restablece tu contraseña.",
        minutos,
    ) % {"minutos": minutos}


def respuesta_bloqueo(request: HttpRequest, respuesta_original=None, credenciales=None) -> HttpResponse:
    """The login page again, with the cool-off message in place of the usual error (HTTP 429)."""
    from cuentas.forms import IngresoForm

    form = IngresoForm(request, data=request.POST or None)
    # Not validated again (that would be one more failed attempt): only the message is shown.
    form._errors, form.cleaned_data = ErrorDict(), {}
    form.add_error(None, mensaje_de_bloqueo(request))
    siguiente = request.POST.get("next") or request.GET.get("next", "")
    contexto = {"form": form, "next": siguiente, "bloqueado": True}
    return render(request, "cuentas/ingresar.html", contexto, status=429)


def usuarios_bloqueados(usernames) -> set[str]:
    """Which of these usernames are locked out from some address right now (one query)."""
    from axes.models import AccessAttempt

    intentos = AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off:
        intentos = intentos.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(intentos.values_list("username", flat=True))


def usuario_bloqueado(username: str) -> bool:
    return bool(username) and username in usuarios_bloqueados([username])


def desbloquear(username: str) -> int:
    """Forget the failed logins of this username from every address; how many records went."""
    from axes.utils import reset

    return reset(username=username)
