"""comun.versiones: the one mechanism behind every cache that must be current on every app server.
Each number is new (from one sequence, even after a rollback), the declared triggers raise it in
the statement of the change whatever writes it, and the three ways of reading it agree."""

import pytest
from django.db import connection, transaction
from django.db.models import OuterRef

from comun import versiones
from territorio.models import POR_UGEL, Dre, Institucion, Ugel

pytestmark = pytest.mark.django_db


def leer_todo(espacio: str, claves: list[int]) -> dict[int, int]:
    """The numbers through the raw-SQL join, as monitoreo.cobertura reads them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c, coalesce(v.numero, 0) FROM unnest(%s::bigint[]) AS c"
            + versiones.junta("v", espacio, "c"),
            [claves],
        )
        return dict(cursor.fetchall())


def test_cada_numero_es_nuevo_y_cada_clave_lleva_el_suyo():
    assert versiones.numero("prueba.cosa", 1) == 0  # never changed
    versiones.subir("prueba.cosa", 1)
    primero = versiones.numero("prueba.cosa", 1)
    versiones.subir("prueba.cosa", 1, 1, 2, None)  # repeated keys and None: one number each, no error
    segundo = versiones.numero("prueba.cosa", 1)
    assert 0 < primero != segundo
    assert versiones.numero("prueba.cosa", 2) not in (0, primero, segundo)
    assert versiones.numero("prueba.otra", 1) == 0  # another space, its own numbers
    assert leer_todo("prueba.cosa", [1, 2, 3]) == {
        1: segundo,
        2: versiones.numero("prueba.cosa", 2),
        3: 0,
    }


def test_un_numero_de_una_transaccion_deshecha_no_vuelve():
    """A cache entry kept under a number taken by a transaction that rolled back (it read its own
    uncommitted change) must never be read for another state: the next number is another."""
    with pytest.raises(RuntimeError), transaction.atomic():
        versiones.subir("prueba.cosa", 7)
        deshecho = versiones.numero("prueba.cosa", 7)
        raise RuntimeError
    assert versiones.numero("prueba.cosa", 7) == 0
    versiones.subir("prueba.cosa", 7)
    assert versiones.numero("prueba.cosa", 7) not in (0, deshecho)


def test_los_disparadores_suben_el_numero_de_cada_ugel_tocada(mundo):
    a1, a2, b1 = mundo["ugel_a1"], mundo["ugel_a2"], mundo["ugel_b1"]

    def numeros():
        return leer_todo(POR_UGEL, [a1.pk, a2.pk, b1.pk])

    antes = numeros()
    Institucion.objects.filter(pk=mundo["inst_a1a"].pk).update(nombre="Otro nombre")  # not a model save
    despues = numeros()
    assert (
        despues[a1.pk] != antes[a1.pk] and despues[a2.pk] == antes[a2.pk] and despues[b1.pk] == antes[b1.pk]
    )

    antes = despues
    Institucion.objects.filter(pk=mundo["inst_a2"].pk).update(ugel=b1)  # left one UGEL, joined another
    despues = numeros()
    assert (
        despues[a2.pk] != antes[a2.pk] and despues[b1.pk] != antes[b1.pk] and despues[a1.pk] == antes[a1.pk]
    )

    antes = despues
    Dre.objects.filter(pk=mundo["dre_a"].pk).update(nombre="DRE renombrada")  # every UGEL of the DRE
    despues = numeros()
    assert (
        despues[a1.pk] != antes[a1.pk] and despues[a2.pk] != antes[a2.pk] and despues[b1.pk] == antes[b1.pk]
    )

    antes = despues
    with connection.cursor() as cursor:  # plain SQL, no Django at all
        cursor.execute("DELETE FROM territorio_institucion WHERE id = %s", [mundo["inst_b1"].pk])
    despues = numeros()
    assert despues[b1.pk] != antes[b1.pk] and despues[a1.pk] == antes[a1.pk]

    antes = despues
    Ugel.objects.filter(pk=a1.pk).update(nombre="UGEL renombrada")
    assert numeros()[a1.pk] != antes[a1.pk]


def test_las_tres_lecturas_dan_el_mismo_numero(mundo):
    versiones.subir(POR_UGEL, mundo["ugel_a1"].pk)
    esperado = versiones.numero(POR_UGEL, mundo["ugel_a1"].pk)
    anotado = (
        Ugel.objects.annotate(n=versiones.de(POR_UGEL, OuterRef("pk"))).values_list("pk", "n").order_by("pk")
    )
    assert dict(anotado)[mundo["ugel_a1"].pk] == esperado
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {versiones.sql(POR_UGEL, '%s')}", [mundo["ugel_a1"].pk])
        assert cursor.fetchone()[0] == esperado


def test_una_fila_no_se_borra():
    """A missing row reads as «never changed»: a deleted one would bring back a cache kept under 0."""
    from django.db.utils import InternalError

    from comun.models import Version

    versiones.subir("prueba.cosa", 3)
    with pytest.raises(InternalError), transaction.atomic():
        Version.objects.filter(espacio="prueba.cosa").delete()
    assert versiones.numero("prueba.cosa", 3) != 0


def test_la_lista_de_varias_claves_cambia_con_cada_una():
    def lista():
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + versiones.lista_sql("prueba.cosa", "SELECT unnest(ARRAY[1, 2])"))
            return cursor.fetchone()[0]

    assert lista() is None  # none changed yet
    versiones.subir("prueba.cosa", 2)
    primera = lista()
    versiones.subir("prueba.cosa", 1)
    segunda = lista()
    versiones.subir("prueba.cosa", 9)  # not one of them
    assert primera != segunda == lista() and segunda.startswith("1.")


MALOS = ["x'; DROP TABLE comun_version; --", "Mayusculas.no", "sin_punto", "", "app.cosa\n", "a." + "b" * 40]


@pytest.mark.parametrize("espacio", MALOS)
def test_un_espacio_que_no_es_app_punto_cosa_no_llega_al_sql(espacio):
    with pytest.raises(ValueError):
        versiones.sql(espacio, "0")
    with pytest.raises(ValueError):
        versiones.subir(espacio, 1)
