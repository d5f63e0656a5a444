"""The autosave's own read (balance/autoguardado.py): fixed SQL, prepared once per database
connection, that locks the matrix and reads it with its content; whoever may not write the matrix
gets what any page answers them (404 outside the scope, 403 in it)."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from balance.models import Fila, Matriz
from cuentas.models import Rol
from tests.factories import usuario_con

from .formulario import datos_formulario, prefijo


def _autoguardar(cliente, matriz, texto):
    matriz = Matriz.objects.get(pk=matriz.pk)
    p = prefijo(matriz)
    datos = datos_formulario(matriz, **{f"{p}-acciones": texto})
    return cliente.post(reverse("balance:matriz_autoguardar", args=[matriz.pk]), {**datos, "resumen": ""})


@pytest.mark.django_db(transaction=True)
def test_una_conexion_nueva_prepara_otra_vez_la_lectura(mundo, campana):
    matriz = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1a"])
    cliente = Client()
    cliente.force_login(mundo["director"])
    assert _autoguardar(cliente, matriz, "Primero").status_code == 200
    connection.close()  # the next request opens a new session, where nothing is prepared
    assert _autoguardar(cliente, matriz, "Segundo").status_code == 200
    assert Fila.objects.get(pk=int(prefijo(matriz)[1:])).acciones == "Segundo"


def test_un_usuario_nacional_autoguarda_cualquier_matriz(client, mundo, matriz):
    client.force_login(mundo["admin"])
    assert _autoguardar(client, matriz, "Del administrador").status_code == 200
    assert Fila.objects.get(pk=int(prefijo(matriz)[1:])).acciones == "Del administrador"


@pytest.mark.parametrize(
    ("quien", "estado"), [("ugel", 403), ("dre", 403), ("difoca", 404), ("sin_rol", 404)]
)
def test_quien_no_escribe_la_matriz_recibe_lo_de_siempre(client, mundo, matriz, quien, estado):
    client.force_login(mundo[quien])
    assert _autoguardar(client, matriz, "Intruso").status_code == estado
    assert not Fila.objects.filter(acciones="Intruso").exists()


def test_el_director_de_otra_institucion_recibe_404(client, mundo, campana):
    otra = Matriz.objects.get(campana=campana, institucion=mundo["inst_a1b"])
    client.force_login(usuario_con(Rol.DIRECTOR, mundo["inst_a1a"], username="otro.director"))
    assert _autoguardar(client, otra, "Intruso").status_code == 404
    assert not Fila.objects.filter(acciones="Intruso").exists()
