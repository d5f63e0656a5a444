"""The consolidated PDF's parts laid out at once, one per core (exportaciones.base.maquetas_a_la_vez):
the parts spread over the cores, the same document whatever the number of layouts at once, and no
layout left behind when one fails."""

import io
import math
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
        # a multiple of the layouts at once (no core alone with the last part), or one per matrix
        assert len(grupos) == min(n, math.ceil(math.ceil(n / por_parte) / nucleos) * nucleos)
        assert max(map(len, grupos), default=0) - min(map(len, grupos), default=0) <= 1
    if por_parte == 25:  # a short PDF: on both cores when there are two
        assert [len(g) for g in exportador._grupos(10)] == ([10] if nucleos == 1 else [5, 5])


def _duracion(grupos, a_la_vez):
    """How long the layouts take, in matrices laid out one after another: part k starts once the
    oldest running part is received (in order), at most `a_la_vez` at once."""
    fines = []
    for k, grupo in enumerate(grupos):
        inicio = max(fines[: k - a_la_vez + 1]) if k >= a_la_vez else 0
        fines.append(inicio + len(grupo))
    return max(fines, default=0)


@pytest.mark.parametrize("n", [1, 2, 10, 25, 26, 50, 51, 60, 75, 101, 120, 151, 400])
def test_los_dos_nucleos_trabajan_hasta_el_final(monkeypatch, n):
    from balance.exports import CampanaPdf

    a_la_vez(monkeypatch, 2)
    exportador = CampanaPdf.__new__(CampanaPdf)
    grupos = exportador._grupos(n)
    assert all(len(g) <= exportador.por_parte for g in grupos)
    assert _duracion(grupos, 2) == -(-n // 2), [len(g) for g in grupos]


def test_lanzar_sin_fork_no_deja_descriptores(monkeypatch):
    def sin_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    antes = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", sin_fork)
    with pytest.raises(OSError):
        base.lanzar(len, "x")
    monkeypatch.undo()
    assert len(os.listdir("/proc/self/fd")) == antes


def test_el_banco_maqueta_solo_las_n_matrices_con_weasyprint_solo(mundo, consolidado, monkeypatch):  # noqa: F811
    """bench/exportar_campana.py's reference lays out the campaign's first n matrices, whatever the
    export's parts (_grupos), and the same n the export takes with `mismas`."""
    import weasyprint

    from bench import exportar_campana

    campana, _alta, _otra = consolidado  # two approved matrices
    vistos = []

    class HTML:
        def __init__(self, string, base_url=None):
            vistos.append(string)

        def write_pdf(self, salida, **_opciones):
            salida.write(b"%PDF-1.7")

    monkeypatch.setattr(weasyprint, "HTML", HTML)
    monkeypatch.setattr(exportar_campana, "_weasyprint_listo", lambda: None)
    monkeypatch.setattr(exportar_campana, "_desde_aqui", lambda: 0)
    for nucleos in (1, 2):
        a_la_vez(monkeypatch, nucleos)
        vistos.clear()
        exportar_campana._hijo_weasyprint(campana, mundo["ugel"], 1, io.BytesIO())
        assert [html.count('id="matriz-') for html in vistos] == [1, 1, 1], nucleos  # best of 3
        vistos.clear()
        exportar_campana._hijo_weasyprint(campana, mundo["ugel"], 2, io.BytesIO(), mismas=True)
        assert [html.count('id="matriz-') for html in vistos] == [2], nucleos


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
