"""A plan's progress as the plan page (and its PDF) shows it, from the plan's prefetched cells,
visits and their observations (``PREFETCH``; then the year's rubrics are read once): per stage and
grade the planned cells and those with a visit, what is pending this month, and per teacher the
rubric levels across stages drawn as a small SVG bar chart."""

from dataclasses import dataclass, field
from datetime import date

from monitoreo.models import MESES, Grado, Nivel, PlanMonitoreo

NOMBRE_MES = dict(MESES)
# What a plan must be read with for the progress (and the visits' levels) to take no further query.
PREFETCH = ("celdas", "visitas__observaciones")
# The levels' colours, as the badges of the visits table (static/css/chasqui.css .nivel-N).
COLORES = {1: "#dc3545", 2: "#fd7e14", 3: "#0d6efd", 4: "#198754"}

# The chart's geometry (SVG user units): bars of one level step high, grouped by rubric.
BARRA, ENTRE_BARRAS, ENTRE_GRUPOS, PASO, MARGEN_IZQ, MARGEN_INF, MARGEN_SUP = 14, 2, 14, 16, 22, 30, 6


@dataclass
class GradoAvance:
    grado: int
    nombre: str
    meses: list[int]  # planned months
    hechos: list[int]  # planned months with a visit of the stage and grade
    visitas: int = 0

    @property
    def pendientes(self) -> list[str]:
        return [str(NOMBRE_MES[m]) for m in self.meses if m not in self.hechos]

    @property
    def porcentaje(self) -> int | None:
        return round(100 * len(self.hechos) / len(self.meses)) if self.meses else None


@dataclass
class EtapaAvance:
    etapa: int
    grados: list[GradoAvance] = field(default_factory=list)

    @property
    def planeadas(self) -> int:
        return sum(len(g.meses) for g in self.grados)

    @property
    def hechas(self) -> int:
        return sum(len(g.hechos) for g in self.grados)

    @property
    def grados_planeados(self) -> int:
        return sum(1 for g in self.grados if g.meses)

    @property
    def grados_visitados(self) -> int:
        """The planned grades with at least one visit in the stage (any month)."""
        return sum(1 for g in self.grados if g.meses and g.visitas)

    @property
    def porcentaje(self) -> int | None:
        planeados = self.grados_planeados
        return round(100 * self.grados_visitados / planeados) if planeados else None


def _docente(visita) -> str:
    """The teacher as displayed (free text today; a Docente record's own str() later)."""
    return " ".join(str(visita.docente).split())


def por_etapa_y_grado(plan: PlanMonitoreo) -> list[EtapaAvance]:
    """Per stage, per grade: the planned months and those with a visit (a visit of that stage and
    grade in that month). A grade visited in a stage that did not plan it has no planned months."""
    planeadas: dict[tuple[int, int], list[int]] = {}
    for celda in plan.celdas.all():
        planeadas.setdefault((celda.etapa, celda.grado), []).append(celda.mes)
    visitadas: dict[tuple[int, int], set[int]] = {}
    visitas: dict[tuple[int, int], int] = {}
    for v in plan.visitas.all():
        visitadas.setdefault((v.etapa, v.grado), set()).add(v.fecha.month)
        visitas[(v.etapa, v.grado)] = visitas.get((v.etapa, v.grado), 0) + 1
    etapas: dict[int, EtapaAvance] = {}
    for etapa, grado in sorted(planeadas.keys() | visitas.keys()):
        meses = sorted(planeadas.get((etapa, grado), []))
        hechos = [m for m in meses if m in visitadas.get((etapa, grado), set())]
        etapas.setdefault(etapa, EtapaAvance(etapa)).grados.append(
            GradoAvance(grado, str(Grado(grado).label), meses, hechos, visitas.get((etapa, grado), 0))
        )
    return list(etapas.values())


def pendientes_del_mes(plan: PlanMonitoreo, hoy: date) -> list[tuple[int, str]] | None:
    """The (stage, grade) cells planned for this month with no visit yet; None when the plan is not
    of this year or this month is outside its calendar."""
    if plan.anio != hoy.year or hoy.month not in NOMBRE_MES:
        return None
    hechas = {(v.etapa, v.grado) for v in plan.visitas.all() if v.fecha.month == hoy.month}
    return [
        (c.etapa, str(Grado(c.grado).label))
        for c in sorted(plan.celdas.all(), key=lambda c: (c.etapa, c.grado))
        if c.mes == hoy.month and (c.etapa, c.grado) not in hechas
    ]


