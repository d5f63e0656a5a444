"""Every URL of the project × every role × GET and POST → the expected status (STYLE.md: out of
scope 404, in scope but not allowed 403; anonymous users to the login page).

The URLs are read from the resolver, admin included, so a view added tomorrow without a line in
ACCESOS (or an exporter without its row in EXPORTACIONES) makes ``test_cada_url_tiene_su_expectativa``
fail, naming it. A model registered in the admin is tried at once with the admin rules below
(admin_esperado); one whose ModelAdmin departs from them fails until its set names it.

One world per module (built once, rolled back at the end; each case runs in its own savepoint): the
records of DRE A / UGEL A1 / inst_a1a, whose director is ``director``, and the roles of
tests/roles.py plus the anonymous visitor. A refused POST (RECHAZOS: 4xx, or a redirect to a login
page) must leave every table as it was: a checksum of every row is compared around it.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.conftest import crear_mundo, crear_usuarios, sembrar_rubricas
from tests.roles import ROLES

ANONIMO = "anonimo"
TODOS = [ANONIMO, *ROLES]
INGRESO = "→ingreso"  # 302 to /cuentas/ingresar/
ADMIN = "→admin"  # 302 to the admin's login page (Django admin's own gate)
# Answers after which nothing may have changed: refusals, and a form or version sent back (409, 422).
RECHAZOS = {400, 401, 403, 404, 405, 409, 422, INGRESO, ADMIN}


def por_rol(**estados) -> dict:
    """The expected status for every role and the anonymous visitor: naming them all keeps a row from
    forgetting one."""
    assert set(estados) == set(TODOS), set(TODOS) ^ set(estados)
    return estados


def fila(texto: str) -> dict:
    """A row of the matrix, one status per role in the order of TODOS: anonimo, director,
    director_otro, ugel, ugel_otro, dre, dre_otro, difoca, admin, sin_rol. "in" is a redirect to
    the login page, "ad" to the admin's."""
    valores = texto.split()
    assert len(valores) == len(TODOS), texto
    return {rol: {"in": INGRESO, "ad": ADMIN}.get(v) or int(v) for rol, v in zip(TODOS, valores, strict=True)}


def todos(estado, anonimo=INGRESO) -> dict:
    """The same for every signed-in role (a page outside any scope, or about the user themself)."""
    return {**dict.fromkeys(ROLES, estado), ANONIMO: anonimo}


# --- the table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caso:
    """One URL built from the world (``url(m)``) with the expected status per role for each method;
    ``datos`` is the POST body (minimal on purpose: the point is who gets in, not what is saved)."""

    url: Callable[[dict], str]
    GET: dict
    POST: dict
    datos: dict = field(default_factory=dict)
    # A redirect to the login page that is not a refusal (signing out): its POST writes.
    escribe: bool = False
    # A text of the A-side records that a 200 must not show to these roles (out of its scope).
    oculto: str = ""
    ajenos: tuple[str, ...] = ()


def u(nombre: str, *claves: str, query: str = "", **literales) -> Callable[[dict], str]:
    """reverse(nombre) with the primary keys of these world objects, or literal kwargs."""

    def url(m: dict) -> str:
        if literales:
            kwargs = {k: (v(m) if callable(v) else v) for k, v in literales.items()}
            return reverse(nombre, kwargs=kwargs) + query
        return reverse(nombre, args=[m[c].pk for c in claves]) + query

    return url


# Shorthands of the rows below, read as "who reads / who writes".
PUBLICO = todos(200, anonimo=200)


def solo_admin(estado, difoca=None) -> dict:
    """Django admin's gate: the Administrador and DIFOCA enter (cuentas.sitio), everyone else goes
    to the admin's login page."""
    return {**dict.fromkeys(TODOS, ADMIN), "admin": estado, "difoca": estado if difoca is None else difoca}


# Names of the A-side records, and who must never read them in a list (a 200 that shows them to
# these roles is a leak).
CEBA, ESCUELA, PLAN = "CEBA Ribeyro", "IE Arguedas", "Plan Vallejo"
BORRADOR, EVENTO, EXPERTA = "Borrador Chabuca", "Intercambio Basadre", "Experta Tello"
EXPORTACION, AVISO = "Exportación Palma", "Aviso Mariátegui"
FUERA_DE_A = ("director_otro", "ugel_otro", "dre_otro", "difoca", "sin_rol")
SIN_DIFOCA = tuple(r for r in TODOS if r not in ("difoca", "admin"))
NO_DIRECTOR = tuple(r for r in TODOS if r != "director")

