"""Difficulties tagged by the managed list of categories: the editor, the autosave, bad input, the
offline template and the exports."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from balance import plantilla, services
from balance.models import CategoriaDificultad, Dificultad, Estado

from .conftest import llenar
from .formulario import datos_formulario, prefijo
from .test_exports import datos, descargar, libro, texto_pdf
from .test_plantilla import bajar, como_archivo, fila_de, subir


@pytest.fixture
def director(client, mundo):
    client.force_login(mundo["director"])
    return client


def categoria(nombre):
    return CategoriaDificultad.objects.get(nombre=nombre)


def primera_dificultad(matriz):
    return Dificultad.objects.get(fila__matriz=matriz, fila__lineamiento__orden=1, orden=1)


def test_la_lista_viene_sembrada_y_ordenada(db):
    nombres = list(CategoriaDificultad.objects.activas().values_list("nombre", flat=True))
    assert nombres[:5] == [
        "Conectividad",
        "Asistencia de estudiantes",
        "Recursos y materiales",
        "Capacitación docente",
        "Infraestructura",
    ]
    assert nombres[-1] == "Otra"


def test_el_editor_ofrece_la_lista_con_su_etiqueta(director, matriz):
    CategoriaDificultad.objects.filter(nombre="Infraestructura").update(activa=False)
    html = director.get(reverse("balance:matriz_editar", args=[matriz.pk])).content.decode()
    p = prefijo(matriz)
    assert f'for="id_{p}-d1-categoria"' in html
    assert "Categoría de la dificultad 1" in html
    assert "— sin categoría —" in html and "Conectividad" in html
    assert ">Infraestructura<" not in html  # inactive: no longer offered


def test_guardar_y_autoguardar_la_categoria(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    p = prefijo(matriz)
    conectividad, asistencia = categoria("Conectividad"), categoria("Asistencia de estudiantes")
    datos_ = datos_formulario(matriz, **{f"{p}-d1-categoria": str(conectividad.pk), "guardar": "1"})
    assert director.post(reverse("balance:matriz_editar", args=[matriz.pk]), datos_).status_code == 302
    assert primera_dificultad(matriz).categoria == conectividad

    matriz.refresh_from_db()
    datos_ = datos_formulario(matriz, **{f"{p}-d1-categoria": str(asistencia.pk)})
    respuesta = director.post(reverse("balance:matriz_autoguardar", args=[matriz.pk]), datos_)
    assert respuesta.status_code == 200
    assert primera_dificultad(matriz).categoria == asistencia

    # Back to none: the difficulty keeps its text.
    matriz.refresh_from_db()
    datos_ = datos_formulario(matriz, **{f"{p}-d1-categoria": ""})
    director.post(reverse("balance:matriz_autoguardar", args=[matriz.pk]), datos_)
    d = primera_dificultad(matriz)
    assert d.categoria is None and d.texto == "Asistencia irregular"


@pytest.mark.parametrize("caso", ["desconocida", "inactiva"])
def test_una_categoria_fuera_de_la_lista_se_rechaza_junto_al_campo(director, matriz, mundo, caso):
    llenar(matriz, mundo["director"])
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=2,
        filas={
            primera_dificultad(matriz).fila_id: services.DatosFila(
                dificultades=["Asistencia irregular"], categorias=[categoria("Conectividad").pk]
            )
        },
    )
    matriz.refresh_from_db()
    version = matriz.version
    mala = 999999 if caso == "desconocida" else categoria("Infraestructura").pk
    CategoriaDificultad.objects.filter(nombre="Infraestructura").update(activa=False)
    p = prefijo(matriz)
    datos_ = datos_formulario(matriz, **{f"{p}-d1-categoria": str(mala), "guardar": "1"})
    respuesta = director.post(reverse("balance:matriz_editar", args=[matriz.pk]), datos_)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    # Next to the field (its feedback follows the select), in the tú voice.
    campo = html.index(f'id="id_{p}-d1-categoria"')
    texto = "Esa categoría no está en la lista: elige una de la lista o déjala sin categoría."
    # Once in the summary at the top (a link to the field), once under the field itself.
    assert html.index(texto) < campo
    assert campo < html.index(texto, campo) < campo + 3000
    assert "is-invalid" in html[html.rfind("<select", 0, campo + 1) : campo + 200]
    # Nothing already saved changes.
    assert primera_dificultad(matriz).categoria.nombre == "Conectividad"
    matriz.refresh_from_db()
    assert matriz.version == version

    respuesta = director.post(reverse("balance:matriz_autoguardar", args=[matriz.pk]), datos_)
    assert respuesta.status_code == 422
    assert "no está en la lista" in respuesta.content.decode()
    assert primera_dificultad(matriz).categoria.nombre == "Conectividad"


def test_el_servicio_rechaza_una_categoria_inactiva(matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    inactiva = categoria("Infraestructura")
    inactiva.activa = False
    inactiva.save()
    with pytest.raises(ValidationError, match="no está en la lista"):
        services.matriz_guardar(
            matriz=matriz,
            usuario=mundo["director"],
            version=matriz.version,
            filas={
                primera_dificultad(matriz).fila_id: services.DatosFila(
                    dificultades=["Otro texto"], categorias=[inactiva.pk]
                )
            },
        )
    assert primera_dificultad(matriz).texto == "Asistencia irregular"


def test_una_categoria_desactivada_se_conserva_en_su_dificultad(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    infra = categoria("Infraestructura")
    Dificultad.objects.filter(pk=primera_dificultad(matriz).pk).update(categoria=infra)
    infra.activa = False
    infra.save()
    html = director.get(reverse("balance:matriz_editar", args=[matriz.pk])).content.decode()
    assert f'<option value="{infra.pk}" selected>Infraestructura</option>' in html
    p = prefijo(matriz)
    datos_ = datos_formulario(matriz, **{f"{p}-d1-texto": "Aulas sin techo"})
    assert datos_[f"{p}-d1-categoria"] == str(infra.pk)
    respuesta = director.post(reverse("balance:matriz_autoguardar", args=[matriz.pk]), datos_)
    assert respuesta.status_code == 200
    d = primera_dificultad(matriz)
    assert (d.texto, d.categoria) == ("Aulas sin techo", infra)


def test_la_plantilla_lleva_la_categoria_de_ida_y_vuelta(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    Dificultad.objects.filter(pk=primera_dificultad(matriz).pk).update(categoria=categoria("Conectividad"))
    p = prefijo(matriz)
    wb = bajar(director, matriz)
    celda = fila_de(wb, f"{p}-d1-categoria")
    assert celda.value == "Conectividad"
    listas = [dv for dv in wb[plantilla.HOJA].data_validations.dataValidation if dv.type == "list"]
    assert listas and celda.coordinate in str(listas[0].sqref)
    assert wb[plantilla.HOJA_LISTAS].sheet_state == "hidden"
    assert "Capacitación docente" in [c.value for c in wb[plantilla.HOJA_LISTAS]["A"]]

    celda.value = "capacitación  docente"  # as typed by hand: case and spaces do not matter
    fila_de(wb, f"{p}-d2-texto").value = "Falta de laptops"
    fila_de(wb, f"{p}-d2-categoria").value = "Recursos y materiales"
    respuesta = subir(director, matriz, como_archivo(wb))
    html = respuesta.content.decode()
    assert "Conectividad" in html and "Capacitación docente" in html  # the preview names them
    director.post(reverse("balance:matriz_importar", args=[matriz.pk]), {"confirmar": "1"})
    categorias = dict(Dificultad.objects.filter(fila_id=int(p[1:])).values_list("orden", "categoria__nombre"))
    assert categorias == {1: "Capacitación docente", 2: "Recursos y materiales"}


def test_la_plantilla_rechaza_una_categoria_que_no_esta_en_la_lista(director, matriz, mundo):
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    p = prefijo(matriz)
    wb = bajar(director, matriz)
    celda = fila_de(wb, f"{p}-d1-categoria")
    celda.value = "Mala suerte"
    html = subir(director, matriz, como_archivo(wb)).content.decode()
    assert "no está en la lista" in html and celda.coordinate in html
    assert primera_dificultad(matriz).categoria is None


def test_una_plantilla_sin_la_columna_de_categoria_conserva_la_guardada(director, matriz, mundo):
    """A template downloaded before the categories existed has no category rows: the upload keeps
    the stored ones."""
    llenar(matriz, mundo["director"])
    matriz.refresh_from_db()
    Dificultad.objects.filter(pk=primera_dificultad(matriz).pk).update(categoria=categoria("Conectividad"))
    p = prefijo(matriz)
    wb = bajar(director, matriz)
    ws = wb[plantilla.HOJA]
    for row in ws.iter_rows():
        if isinstance(row[3].value, str) and row[3].value.endswith("-categoria"):
            row[1].value = row[3].value = None
    fila_de(wb, f"{p}-d1-texto").value = "Asistencia muy irregular"
    respuesta = subir(director, matriz, como_archivo(wb))
    assert "La plantilla cambia 1 campo" in respuesta.content.decode()
    director.post(reverse("balance:matriz_importar", args=[matriz.pk]), {"confirmar": "1"})
    d = primera_dificultad(matriz)
    assert (d.texto, d.categoria.nombre) == ("Asistencia muy irregular", "Conectividad")


def test_las_exportaciones_de_la_matriz_muestran_la_categoria(client, matriz, mundo):
    llenar(matriz, mundo["director"])
    Dificultad.objects.filter(pk=primera_dificultad(matriz).pk).update(categoria=categoria("Conectividad"))
    client.force_login(mundo["ugel"])
    wb = libro(descargar(client, "balance.matriz_xlsx", matriz=matriz.pk))
    ws = wb["Matriz"]
    encabezados = [c.value for c in ws[int(ws.freeze_panes[1:]) - 1]]
    columna = encabezados.index("Dificultad 1: categoría")
    assert encabezados[columna - 1] == "Dificultad 1"
    assert datos(ws)[0][columna] == "Conectividad"
    assert "Asistencia irregular (Conectividad)" in texto_pdf(
        descargar(client, "balance.matriz_pdf", matriz=matriz.pk)
    )

    wb = libro(descargar(client, "balance.campana_xlsx", campana=matriz.campana_id))
    ws = wb["1. Aprendizajes para la vida"]
    encabezados = [c.value for c in ws[int(ws.freeze_panes[1:]) - 1]]
    fila = next(f for f in datos(ws) if f[1] == "1111111")
    assert fila[encabezados.index("Dificultad 1: categoría")] == "Conectividad"
    assert matriz.estado == Estado.BORRADOR  # every state is exported, drafts too


def test_el_administrador_mantiene_la_lista_en_el_admin(client, mundo):
    client.force_login(mundo["admin"])
    url = reverse("admin:balance_categoriadificultad_add")
    respuesta = client.post(url, {"nombre": "Transporte\x07 escolar", "orden": 20, "activa": "on"})
    assert respuesta.status_code == 302
    assert CategoriaDificultad.objects.filter(nombre="Transporte escolar").exists()  # one clean line
    client.force_login(mundo["ugel"])
    assert client.get(url).status_code in (302, 403)
