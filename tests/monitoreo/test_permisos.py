"""Monitoring permissions beyond one record per URL: the URL × role matrix of every monitoring page
is in tests/seguridad/test_accesos.py, with the rest of the project's."""

from cuentas.models import Asignacion, Rol

OK = 200


def test_plan_nuevo_de_una_escuela_que_ve_pero_no_dirige_es_403(client, mundo):
    """A director who is also their UGEL's specialist sees the UGEL's other schools, and writes only
    their own plan."""
    director = mundo["director"]
    Asignacion.objects.create(usuario=director, rol=Rol.ESPECIALISTA_UGEL, ugel=mundo["ugel_a1"])
    client.force_login(director)
    assert client.get(f"/monitoreo/planes/nuevo/?institucion={mundo['inst_a1a'].pk}").status_code == OK
    assert client.get(f"/monitoreo/planes/nuevo/?institucion={mundo['inst_a1b'].pk}").status_code == 403
    assert client.get(f"/monitoreo/planes/nuevo/?institucion={mundo['inst_b1'].pk}").status_code == 404
