"""DIFOCA's practice editor: the first screen with its similar practices, the one-page sheet saved
as a whole or in the background, its lists in page order, the errors next to the fields with the
rest saved, version conflicts, and who may enter."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practicas import contenido
from practicas.models import ORDEN_ESTRATEGIAS, BuenaPractica, Contacto, Estrategia, Fase, Resultado
from tests.factories import BuenaPracticaFactory, DreFactory, RegionFactory, TemaFactory, UgelFactory
from tests.roles import ROLES, por_rol

LISTAS = ("instancias", "fases", "estrategias", "resultados", "contactos", "enlaces")


@pytest.fixture
def difoca(mundo):
    c = Client()
    c.force_login(mundo["difoca"])
    return c


@pytest.fixture
def practica(mundo):
    """A practice as seeds/002 has it: two phases, strategies in each, results, a contact."""
    p = BuenaPracticaFactory(
        titulo="Seguimiento al PAT de la DRE Junín", region=RegionFactory(nombre="Junín")
    )
    contenido.practica_guardar(
        practica=p,
        usuario=mundo["difoca"],
        version=None,
        documento=contenido.Documento(
            campos={"consiste": "Una estrategia de modernización institucional."},
            fases=[
                {"clave": "a", "id": None, "nombre": "I. Fase de preparación y soporte"},
                {"clave": "b", "id": None, "nombre": "II. Fase de ejecución"},
            ],
            listas={
                "instancias": [{"tipo": "dre", "nombre": "DRE Junín"}],
                "estrategias": [
                    {"fase": "a", "titulo": "Sensibilización institucional", "descripcion": "Jornadas."},
                    {"fase": "a", "titulo": "Asistencia técnica", "descripcion": "Capacitación."},
                    {"fase": "b", "titulo": "Monitoreo", "descripcion": "Seguimiento trimestral."},
                ],
                "resultados": [
                    {"tipo": "cuantitativo", "titulo": "", "cifra": "100%", "descripcion": "De las UGEL."}
                ],
                "contactos": [
                    {"nombre": "Ana Quispe", "cargo": "Directora", "correo": "ana@dre.pe", "telefono": ""}
                ],
            },
        ),
    )
    p.refresh_from_db()
    return p


def url(practica, nombre="practicas:gestion_editar"):
    return reverse(nombre, args=[practica.pk])


def filas_de(practica) -> dict[str, list[dict]]:
    """The page's rows as the editor loads them (ids, keys "e<id>", phases by key)."""
    fases = list(practica.fases.all())
    return {
        "instancias": [
            {"id": r.pk, "clave": f"e{r.pk}", "tipo": r.tipo, "nombre": r.nombre}
            for r in practica.instancias_involucradas.all()
        ],
        "fases": [{"id": f.pk, "clave": f"e{f.pk}", "nombre": f.nombre} for f in fases],
        "estrategias": [
            {
                "id": e.pk,
                "clave": f"e{e.pk}",
                "fase": f"e{e.fase_id}" if e.fase_id else "",
                "titulo": e.titulo,
                "descripcion": e.descripcion,
            }
            for e in practica.estrategias.order_by(*ORDEN_ESTRATEGIAS)
        ],
        "resultados": [
            {
                "id": r.pk,
                "clave": f"e{r.pk}",
                "tipo": r.tipo,
                "titulo": r.titulo,
                "cifra": r.cifra,
                "descripcion": r.descripcion,
            }
            for r in practica.resultados.all()
        ],
        "contactos": [
            {
                "id": c.pk,
                "clave": f"e{c.pk}",
                "nombre": c.nombre,
                "cargo": c.cargo,
                "correo": c.correo,
                "telefono": c.telefono,
            }
            for c in practica.contactos.all()
        ],
        "enlaces": [
            {"id": e.pk, "clave": f"e{e.pk}", "texto": e.texto, "url": e.url} for e in practica.enlaces.all()
        ],
    }


