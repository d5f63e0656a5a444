"""The consolidated PDF's parts laid out at once, one per core (exportaciones.base.maquetas_a_la_vez):
the parts spread over the cores, the same document whatever the number of layouts at once, and no
layout left behind when one fails."""

import io
import os
import re

import pytest
from pypdf import PdfReader

import balance.exports
from exportaciones import base

from .test_exports import descargar
from .test_exports_solas import consolidado, pagina_texto  # noqa: F401 (a fixture)


def a_la_vez(monkeypatch, n: int) -> None:
    monkeypatch.setattr(base, "maquetas_a_la_vez", lambda: n)
    monkeypatch.setattr(balance.exports, "maquetas_a_la_vez", lambda: n)


@pytest.mark.parametrize("nucleos", [1, 2])
@pytest.mark.parametrize("por_parte", [1, 3, 25])
def test_las_matrices_se_reparten_en_partes_parejas(monkeypatch, nucleos, por_parte):
    from balance.exports import CampanaPdf

    a_la_vez(monkeypatch, nucleos)
    exportador = CampanaPdf.__new__(CampanaPdf)
    exportador.por_parte = por_parte
    for n in range(0, 80):
        grupos = exportador._grupos(n)
        assert [i for g in grupos for i in g] == list(range(n))  # every matrix once, in order
        assert all(0 < len(g) <= por_parte for g in grupos)
        assert len(grupos) == max(-(-n // por_parte), min(n, nucleos))
        assert max(map(len, grupos), default=0) - min(map(len, grupos), default=0) <= 1
    if por_parte == 25:  # a short PDF: on both cores when there are two
        assert [len(g) for g in exportador._grupos(10)] == ([10] if nucleos == 1 else [5, 5])


def _vigilar(monkeypatch) -> dict:
    """How many layouts were running at most at once (started by lanzar, not yet waited for)."""
    visto = {"ahora": 0, "maximo": 0}
    lanzar, esperar = base.lanzar, base._Hijo.esperar

    def contar_lanzar(funcion, *args):
        visto["ahora"] += 1
        visto["maximo"] = max(visto["maximo"], visto["ahora"])
        return lanzar(funcion, *args)

    def contar_esperar(hijo):
        visto["ahora"] -= 1
        return esperar(hijo)

    monkeypatch.setattr(base, "lanzar", contar_lanzar)
    monkeypatch.setattr(base._Hijo, "esperar", contar_esperar)
    return visto


def _paginas(contenido: bytes) -> list[str]:
    total = len(PdfReader(io.BytesIO(contenido)).pages)
    # When it was made: the minute may have turned between the two.
    return [re.sub(r"\d\d:\d\d", "", pagina_texto(contenido, n)) for n in range(1, total + 1)]


def test_dos_partes_a_la_vez_dan_el_mismo_documento(client, mundo, consolidado, monkeypatch):  # noqa: F811
    from balance.exports import CampanaPdf

    campana, alta, otra = consolidado
    monkeypatch.setattr(CampanaPdf, "por_parte", 1)  # the summary, then a part per matrix
    client.force_login(mundo["ugel"])
    visto = _vigilar(monkeypatch)
    a_la_vez(monkeypatch, 1)
    una = descargar(client, "balance.campana_pdf", campana=campana.pk)
    assert visto == {"ahora": 0, "maximo": 1}
    a_la_vez(monkeypatch, 2)
    visto["maximo"] = 0
    dos = descargar(client, "balance.campana_pdf", campana=campana.pk)
    assert visto == {"ahora": 0, "maximo": 2}  # every layout waited for; two at a time
    paginas = _paginas(dos)
    assert paginas == _paginas(una)
    # In the right order: the cover, the summary, then the schools as the index says.
    nombres = sorted([alta.institucion.nombre, otra.institucion.nombre])
    primera = [
        next(n for n, texto in enumerate(paginas) if nombre in texto and "Índice" not in texto)
        for nombre in nombres
    ]
    assert primera == sorted(primera)


def test_una_parte_que_falla_no_deja_maquetas_atras(client, mundo, consolidado, monkeypatch):  # noqa: F811
    from balance.exports import CampanaPdf

    campana, alta, _otra = consolidado
    monkeypatch.setattr(CampanaPdf, "por_parte", 1)
    a_la_vez(monkeypatch, 2)
    maquetar = base.maquetar

    def fallar(html, archivo, opciones):
        if f'id="matriz-{alta.pk}"' in html:
            raise ValueError("maqueta rota")
        return maquetar(html, archivo, opciones)

    monkeypatch.setattr(base, "maquetar", fallar)
    client.force_login(mundo["ugel"])
    with pytest.raises(RuntimeError, match="maqueta rota"):
        descargar(client, "balance.campana_pdf", campana=campana.pk)
    with pytest.raises(ChildProcessError):  # no child of this process is left, ended or not
        os.waitpid(-1, os.WNOHANG)


def test_cada_matriz_empieza_a_la_misma_altura_sea_o_no_la_primera_de_su_parte(
    client,
    mundo,
    consolidado,  # noqa: F811
    monkeypatch,
):
    """A part of matrices continues the document: its first page has no body margin on top (which
    WeasyPrint keeps only on a document's first page), so a matrix's title sits where the others'
    do, whether it opens a part or follows a page break inside one."""
    import subprocess

    from balance.exports import CampanaPdf

    campana, alta, otra = consolidado
    client.force_login(mundo["ugel"])
    for por_parte in (1, 25):  # each matrix opening its part; the second after a break in one part
        monkeypatch.setattr(CampanaPdf, "por_parte", por_parte)
        a_la_vez(monkeypatch, 1)
        contenido = descargar(client, "balance.campana_pdf", campana=campana.pk)
        lector = PdfReader(io.BytesIO(contenido))
        alturas = []
        for marcador in lector.outline:
            if str(marcador.title) not in (alta.institucion.nombre, otra.institucion.nombre):
                continue
            pagina = lector.get_destination_page_number(marcador) + 1
            cajas = subprocess.run(
                ["pdftotext", "-bbox", "-f", str(pagina), "-l", str(pagina), "-", "-"],
                input=contenido,
                capture_output=True,
                check=True,
            ).stdout.decode()
            # The first word on the page: the title of the campaign, the matrix's heading.
            alturas.append(float(re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)"', cajas).group(1)))
        assert len(alturas) == 2
        assert alturas[0] == alturas[1], (por_parte, alturas)
