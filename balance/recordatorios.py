"""Deadline reminders: 7 days and 1 day before a campaign's deadline, the directors whose matrix is
not sent yet, and a summary to their UGEL's specialists. Each reminder is recorded, so running the
command twice (or on two machines) sends nothing new."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from avisos.services import avisar
from balance.models import ESTADOS_EDITABLES, Campana, RecordatorioPlazo
from cuentas.models import Asignacion, Rol
from cuentas.permisos import usuarios_con_rol

UMBRALES = (7, 1)  # days before the deadline


def umbral_de(dias_restantes: int) -> int | None:
    """The reminder due with this many days left: the nearest threshold not yet passed (a command
    that did not run on the 7th day still sends the 7-day one on the 5th)."""
    vigentes = [u for u in UMBRALES if 0 <= dias_restantes <= u]
    return min(vigentes) if vigentes else None


def _cuando(dias: int, fecha: date) -> str:
    if dias == 0:
        return _("hoy, %(fecha)s") % {"fecha": fecha.strftime("%d/%m/%Y")}
    return ngettext("en %(n)d día, el %(fecha)s", "en %(n)d días, el %(fecha)s", dias) % {
        "n": dias,
        "fecha": fecha.strftime("%d/%m/%Y"),
    }


def campana_recordar_plazo(*, campana: Campana, hoy: date) -> int:
    """Send the reminder due today for this campaign, once. Returns how many notices it wrote."""
    dias = (campana.fecha_limite - hoy).days
    umbral = umbral_de(dias)
    if umbral is None or not campana.abierta:
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                recordatorio = RecordatorioPlazo.objects.create(
                    campana=campana, fecha_limite=campana.fecha_limite, dias=umbral
                )
        except IntegrityError:
            return 0  # already sent (by an earlier run, or by one running at the same time)
        pendientes = list(
            campana.matrices.filter(estado__in=ESTADOS_EDITABLES)
            .select_related("institucion")
            .order_by("institucion__nombre")
        )
        recordatorio.pendientes = len(pendientes)
        recordatorio.save(update_fields=["pendientes"])
        return _avisar(campana, pendientes, dias)


def _avisar(campana: Campana, pendientes: list, dias: int) -> int:
    cuando = _cuando(dias, campana.fecha_limite)
    directores = defaultdict(list)
    for asignacion in Asignacion.objects.filter(
        rol=Rol.DIRECTOR, institucion__in=[m.institucion_id for m in pendientes]
    ).select_related("usuario"):
        directores[asignacion.institucion_id].append(asignacion.usuario)
    escritos = 0
    for matriz in pendientes:
        escritos += len(
            avisar(
                usuarios=directores[matriz.institucion_id],
                titulo=_("El plazo de «%(campana)s» vence %(cuando)s")
                % {"campana": campana, "cuando": cuando},
                texto=_("La matriz de %(institucion)s aún no se envió a la UGEL.")
                % {"institucion": matriz.institucion},
                enlace=reverse("balance:matriz", args=[matriz.pk]),
            )
        )
    por_ugel = defaultdict(list)
    for matriz in pendientes:
        por_ugel[matriz.institucion.ugel_id].append(matriz.institucion)
    # Each UGEL hears of its own institutions: "2 of its 10", not of the whole DRE's campaign.
    totales = dict(
        campana.matrices.values("institucion__ugel_id")
        .annotate(n=Count("pk"))
        .values_list("institucion__ugel_id", "n")
    )
    for ugel_id, instituciones in por_ugel.items():
        nombres = "; ".join(str(i) for i in instituciones)
        escritos += len(
            avisar(
                usuarios=usuarios_con_rol(Rol.ESPECIALISTA_UGEL, ugel=ugel_id),
                titulo=ngettext(
                    "Falta %(n)d matriz por enviar en «%(campana)s»",
                    "Faltan %(n)d matrices por enviar en «%(campana)s»",
                    len(instituciones),
                )
                % {"n": len(instituciones), "campana": campana},
                texto=_("El plazo vence %(cuando)s. %(n)d de %(total)d sin enviar: %(nombres)s.")
                % {"cuando": cuando, "n": len(instituciones), "total": totales[ugel_id], "nombres": nombres},
                enlace=reverse("balance:tablero", args=[campana.pk]),
            )
        )
    return escritos


def recordar_plazos(*, hoy: date | None = None) -> int:
    """Every open campaign's reminder due today. Returns how many notices were written."""
    hoy = hoy or timezone.localdate()
    campanas = Campana.objects.filter(
        abierta=True, fecha_limite__gte=hoy, fecha_limite__lte=hoy + timedelta(days=max(UMBRALES))
    )
    return sum(campana_recordar_plazo(campana=campana, hoy=hoy) for campana in campanas)
