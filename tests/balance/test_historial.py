"""History is written in the same transaction as the change: if it cannot be written, nothing changes.

The service is called with no transaction of the test's own around it: only the service's atomic block
can undo the state change when the history row is refused.
"""

import pytest
from django.db import IntegrityError, connection

from balance import services
from balance.models import Estado

from .conftest import enviar, llenar


def romper_historial():
    """A real constraint that refuses any new history row, added inside the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE balance_matrizcambio ADD CONSTRAINT prueba_rechaza CHECK (false) NOT VALID"
        )


def test_si_el_historial_falla_el_envio_no_ocurre(mundo, matriz):
    llenar(matriz, mundo["director"])
    romper_historial()
    with pytest.raises(IntegrityError):
        services.matriz_enviar(matriz=matriz, usuario=mundo["director"])
    matriz.refresh_from_db()
    assert matriz.estado == Estado.BORRADOR
    assert matriz.enviada_en is None


def test_si_el_historial_falla_la_devolucion_no_ocurre(mundo, matriz):
    enviar(matriz, mundo["director"])
    fila = matriz.filas.first()
    romper_historial()
    with pytest.raises(IntegrityError):
        services.matriz_devolver(
            matriz=matriz, usuario=mundo["ugel"], motivo="Falta", observaciones={fila.pk: "Corrige"}
        )
    matriz.refresh_from_db()
    fila.refresh_from_db()
    assert matriz.estado == Estado.ENVIADA
    assert fila.observacion == ""
