from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from balance import services
from balance.models import Matriz

LINEAMIENTOS = ["Aprendizajes para la vida", "Certificación Múltiple", "Bienestar de la Comunidad Educativa"]


def datos_completos(matriz):
    """A complete row for every lineamiento of the matrix."""
    return {
        fila.pk: services.DatosFila(
            acciones=f"Acciones de {fila.lineamiento.nombre}",
            sugerencias="Más talleres en 2024",
            enlace_evidencias="https://drive.example.pe/evidencias",
            logros=[
                {
                    "cifra": 42,
                    "que_cuenta": "estudiantes certificados",
                    "cualitativo": "Mejoró su empleabilidad.",
                    "evidencia": "https://drive.example.pe/logro1",
                }
            ],
            dificultades=["Asistencia irregular"],
        )
        for fila in matriz.filas.all()
    }


def llenar(matriz, usuario):
    matriz.refresh_from_db()
    return services.matriz_guardar(
        matriz=matriz, usuario=usuario, version=matriz.version, filas=datos_completos(matriz)
    )


def enviar(matriz, usuario):
    return services.matriz_enviar(matriz=llenar(matriz, usuario), usuario=usuario)


@pytest.fixture(autouse=True)
def cifras_de_cero():
    """Each test counts its boards' figures afresh: the cache (balance.graficos, keyed by the
    campaign's id and change count) lives as long as the test process; the matrices' pages too."""
    cache.clear()
    caches["matrices"].clear()


def campana_abierta(
    mundo, *, anio=2023, titulo=None, lineamientos=LINEAMIENTOS, dias=10, abrir=True, **ambito
):
    """A campaign made by mundo's Administrador through the services, of ``ambito`` (ugel=… or
    dre=…), its deadline ``dias`` from today, opened (its matrices created) unless ``abrir`` is
    False."""
    c = services.campana_crear(
        usuario=mundo["admin"],
        anio=anio,
        titulo=titulo or f"Balance {anio} – {(ambito.get('ugel') or ambito.get('dre')).nombre}",
        fecha_limite=timezone.localdate() + timedelta(days=dias),
        lineamientos=lineamientos,
        **ambito,
    )
    if abrir:
        services.campana_abrir(usuario=mundo["admin"], campana=c)
    return c


@pytest.fixture
def campana(mundo):
    """An open campaign of UGEL A1, whose institutions inst_a1a and inst_a1b are CEBA."""
    return campana_abierta(mundo, titulo="Balance 2023 – UGEL A1", ugel=mundo["ugel_a1"])


@pytest.fixture
def campana_dre(mundo):
    """An open campaign of DRE A: UGEL A1 (two CEBA) and UGEL A2 (one CEBA)."""
    return campana_abierta(mundo, titulo="Balance 2023 – DRE A", dre=mundo["dre_a"])


@pytest.fixture
def matriz(campana, mundo):
    """The matrix of inst_a1a, whose director is mundo['director']."""
    return Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
