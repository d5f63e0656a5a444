import pytest


@pytest.fixture(autouse=True)
def escuelas(request):
    """Monitoring plans are for schools: here the world's A-side institutions are primary schools
    (the CEBA/CETPRO of other tests report through the balance instead)."""
    if "mundo" in request.fixturenames:
        mundo = request.getfixturevalue("mundo")
        for clave in ("inst_a1a", "inst_a1b", "inst_a2", "inst_b1"):
            mundo[clave].modalidad = "ebr_primaria"
            mundo[clave].save(update_fields=["modalidad"])


@pytest.fixture(autouse=True)
def cache_vacia():
    """The coverage keeps its figures in the cache under version numbers that a test's rollback
    takes back: each test starts with nothing kept."""
    from django.core.cache import cache

    cache.clear()
