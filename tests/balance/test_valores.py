"""valores_de(matriz), what every autosave answers as the page's new «base», is what the forms show
(EdicionMatriz(matriz).valores()), field by field and in page order, without building the forms."""

from datetime import date
from decimal import Decimal

from balance import services
from balance.forms import EdicionMatriz, valores_de
from balance.models import CategoriaDificultad, Matriz
from balance.services import DatosFila


def test_los_mismos_valores_que_los_formularios(mundo, matriz):
    categoria, _creada = CategoriaDificultad.objects.get_or_create(nombre="Conectividad")
    fila = matriz.filas.order_by("lineamiento__orden").first()
    services.matriz_guardar(
        matriz=matriz,
        usuario=mundo["director"],
        version=matriz.version,
        filas={
            fila.pk: DatosFila(
                acciones="Tutorías\r\npor WhatsApp",
                enlace_evidencias="https://drive.example.pe/x",
                logros=[
                    {
                        "cifra": Decimal("87.00"),
                        "que_cuenta": "certificados",
                        "cualitativo": "",
                        "evidencia": "",
                    },
                    None,
                    {"cifra": Decimal("12.50"), "que_cuenta": "", "cualitativo": "Mejoró", "evidencia": ""},
                ],
                dificultades=["Asistencia irregular", "", "Sin señal"],
                categorias=[categoria.pk, None, None],
            )
        },
        compromisos=[{"que": "Tutorías flexibles", "responsable": "Dirección", "plazo": date(2024, 3, 31)}],
    )
    completa = Matriz.objects.con_contenido().get(pk=matriz.pk)
    esperados = EdicionMatriz(completa).valores()
    assert list(valores_de(completa).items()) == list(esperados.items())
    assert esperados[f"f{fila.pk}-l1-cifra"] == "87"
    assert esperados[f"f{fila.pk}-d1-categoria"] == str(categoria.pk)
    assert esperados["c1-plazo"] == "2024-03-31"
