"""Adversarial text through the monitoring plan and its visits (the director), the coverage filters
(the UGEL), the profile (anyone), the login (anonymous) and the search of institutions."""

import itertools

from django.urls import reverse
from hypothesis import given

from cuentas.models import Usuario
from monitoreo.models import PlanMonitoreo, Visita
from tests.monitoreo.test_plan_form import datos as datos_plan
from tests.monitoreo.test_visitas import anio_con_visitas
from tests.monitoreo.test_visitas import datos as datos_visita

from .hostil import acotado, guardado_limpio, marca_escapada_si_guardada, sin_marca_cruda, texto_hostil


def escuela(institucion):
    """Monitoring plans are for schools (tests/monitoreo/conftest.py does the same)."""
    institucion.modalidad = "ebr_primaria"
    institucion.save(update_fields=["modalidad"])
    return institucion


def test_plan_de_monitoreo(mundo, client):
    escuela(mundo["inst_a1a"])
    client.force_login(mundo["director"])
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=2024, titulo="Plan")
    url = f"/monitoreo/planes/{plan.pk}/editar/"

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        plan.refresh_from_db()
        antes = (plan.titulo, plan.problema, plan.descripcion)
        datos = datos_plan(
            version=str(plan.version), titulo=texto, director=texto, problema=texto, descripcion=texto
        )
        respuesta = client.post(url, datos)
        assert respuesta.status_code in (200, 302, 409, 422)
        sin_marca_cruda(respuesta)
        plan.refresh_from_db()
        for guardado, anterior in zip((plan.titulo, plan.problema, plan.descripcion), antes, strict=True):
            guardado_limpio(guardado, texto, anterior)
        assert "\n" not in plan.titulo
        html = sin_marca_cruda(client.get(f"/monitoreo/planes/{plan.pk}/"))
        marca_escapada_si_guardada(html, plan.problema)

    propiedad()


def test_visitas(mundo, client):
    escuela(mundo["inst_a1a"])
    client.force_login(mundo["director"])
    plan = PlanMonitoreo.objects.create(institucion=mundo["inst_a1a"], anio=anio_con_visitas(), titulo="Plan")

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        previas = set(Visita.objects.values_list("pk", flat=True))
        respuesta = client.post(
            f"/monitoreo/planes/{plan.pk}/visitas/nueva/",
            datos_visita(docente=texto, notas=texto, compromisos=texto, fortalezas=texto),
        )
        assert respuesta.status_code in (200, 302, 422)
        sin_marca_cruda(respuesta)
        for visita in Visita.objects.exclude(pk__in=previas):
            guardado_limpio(visita.docente, texto, "")
            guardado_limpio(visita.notas, texto, "")
            guardado_limpio(visita.compromisos, texto, "")
            sin_marca_cruda(client.get(f"/monitoreo/planes/{plan.pk}/"))

    propiedad()
    assert Visita.objects.exists()  # the property saw visits saved, not only refusals


def test_perfil(mundo, client):
    director = mundo["director"]
    client.force_login(director)

    @acotado
    @given(nombre=texto_hostil, apellido=texto_hostil)
    def propiedad(nombre, apellido):
        antes = Usuario.objects.get(pk=director.pk)
        respuesta = client.post(
            "/cuentas/perfil/", {"first_name": nombre, "last_name": apellido, "email": ""}
        )
        assert respuesta.status_code in (200, 302, 422)
        sin_marca_cruda(respuesta)
        despues = Usuario.objects.get(pk=director.pk)
        guardado_limpio(despues.first_name, nombre, antes.first_name)
        guardado_limpio(despues.last_name, apellido, antes.last_name)
        assert "\n" not in despues.first_name + despues.last_name
        sin_marca_cruda(client.get("/cuentas/perfil/"))

    propiedad()


def test_crear_la_cuenta_de_un_director(mundo, client):
    client.force_login(mundo["ugel"])
    url = reverse("cuentas:director_nuevo", args=[mundo["inst_a1b"].pk])
    dni = itertools.count(40000000)
    creadas = []

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        numero = str(next(dni))
        datos = {"nombres": texto, "apellidos": texto, "dni": numero, "correo": f"d{numero}@ugel.gob.pe"}
        respuesta = client.post(url, datos)
        assert respuesta.status_code in (200, 302, 422)
        sin_marca_cruda(respuesta)
        for usuario in Usuario.objects.filter(username=numero):
            guardado_limpio(usuario.first_name, texto, "")
            guardado_limpio(usuario.last_name, texto, "")
            creadas.append(usuario)

    propiedad()
    assert creadas  # the property saw accounts created, not only refusals


def test_ingresar_y_buscar(db, client):
    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        respuesta = client.post("/cuentas/ingresar/", {"username": texto, "password": texto})
        assert respuesta.status_code in (200, 429)
        sin_marca_cruda(respuesta)
        respuesta = client.get("/cuentas/restablecer/", {"next": texto})
        assert respuesta.status_code in (200, 404)

    propiedad()


def test_filtros_de_cobertura_e_instituciones(mundo, client):
    client.force_login(mundo["ugel"])

    @acotado
    @given(texto=texto_hostil)
    def propiedad(texto):
        filtros = {
            "q": texto,
            "ugel": texto,
            "modalidad": texto,
            "anio": texto,
            "pagina": texto,
            "orden": texto,
        }
        for url in ("/territorio/instituciones/", "/monitoreo/", "/monitoreo/cobertura/", "/avisos/"):
            respuesta = client.get(url, filtros)
            assert respuesta.status_code in (200, 302, 404), url
            sin_marca_cruda(respuesta)

    propiedad()