def pagina(practica, campos=None, **listas) -> dict[str, str]:
    """What the editor's form posts: the practice's fields and every list (as stored unless given)."""
    datos = {
        "version": str(practica.version),
        "titulo": practica.titulo,
        "region": str(practica.region_id),
        "tema": str(practica.tema_id),
        "etapa": practica.etapa,
        "anio": str(practica.anio),
        "problema": practica.problema,
        "consiste": practica.consiste,
        "intro_estrategias": practica.intro_estrategias,
        "intro_logros": practica.intro_logros,
        "cierre": practica.cierre,
        **(campos or {}),
    }
    guardadas = filas_de(practica)
    for nombre in LISTAS:
        filas = listas.get(nombre, guardadas[nombre])
        datos.update({f"{nombre}-TOTAL_FORMS": str(len(filas)), f"{nombre}-INITIAL_FORMS": "0"})
        for i, fila in enumerate(filas):
            for campo, valor in fila.items():
                datos[f"{nombre}-{i}-{campo}"] = "" if valor is None else str(valor)
    return datos


# --- Nueva práctica --------------------------------------------------------------------------------


def nueva_datos(**kwargs):
    tema = TemaFactory()
    region = kwargs.pop("region", None) or RegionFactory(nombre="Junín")
    return {
        "titulo": "Seguimiento al PAT de la DRE Junín",
        "region": region.pk,
        "tema": tema.pk,
        "etapa": "avanzado",
        "anio": "2025",
        **kwargs,
    }


def test_nueva_crea_y_lleva_al_editor(difoca):
    respuesta = difoca.post(reverse("practicas:gestion_nueva"), nueva_datos())
    practica = BuenaPractica.objects.get()
    assert respuesta.status_code == 302 and respuesta["Location"] == url(practica)
    assert practica.titulo == "Seguimiento al PAT de la DRE Junín" and practica.estado == "borrador"


def test_nueva_propone_el_anio_actual(difoca):
    html = difoca.get(reverse("practicas:gestion_nueva")).content.decode()
    assert f'value="{date.today().year}"' in html


def test_nueva_avisa_de_una_parecida_en_la_misma_region(difoca, practica):
    datos = nueva_datos(titulo="Seguimiento al PAT de la DRE Junin", region=practica.region)
    respuesta = difoca.post(reverse("practicas:gestion_nueva"), datos)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert 'id="parecidas"' in html and f'href="{url(practica)}"' in html and "borrador" in html
    assert "Es otra práctica: crearla de todos modos" in html
    assert BuenaPractica.objects.count() == 1

    respuesta = difoca.post(reverse("practicas:gestion_nueva"), {**datos, "otra": "on"})
    assert respuesta.status_code == 302
    assert BuenaPractica.objects.count() == 2


def test_el_editor_avisa_mientras_haya_otra_parecida_en_la_region(difoca, practica):
    assert 'id="parecidas"' not in difoca.get(url(practica)).content.decode()
    gemela = BuenaPracticaFactory(titulo="Seguimiento al PAT de la DRE Junin 2025", region=practica.region)
    html = difoca.get(url(practica)).content.decode()
    assert 'id="parecidas"' in html and f'href="{url(gemela)}"' in html


def test_nueva_no_avisa_por_otra_region(difoca, practica):
    datos = nueva_datos(titulo=practica.titulo, region=RegionFactory(nombre="Pasco"))
    respuesta = difoca.post(reverse("practicas:gestion_nueva"), datos)
    assert respuesta.status_code == 302
    assert BuenaPractica.objects.count() == 2


def test_nueva_sin_titulo(difoca):
    respuesta = difoca.post(reverse("practicas:gestion_nueva"), nueva_datos(titulo="  "))
    assert respuesta.status_code == 200
    assert "Escribe el título de la práctica." in respuesta.content.decode()
    assert not BuenaPractica.objects.exists()


# --- The editor -----------------------------------------------------------------------------------


def test_editor_muestra_las_secciones_de_la_ficha(difoca, practica):
    html = difoca.get(url(practica)).content.decode()
    orden = [
        "Datos generales",
        "Instancias involucradas",
        "Problema",
        "¿En qué consiste?",
        "Fases",
        "Texto que presenta las estrategias",
        "Estrategias",
        "¿Qué está logrando?",
        "Resultados",
        "Resumen final",
        "Contactos",
        "Conoce más",
    ]
    posiciones = [html.index(t, html.index('id="form-practica"')) for t in orden]
    assert posiciones == sorted(posiciones)
    assert "I. Fase de preparación y soporte" in html and "Sensibilización institucional" in html
    assert 'data-lista="estrategias"' in html and 'data-opciones-de="fases"' in html
    assert "Formato: deja una línea en blanco entre párrafos" in html
    assert 'maxlength="250"' in html  # the title's limit
    assert "Subir" in html and "Bajar" in html and "Quitar" in html and "Agregar estrategia" in html


