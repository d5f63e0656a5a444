"""Builds the POST data the director's page sends, as a browser would."""


def datos_formulario(matriz, **cambios):
    datos = {"version": str(matriz.version)}
    for fila in matriz.filas.order_by("lineamiento__orden"):
        p = f"f{fila.pk}"
        datos.update(
            {
                f"{p}-acciones": fila.acciones,
                f"{p}-sugerencias": fila.sugerencias,
                f"{p}-enlace_evidencias": fila.enlace_evidencias,
            }
        )
        logros = {lo.orden: lo for lo in fila.logros.all()}
        for n in (1, 2, 3):
            lo = logros.get(n)
            datos.update(
                {
                    f"{p}-l{n}-cifra": ""
                    if lo is None or lo.cifra is None
                    else str(lo.cifra).replace(".", ","),
                    f"{p}-l{n}-que_cuenta": lo.que_cuenta if lo else "",
                    f"{p}-l{n}-cualitativo": lo.cualitativo if lo else "",
                    f"{p}-l{n}-evidencia": lo.evidencia if lo else "",
                }
            )
        dificultades = {d.orden: d for d in fila.dificultades.all()}
        for n in (1, 2, 3):
            d = dificultades.get(n)
            datos[f"{p}-d{n}-texto"] = d.texto if d else ""
            datos[f"{p}-d{n}-categoria"] = str(d.categoria_id or "") if d else ""
    for n in (1, 2, 3):
        datos.update({f"c{n}-que": "", f"c{n}-responsable": "", f"c{n}-plazo": ""})
    datos.update(cambios)
    return datos


def prefijo(matriz, orden=1):
    return f"f{matriz.filas.get(lineamiento__orden=orden).pk}"
