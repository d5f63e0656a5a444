"""The home page's own sections: the user's role cards and the institutions under their care."""

import functools
import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cuentas.models import Rol
from monitoreo import cobertura
from territorio.models import Institucion, Modalidad, Ugel

# One row of the home's table of institutions per UGEL (templates/inicio/_instituciones.html), drawn
# here: 220 rows for a national user cost 16 ms through the template engine. Names are escaped as
# the template would; the numbers are ints.
FILA = (
    '<tr><th scope="row" class="fw-normal celda-nombre"><a href="{}?ugel={}">{}</a></th>'
    '<td data-label="{}">{}</td><td class="text-end" data-label="{}">{}</td>'
    '<td data-label="{}"><span>{}</span></td></tr>'
)
MODALIDAD = '<span class="badge text-bg-light border me-1">{}: {}</span>'
POR_UGEL = "inicio:instituciones:por_ugel"  # the cache's entry of every UGEL's counts (_por_ugel)


def autenticado(request: HttpRequest) -> bool:
    return request.user.is_authenticated


# The role cards' names in one fixed statement (no query built by the ORM on each visit: compiling
# the seven joins took half of the section's time). The names one step further (the institution's
# UGEL, the UGEL's DRE, the DRE's region) as scalar subqueries: PostgreSQL plans them in half the
# time of seven joins. Each of the three places joined only when the user holds an assignment of
# that kind (the scope says which, from the session's read): planning the joins a card does not
# show was most of the statement's cost (an Administrador's or DIFOCA's reads no place). The keys
# are the template's.
ROLES = "SELECT a.rol, {} FROM cuentas_asignacion a{} WHERE a.usuario_id = %s ORDER BY a.rol, a.id"
LUGARES = (
    (  # a director's institution: the columns of CAMPOS_ROLES[1:5]
        "i.nombre, i.codigo_modular, i.modalidad, (SELECT nombre FROM territorio_ugel WHERE id = i.ugel_id)",
        " LEFT JOIN territorio_institucion i ON i.id = a.institucion_id",
        4,
    ),
    (  # a UGEL specialist's UGEL: CAMPOS_ROLES[5:7]
        "u.nombre, (SELECT nombre FROM territorio_dre WHERE id = u.dre_id)",
        " LEFT JOIN territorio_ugel u ON u.id = a.ugel_id",
        2,
    ),
    (  # a DRE specialist's DRE: CAMPOS_ROLES[7:9]
        "d.nombre, (SELECT nombre FROM territorio_region WHERE id = d.region_id)",
        " LEFT JOIN territorio_dre d ON d.id = a.dre_id",
        2,
    ),
)
CAMPOS_ROLES = (
    "rol",
    "institucion__nombre",
    "institucion__codigo_modular",
    "institucion__modalidad",
    "institucion__ugel__nombre",
    "ugel__nombre",
    "ugel__dre__nombre",
    "dre__nombre",
    "dre__region__nombre",
)


def _consulta_roles(institucion: bool, ugel: bool, dre: bool) -> str:
    """ROLES with the places the scope has joined, NULL in the columns of the others."""
    columnas, uniones = [], []
    for presente, (campos, union, n) in zip((institucion, ugel, dre), LUGARES, strict=True):
        columnas.append(campos if presente else ", ".join(["NULL"] * n))
        uniones.append(union if presente else "")
    return ROLES.format(", ".join(columnas), "".join(uniones))


@functools.cache
def _etiquetas(idioma: str) -> tuple[dict[str, str], dict[str, str]]:
    """The roles' and modalities' labels in the language ``idioma`` (the active one): translated once
    per process and language (twenty translations were a third of the section's time)."""
    return (
        {valor: str(etiqueta) for valor, etiqueta in Rol.choices},
        {valor: str(etiqueta) for valor, etiqueta in Modalidad.choices},
    )


def roles(request: HttpRequest) -> dict:
    """One card per role assignment the user holds: only the names a card shows (ROLES), read as
    plain rows (a select_related of every column of seven tables, its model instances and the join
    for Asignacion.Meta.ordering were most of the section's time; then the ORM's compiling of the
    joins)."""
    roles, modalidades = _etiquetas(get_language())
    alcance = request.alcance
    consulta = _consulta_roles(bool(alcance.institucion_ids), bool(alcance.ugel_ids), bool(alcance.dre_ids))
    with connection.cursor() as cursor:
        cursor.execute(consulta, [request.user.pk])
        filas = cursor.fetchall()
    asignaciones = []
    for fila in filas:
        a = dict(zip(CAMPOS_ROLES, fila, strict=True))
        a["rol_etiqueta"] = roles.get(a["rol"], a["rol"])
        a["modalidad"] = modalidades.get(a["institucion__modalidad"], "")
        asignaciones.append(a)
    return {"asignaciones": asignaciones}