def test_guardar_escribe_las_listas_en_el_orden_de_la_pagina(difoca, practica):
    filas = filas_de(practica)
    estrategias = filas["estrategias"]
    # Moved: the third (phase II) up to phase I, first; the first one last within phase I.
    estrategias[2]["fase"] = estrategias[0]["fase"]
    nuevas = [estrategias[2], estrategias[1], estrategias[0]]
    respuesta = difoca.post(url(practica), pagina(practica, estrategias=nuevas))
    assert respuesta.status_code == 302
    assert [m.message for m in respuesta.wsgi_request._messages] == ["Cambios guardados."]
    fase1 = practica.fases.get(orden=1)
    assert list(fase1.estrategias.order_by("orden").values_list("titulo", flat=True)) == [
        "Monitoreo",
        "Asistencia técnica",
        "Sensibilización institucional",
    ]


def test_estrategia_en_una_fase_creada_en_el_mismo_guardado(difoca, practica):
    filas = filas_de(practica)
    fases = [*filas["fases"], {"id": "", "clave": "nueva1", "nombre": "III. Fase de evaluación"}]
    estrategias = [
        *filas["estrategias"],
        {"id": "", "clave": "n2", "fase": "nueva1", "titulo": "Balance", "descripcion": "Al cierre del año."},
    ]
    respuesta = difoca.post(url(practica), pagina(practica, fases=fases, estrategias=estrategias))
    assert respuesta.status_code == 302
    nueva = Estrategia.objects.get(titulo="Balance")
    assert nueva.fase.nombre == "III. Fase de evaluación" and nueva.fase.orden == 3


def test_quitar_una_fase_con_sus_estrategias_movidas_las_deja_sin_fase(difoca, practica):
    filas = filas_de(practica)
    fase_b = filas["fases"][1]
    for e in filas["estrategias"]:
        if e["fase"] == fase_b["clave"]:
            e["fase"] = ""  # the page moved them out (listas.js does so when the phase goes)
    respuesta = difoca.post(
        url(practica), pagina(practica, fases=filas["fases"][:1], estrategias=filas["estrategias"])
    )
    assert respuesta.status_code == 302
    assert list(practica.fases.values_list("nombre", flat=True)) == ["I. Fase de preparación y soporte"]
    assert Estrategia.objects.get(titulo="Monitoreo").fase is None
    assert practica.estrategias.count() == 3


def test_una_estrategia_que_nombra_una_fase_quitada_no_borra_nada(difoca, practica):
    filas = filas_de(practica)
    respuesta = difoca.post(url(practica), pagina(practica, fases=filas["fases"][:1]))
    assert respuesta.status_code == 200
    assert "Esa fase ya no está: elige otra." in respuesta.content.decode()
    assert practica.fases.count() == 2 and practica.estrategias.count() == 3


