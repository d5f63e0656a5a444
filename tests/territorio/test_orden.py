"""Names sort as a Spanish reader expects, in every list: the database's ICU collation."""

from territorio.models import Institucion, Region
from tests.factories import InstitucionFactory, RegionFactory


def test_regiones_e_instituciones_en_orden_castellano(db):
    for nombre in ["Ucayali", "Áncash", "Amazonas", "Ñuñoa", "Nazca", "Ica", "Íllimo"]:
        RegionFactory(nombre=nombre)
    assert list(Region.objects.values_list("nombre", flat=True)) == [
        "Amazonas",
        "Áncash",
        "Ica",
        "Íllimo",
        "Nazca",
        "Ñuñoa",
        "Ucayali",
    ]
    for nombre in ["CETPRO Ñaña", "CEBA Álamo", "CEBA Zarumilla", "CETPRO Nazca"]:
        InstitucionFactory(nombre=nombre)
    assert list(Institucion.objects.order_by("nombre").values_list("nombre", flat=True)) == [
        "CEBA Álamo",
        "CEBA Zarumilla",
        "CETPRO Nazca",
        "CETPRO Ñaña",
    ]
