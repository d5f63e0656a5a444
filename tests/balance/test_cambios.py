"""What changed since the return: each send keeps what was sent, and the reviewer of a resent matrix
sees per lineamiento the words added and removed, "sin cambios", and which observations were answered."""

import re

import pytest
from django.urls import reverse

from balance import services
from balance.cambios import AGREGADO, IGUAL, QUITADO, diferencias
from balance.models import EnvioDeMatriz, Estado, Matriz

from .conftest import enviar

OBS_1 = "Precisa cuántos talleres hubo"
OBS_2 = "Falta la fuente de la cifra"


def pagina(client, matriz):
    return client.get(reverse("balance:matriz", args=[matriz.pk])).content.decode()


def seccion(html, orden):
    """The HTML of one lineamiento's section on the matrix page."""
    inicio = html.index(f'id="lin-{orden}"')
    fin = html.find('id="lin-', inicio + 1)
    return html[inicio : fin if fin != -1 else None]


def filas(matriz):
    return list(matriz.filas.order_by("lineamiento__orden"))


def devolver(matriz, mundo, observaciones):
    return services.matriz_devolver(
        matriz=Matriz.objects.get(pk=matriz.pk),
        usuario=mundo["ugel"],
        motivo="Corrige lo observado",
        observaciones=observaciones,
    )


def corregir(matriz, usuario, por_fila):
    """The director rewrites some rows (fila pk → DatosFila) and sends the matrix again."""
    matriz = Matriz.objects.get(pk=matriz.pk)
    services.matriz_guardar(matriz=matriz, usuario=usuario, version=matriz.version, filas=por_fila)
    return services.matriz_enviar(matriz=Matriz.objects.get(pk=matriz.pk), usuario=usuario)


@pytest.fixture
def reenviada(matriz, mundo):
    """Sent, returned with observations on rows 1 and 2, row 1 and a logro of row 3 corrected (row 2
    untouched), sent again."""
    enviar(matriz, mundo["director"])
    f1, f2, f3 = filas(matriz)
    devolver(matriz, mundo, {f1.pk: OBS_1, f2.pk: OBS_2})
    corregir(
        matriz,
        mundo["director"],
        {
            # "Acciones de <lineamiento>" → one word removed, three added
            f1.pk: services.DatosFila(acciones=f"Acciones {f1.lineamiento.nombre}: doce talleres"),
            f3.pk: services.DatosFila(
                logros=[
                    {
                        "cifra": 1250,
                        "que_cuenta": "estudiantes certificados",
                        "cualitativo": "Mejoró su empleabilidad.",
                        "evidencia": "https://drive.example.pe/logro1",
                    }
                ]
            ),
        },
    )
    return Matriz.objects.get(pk=matriz.pk)


def test_cada_envio_guarda_lo_enviado(matriz, mundo):
    enviar(matriz, mundo["director"])
    envio = EnvioDeMatriz.objects.get(matriz=matriz)
    f1 = filas(matriz)[0]
    assert (envio.ronda, envio.enviado_por) == (1, mundo["director"])
    guardada = envio.contenido["filas"][str(f1.pk)]
    assert guardada["acciones"] == f"Acciones de {f1.lineamiento.nombre}"
    assert guardada["logros"]["1"]["cifra"] == "42"
    assert guardada["dificultades"] == {"1": "Asistencia irregular"}


def test_el_revisor_ve_que_cambio_y_que_observaciones_se_atendieron(client, mundo, reenviada):
    assert reenviada.estado == Estado.ENVIADA and reenviada.ronda == 2
    assert list(EnvioDeMatriz.objects.filter(matriz=reenviada).values_list("ronda", flat=True)) == [1, 2]
    client.force_login(mundo["ugel"])
    html = pagina(client, reenviada)
    assert "Qué cambió desde la ronda 1" in html
    assert "2 lineamientos cambiaron" in html and "Observaciones atendidas: 1 de 2." in html

    uno = seccion(html, 1)
    assert "Cambios desde la ronda 1" in uno and OBS_1 in uno and "Atendida: el lineamiento cambió" in uno
    # Words removed and added, each named for screen readers.
    assert re.search(r"<del><span class=\"visually-hidden\">\[quitado: </span>de\s*<", uno)
    assert re.search(r"<ins><span class=\"visually-hidden\">\[agregado: </span>[^<]*doce talleres", uno)

    dos = seccion(html, 2)
    assert OBS_2 in dos and "Sin atender: el lineamiento no cambió" in dos and "sin cambios" in dos
    assert "<ins>" not in dos and "<del>" not in dos

    tres = seccion(html, 3)
    assert "Logro 1" in tres and "Observación de la ronda" not in tres
    assert re.search(r"<del><span class=\"visually-hidden\">\[quitado: </span>42\s*<", tres)
    assert re.search(r"<ins><span class=\"visually-hidden\">\[agregado: </span>1250\s*<", tres)