def instituciones(request: HttpRequest) -> dict | None:
    """Institutions in scope per UGEL and modality (specialists), as the table's rows (see FILA).

    A scope of whole UGELs keeps the rows in the cache under the territory numbers of its UGELs
    (their "territorio.ugel" half of ``monitoreo.cobertura.version_del_pedido``, one read shared
    with the coverage section: PostgreSQL bumps a UGEL's number in the transaction of every change
    of its institutions, its name or its DRE's), the scope and the language: a visit between
    changes reads one entry, and a change of monitoring (a plan, a visit) counts nothing again.
    When not kept, each UGEL's counts are kept apart too (``_por_ugel``, under the UGEL's territory
    number), so after a change only that UGEL is counted again, grouped by ids from the index (ugel,
    modalidad); then the UGEL and DRE names in their Spanish order (220 rows). A specialist who also
    directs a school elsewhere counts their own scope each time."""
    if not request.alcance.especialista:
        return None
    alcance = request.alcance
    if alcance.institucion_ids and not alcance.nacional:
        filas = _filas(_resumen(_contar(Institucion.objects.visible_to(alcance)), nacional=False))
        return {"resumen": bool(filas), "filas": filas}
    # UGEL → its territory number: what the table depends on (not the monitoring numbers).
    numeros = {
        u: territorio
        for u, ((territorio, _monitoreo), _dre) in cobertura.version_del_pedido(request).ugeles.items()
    }
    clave = (
        "inicio:instituciones:"
        + hashlib.sha256(
            repr(
                (
                    sorted(numeros.items()),
                    get_language(),
                    alcance.nacional,
                    sorted(alcance.dre_ids),
                    sorted(alcance.ugel_ids),
                )
            ).encode()
        ).hexdigest()
    )
    filas = cache.get(clave)
    if filas is None:
        conteos = _por_ugel(numeros)
        filas = _filas(_resumen({u: m for u, m in conteos.items() if m}, nacional=alcance.nacional))
        cache.set(clave, filas, None)
    return {"resumen": bool(filas), "filas": filas}


def _por_ugel(numeros: dict[int, int]) -> dict[int, dict[str, int]]:
    """Each UGEL's counts (modality → institutions), all the UGELs in one entry of the cache, each
    kept with its UGEL's territory number: only the UGELs whose number changed are counted again."""
    guardadas = cache.get(POR_UGEL) or {}
    faltan = [u for u, numero in numeros.items() if guardadas.get(u, (None,))[0] != numero]
    if faltan:
        contadas = _contar(Institucion.objects.filter(ugel_id__in=faltan))
        guardadas = {**guardadas, **{u: (numeros[u], contadas.get(u, {})) for u in faltan}}
        cache.set(POR_UGEL, guardadas, None)
    return {u: guardadas[u][1] for u in numeros}


def _resumen(conteos: dict[int, dict[str, int]], nacional: bool) -> list[dict]:
    """The table's rows from the counts (UGEL → modality → institutions): the UGEL and DRE names of
    those UGELs read in their Spanish order (one query; all of them for a national user)."""
    etiquetas = {valor: str(etiqueta) for valor, etiqueta in Modalidad.choices}  # translated once
    resumen: list[dict] = []
    ugeles = Ugel.objects.all() if nacional else Ugel.objects.filter(pk__in=list(conteos))
    for ugel_id, ugel, dre in ugeles.order_by("dre__nombre", "nombre", "pk").values_list(
        "pk", "nombre", "dre__nombre"
    ):  # Ugel.Meta.ordering
        if ugel_id not in conteos:  # a national user's UGEL with no institution
            continue
        modalidades = sorted(conteos[ugel_id].items())  # by their value, as one query ordered them
        resumen.append(
            {
                "ugel_id": ugel_id,
                "ugel": ugel,
                "dre": dre,
                "total": sum(n for _m, n in modalidades),
                "modalidades": [(etiquetas.get(m, m), n) for m, n in modalidades],
            }
        )
    return resumen


def _contar(instituciones) -> dict[int, dict[str, int]]:
    """UGEL → modality → institutions, counted grouped by ids: a hash of the institutions (23,000
    for the whole country) into some 900 groups, COUNT(*) read from the index (ugel, modalidad)
    alone. Sorting every institution by its UGEL's and DRE's names before grouping, in one query,
    took most of the home's database time."""
    conteos: dict[int, dict[str, int]] = {}
    for ugel_id, modalidad, n in (
        instituciones.values_list("ugel_id", "modalidad").annotate(n=Count("*")).order_by()
    ):
        conteos.setdefault(ugel_id, {})[modalidad] = n
    return conteos


def _filas(resumen: list[dict]) -> SafeString:
    """The table's rows as HTML (see FILA), in one pass: the names escaped, the numbers are ints,
    the labels escaped once."""
    url = escape(reverse("territorio:instituciones"))
    l_dre, l_instituciones, l_modalidad = (
        escape(_("DRE")),
        escape(_("Instituciones")),
        escape(_("Por modalidad")),
    )
    miles = escape(get_format("THOUSAND_SEPARATOR"))  # as intcomma groups them, looked up once
    modalidades: dict[str, str] = {}  # label → escaped, a handful of them
    partes = []
    for fila in resumen:
        badges = []
        for etiqueta, n in fila["modalidades"]:
            if etiqueta not in modalidades:
                modalidades[etiqueta] = escape(etiqueta)
            badges.append(MODALIDAD.format(modalidades[etiqueta], int(n)))
        partes.append(
            FILA.format(
                url,
                int(fila["ugel_id"]),
                escape(fila["ugel"]),
                l_dre,
                escape(fila["dre"]),
                l_instituciones,
                f"{int(fila['total']):,}".replace(",", miles),
                l_modalidad,
                "".join(badges),
            )
        )
    return mark_safe("".join(partes))  # noqa: S308 - text escaped above, the rest are ints