# Keyed by URL name (a dict of variants where one name is tried on several records).
#                anon dir dir_o ugel ugel_o dre dre_o difoca admin sin_rol
ACCESOS: dict[str, Caso | dict[str, Caso]] = {
    # --- inicio ---
    "inicio": Caso(u("inicio"), todos(200), todos(200)),
    "salud": Caso(u("salud"), PUBLICO, PUBLICO),
    "favicon": Caso(u("favicon"), PUBLICO, todos(405, anonimo=405)),
    # Public photos by address (comun.almacen); a kept original (with its GPS position) never is.
    "comun:medio": Caso(
        u("comun:medio", ruta="originales/practicas/1/foto.jpg"),
        todos(404, anonimo=404),
        todos(405, anonimo=405),
    ),
    # --- cuentas ---
    "cuentas:ingresar": Caso(u("cuentas:ingresar"), todos(302, anonimo=200), todos(302, anonimo=200)),
    "cuentas:salir": Caso(u("cuentas:salir"), todos(405, anonimo=405), todos(INGRESO), escribe=True),
    "cuentas:perfil": Caso(u("cuentas:perfil"), todos(200), todos(200)),
    "cuentas:clave": Caso(u("cuentas:clave"), todos(200), todos(200)),
    "cuentas:clave_cambiada": Caso(u("cuentas:clave_cambiada"), todos(200), todos(405)),
    "cuentas:clave_olvidada": Caso(u("cuentas:clave_olvidada"), PUBLICO, PUBLICO),
    "cuentas:clave_olvidada_enviada": Caso(
        u("cuentas:clave_olvidada_enviada"), PUBLICO, todos(405, anonimo=405)
    ),
    "cuentas:clave_nueva": Caso(
        u("cuentas:clave_nueva", uidb64="MQ", token="caducado-0"),
        PUBLICO,
        PUBLICO,
    ),
    "cuentas:clave_nueva_lista": Caso(u("cuentas:clave_nueva_lista"), PUBLICO, todos(405, anonimo=405)),
    "cuentas:directores": Caso(
        u("cuentas:directores"),
        fila("in  403 403 200 200 200 200 403 200 403"),
        fila("in  403 403 200 200 200 200 403 200 403"),
        oculto=CEBA,
        ajenos=FUERA_DE_A,
    ),
    "cuentas:director_nuevo": Caso(
        u("cuentas:director_nuevo", "inst_a1a"),
        fila("in  403 403 200 404 200 404 403 200 403"),
        fila("in  403 403 200 404 200 404 403 200 403"),
    ),
    "cuentas:especialista_nuevo": Caso(
        u("cuentas:especialista_nuevo", "ugel_a1"),
        fila("in  403 403 403 404 200 404 403 200 403"),
        fila("in  403 403 403 404 200 404 403 200 403"),
    ),
    "cuentas:directores_lista": Caso(
        u("cuentas:directores_lista", "ugel_a1"),
        fila("in  403 403 200 404 200 404 403 200 403"),
        fila("in  403 403 200 404 200 404 403 200 403"),
    ),
    "cuentas:directores_lista_xlsx": Caso(
        u("cuentas:directores_lista_xlsx", "ugel_a1"),
        fila("in  403 403 200 404 200 404 403 200 403"),
        fila("in  403 403 200 404 200 404 403 200 403"),
    ),
    "cuentas:cuenta_accion": {
        accion: Caso(
            u("cuentas:cuenta_accion", pk=lambda m: m["director_otro"].pk, accion=accion),
            todos(405, anonimo=405),
            fila("in  403 403 302 404 302 404 403 302 403"),
        )
        for accion in ("desactivar", "reactivar", "desbloquear", "restablecer")
    }
    | {
        # The UGEL A1 specialist's account: their DRE manages it; nobody changes their own.
        "desactivar-especialista": Caso(
            u("cuentas:cuenta_accion", pk=lambda m: m["ugel"].pk, accion="desactivar"),
            todos(405, anonimo=405),
            fila("in  403 403 403 404 302 404 403 302 403"),
        ),
        # The Administrador's account: only a national role touches it.
        "desactivar-administrador": Caso(
            u("cuentas:cuenta_accion", pk=lambda m: m["admin"].pk, accion="desactivar"),
            todos(405, anonimo=405),
            fila("in  403 403 404 404 404 404 403 403 403"),
        ),
        # A DRE specialist's account: above every UGEL, outside what a DRE manages (its own
        # included); the Administrador changes it in the admin, not on this page.
        "desactivar-especialista-dre": Caso(
            u("cuentas:cuenta_accion", pk=lambda m: m["dre"].pk, accion="desactivar"),
            todos(405, anonimo=405),
            fila("in  403 403 404 404 404 404 403 403 403"),
        ),
    },
    # --- territorio ---
    "territorio:instituciones": Caso(
        u("territorio:instituciones"), todos(200), todos(200), oculto=CEBA, ajenos=FUERA_DE_A
    ),
    "territorio:institucion": Caso(
        u("territorio:institucion", codigo_modular=lambda m: m["inst_a1a"].codigo_modular),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  200 404 200 404 200 404 404 200 404"),
    ),
    # --- balance ---
    "balance:inicio": Caso(u("balance:inicio"), todos(200), todos(200), oculto=CEBA, ajenos=FUERA_DE_A),
    "balance:dre_elegir": Caso(
        u("balance:dre_elegir"),
        fila("in  404 404 404 404 302 302 404 302 404"),
        fila("in  404 404 404 404 302 302 404 302 404"),
    ),
    "balance:dre_tablero": Caso(
        u("balance:dre_tablero", pk=lambda m: m["dre_a"].pk, anio=2023),
        fila("in  404 404 404 404 200 404 404 200 404"),
        fila("in  404 404 404 404 200 404 404 200 404"),
    ),
    "balance:campana_nueva": Caso(
        u("balance:campana_nueva"),
        fila("in  403 403 200 200 403 403 403 200 403"),
        fila("in  403 403 200 200 403 403 403 200 403"),
    ),
    "balance:tablero": Caso(
        u("balance:tablero", "campana"),
        fila("in  200 200 200 404 200 404 404 200 404"),
        fila("in  200 200 200 404 200 404 404 200 404"),
        oculto=CEBA,
        ajenos=("director_otro",),  # their own matrix of the campaign, not inst_a1a's
    ),
    "balance:campana_editar": Caso(
        u("balance:campana_editar", "campana"),
        fila("in  403 403 200 404 403 404 404 200 404"),
        fila("in  403 403 200 404 403 404 404 200 404"),
    ),
    "balance:campana_abrir": Caso(
        u("balance:campana_abrir", "campana"),
        fila("in  403 403 200 404 403 404 404 200 404"),
        fila("in  403 403 200 404 403 404 404 200 404"),
    ),
    "balance:campana_cerrar": Caso(
        u("balance:campana_cerrar", "campana"),
        fila("in  403 403 200 404 403 404 404 200 404"),
        fila("in  403 403 302 404 403 404 404 302 404"),
    ),
    "balance:campana_siguiente": Caso(
        u("balance:campana_siguiente", "campana"),
        todos(405),
        fila("in  403 403 302 404 403 404 404 302 404"),
    ),
    "balance:matriz": Caso(
        u("balance:matriz", "matriz"),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  403 404 200 404 403 404 404 200 404"),
    ),
    "balance:matriz_editar": Caso(
        u("balance:matriz_editar", "matriz"),
        fila("in  200 404 403 404 403 404 404 200 404"),
        fila("in  200 404 403 404 403 404 404 200 404"),
        {"version": "0"},
    ),
    "balance:matriz_enviar": Caso(
        u("balance:matriz_enviar", "matriz"),
        fila("in  200 404 403 404 403 404 404 200 404"),
        fila("in  302 404 403 404 403 404 404 302 404"),
    ),
    "balance:matriz_retirar": Caso(
        u("balance:matriz_retirar", "matriz"),
        fila("in  200 404 403 404 403 404 404 200 404"),
        fila("in  302 404 403 404 403 404 404 302 404"),
    ),
    "balance:matriz_reabrir": Caso(
        u("balance:matriz_reabrir", "matriz"),
        fila("in  403 404 200 404 403 404 404 200 404"),
        fila("in  403 404 200 404 403 404 404 200 404"),
    ),
    "balance:matriz_autoguardar": Caso(
        u("balance:matriz_autoguardar", "matriz"),
        todos(405, anonimo=405),
        fila("401 409 404 403 404 403 404 404 409 404"),
        {"version": "0"},
    ),
    "balance:matriz_importar": Caso(
        u("balance:matriz_importar", "matriz"),
        fila("in  200 404 403 404 403 404 404 200 404"),
        fila("in  200 404 403 404 403 404 404 200 404"),
    ),
    # --- practicas: public (they only read: any POST is 405, whatever the record) ---
    "practicas:catalogo": Caso(
        u("practicas:catalogo"), PUBLICO, todos(405, anonimo=405), oculto=BORRADOR, ajenos=SIN_DIFOCA
    ),
    "practicas:eventos": Caso(
        u("practicas:eventos"), PUBLICO, todos(405, anonimo=405), oculto=EVENTO, ajenos=SIN_DIFOCA
    ),
    "practicas:evento": {
        # It presents the draft too: only DIFOCA sees that one on its page.
        "publicado": Caso(
            u("practicas:evento", slug="intercambio"),
            PUBLICO,
            todos(405, anonimo=405),
            oculto=BORRADOR,
            ajenos=SIN_DIFOCA,
        ),
        "borrador": Caso(
            u("practicas:evento", slug="intercambio-borrador"),
            fila("404 404 404 404 404 404 404 200 200 404"),
            todos(405, anonimo=405),
        ),
    },
    "practicas:evento_pdf": {
        "publicado": Caso(
            u("practicas:evento_pdf", slug="intercambio"), todos(503, anonimo=503), todos(405, anonimo=405)
        ),
        "borrador": Caso(
            u("practicas:evento_pdf", slug="intercambio-borrador"),
            todos(404, anonimo=404),
            todos(405, anonimo=405),
        ),
    },
    "practicas:datos": Caso(u("practicas:datos"), PUBLICO, todos(405, anonimo=405)),
    "practicas:datos_csv": Caso(
        u("practicas:datos_csv"), PUBLICO, todos(405, anonimo=405), oculto=BORRADOR, ajenos=tuple(TODOS)
    ),
    "practicas:datos_json": Caso(
        u("practicas:datos_json"), PUBLICO, todos(405, anonimo=405), oculto=BORRADOR, ajenos=tuple(TODOS)
    ),
    "practicas:ficha": {
        # Its feedback given at the unpublished event waits for that event's report.
        "publicada": Caso(
            u("practicas:ficha", slug="publicada"),
            PUBLICO,
            todos(405, anonimo=405),
            oculto=EXPERTA,
            ajenos=SIN_DIFOCA,
        ),
        "borrador": Caso(
            u("practicas:ficha", slug="borrador"),
            fila("404 404 404 404 404 404 404 200 200 404"),
            todos(405, anonimo=405),
        ),
    },
    "practicas:ficha_pdf": {
        "publicada": Caso(
            u("practicas:ficha_pdf", slug="publicada"), todos(503, anonimo=503), todos(405, anonimo=405)
        ),
        "borrador": Caso(
            u("practicas:ficha_pdf", slug="borrador"), todos(404, anonimo=404), todos(405, anonimo=405)
        ),
    },
    # --- practicas: DIFOCA's workspace ---
    "practicas:gestion": Caso(
        u("practicas:gestion"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_eventos": Caso(
        u("practicas:gestion_eventos"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_evento_nuevo": Caso(
        u("practicas:gestion_evento_nuevo"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_evento": Caso(
        u("practicas:gestion_evento", "evento_borrador"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_evento_fotos": Caso(
        u("practicas:gestion_evento_fotos", "evento_borrador"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_evento_publicar": Caso(
        u("practicas:gestion_evento_publicar", "evento_borrador"),
        todos(405, anonimo=405),
        fila("404 404 404 404 404 404 404 302 302 404"),
    ),
    "practicas:gestion_evento_retirar": Caso(
        u("practicas:gestion_evento_retirar", "evento"),
        todos(405, anonimo=405),
        fila("404 404 404 404 404 404 404 302 302 404"),
    ),
    "practicas:gestion_nueva": Caso(
        u("practicas:gestion_nueva"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_editar": Caso(
        u("practicas:gestion_editar", "borrador"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_autoguardar": Caso(
        u("practicas:gestion_autoguardar", "borrador"),
        todos(405, anonimo=405),
        fila("401 404 404 404 404 404 404 409 409 404"),
    ),
    "practicas:gestion_galeria": Caso(
        u("practicas:gestion_galeria", "borrador"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        todos(404, anonimo=404),
    ),
    "practicas:gestion_comentarios": Caso(
        u("practicas:gestion_comentarios", "borrador"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 422 422 404"),
    ),
    "practicas:gestion_comentario_editar": Caso(
        u("practicas:gestion_comentario_editar", "borrador", "comentario"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 422 422 404"),
    ),
    "practicas:gestion_comentario_borrar": Caso(
        u("practicas:gestion_comentario_borrar", "borrador", "comentario"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 302 302 404"),
    ),
    "practicas:gestion_vista_previa": Caso(
        u("practicas:gestion_vista_previa", "borrador"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 200 200 404"),
    ),
    "practicas:gestion_accion": Caso(
        u("practicas:gestion_accion", pk=lambda m: m["borrador"].pk, accion="enviar-a-revision"),
        fila("404 404 404 404 404 404 404 200 200 404"),
        fila("404 404 404 404 404 404 404 302 302 404"),
    ),
    # --- monitoreo ---
    "monitoreo:planes": Caso(u("monitoreo:planes"), todos(200), todos(200), oculto=PLAN, ajenos=FUERA_DE_A),
    "monitoreo:cobertura": {
        "": Caso(
            u("monitoreo:cobertura"),
            fila("in  404 404 200 200 200 200 404 200 404"),
            fila("in  404 404 200 200 200 200 404 200 404"),
            oculto=ESCUELA,
            ajenos=("ugel_otro", "dre_otro"),
        ),
        "ugel": Caso(
            lambda m: reverse("monitoreo:cobertura") + f"?ugel={m['ugel_a1'].pk}&anio=2024",
            fila("in  404 404 200 200 200 200 404 200 404"),
            fila("in  404 404 200 200 200 200 404 200 404"),
            oculto=ESCUELA,  # another UGEL in the query string is ignored, never shown
            ajenos=("ugel_otro", "dre_otro"),
        ),
    },
    "monitoreo:plan_nuevo": Caso(
        u("monitoreo:plan_nuevo"),
        fila("in  200 403 403 403 403 403 403 403 403"),
        fila("in  200 403 403 403 403 403 403 403 403"),
    ),
    "monitoreo:plan": Caso(
        u("monitoreo:plan", "plan"),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  200 404 200 404 200 404 404 200 404"),
    ),
    "monitoreo:plan_editar": Caso(
        u("monitoreo:plan_editar", "plan"),
        fila("in  200 404 403 404 403 404 404 403 404"),
        fila("in  200 404 403 404 403 404 404 403 404"),
    ),
    "monitoreo:plan_copiar": Caso(
        u("monitoreo:plan_copiar", "plan"),
        todos(405, anonimo=405),
        fila("in  302 404 403 404 403 404 404 403 404"),
    ),
    "monitoreo:visita_nueva": Caso(
        u("monitoreo:visita_nueva", "plan"),
        fila("in  200 404 403 404 403 404 404 403 404"),
        fila("in  200 404 403 404 403 404 404 403 404"),
    ),
    "monitoreo:visita_editar": Caso(
        u("monitoreo:visita_editar", "plan", "visita"),
        fila("in  200 404 403 404 403 404 404 403 404"),
        fila("in  200 404 403 404 403 404 404 403 404"),
    ),
    "monitoreo:visita_eliminar": Caso(
        u("monitoreo:visita_eliminar", "plan", "visita"),
        fila("in  200 404 403 404 403 404 404 403 404"),
        fila("in  302 404 403 404 403 404 404 403 404"),
    ),
    # --- exportaciones (each exporter: EXPORTACIONES) ---
    "exportaciones:lista": Caso(
        u("exportaciones:lista"), todos(200), todos(200), oculto=EXPORTACION, ajenos=NO_DIRECTOR
    ),
    "exportaciones:trabajo": Caso(
        u("exportaciones:trabajo", "trabajo"),
        fila("in  200 404 404 404 404 404 404 404 404"),
        fila("in  200 404 404 404 404 404 404 404 404"),
    ),
    "exportaciones:descargar": Caso(
        u("exportaciones:descargar", "lista"),
        fila("in  200 404 404 404 404 404 404 404 404"),
        fila("in  200 404 404 404 404 404 404 404 404"),
    ),
    # --- avisos ---
    "avisos:lista": Caso(u("avisos:lista"), todos(200), todos(200), oculto=AVISO, ajenos=NO_DIRECTOR),
    "avisos:marcar_leidos": Caso(u("avisos:marcar_leidos"), todos(405), todos(302)),
    "avisos:abrir": Caso(
        u("avisos:abrir", "aviso"),
        fila("in  302 404 404 404 404 404 404 404 404"),
        fila("in  302 404 404 404 404 404 404 404 404"),
    ),
    # --- the admin's own pages (each registered model's: admin_esperado) ---
    "admin:index": Caso(u("admin:index"), solo_admin(200), solo_admin(200)),
    "admin:login": Caso(
        u("admin:login"),
        fila("200 200 200 200 200 200 200 302 302 200"),
        PUBLICO,
    ),
    "admin:logout": Caso(
        u("admin:logout"),
        fila("302 302 302 302 302 302 302 405 405 302"),
        fila("302 302 302 302 302 302 302 in  in  302"),
        escribe=True,
    ),
    "admin:password_change": Caso(u("admin:password_change"), solo_admin(200), solo_admin(200)),
    "admin:password_change_done": Caso(u("admin:password_change_done"), solo_admin(200), solo_admin(405)),
    "admin:autocomplete": Caso(u("admin:autocomplete"), solo_admin(403), solo_admin(405)),
    "admin:jsi18n": Caso(u("admin:jsi18n"), solo_admin(200), solo_admin(405)),
    # cuentas.Usuario's admin is Django's UserAdmin, with its password page under Django's own name.
    "admin:auth_user_password_change": Caso(
        u("admin:auth_user_password_change", "director"),
        solo_admin(200, difoca=403),
        solo_admin(200, difoca=403),
    ),
    "admin:app_list": {
        app: Caso(
            u("admin:app_list", app_label=app), solo_admin(200, difoca=404), solo_admin(200, difoca=404)
        )
        for app in ("balance", "territorio")
    }
    | {"practicas": Caso(u("admin:app_list", app_label="practicas"), solo_admin(200), solo_admin(200))},
    "admin:view_on_site": Caso(
        u(
            "admin:view_on_site",
            content_type_id=lambda m: ContentType.objects.get_for_model(m["publicada"]).pk,
            object_id=lambda m: m["publicada"].pk,
        ),
        solo_admin(404),
        solo_admin(404),
    ),
}


def exportar(identificador: str, **opciones) -> Callable[[dict], str]:
    """The export's address with its options, sent to the background (``fondo``): the scope is
    resolved when the exporter is built, so the confirmation page (GET) and the queued job (POST)
    answer for it without rendering every PDF for every role (each exporter's own tests read the
    files back)."""

    def url(m: dict) -> str:
        valores = {k: (v(m) if callable(v) else v) for k, v in opciones.items()} | {"fondo": 1}
        query = "&".join(f"{k}={v}" for k, v in valores.items())
        return reverse("exportaciones:exportar", args=[identificador]) + (f"?{query}" if query else "")

    return url


def pk(clave):
    return lambda m: m[clave].pk


EXPORTACIONES: dict[str, Caso] = {
    "balance.matriz_xlsx": Caso(
        exportar("balance.matriz_xlsx", matriz=pk("matriz")),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  302 404 302 404 302 404 404 302 404"),
    ),
    "balance.matriz_pdf": Caso(
        exportar("balance.matriz_pdf", matriz=pk("matriz")),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  302 404 302 404 302 404 404 302 404"),
    ),
    "balance.plantilla_xlsx": Caso(
        exportar("balance.plantilla_xlsx", matriz=pk("matriz")),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  302 404 302 404 302 404 404 302 404"),
    ),
    "balance.campana_xlsx": Caso(
        exportar("balance.campana_xlsx", campana=pk("campana")),
        fila("in  200 200 200 404 200 404 404 200 404"),
        fila("in  302 302 302 404 302 404 404 302 404"),
    ),
    "balance.campana_pdf": Caso(
        exportar("balance.campana_pdf", campana=pk("campana")),
        fila("in  200 200 200 404 200 404 404 200 404"),
        fila("in  302 302 302 404 302 404 404 302 404"),
    ),
    "balance.dre_xlsx": Caso(
        exportar("balance.dre_xlsx", dre=pk("dre_a"), anio=2023, estado=""),
        fila("in  404 404 404 404 200 404 404 200 404"),
        fila("in  404 404 404 404 302 404 404 302 404"),
    ),
    "balance.dre_pdf": Caso(
        exportar("balance.dre_pdf", dre=pk("dre_a"), anio=2023),
        fila("in  404 404 404 404 200 404 404 200 404"),
        fila("in  404 404 404 404 302 404 404 302 404"),
    ),
    "monitoreo.plan_pdf": Caso(
        exportar("monitoreo.plan_pdf", plan=pk("plan")),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  302 404 302 404 302 404 404 302 404"),
    ),
    "monitoreo.visitas_xlsx": Caso(
        exportar("monitoreo.visitas_xlsx", plan=pk("plan")),
        fila("in  200 404 200 404 200 404 404 200 404"),
        fila("in  302 404 302 404 302 404 404 302 404"),
    ),
    "practicas.ficha_pdf": Caso(
        exportar("practicas.ficha_pdf", practica=pk("borrador")),
        fila("in  404 404 404 404 404 404 200 200 404"),
        fila("in  404 404 404 404 404 404 302 302 404"),
    ),
    "practicas.evento_pdf": Caso(
        exportar("practicas.evento_pdf", evento=pk("evento_borrador")),
        fila("in  404 404 404 404 404 404 200 200 404"),
        fila("in  404 404 404 404 404 404 302 302 404"),
    ),
    "practicas.catalogo_xlsx": Caso(exportar("practicas.catalogo_xlsx"), todos(200), todos(302)),
    "monitoreo.cobertura_xlsx": Caso(
        exportar("monitoreo.cobertura_xlsx", anio=2024, dre="", ugel=pk("ugel_a1"), plan=""),
        fila("in  404 404 200 200 200 200 404 200 404"),
        fila("in  404 404 302 302 302 302 404 302 404"),
    ),
}


# Each registered model's changelist, add, change, history and delete pages, for whoever passes
# the admin's gate (solo_admin). DIFOCA manages the apps whose "<app>.gestionar" it holds
# (cuentas.backends); elsewhere it gets 403. The models' own limits, as their ModelAdmin declares them:
APPS_DIFOCA = {"practicas"}
# No "Add" button: the records are created by the services (or by the app itself).
SIN_ALTA = {
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "balance.compromiso",
    "balance.dificultad",
    "balance.logro",
    "balance.matriz",
    "balance.recordatorioplazo",
    "balance.seguimientocompromiso",
    "django_tasks_database.dbtaskresult",
    "exportaciones.exportacion",
    "practicas.buenapractica",
    "practicas.evento",
}
# Read-only in the admin: changed where the users change them (the matrix, the workspace).
SOLO_LECTURA = {
    "balance.compromiso",
    "balance.dificultad",
    "balance.logro",
    "balance.recordatorioplazo",
    "balance.seguimientocompromiso",
    "django_tasks_database.dbtaskresult",
    "practicas.buenapractica",
    "practicas.evento",
}
# Every field read-only, so a POST to the change page saves nothing and goes back to the list.
SIN_CAMPOS = {"axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"}
SIN_BORRADO = {
    "balance.compromiso",
    "balance.dificultad",
    "balance.logro",
    "balance.seguimientocompromiso",
    "django_tasks_database.dbtaskresult",
    "practicas.buenapractica",
    "practicas.evento",
}


def admin_esperado(modelo, accion: str, rol: str, metodo: str):
    """The status of one model's admin page for a role; POSTs carry an empty body."""
    etiqueta = modelo._meta.label_lower
    if rol not in ("admin", "difoca"):
        return ADMIN
    if rol == "difoca" and modelo._meta.app_label not in APPS_DIFOCA:
        return 403
    if accion == "add" and etiqueta in SIN_ALTA:
        return 403
    if accion == "delete" and etiqueta in SIN_BORRADO:
        return 403
    if accion == "change" and metodo == "POST":
        if etiqueta in SOLO_LECTURA:
            return 403
        if etiqueta in SIN_CAMPOS:
            return 302
    return 200


# --- the world ------------------------------------------------------------------------------------


def construir(carpeta) -> dict:
    """The records every URL is built from, in scope of the A-side roles."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from avisos.models import Aviso
    from balance import services as balance
    from balance.models import (
        CategoriaDificultad,
        Compromiso,
        Matriz,
        RecordatorioPlazo,
        SeguimientoCompromiso,
    )
    from cuentas.models import Rol
    from exportaciones.models import EstadoExportacion, Exportacion
    from monitoreo.models import PlanMonitoreo, Visita
    from practicas.models import ComentarioExperto, PracticaPresentada
    from tests.balance.conftest import LINEAMIENTOS, llenar
    from tests.factories import (
        EventoFactory,
        InstitucionFactory,
        practica_completa,
        practica_publicada,
    )

    m = crear_mundo()
    m.update(crear_usuarios(m))
    admin_ = m["admin"]
    # A school beside the CEBA: the director of inst_a1a directs it too, and writes its monitoring plan.
    m["inst_a1a"].nombre = CEBA
    m["inst_a1a"].save(update_fields=["nombre"])
    m["escuela"] = InstitucionFactory(
        ugel=m["ugel_a1"], codigo_modular="1111113", modalidad="ebr_primaria", nombre=ESCUELA
    )
    from cuentas.models import Asignacion

    Asignacion.objects.create(usuario=m["director"], rol=Rol.DIRECTOR, institucion=m["escuela"])

    # balance: an open campaign of UGEL A1 with inst_a1a's matrix filled in (borrador), a closed one.
    campana = balance.campana_crear(
        usuario=admin_,
        anio=2023,
        titulo="Balance 2023 – UGEL A1",
        ugel=m["ugel_a1"],
        fecha_limite=timezone.localdate() + timedelta(days=10),
        lineamientos=LINEAMIENTOS,
    )
    balance.campana_abrir(usuario=admin_, campana=campana)
    m["campana"] = campana
    m["matriz"] = Matriz.objects.get(campana=campana, institucion=m["inst_a1a"])
    m["matriz"] = llenar(m["matriz"], m["director"])
    compromiso = Compromiso.objects.create(matriz=m["matriz"], orden=1, que="Más talleres")
    SeguimientoCompromiso.objects.create(matriz=m["matriz"], compromiso=compromiso)
    RecordatorioPlazo.objects.create(campana=campana, dias=3, fecha_limite=campana.fecha_limite)
    CategoriaDificultad.objects.get_or_create(nombre="Asistencia")

    # monitoreo: the school's plan with one visit.
    m["plan"] = PlanMonitoreo.objects.create(institucion=m["escuela"], anio=2024, titulo=PLAN)
    m["visita"] = Visita.objects.create(
        plan=m["plan"], docente="Ana", grado=2, etapa=2, fecha=date(2024, 8, 7)
    )

    # practicas: a published practice presented at a published event, and a draft; an unpublished event.
    m["publicada"] = practica_publicada(slug="publicada")
    m["borrador"] = practica_completa(slug="borrador", titulo=BORRADOR)
    m["evento"] = EventoFactory(slug="intercambio", publicado=True, publicado_en=timezone.now())
    m["evento_borrador"] = EventoFactory(slug="intercambio-borrador", nombre=EVENTO)
    PracticaPresentada.objects.create(evento=m["evento"], practica=m["publicada"], orden=1)
    PracticaPresentada.objects.create(evento=m["evento"], practica=m["borrador"], orden=2)
    ComentarioExperto.objects.create(
        practica=m["publicada"], evento=m["evento_borrador"], experto=EXPERTA, aspectos_clave="Replicable."
    )
    m["comentario"] = ComentarioExperto.objects.create(
        practica=m["borrador"], experto="Jorge Chávez", aspectos_clave="Articula escuela y empleo."
    )

    # the director's own export (queued, with its background task) and a finished one with its file.
    m["trabajo"] = Exportacion.objects.create(
        usuario=m["director"], identificador="balance.matriz_pdf", nombre=EXPORTACION, parametros={}
    )
    lista = Exportacion(
        usuario=m["director"],
        identificador="balance.matriz_xlsx",
        nombre="Matriz",
        estado=EstadoExportacion.LISTA,
        expira=timezone.now() + timedelta(days=1),
    )
    with override_settings(MEDIA_ROOT=carpeta):
        lista.archivo.save("matriz.xlsx", ContentFile(b"PK"), save=False)
    lista.save()
    m["lista"] = lista
    from exportaciones.tasks import generar_exportacion

    generar_exportacion.enqueue(str(m["trabajo"].pk))

    m["aviso"] = Aviso.objects.create(usuario=m["director"], titulo=AVISO, enlace="/balance/")
    Group.objects.create(name="Lectores")
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1")
    return m


@pytest.fixture(scope="module")
def carpeta_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media_accesos")


@pytest.fixture(scope="module")
def m(django_db_setup, django_db_blocker, carpeta_media):
    """The world, built once for the module inside a transaction rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomico = transaction.atomic()
        atomico.__enter__()
        try:
            sembrar_rubricas()
            yield construir(carpeta_media)
        finally:
            transaction.set_rollback(True)
            atomico.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sesiones(m, django_db_blocker) -> dict[str, str]:
    """A signed-in session per role, made once (force_login in each case would cost more than the
    request it precedes)."""
    from django.test import Client

    claves = {}
    with django_db_blocker.unblock():
        for rol in ROLES:
            cliente = Client()
            cliente.force_login(m[rol])
            claves[rol] = cliente.cookies[settings.SESSION_COOKIE_NAME].value
    return claves


@pytest.fixture(autouse=True)
def media_del_mundo(settings, carpeta_media):
    settings.MEDIA_ROOT = carpeta_media


# --- walking the resolver -------------------------------------------------------------------------


def patrones(lista=None, prefijo="", espacio=""):
    """(key, route) of every URL pattern: the key is the namespaced name, or the route when the
    pattern has no name."""
    for patron in get_resolver().url_patterns if lista is None else lista:
        if isinstance(patron, URLResolver):
            ns = espacio + (f"{patron.namespace}:" if patron.namespace else "")
            yield from patrones(patron.url_patterns, prefijo + str(patron.pattern), ns)
        elif isinstance(patron, URLPattern):
            ruta = prefijo + str(patron.pattern)
            yield (espacio + patron.name if patron.name else ruta), ruta


def modelos_admin():
    return sorted(admin.site._registry.items(), key=lambda par: par[0]._meta.label)


# Each registered model's pages and the methods tried on them (a history page only reads).
ACCIONES_ADMIN = {
    "changelist": ("GET", "POST"),
    "add": ("GET", "POST"),
    "change": ("GET", "POST"),
    "delete": ("GET", "POST"),
    "history": ("GET",),
}


def url_admin(modelo, accion: str) -> Callable[[dict], str]:
    opts = modelo._meta

    def url(m: dict) -> str:
        nombre = f"admin:{opts.app_label}_{opts.model_name}_{accion}"
        if accion in ("changelist", "add"):
            return reverse(nombre)
        obj = modelo._default_manager.order_by("pk").first()
        assert obj is not None, f"the world has no {opts.label}: add one so its admin pages are tried"
        return reverse(nombre, args=[obj.pk])

    return url


def casos():
    """(url builder, method, expected per role, POST body, case) of the whole matrix, one per URL
    and method; the roles are tried inside the test."""
    for nombre, caso in ACCESOS.items():
        variantes = caso if isinstance(caso, dict) else {"": caso}
        for variante, c in variantes.items():
            ident = f"{nombre}[{variante}]" if variante else nombre
            for metodo in ("GET", "POST"):
                yield pytest.param(c, metodo, getattr(c, metodo), id=f"{ident}-{metodo}")
    for identificador, c in EXPORTACIONES.items():
        for metodo in ("GET", "POST"):
            yield pytest.param(c, metodo, getattr(c, metodo), id=f"exportar[{identificador}]-{metodo}")
    for modelo, _ in modelos_admin():
        for accion, metodos in ACCIONES_ADMIN.items():
            c = Caso(url_admin(modelo, accion), {}, {})
            for metodo in metodos:
                esperados = {rol: admin_esperado(modelo, accion, rol, metodo) for rol in TODOS}
                yield pytest.param(
                    c, metodo, esperados, id=f"admin:{modelo._meta.label_lower}_{accion}-{metodo}"
                )


# --- the checksum of every row ----------------------------------------------------------------------

# Written by any request, refused or not: the session of the signed-in test client.
SIN_HUELLA = {"django_session", "cuentas_sesion"}


def huellas() -> dict[str, str]:
    """A digest of every row of each table, in one query: what a refused POST must leave as it was."""
    tablas = sorted(set(connection.introspection.table_names()) - SIN_HUELLA)
    resumen = "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t)"
    partes = ", ".join(resumen.format(connection.ops.quote_name(n)) for n in tablas)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {partes}")
        return dict(zip(tablas, cursor.fetchone(), strict=True))


# --- the tests ------------------------------------------------------------------------------------

GRABAR = os.environ.get("ACCESOS_GRABAR")  # a file: write down what each case answers, assert nothing


def observado(respuesta):
    if respuesta.status_code == 302:
        if respuesta.url.startswith(reverse("cuentas:ingresar")):
            return INGRESO
        if respuesta.url.startswith(reverse("admin:login")):
            return ADMIN
    return respuesta.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("caso, metodo, esperados", list(casos()))
def test_acceso(client, m, sesiones, caso, metodo, esperados, request):
    """Each role in turn, each in a savepoint rolled back after it (an allowed POST changes
    nothing the next role sees). Every mismatch is reported, not only the first."""
    direccion = caso.url(m)
    fallos = []
    antes = huellas() if metodo == "POST" else None  # each role starts from here (its savepoint)
    for rol in TODOS:
        client.cookies.clear()
        if rol != ANONIMO:
            client.cookies[settings.SESSION_COOKIE_NAME] = sesiones[rol]
        with transaction.atomic():
            respuesta = client.get(direccion) if metodo == "GET" else client.post(direccion, caso.datos)
            obtenido = observado(respuesta)
            if obtenido != esperados[rol]:
                fallos.append(f"{metodo} {direccion} as {rol}: {obtenido}, expected {esperados[rol]}")
            elif metodo == "POST" and obtenido in RECHAZOS and not caso.escribe:
                despues = huellas()
                if cambiadas := [t for t in antes if antes[t] != despues[t]]:
                    fallos.append(f"refused POST {direccion} as {rol} changed {cambiadas}")
            if obtenido == 200 and rol in caso.ajenos and caso.oculto:
                texto = b"".join(respuesta) if respuesta.streaming else respuesta.content
                if caso.oculto.encode() in texto:
                    fallos.append(f"{metodo} {direccion} shows {caso.oculto!r} to {rol}")
            transaction.set_rollback(True)
        if GRABAR:
            with open(GRABAR, "a") as f:
                f.write(f"{request.node.callspec.id}-{rol}\t{obtenido}\n")
    if not GRABAR:
        assert not fallos, "\n".join(fallos)


def test_cada_url_tiene_su_expectativa():
    """A URL pattern without a row above fails here, by name: a new view is in the matrix the day
    it is added (and a row whose URL is gone fails too)."""
    registrados = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_{a}"
        for m, _ in modelos_admin()
        for a in ACCIONES_ADMIN
    }
    # The admin's own redirects: <model>/<id>/ to its change page, and its catch-all.
    redirecciones = {
        f"admin/{m._meta.app_label}/{m._meta.model_name}/<path:object_id>/" for m, _ in modelos_admin()
    }
    declarados = set(ACCESOS) | registrados | redirecciones
    declarados |= {"exportaciones:exportar", "admin/(?P<url>.*)$"}
    encontrados = {clave for clave, _ in patrones()}
    assert not encontrados - declarados, (
        f"URLs with no declared expectation: {sorted(encontrados - declarados)}"
    )
    olvidados = set(ACCESOS)
    assert not olvidados - encontrados, (
        f"rows for URLs that no longer exist: {sorted(olvidados - encontrados)}"
    )


def test_cada_exportador_tiene_su_expectativa():
    from exportaciones.base import exportadores

    # Not the ones other test modules register for themselves (tests/exportaciones).
    registrados = {cls.identificador for cls in exportadores if not cls.__module__.startswith("tests.")}
    assert registrados - set(EXPORTACIONES) == set(), (
        f"exporters with no row: {sorted(registrados - set(EXPORTACIONES))}"
    )
    assert set(EXPORTACIONES) - registrados == set()
