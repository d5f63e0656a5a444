"""Demo territory: the 26 regions, the DRE and UGEL named in seeds/, and their institutions.

Códigos modulares here are illustrative (they start with 9), not ESCALE's.
"""

from territorio.models import Dre, Institucion, Macrorregion, Modalidad, Region, Ugel

REGIONES = {
    Macrorregion.NORTE: ["Tumbes", "Piura", "Lambayeque", "La Libertad", "Cajamarca", "Áncash"],
    Macrorregion.CENTRO: [
        "Ayacucho",
        "Callao",
        "Huancavelica",
        "Ica",
        "Junín",
        "Lima Metropolitana",
        "Lima Provincias",
        "Pasco",
    ],
    Macrorregion.SUR: ["Arequipa", "Moquegua", "Tacna", "Puno", "Cusco", "Apurímac"],
    Macrorregion.ORIENTE: ["Loreto", "Ucayali", "San Martín", "Amazonas", "Madre de Dios", "Huánuco"],
}

# DRE name, acronym, region, then its UGEL with their institutions (code, name, modality, district).
CEBA, CETPRO, PRIMARIA = Modalidad.CEBA, Modalidad.CETPRO, Modalidad.EBR_PRIMARIA
DRES = [
    (
        "DRE Lima Metropolitana",
        "DRELM",
        "Lima Metropolitana",
        {
            "UGEL 01 San Juan de Miraflores": [
                ("9000101", "CEBA Villa María del Triunfo", CEBA, "Villa María del Triunfo"),
                ("9000102", "CETPRO Lurín", CETPRO, "Lurín"),
            ],
            "UGEL 02 Rímac": [("9000201", "CEBA Rímac", CEBA, "Rímac")],
            "UGEL 03 Breña": [("9000301", "CETPRO Breña", CETPRO, "Breña")],
            "UGEL 04 Comas": [("9000401", "CEBA Comas", CEBA, "Comas")],
            "UGEL 05 San Juan de Lurigancho": [],
            "UGEL 06 Ate": [("9000601", "CETPRO Ate Vitarte", CETPRO, "Ate")],
            "UGEL 07 San Borja": [
                ("9000701", "CEBA Santiago de Surco", CEBA, "Santiago de Surco"),
                ("9000702", "CEBA Miraflores", CEBA, "Miraflores"),
                ("9000703", "CEBA Surquillo", CEBA, "Surquillo"),
                ("9000704", "CETPRO Barranco", CETPRO, "Barranco"),
                ("9000705", "CETPRO Chorrillos", CETPRO, "Chorrillos"),
                ("9000706", "CETPRO San Borja", CETPRO, "San Borja"),
            ],
        },
    ),
    (
        "DRE Lima Provincias",
        "DRELP",
        "Lima Provincias",
        {
            "UGEL 09 Huaura": [
                ("9000901", "CEBA Luis Fabio Xammar Jurado", CEBA, "Huacho"),
                ("9000902", "CEBA Manuel Tovar", CEBA, "Huacho"),
                ("9000903", "CETPRO Las Carmelitas", CETPRO, "Huacho"),
                ("9000904", "CETPRO Huacho", CETPRO, "Huacho"),
                ("9000905", "CETPRO Parroquial Señor de la Caridad", CETPRO, "Huaura"),
                ("9000906", "CETPRO San Jerónimo de Sayán", CETPRO, "Sayán"),
                ("9000907", "CETPRO Parroquial Santa Rosa de Lima", CETPRO, "Santa María"),
                ("9000908", "CETPRO Parroquial San Juan Bautista", CETPRO, "Huaura"),
                ("9000909", "CETPRO La Sagrada Familia", CETPRO, "Hualmay"),
                ("9000910", "CETPRO San Antonio de Padua", CETPRO, "Huacho"),
            ],
        },
    ),
    ("DRE Junín", "DREJ", "Junín", {"UGEL Huancayo": []}),
    ("DRE Pasco", "DREP", "Pasco", {"UGEL Pasco": []}),
    ("DRE Ayacucho", "DREA", "Ayacucho", {"UGEL Huamanga": [], "UGEL Huanta": [], "UGEL Cangallo": []}),
    (
        "DRE Puno",
        "DREP-Puno",
        "Puno",
        {
            "UGEL El Collao": [
                ("9070370", "I.E.P. N.° 70370 San Cristóbal de Balsabe", PRIMARIA, "Ilave"),
                # Illustrative schools beside it, so the UGEL's monitoring coverage has something to
                # compare: one with a plan (monitoreo/demo_cobertura.py), one without.
                ("9070401", "I.E.P. N.° 70401 Santa Rosa de Ilave", PRIMARIA, "Ilave"),
                ("9070402", "I.E.P. N.° 70402 Pilcuyo", PRIMARIA, "Pilcuyo"),
            ]
        },
    ),
]


def cargar(salida) -> None:
    """Create or update the demo territory; running it again changes nothing."""
    regiones = {}
    for macro, nombres in REGIONES.items():
        for nombre in nombres:
            regiones[nombre], _ = Region.objects.update_or_create(
                nombre=nombre, defaults={"macrorregion": macro}
            )
    total = 0
    for nombre_dre, siglas, region, ugeles in DRES:
        dre, _ = Dre.objects.update_or_create(
            nombre=nombre_dre, defaults={"siglas": siglas, "region": regiones[region]}
        )
        for nombre_ugel, instituciones in ugeles.items():
            ugel, _ = Ugel.objects.get_or_create(dre=dre, nombre=nombre_ugel)
            for codigo, nombre, modalidad, distrito in instituciones:
                Institucion.objects.update_or_create(
                    codigo_modular=codigo,
                    defaults={"nombre": nombre, "modalidad": modalidad, "ugel": ugel, "distrito": distrito},
                )
                total += 1
    salida(f"territorio: {len(regiones)} regiones, {len(DRES)} DRE, {total} instituciones")
