"""Whatever is typed in a search box, the answer is a page, never a 500."""

import pytest

from tests.balance.conftest import campana  # noqa: F401  (the fixture)

RAROS = ["\x00", "a\x00b", '"', "-", "or", "'; drop table", "\\", "x" * 5000, "\u202e\u0000"]


@pytest.mark.parametrize("texto", RAROS)
def test_busquedas_con_caracteres_raros(mundo, client, campana, texto):  # noqa: F811
    client.force_login(mundo["ugel"])
    for url in ("/practicas/", "/territorio/instituciones/", f"/balance/campanas/{campana.pk}/"):
        respuesta = client.get(url, {"q": texto})
        assert respuesta.status_code == 200, url
        assert "\x00" not in respuesta.context["filtros"]["q"]