def test_una_primera_entrega_no_muestra_cambios(client, mundo, matriz):
    enviar(matriz, mundo["director"])
    client.force_login(mundo["ugel"])
    html = pagina(client, matriz)
    assert "Qué cambió desde" not in html and "Cambios desde la ronda" not in html


def test_la_aprobada_ya_no_compara(client, mundo, reenviada):
    services.matriz_aprobar(matriz=reenviada, usuario=mundo["ugel"])
    client.force_login(mundo["ugel"])
    assert "Qué cambió desde" not in pagina(client, reenviada)


def test_retirar_el_reenvio_borra_lo_que_guardo(client, mundo, reenviada):
    client.force_login(mundo["director"])
    assert client.post(reverse("balance:matriz_retirar", args=[reenviada.pk])).status_code == 302
    assert list(EnvioDeMatriz.objects.filter(matriz=reenviada).values_list("ronda", flat=True)) == [1]
    # Sent again unchanged: only the observation answered before stays answered.
    services.matriz_enviar(matriz=Matriz.objects.get(pk=reenviada.pk), usuario=mundo["director"])
    assert list(EnvioDeMatriz.objects.filter(matriz=reenviada).values_list("ronda", flat=True)) == [1, 2]
    client.force_login(mundo["ugel"])
    assert "Observaciones atendidas: 1 de 2." in pagina(client, reenviada)


def test_consultas_acotadas_en_varias_rondas(client, mundo, reenviada, django_assert_max_num_queries):
    client.force_login(mundo["ugel"])
    with django_assert_max_num_queries(40) as primera:
        pagina(client, reenviada)
    # Two more rounds, more observations and more logros: the page reads the same number of queries.
    for vuelta in range(2):
        f1, f2, f3 = filas(reenviada)
        devolver(reenviada, mundo, {f.pk: f"Observación {vuelta}" for f in (f1, f2, f3)})
        logros = [
            {
                "cifra": n,
                "que_cuenta": "docentes",
                "cualitativo": "Capacitados.",
                "evidencia": "https://x.pe/e",
            }
            for n in range(1, 4)
        ]
        corregir(
            reenviada,
            mundo["director"],
            {f.pk: services.DatosFila(logros=logros, acciones=f"Ronda {vuelta}") for f in (f1, f2, f3)},
        )
    assert Matriz.objects.get(pk=reenviada.pk).ronda == 4
    client.force_login(mundo["ugel"])
    with django_assert_max_num_queries(len(primera.captured_queries)):
        html = pagina(client, reenviada)
    assert "Qué cambió desde la ronda 3" in html and "Observaciones atendidas: 3 de 3." in html


def test_diferencias_por_palabras():
    assert diferencias("uno dos tres", "uno  tres cuatro") == [
        (IGUAL, "uno  "),
        (QUITADO, "dos "),
        (IGUAL, "tres "),
        (AGREGADO, "cuatro"),
    ]
    assert diferencias("", "nuevo texto") == [(AGREGADO, "nuevo texto")]


def test_un_reenvio_sin_copia_anterior_lo_explica(client, mundo, reenviada):
    """A matrix whose previous send predates the kept sends (sent before the migration)."""
    EnvioDeMatriz.objects.filter(matriz=reenviada, ronda=1).delete()
    client.force_login(mundo["ugel"])
    html = pagina(client, reenviada)
    assert "no se puede mostrar qué cambió desde la ronda anterior" in html
    assert "Qué cambió desde la ronda" not in html and "Cambios desde la ronda" not in html


def test_la_demo_trae_una_matriz_reenviada(client, db):
    from io import StringIO

    from django.core.management import call_command

    from cuentas.models import Usuario

    call_command("cargar_demo", "--forzar", stdout=StringIO())
    matriz = Matriz.objects.get(institucion__codigo_modular="9000706", campana__anio=2023)
    assert (matriz.estado, matriz.ronda) == (Estado.ENVIADA, 2)
    client.force_login(Usuario.objects.get(username="ugel.demo"))
    html = pagina(client, matriz)
    assert "Qué cambió desde la ronda 1" in html and "Observaciones atendidas: 1 de 2." in html
    assert "actas consolidadas del SIAGIE" in seccion(html, 1)
