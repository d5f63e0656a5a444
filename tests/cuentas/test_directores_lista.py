import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cuentas.models import Asignacion, Rol, Usuario
from tests.factories import UsuarioFactory
from tests.roles import ROLES, por_rol


def url(ugel):
    return reverse("cuentas:directores_lista", args=[ugel.pk])


def url_xlsx(ugel):
    return reverse("cuentas:directores_lista_xlsx", args=[ugel.pk])


def archivo(filas, hoja="Directores", nombre="directores.xlsx"):
    libro = Workbook()
    libro.active.title = hoja
    libro.active.append(["Código modular", "DNI", "Nombres", "Apellidos", "Correo"])
    for fila in filas:
        libro.active.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return SimpleUploadedFile(nombre, salida.getvalue())


BUENAS = [
    ["1111112", "07654321", "Rosa", "Quispe Mamani", "rosa@example.pe"],
    ["1111111", 41234567, "Juan", "Pérez", "juan@example.pe"],  # a DNI typed as a number
]


def test_la_lista_para_llenar_trae_las_instituciones_sin_director(mundo, client):
    client.force_login(mundo["ugel"])
    respuesta = client.get(url_xlsx(mundo["ugel_a1"]))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/vnd.openxmlformats")
    libro = load_workbook(io.BytesIO(respuesta.content))
    filas = list(libro["Directores"].values)
    assert filas[0] == ("Código modular", "DNI", "Nombres", "Apellidos", "Correo")
    assert [f[0] for f in filas[1:] if any(f)] == ["1111112"]  # inst_a1a already has its director
    assert {f[0] for f in list(libro["Instituciones"].values)[1:]} == {"1111111", "1111112"}


def test_ida_y_vuelta_con_vista_previa_y_confirmacion(mundo, client):
    client.force_login(mundo["ugel"])
    plantilla = client.get(url_xlsx(mundo["ugel_a1"])).content
    libro = load_workbook(io.BytesIO(plantilla))
    hoja = libro["Directores"]
    hoja["B2"], hoja["C2"], hoja["D2"], hoja["E2"] = "07654321", "Rosa", "Quispe Mamani", "rosa@example.pe"
    salida = io.BytesIO()
    libro.save(salida)

    respuesta = client.post(
        url(mundo["ugel_a1"]), {"archivo": SimpleUploadedFile("lista.xlsx", salida.getvalue())}
    )
    html = respuesta.content.decode()
    assert "Se creará 1 cuenta de director" in html
    assert "07654321" in html and "Quispe Mamani" in html
    assert not Usuario.objects.filter(username="07654321").exists()  # nothing before confirming

    respuesta = client.post(url(mundo["ugel_a1"]), {"confirmar": "1"}, follow=True)
    assert "Se creó 1 cuenta de director" in respuesta.content.decode()
    rosa = Usuario.objects.get(username="07654321")
    assert list(rosa.asignaciones.values_list("rol", "institucion")) == [(Rol.DIRECTOR, mundo["inst_a1b"].pk)]
    assert [m.to for m in mail.outbox] == [["rosa@example.pe"]]
    # Confirming twice creates nothing more.
    respuesta = client.post(url(mundo["ugel_a1"]), {"confirmar": "1"}, follow=True)
    assert "No hay una lista por confirmar" in respuesta.content.decode()


def test_varios_directores_y_un_dni_escrito_como_numero(mundo, client):
    client.force_login(mundo["ugel"])
    client.post(url(mundo["ugel_a1"]), {"archivo": archivo(BUENAS)})
    client.post(url(mundo["ugel_a1"]), {"confirmar": "1"})
    assert set(
        Usuario.objects.filter(username__in=["07654321", "41234567"]).values_list("username", flat=True)
    ) == {
        "07654321",
        "41234567",
    }
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "fila_mala, motivo",
    [
        (
            ["9999999", "12345678", "Ana", "Soto", "ana@example.pe"],
            "el código modular 9999999 no es de ninguna",
        ),
        (
            ["2111111", "12345678", "Ana", "Soto", "ana@example.pe"],
            "la institución 2111111 no es de la UGEL A1",
        ),
        (
            ["1222222", "12345678", "Ana", "Soto", "ana@example.pe"],
            "la institución 1222222 no es de la UGEL A1",
        ),
        (
            ["1111112", "07654321", "Ana", "Soto", "ana@example.pe"],
            "el DNI 07654321 se repite (ya está en la fila 2)",
        ),
        (["1111112", "1234567", "Ana", "Soto", "ana@example.pe"], "El DNI debe tener exactamente 8 dígitos"),
        (
            ["1111112", "12345678", "Ana", "Soto", "ana@@example"],
            "«ana@@example» no es un correo electrónico válido",
        ),
        (["1111112", "12345678", "", "Soto", "ana@example.pe"], "faltan los nombres"),
        (["1111112", "12345678", "A" * 151, "Soto", "ana@example.pe"], "los nombres pasan de 150 caracteres"),
        (["1111112", "12345678", "Ana", "Soto", "a" * 250 + "@x.pe"], "el correo pasa de 254 caracteres"),
        (["1111112", "director", "Ana", "Soto", "ana@example.pe"], "El DNI debe tener exactamente 8 dígitos"),
    ],
)
def test_cada_rechazo_dice_fila_y_motivo_y_nada_se_guarda(mundo, client, fila_mala, motivo):
    client.force_login(mundo["ugel"])
    antes = Usuario.objects.count(), Asignacion.objects.count()
    html = client.post(url(mundo["ugel_a1"]), {"archivo": archivo([BUENAS[0], fila_mala])}).content.decode()
    assert "No se creó ninguna cuenta" in html
    assert f"Fila 3: {motivo}" in html.replace("&laquo;", "«").replace("&raquo;", "»")
    assert "Confirmar y crear" not in html
    # Nor can a confirmation sneak through.
    client.post(url(mundo["ugel_a1"]), {"confirmar": "1"})
    assert (Usuario.objects.count(), Asignacion.objects.count()) == antes
    assert not mail.outbox


