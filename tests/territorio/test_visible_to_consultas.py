"""The scope of DRE and UGEL is read by ids and subqueries: no join of every institution of a DRE
followed by DISTINCT (fetching Lima's DRE read 12,000 rows to return one)."""

import pytest

from territorio.models import Dre, Ugel


@pytest.mark.parametrize("rol", ["director", "ugel", "dre"])
def test_sin_unir_las_instituciones(mundo, rol):
    for modelo in (Dre, Ugel):
        sql = str(modelo.objects.visible_to(mundo[rol]).query)
        assert "DISTINCT" not in sql, sql
        if rol != "director":  # a director's: their institution's UGEL and DRE, one small subquery
            assert "territorio_institucion" not in sql, sql


def test_lo_mismo_que_antes(mundo):
    """The director sees the DRE and UGEL of their institution; the UGEL specialist their UGEL and
    its DRE; nobody else's."""
    assert list(Dre.objects.visible_to(mundo["director"])) == [mundo["dre_a"]]
    assert list(Ugel.objects.visible_to(mundo["director"])) == [mundo["ugel_a1"]]
    assert list(Dre.objects.visible_to(mundo["ugel"])) == [mundo["dre_a"]]
    assert list(Ugel.objects.visible_to(mundo["dre"])) == [mundo["ugel_a1"], mundo["ugel_a2"]]
    assert not Dre.objects.visible_to(mundo["difoca"]).exists()
    assert not Ugel.objects.visible_to(mundo["sin_rol"]).exists()
