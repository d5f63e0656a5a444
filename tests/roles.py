"""The roles of the URL × role matrices (STYLE.md): the world's users, plus one of each kind outside
the record's scope (the ``usuarios`` fixture of tests/conftest.py)."""

ROLES = ["director", "director_otro", "ugel", "ugel_otro", "dre", "dre_otro", "difoca", "admin", "sin_rol"]


def por_rol(**estados):
    """The expected status for every role: naming them all keeps a row from forgetting one."""
    assert set(estados) == set(ROLES)
    return estados
