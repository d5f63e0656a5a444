"""What is kept under what visitors type (the catalogue's searches, filters and pages) lives in a cache
of its own ("busquedas"): an anonymous crawler trying address after address culls only that one, and
every other kept thing (the boards', the homes', the coverage's) stays."""

import pytest
from django.core.cache import cache, caches

from tests.factories import RegionFactory, TemaFactory, practica_publicada


@pytest.fixture
def catalogo(db):
    for i in range(30):
        practica_publicada(
            titulo=f"Lectura y gestión {i}",
            region=RegionFactory(),
            tema=TemaFactory(),
            anio=2020 + i % 6,
            problema="Las UGEL operaban bajo una gestión desarticulada y reactiva. " * 5,
        )


@pytest.mark.parametrize(
    "parametros",
    [
        lambda i: {"q": f"lectura -zq{i}"},
        lambda i: {"etapa": "avanzado", "anio": str(100000 + i)},
        lambda i: {"q": "lectura", "region": str(10**9 + i)},
        lambda i: {"pagina": str(i)},
    ],
    ids=["busqueda", "anio", "region", "pagina"],
)
def test_un_visitante_que_prueba_direcciones_no_toca_la_cache_de_los_demas(client, catalogo, parametros):
    client.get("/practicas/")
    cache.set("otra:cosa:guardada", "sigue")
    antes = set(cache._cache)
    for i in range(100):
        assert client.get("/practicas/", parametros(i)).status_code == 200
    assert set(cache._cache) == antes  # nothing new, nothing culled
    assert cache.get("otra:cosa:guardada") == "sigue"
    busquedas = caches["busquedas"]
    assert 0 < len(busquedas._cache) <= busquedas._max_entries


def test_una_busqueda_guardada_aparte_sigue_al_catalogo(client, catalogo):
    """Kept apart, still under the catalogue's number: a practice withdrawn leaves the results."""
    from practicas.models import BuenaPractica, EstadoPractica

    practica_publicada(titulo="Tutoría entre pares", region=RegionFactory(), tema=TemaFactory())
    assert "Tutoría entre pares" in client.get("/practicas/", {"q": "tutoría"}).content.decode()
    BuenaPractica.objects.filter(titulo="Tutoría entre pares").update(estado=EstadoPractica.BORRADOR)
    assert "Tutoría entre pares" not in client.get("/practicas/", {"q": "tutoría"}).content.decode()
