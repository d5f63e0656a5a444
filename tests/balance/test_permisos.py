"""Balance permissions beyond who gets in: the URL × role matrix of every balance page is in
tests/seguridad/test_accesos.py, with the rest of the project's."""

from django.urls import reverse


def test_el_tablero_marca_revisar_solo_a_quien_revisa(client, usuarios, campana, matriz):
    """The board's "Revisar" button follows balance.revisar_matriz row by row: the UGEL reviews, the
    DRE only reads."""
    from balance.models import Estado

    matriz.__class__.objects.filter(pk=matriz.pk).update(estado=Estado.ENVIADA)
    for rol, revisa in [("ugel", True), ("admin", True), ("dre", False), ("director", False)]:
        client.force_login(usuarios[rol])
        html = client.get(reverse("balance:tablero", args=[campana.pk])).content.decode()
        assert (">Revisar</a>" in html) is revisa, rol
