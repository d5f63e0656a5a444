"""A demo data file that does not have the shape its loader expects fails naming the file and the key."""

from datetime import date

import pytest

from comun.datos_demo import DatosInvalidos, leer

ESQUEMA = {"titulo": str, "fecha": date, "asistentes": int | None, "fases": [{"nombre": str}]}

BUENO = """\
titulo: Intercambio
fecha: 2026-04-23
asistentes: null
fases:
  - nombre: Preparación
"""


def test_un_archivo_bueno_se_lee_tal_cual(tmp_path):
    ruta = tmp_path / "evento.yaml"
    ruta.write_text(BUENO, encoding="utf-8")
    assert leer(ruta, ESQUEMA) == {
        "titulo": "Intercambio",
        "fecha": date(2026, 4, 23),
        "asistentes": None,
        "fases": [{"nombre": "Preparación"}],
    }


@pytest.mark.parametrize(
    "texto, mensaje",
    [
        (BUENO.replace("titulo: Intercambio\n", ""), "el documento: falta la clave «titulo»"),
        (BUENO.replace("nombre:", "nombres:"), "fases[0]: falta la clave «nombre»"),
        (BUENO + "sede: Huacho\n", "el documento: clave desconocida «sede»"),
        (BUENO.replace("2026-04-23", "23/04/2026"), "fecha: se esperaba fecha AAAA-MM-DD, hay texto"),
        (BUENO.replace("null", "muchos"), "asistentes: se esperaba número entero o vacío (null), hay texto"),
        (BUENO.replace("null", "yes"), "asistentes: se esperaba número entero o vacío (null), hay sí/no"),
        (BUENO.replace("  - nombre", "  nombre"), "fases: se esperaba una lista, hay mapeo de claves"),
        ("- titulo: Intercambio\n", "el documento: se esperaba un mapeo de claves, hay lista"),
        ("titulo: [sin cerrar\n", "no es YAML válido"),
    ],
)
def test_un_archivo_mal_formado_nombra_el_archivo_y_la_clave(tmp_path, texto, mensaje):
    ruta = tmp_path / "evento.yaml"
    ruta.write_text(texto, encoding="utf-8")
    with pytest.raises(DatosInvalidos) as error:
        leer(ruta, ESQUEMA)
    assert str(error.value).startswith(f"{ruta}: ")
    assert mensaje in str(error.value)


def test_una_clave_con_interrogacion_puede_faltar_pero_si_esta_se_revisa(tmp_path):
    esquema = {**ESQUEMA, "sede?": str}
    ruta = tmp_path / "evento.yaml"
    ruta.write_text(BUENO, encoding="utf-8")
    assert "sede" not in leer(ruta, esquema)
    ruta.write_text(BUENO + "sede: Huacho\n", encoding="utf-8")
    assert leer(ruta, esquema)["sede"] == "Huacho"
    ruta.write_text(BUENO + "sede: 12\n", encoding="utf-8")
    with pytest.raises(DatosInvalidos, match="sede: se esperaba texto"):
        leer(ruta, esquema)
