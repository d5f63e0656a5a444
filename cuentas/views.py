from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cuentas.forms import PerfilForm


@login_required
def perfil(request: HttpRequest) -> HttpResponse:
    """The user's own profile: name, e-mail, e-mail notices; the password has its own page."""
    form = PerfilForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Guardamos tu perfil."))
        return redirect("cuentas:perfil")
    return render(request, "cuentas/perfil.html", {"form": form})