def por_docente(plan: PlanMonitoreo) -> list[dict]:
    """Per teacher (by displayed name): their visits and, per rubric, the level in each stage they
    were observed (the average when a stage has several observations), with its chart."""
    visitas: dict[str, list] = {}
    for v in plan.visitas.all():
        visitas.setdefault(_docente(v), []).append(v)
    rubricas = plan.rubricas() if visitas else []
    docentes = []
    for nombre in sorted(visitas, key=str.casefold):
        suyas = visitas[nombre]
        etapas = sorted({v.etapa for v in suyas})
        observaciones = [(v.etapa, o.rubrica_id, o.nivel) for v in suyas for o in v.observaciones.all()]
        niveles = []
        for rubrica in rubricas:
            fila = []
            for etapa in etapas:
                observados = [n for e, r, n in observaciones if e == etapa and r == rubrica.pk]
                fila.append(round(sum(observados) / len(observados), 1) if observados else None)
            niveles.append((rubrica.nombre, fila))
        docentes.append(
            {
                "nombre": nombre,
                "visitas": len(suyas),
                "etapas": etapas,
                "niveles": niveles,
                "grafico": grafico(etapas, niveles),
            }
        )
    return docentes


def _etiqueta(nivel: float) -> str:
    return str(Nivel(round(nivel)).label) if float(nivel).is_integer() else f"{nivel:g}"


def grafico(etapas: list[int], niveles: list[tuple[str, list[float | None]]]) -> dict:
    """The bars of the chart: per rubric a group, per stage a bar as high as the level (I–IV)."""
    alto = MARGEN_SUP + 4 * PASO
    ancho_grupo = len(etapas) * (BARRA + ENTRE_BARRAS) - ENTRE_BARRAS
    barras, grupos, resumen = [], [], []
    for r, (rubrica, fila) in enumerate(niveles):
        x0 = MARGEN_IZQ + r * (ancho_grupo + ENTRE_GRUPOS)
        grupos.append({"x": x0 + ancho_grupo / 2, "etiqueta": f"R{r + 1}", "nombre": rubrica})
        partes = []
        for i, (etapa, nivel) in enumerate(zip(etapas, fila, strict=True)):
            x = x0 + i * (BARRA + ENTRE_BARRAS)
            partes.append(f"E{etapa} {_etiqueta(nivel) if nivel else '—'}")
            barras.append(
                {
                    "x": x,
                    "xt": x + BARRA / 2,
                    "y": round(alto - (nivel or 0) * PASO, 1),
                    "alto": round((nivel or 0) * PASO, 1),
                    "ancho": BARRA,
                    "nivel": nivel,
                    "color": COLORES[round(nivel)] if nivel else "",
                    "etapa": etapa,
                    "texto": _etiqueta(nivel) if nivel else "",
                }
            )
        resumen.append(f"R{r + 1}: {', '.join(partes)}")
    return {
        "ancho": MARGEN_IZQ + len(niveles) * (ancho_grupo + ENTRE_GRUPOS),
        "alto": alto + MARGEN_INF,
        "base": alto,
        "barras": barras,
        "grupos": grupos,
        "lineas": [{"y": alto - n * PASO, "etiqueta": str(Nivel(n).label)} for n in Nivel.values],
        "izq": MARGEN_IZQ,
        "resumen": "; ".join(resumen),
        "y_etapa": alto + 11,
        "y_rubrica": alto + 24,
    }


def avance(plan: PlanMonitoreo, hoy: date) -> dict:
    """Everything the progress section shows."""
    return {
        "etapas": por_etapa_y_grado(plan),
        "pendientes_mes": pendientes_del_mes(plan, hoy),
        "mes": str(NOMBRE_MES.get(hoy.month, "")),
        "docentes": por_docente(plan),
        "rubricas": [r.nombre for r in plan.rubricas()],
    }