def test_correo_invalido_marca_el_campo_y_guarda_lo_demas(difoca, practica):
    filas = filas_de(practica)
    contactos = [
        {**filas["contactos"][0], "correo": "ana-arroba-dre"},
        {"id": "", "clave": "n1", "nombre": "Luis Rojas", "cargo": "", "correo": "", "telefono": ""},
    ]
    respuesta = difoca.post(
        url(practica), pagina(practica, {"problema": "Nuevo problema."}, contactos=contactos)
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Escribe un correo válido" in html
    assert "Se guardó lo demás; por corregir" in html
    # The error is next to the contact's e-mail field (crispy: the field, then its message).
    campo = html.index('name="contactos-0-correo"')
    assert campo < html.index("Escribe un correo válido", campo) < html.index('name="contactos-0-telefono"')
    practica.refresh_from_db()
    assert practica.problema == "Nuevo problema."
    assert list(Contacto.objects.filter(practica=practica).values_list("nombre", "correo")) == [
        ("Ana Quispe", "ana@dre.pe")
    ]


def test_sin_titulo_marca_el_error_y_no_lo_borra(difoca, practica):
    respuesta = difoca.post(url(practica), pagina(practica, {"titulo": "", "consiste": "Otro texto."}))
    assert respuesta.status_code == 200
    assert "Escribe el título de la práctica." in respuesta.content.decode()
    practica.refresh_from_db()
    assert practica.titulo == "Seguimiento al PAT de la DRE Junín" and practica.consiste == "Otro texto."


def test_una_lista_de_300_filas_se_rechaza_sin_perder_nada(difoca, practica):
    filas = filas_de(practica)
    muchas = filas["estrategias"] + [
        {"id": "", "clave": f"n{i}", "fase": "", "titulo": f"E{i}", "descripcion": "Texto."}
        for i in range(297)
    ]
    respuesta = difoca.post(url(practica), pagina(practica, {"consiste": "Cambiado."}, estrategias=muchas))
    assert respuesta.status_code == 200
    assert "Hasta 100 filas en esta lista." in respuesta.content.decode()
    assert practica.estrategias.count() == 3 and practica.fases.count() == 2
    practica.refresh_from_db()
    assert practica.consiste == "Cambiado."


def test_html_se_guarda_como_texto_y_se_muestra_escapado(difoca, practica):
    ataque = '<script>alert("x")</script><b>negrita</b>'
    filas = filas_de(practica)
    filas["estrategias"][0]["titulo"] = ataque
    respuesta = difoca.post(
        url(practica), pagina(practica, {"problema": ataque}, estrategias=filas["estrategias"])
    )
    assert respuesta.status_code == 302
    practica.refresh_from_db()
    assert practica.problema == ataque
    assert Estrategia.objects.filter(titulo=ataque).exists()
    html = difoca.get(url(practica)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_conflicto_de_version_409_y_nada_escrito(difoca, practica, mundo):
    datos = pagina(practica, {"consiste": "Mi versión."})
    # Someone else saved meanwhile.
    contenido.practica_guardar(
        practica=practica,
        usuario=mundo["admin"],
        version=practica.version,
        documento=contenido.Documento(campos={"cierre": "Del otro."}),
    )
    respuesta = difoca.post(url(practica, "practicas:gestion_autoguardar"), datos)
    assert respuesta.status_code == 409
    assert "guardó esta práctica" in respuesta.content.decode()
    practica.refresh_from_db()
    assert (
        practica.consiste == "Una estrategia de modernización institucional."
        and practica.cierre == "Del otro."
    )

    # The page's «Guardar» shows the choice. The page keeps its own version: saving it plainly
    # conflicts again; «keep mine» carries the newer version number.
    respuesta = difoca.post(url(practica), datos)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200 and 'id="conflicto"' in html
    assert f'id="version" value="{datos["version"]}"' in html
    assert f'name="forzar" value="{practica.version}"' in html
    assert 'id="conflicto"' in difoca.post(url(practica), datos).content.decode()
    practica.refresh_from_db()
    assert practica.cierre == "Del otro."
    respuesta = difoca.post(url(practica), {**datos, "forzar": str(practica.version)})
    assert respuesta.status_code == 302
    practica.refresh_from_db()
    assert practica.consiste == "Mi versión."


def test_quedarme_con_mis_cambios_escribe_solo_lo_que_la_pagina_cambio(difoca, practica, mundo):
    # This page changed «¿En qué consiste?» and the contacts; meanwhile someone rewrote the problem
    # and the strategies' introduction.
    datos = pagina(practica, {"consiste": "Mi versión.", "problema": practica.problema})
    datos["contactos-0-nombre"] = "Ana Quispe Mamani"
    contenido.practica_guardar(
        practica=practica,
        usuario=mundo["admin"],
        version=practica.version,
        documento=contenido.Documento(campos={"problema": "Del otro.", "intro_estrategias": "Del otro."}),
    )
    practica.refresh_from_db()
    tocados = '["consiste", "contactos"]'
    respuesta = difoca.post(url(practica), {**datos, "tocados": tocados})
    html = respuesta.content.decode()
    assert 'id="conflicto"' in html and "¿En qué consiste?" in html.split('id="conflicto"')[1][:3000]
    respuesta = difoca.post(url(practica), {**datos, "tocados": tocados, "forzar": str(practica.version)})
    assert respuesta.status_code == 302
    practica.refresh_from_db()
    assert practica.consiste == "Mi versión."
    assert practica.problema == "Del otro." and practica.intro_estrategias == "Del otro."
    assert list(practica.contactos.values_list("nombre", flat=True)) == ["Ana Quispe Mamani"]


def test_quedarme_con_mis_cambios_sin_javascript_guarda_toda_la_pagina(difoca, practica, mundo):
    datos = pagina(practica, {"consiste": "Mi versión."})
    contenido.practica_guardar(
        practica=practica,
        usuario=mundo["admin"],
        version=practica.version,
        documento=contenido.Documento(campos={"cierre": "Del otro."}),
    )
    practica.refresh_from_db()
    respuesta = difoca.post(url(practica), {**datos, "forzar": str(practica.version)})
    assert respuesta.status_code == 302
    practica.refresh_from_db()
    assert practica.consiste == "Mi versión." and practica.cierre == ""


def test_autoguardado_devuelve_los_ids_de_las_filas_nuevas(difoca, practica):
    filas = filas_de(practica)
    fases = [*filas["fases"], {"id": "", "clave": "nf", "nombre": "III. Cierre"}]
    estrategias = [
        *filas["estrategias"],
        {"id": "", "clave": "ne", "fase": "nf", "titulo": "", "descripcion": "Nueva."},
    ]
    resultados = [
        {
            "id": "",
            "clave": "nr",
            "tipo": "logro",
            "titulo": "",
            "cifra": "",
            "descripcion": "Mejor coordinación.",
        },
        *filas["resultados"],
    ]
    respuesta = difoca.post(
        url(practica, "practicas:gestion_autoguardar"),
        pagina(practica, fases=fases, estrategias=estrategias, resultados=resultados),
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    fase = Fase.objects.get(nombre="III. Cierre")
    estrategia = Estrategia.objects.get(descripcion="Nueva.")
    resultado = Resultado.objects.get(descripcion="Mejor coordinación.")
    for clave, pk in (("nf", fase.pk), ("ne", estrategia.pk), ("nr", resultado.pk)):
        assert f'<span data-nuevo data-clave="{clave}" data-pk="{pk}"></span>' in html
    assert html.count("data-nuevo") == 3  # the stored rows are not new
    assert f'id="version" value="{practica.version + 1}" hx-swap-oob="true"' in html
    assert estrategia.fase == fase


def test_autoguardado_con_errores_responde_422_y_guarda_lo_demas(difoca, practica):
    enlaces = [{"id": "", "clave": "n1", "texto": "Video", "url": "javascript:alert(1)"}]
    respuesta = difoca.post(
        url(practica, "practicas:gestion_autoguardar"),
        pagina(practica, {"cierre": "Final."}, enlaces=enlaces),
    )
    assert respuesta.status_code == 422
    assert "Se guardó lo demás; por corregir:" in respuesta.content.decode()
    practica.refresh_from_db()
    assert practica.cierre == "Final." and not practica.enlaces.exists()


def test_autoguardado_con_sesion_vencida(client, practica):
    respuesta = client.post(url(practica, "practicas:gestion_autoguardar"), pagina(practica))
    assert respuesta.status_code == 401
    assert "Tu sesión terminó" in respuesta.content.decode()


def test_instancias_sugiere_las_dre_y_ugel_de_la_region(difoca, practica):
    dre = DreFactory(nombre="DRE Junín", region=practica.region)
    UgelFactory(nombre="UGEL Huancayo", dre=dre)
    UgelFactory(nombre="UGEL de otra región")
    html = difoca.get(url(practica)).content.decode()
    assert '<option value="UGEL Huancayo">' in html and '<option value="DRE Junín">' in html
    assert "UGEL de otra región" not in html


# --- Who may enter --------------------------------------------------------------------------------

ESPERADO = por_rol(
    director=404,
    director_otro=404,
    ugel=404,
    ugel_otro=404,
    dre=404,
    dre_otro=404,
    difoca=200,
    admin=200,
    sin_rol=404,
)


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize(
    "vista", ["practicas:gestion_nueva", "practicas:gestion_editar", "practicas:gestion_autoguardar"]
)
def test_alcance_por_rol(usuarios, practica, rol, vista):
    c = Client()
    c.force_login(usuarios[rol])
    if vista == "practicas:gestion_nueva":
        respuesta = c.get(reverse(vista))
    elif vista == "practicas:gestion_editar":
        respuesta = c.get(url(practica, vista))
    else:
        respuesta = c.post(url(practica, vista), pagina(practica))
    assert respuesta.status_code == ESPERADO[rol]
    if ESPERADO[rol] == 404:
        practica.refresh_from_db()
        assert practica.version == 2  # nothing written


@pytest.mark.parametrize("vista", ["practicas:gestion_nueva", "practicas:gestion_editar"])
def test_anonimo_404(client, practica, vista):
    destino = reverse(vista) if vista == "practicas:gestion_nueva" else url(practica, vista)
    assert client.get(destino).status_code == 404
    assert client.post(destino, pagina(practica)).status_code == 404


# --- Bounded queries ------------------------------------------------------------------------------


def _con_estrategias(practica, usuario, n):
    filas = [{"fase": "", "titulo": f"E{i}", "descripcion": "Texto."} for i in range(n)]
    resultados = [
        {"tipo": "cualitativo", "titulo": "", "cifra": "", "descripcion": f"R{i}"} for i in range(n)
    ]
    contactos = [{"nombre": f"C{i}", "cargo": "", "correo": "", "telefono": ""} for i in range(n)]
    contenido.practica_guardar(
        practica=practica,
        usuario=usuario,
        version=None,
        documento=contenido.Documento(
            listas={"estrategias": filas, "resultados": resultados, "contactos": contactos}
        ),
    )
    practica.refresh_from_db()


def _consultas(cliente, practica) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as pagina_get:
        assert cliente.get(url(practica)).status_code == 200
    datos = pagina(practica, {"consiste": "Cambio."})
    with CaptureQueriesContext(connection) as guardado:
        assert cliente.post(url(practica, "practicas:gestion_autoguardar"), datos).status_code == 200
    return len(pagina_get), len(guardado)


def test_consultas_acotadas(difoca, mundo, django_assert_max_num_queries):
    """The editor and its autosave read and write each list at once: 3 or 30 rows, the same count."""
    pocas, muchas = BuenaPracticaFactory(), BuenaPracticaFactory()
    _con_estrategias(pocas, mundo["difoca"], 3)
    _con_estrategias(muchas, mundo["difoca"], 30)
    assert _consultas(difoca, pocas) == _consultas(difoca, muchas)
    # Session and permission, the practice, six lists, the selects and the region's offices.
    with django_assert_max_num_queries(16):
        assert difoca.get(url(muchas)).status_code == 200
    muchas.refresh_from_db()
    datos = pagina(muchas, {"consiste": "Otro cambio."})
    # Also: locked, each list synchronised (a few queries each), the history entry, the save, the
    # public documents' version (practicas.publicos).
    with django_assert_max_num_queries(29):
        assert difoca.post(url(muchas, "practicas:gestion_autoguardar"), datos).status_code == 200


def test_el_texto_tras_las_estrategias_se_escribe_y_sale_en_la_ficha(difoca, practica):
    assert "Texto tras las estrategias" in difoca.get(url(practica)).content.decode()
    texto = "En conjunto, el despliegue de estas estrategias ha institucionalizado un sistema articulado."
    assert difoca.post(url(practica), pagina(practica, {"cierre_estrategias": texto})).status_code == 302
    practica.refresh_from_db()
    assert practica.cierre_estrategias == texto
    html = difoca.get(url(practica, "practicas:gestion_vista_previa")).content.decode()
    assert html.index("Monitoreo") < html.index(texto) < html.index("¿Qué está logrando?")


def test_una_fase_sin_nombre_pide_mover_sus_estrategias_y_guarda_lo_demas(difoca, practica):
    filas = filas_de(practica)
    filas["fases"][0]["nombre"] = ""  # the first phase emptied; its two strategies still point at it
    antes = sorted(Estrategia.objects.filter(practica=practica).values_list("pk", "fase_id"))
    respuesta = difoca.post(
        url(practica, "practicas:gestion_autoguardar"),
        pagina(practica, {"consiste": "Escrito mientras tanto."}, fases=filas["fases"]),
    )
    assert respuesta.status_code == 422
    assert "Esa fase ya no está" in respuesta.content.decode()
    practica.refresh_from_db()
    assert practica.consiste == "Escrito mientras tanto."
    assert sorted(Estrategia.objects.filter(practica=practica).values_list("pk", "fase_id")) == antes
    assert practica.fases.count() == 2


def test_el_editor_de_una_publicada_dice_que_los_cambios_se_ven_al_instante(difoca, practica):
    assert 'id="aviso-publicada"' not in difoca.get(url(practica)).content.decode()
    BuenaPractica.objects.filter(pk=practica.pk).update(estado="publicada", publicada_en=practica.creada)
    assert 'id="aviso-publicada"' in difoca.get(url(practica)).content.decode()
