"""What a resent matrix changed since the previous round: the content kept at each send
(EnvioDeMatriz.contenido) compared per lineamiento, word by word, and which of the previous round's
observations were answered (a lineamiento observed whose content changed)."""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from balance.models import Matriz

# A word with the spaces that follow it: words are compared, the spacing of the text is kept.
PALABRA = re.compile(r"\S+\s*")

IGUAL, AGREGADO, QUITADO = "igual", "agregado", "quitado"


def _cifra(valor: Decimal | None) -> str:
    """A figure as the page shows it: 1250, 12,5 (no trailing zeros, decimal comma)."""
    if valor is None:
        return ""
    entero = valor.to_integral_value()
    normalizado = entero if valor == entero else valor.normalize()
    return format(normalizado, "f").replace(".", ",")


def contenido(matriz: Matriz) -> dict:
    """The matrix's content as a send keeps it (JSON-ready): every row by its id, with its
    lineamiento, texts, logros and dificultades per slot, and the compromisos. Reads the prefetched
    content (Matriz.objects.con_contenido()): no query of its own."""
    return {
        "filas": {
            str(fila.pk): {
                "lineamiento": fila.lineamiento.nombre,
                "acciones": fila.acciones,
                "logros": {
                    str(logro.orden): {
                        "cifra": _cifra(logro.cifra),
                        "que_cuenta": logro.que_cuenta,
                        "cualitativo": logro.cualitativo,
                        "evidencia": logro.evidencia,
                    }
                    for logro in fila.logros.all()
                },
                "dificultades": {str(d.orden): d.texto for d in fila.dificultades.all()},
                "sugerencias": fila.sugerencias,
                "enlace_evidencias": fila.enlace_evidencias,
            }
            for fila in matriz.filas.all()
        },
        "compromisos": {
            str(c.orden): {
                "que": c.que,
                "responsable": c.responsable,
                "plazo": c.plazo.strftime("%d/%m/%Y") if c.plazo else "",
            }
            for c in matriz.compromisos.all()
        },
    }


def diferencias(antes: str, despues: str) -> list[tuple[str, str]]:
    """The words removed and added between two texts, in reading order: (IGUAL|QUITADO|AGREGADO,
    text) pieces. Words are compared without their spacing; the new text's spacing is shown."""
    a, b = PALABRA.findall((antes or "").strip()), PALABRA.findall((despues or "").strip())
    comparador = difflib.SequenceMatcher(None, [p.strip() for p in a], [p.strip() for p in b], autojunk=False)
    partes: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in comparador.get_opcodes():
        if op == "equal":
            partes.append((IGUAL, "".join(b[j1:j2])))
            continue
        if i1 < i2:
            partes.append((QUITADO, "".join(a[i1:i2])))
        if j1 < j2:
            partes.append((AGREGADO, "".join(b[j1:j2])))
    return partes


@dataclass
class CambioCampo:
    """One field that changed: its name in the users' words and the pieces of its diff."""

    etiqueta: str
    partes: list[tuple[str, str]]


@dataclass
class CambiosFila:
    """What changed in one lineamiento since the previous round, and that round's observation."""

    campos: list[CambioCampo] = field(default_factory=list)
    observacion: str = ""

    @property
    def cambio(self) -> bool:
        return bool(self.campos)

    @property
    def atendida(self) -> bool:
        """The observation counts as answered when the lineamiento's content changed."""
        return bool(self.observacion) and self.cambio

    @property
    def sin_atender(self) -> bool:
        return bool(self.observacion) and not self.cambio


def _texto_logro(logro: dict | None) -> str:
    if not logro:
        return ""
    cifra = " ".join(p for p in (logro.get("cifra", ""), logro.get("que_cuenta", "")) if p)
    partes = [cifra, logro.get("cualitativo", "")]
    if logro.get("evidencia"):
        partes.append(_("Evidencia: %(enlace)s") % {"enlace": logro["evidencia"]})
    return "\n".join(p for p in partes if p)


def _texto_compromiso(compromiso: dict | None) -> str:
    if not compromiso:
        return ""
    partes = [compromiso.get("que", "")]
    if compromiso.get("responsable"):
        partes.append(_("Responsable: %(r)s") % {"r": compromiso["responsable"]})
    if compromiso.get("plazo"):
        partes.append(_("Plazo: %(p)s") % {"p": compromiso["plazo"]})
    return "\n".join(p for p in partes if p)


def _por_orden(antes: dict, despues: dict, etiqueta: str, texto) -> list[tuple[str, str, str]]:
    ordenes = sorted({*antes, *despues}, key=int)
    return [(etiqueta % {"n": o}, texto(antes.get(o)), texto(despues.get(o))) for o in ordenes]


def _campos_fila(antes: dict, despues: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for every part of a row, in the order the page shows them."""
    campos = [(_("Acciones realizadas"), antes.get("acciones", ""), despues.get("acciones", ""))]
    campos += _por_orden(antes.get("logros", {}), despues.get("logros", {}), _("Logro %(n)s"), _texto_logro)
    campos += _por_orden(
        antes.get("dificultades", {}),
        despues.get("dificultades", {}),
        _("Dificultad %(n)s"),
        lambda t: t or "",
    )
    campos.append((_("Sugerencias"), antes.get("sugerencias", ""), despues.get("sugerencias", "")))
    campos.append(
        (
            _("Enlace de las evidencias"),
            antes.get("enlace_evidencias", ""),
            despues.get("enlace_evidencias", ""),
        )
    )
    return campos


def _cambios(campos: list[tuple[str, str, str]]) -> list[CambioCampo]:
    return [
        CambioCampo(etiqueta, diferencias(a, b))
        for etiqueta, a, b in campos
        if " ".join(a.split()) != " ".join(b.split())
    ]


@dataclass
class Comparacion:
    """A resent matrix against the previous round's send."""

    ronda_anterior: int
    filas: dict[int, CambiosFila]
    compromisos: list[CambioCampo]

    @property
    def cambiadas(self) -> int:
        return sum(1 for c in self.filas.values() if c.cambio)

    @property
    def observadas(self) -> int:
        return sum(1 for c in self.filas.values() if c.observacion)

    @property
    def atendidas(self) -> int:
        return sum(1 for c in self.filas.values() if c.atendida)


def comparar(anterior: dict, actual: dict, observaciones: dict[int, str], ronda_anterior: int) -> Comparacion:
    """Compare two sends' content (contenido()) row by row; `observaciones`: the previous round's
    observation per row id."""
    filas_antes, filas_ahora = anterior.get("filas", {}), actual.get("filas", {})
    filas = {
        int(pk): CambiosFila(
            campos=_cambios(_campos_fila(filas_antes.get(pk, {}), ahora)),
            observacion=observaciones.get(int(pk), ""),
        )
        for pk, ahora in filas_ahora.items()
    }
    compromisos = _cambios(
        _por_orden(
            anterior.get("compromisos", {}),
            actual.get("compromisos", {}),
            _("Compromiso %(n)s"),
            _texto_compromiso,
        )
    )
    return Comparacion(ronda_anterior=ronda_anterior, filas=filas, compromisos=compromisos)
