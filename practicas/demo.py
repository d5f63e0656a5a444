"""Demo good practices and the Huacho exchange, from the facts of seeds/001, 002 and 003.

The content is data, in demo_datos/: practicas.yaml (the practice records) and evento.yaml (the
exchange, its practices in the order presented with each guest expert's feedback, its testimonials).
Every practice goes through the services (draft → review → published) as DIFOCA would move it, so
the demo has the history a real one would.
"""

from datetime import date
from pathlib import Path

from django.db import transaction

from comun.datos_demo import DatosInvalidos, leer, nombre_archivo
from cuentas.models import Usuario
from practicas import services
from practicas.models import (
    BuenaPractica,
    ComentarioExperto,
    Contacto,
    Estrategia,
    Evento,
    Fase,
    Foto,
    PracticaPresentada,
    Resultado,
    Tema,
    Testimonio,
    TipoResultado,
)
from territorio.models import Region

DATOS = Path(__file__).resolve().parent / "demo_datos"

# The shape of the two files, checked before anything is written.
TITULADO = {"titulo": str, "descripcion": str}
PRACTICA = {
    "clave": str,
    "titulo": str,
    "region": str,
    "instancias": str,
    "tema": str,
    "etapa": str,
    "anio": int,
    "problema": str,
    "consiste": str,
    "fases": [{"nombre": str, "estrategias": [TITULADO]}],
    "cuantitativos": [TITULADO],
    "cualitativos": [TITULADO],
    "contactos": [{"nombre": str, "cargo": str, "correo": str}],
    "galeria": [str],
}
COMENTARIO = {
    "experto": str,
    "cargo": str,
    "aspectos_clave": str,
    "oportunidades_mejora": str,
    "recomendaciones": str,
}
EVENTO = {
    "slug": str,
    "nombre": str,
    "macrorregion": str,
    "sede": str,
    "fecha_inicio": date,
    "fecha_fin": date,
    "regiones": [str],
    "asistentes": int | None,
    "presentacion": str,
    "firma_presentacion": str,
    "resumen_ejecutivo": str,
    "visita": str,
    "practicas": [{"clave": str, "comentario": COMENTARIO}],
    "testimonios": [{"autor": str, "cargo": str, "texto": str}],
}


def leer_practicas() -> list[dict]:
    """The practice records of demo_datos/practicas.yaml, checked."""
    return leer(DATOS / "practicas.yaml", [PRACTICA])


def leer_evento() -> dict:
    """The exchange of demo_datos/evento.yaml, checked."""
    return leer(DATOS / "evento.yaml", EVENTO)


def _practica(datos: dict, autor: Usuario) -> BuenaPractica:
    practica = BuenaPractica.objects.create(
        slug=datos["clave"],
        titulo=datos["titulo"],
        region=Region.objects.get(nombre=datos["region"]),
        instancias=datos["instancias"],
        tema=Tema.objects.get_or_create(nombre=datos["tema"])[0],
        etapa=datos["etapa"],
        anio=datos["anio"],
        problema=datos["problema"],
        consiste=datos["consiste"],
        creada_por=autor,
    )
    orden = 0
    for numero, fase in enumerate(datos["fases"], start=1):
        grupo = (
            Fase.objects.create(practica=practica, orden=numero, nombre=fase["nombre"])
            if fase["nombre"]
            else None
        )
        for estrategia in fase["estrategias"]:
            orden += 1
            Estrategia.objects.create(practica=practica, fase=grupo, orden=orden, **estrategia)
    for tipo, clave in (
        (TipoResultado.CUANTITATIVO, "cuantitativos"),
        (TipoResultado.CUALITATIVO, "cualitativos"),
    ):
        Resultado.objects.bulk_create(
            Resultado(practica=practica, tipo=tipo, orden=n, **resultado)
            for n, resultado in enumerate(datos[clave], start=1)
        )
    Contacto.objects.bulk_create(
        Contacto(practica=practica, orden=n, **contacto)
        for n, contacto in enumerate(datos["contactos"], start=1)
    )
    Foto.objects.bulk_create(
        Foto(practica=practica, orden=n, leyenda=leyenda)
        for n, leyenda in enumerate(datos["galeria"], start=1)
    )
    return practica


def cargar(salida) -> None:
    """Create the practices and the event once; a second run finds them and changes nothing."""
    evento_datos = leer_evento()
    if Evento.objects.filter(slug=evento_datos["slug"]).exists():
        return
    datos = leer_practicas()
    claves = {practica["clave"] for practica in datos}
    for n, presentada in enumerate(evento_datos["practicas"]):
        if presentada["clave"] not in claves:
            raise DatosInvalidos(
                f"{nombre_archivo(DATOS / 'evento.yaml')}: practicas[{n}].clave: "
                f"«{presentada['clave']}» no está en practicas.yaml"
            )
    difoca = Usuario.objects.get(username="difoca.demo")
    with transaction.atomic():
        practicas = {practica["clave"]: _practica(practica, difoca) for practica in datos}
        for practica in practicas.values():
            services.practica_enviar_a_revision(practica=practica, usuario=difoca)
            services.practica_publicar(practica=practica, usuario=difoca)

        presentadas = evento_datos.pop("practicas")
        regiones = evento_datos.pop("regiones")
        testimonios = evento_datos.pop("testimonios")
        evento = Evento.objects.create(**evento_datos)
        evento.regiones.set(Region.objects.filter(nombre__in=regiones))
        for orden, presentada in enumerate(presentadas, start=1):
            practica = practicas[presentada["clave"]]
            PracticaPresentada.objects.create(evento=evento, practica=practica, orden=orden)
            ComentarioExperto.objects.create(practica=practica, evento=evento, **presentada["comentario"])
        Testimonio.objects.bulk_create(
            Testimonio(evento=evento, orden=n, **testimonio)
            for n, testimonio in enumerate(testimonios, start=1)
        )
        services.evento_publicar(evento=evento, usuario=difoca)
    salida(f"buenas prácticas: {len(practicas)} publicadas, con el reporte del intercambio de Huacho")