def test_un_usuario_ya_tomado_se_rechaza(mundo, client):
    UsuarioFactory(username="07654321")
    client.force_login(mundo["ugel"])
    html = client.post(url(mundo["ugel_a1"]), {"archivo": archivo(BUENAS)}).content.decode()
    assert "Fila 2: ya existe una cuenta con el usuario 07654321" in html


@pytest.mark.parametrize(
    "subido, motivo",
    [
        (SimpleUploadedFile("directores.csv", b"1111112,07654321,Rosa"), "no es un Excel .xlsx"),
        (SimpleUploadedFile("directores.xlsx", b"esto no es un libro"), "no es un Excel .xlsx"),
        (None, "no tiene la hoja"),
        (SimpleUploadedFile("vacio.xlsx", b""), "El archivo está vacío"),
    ],
)
def test_un_archivo_que_no_es_la_lista_se_rechaza(mundo, client, subido, motivo):
    if subido is None:
        subido = archivo(BUENAS, hoja="Hoja1")
    client.force_login(mundo["ugel"])
    html = client.post(url(mundo["ugel_a1"]), {"archivo": subido}).content.decode()
    assert motivo in html
    assert not Usuario.objects.filter(username="07654321").exists()


def test_si_algo_cambia_antes_de_confirmar_no_se_crea_ninguna(mundo, client):
    client.force_login(mundo["ugel"])
    client.post(url(mundo["ugel_a1"]), {"archivo": archivo(BUENAS)})
    UsuarioFactory(username="41234567")  # taken by someone else between preview and confirmation
    respuesta = client.post(url(mundo["ugel_a1"]), {"confirmar": "1"}, follow=True)
    assert "No se creó ninguna cuenta" in respuesta.content.decode()
    assert not Usuario.objects.filter(username="07654321").exists()


def test_la_confirmacion_es_de_la_ugel_de_la_vista_previa(mundo, client):
    client.force_login(mundo["dre"])
    client.post(url(mundo["ugel_a1"]), {"archivo": archivo(BUENAS)})
    respuesta = client.post(url(mundo["ugel_a2"]), {"confirmar": "1"}, follow=True)
    assert "No hay una lista por confirmar" in respuesta.content.decode()
    assert not Usuario.objects.filter(username="07654321").exists()


MATRIZ = por_rol(
    director=403, director_otro=403, ugel=200, ugel_otro=404, dre=200, dre_otro=404,
    difoca=403, admin=200, sin_rol=403,
)  # fmt: skip


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("pagina", ["lista", "xlsx"])
def test_url_por_rol(mundo, usuarios, client, pagina, rol):
    destino = (url if pagina == "lista" else url_xlsx)(mundo["ugel_a1"])
    client.force_login(usuarios[rol])
    assert client.get(destino).status_code == MATRIZ[rol]


def test_las_consultas_no_crecen_con_las_filas(mundo, client, django_assert_max_num_queries):
    from tests.factories import InstitucionFactory

    filas = [
        [
            InstitucionFactory(ugel=mundo["ugel_a1"]).codigo_modular,
            f"{40000000 + n}",
            "Ana",
            "Soto",
            f"a{n}@x.pe",
        ]
        for n in range(40)
    ]
    client.force_login(mundo["ugel"])
    with django_assert_max_num_queries(12):
        html = client.post(url(mundo["ugel_a1"]), {"archivo": archivo(filas)}).content.decode()
    assert "Se crearán 40 cuentas de director" in html
