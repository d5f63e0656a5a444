"""Demo good practices and the Huacho exchange, from the facts of seeds/001, 002 and 003.

Every practice goes through the services (draft → review → published) as DIFOCA would move it, so
the demo has the history a real one would.
"""

from django.db import transaction

from cuentas.models import Usuario
from practicas import services
from practicas.demo_datos import EVENTO, PRACTICAS
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
        for titulo, descripcion in fase["estrategias"]:
            orden += 1
            Estrategia.objects.create(
                practica=practica, fase=grupo, orden=orden, titulo=titulo, descripcion=descripcion
            )
    for tipo, clave in (
        (TipoResultado.CUANTITATIVO, "cuantitativos"),
        (TipoResultado.CUALITATIVO, "cualitativos"),
    ):
        Resultado.objects.bulk_create(
            Resultado(practica=practica, tipo=tipo, orden=n, titulo=titulo, descripcion=texto)
            for n, (titulo, texto) in enumerate(datos[clave], start=1)
        )
    Contacto.objects.bulk_create(
        Contacto(practica=practica, orden=n, nombre=nombre, cargo=cargo, correo=correo)
        for n, (nombre, cargo, correo) in enumerate(datos["contactos"], start=1)
    )
    Foto.objects.bulk_create(
        Foto(practica=practica, orden=n, leyenda=leyenda)
        for n, leyenda in enumerate(datos["galeria"], start=1)
    )
    return practica


def cargar(salida) -> None:
    """Create the practices and the event once; a second run finds them and changes nothing."""
    if Evento.objects.filter(slug="intercambio-centro-2026").exists():
        return
    difoca = Usuario.objects.get(username="difoca.demo")
    with transaction.atomic():
        practicas = {datos["clave"]: _practica(datos, difoca) for datos in PRACTICAS}
        for practica in practicas.values():
            services.practica_enviar_a_revision(practica=practica, usuario=difoca)
            services.practica_publicar(practica=practica, usuario=difoca)

        evento = Evento.objects.create(
            slug="intercambio-centro-2026",
            **{
                campo: EVENTO[campo]
                for campo in (
                    "nombre",
                    "macrorregion",
                    "sede",
                    "fecha_inicio",
                    "fecha_fin",
                    "asistentes",
                    "presentacion",
                    "firma_presentacion",
                    "resumen_ejecutivo",
                    "visita",
                )
            },
        )
        evento.regiones.set(Region.objects.filter(nombre__in=EVENTO["regiones"]))
        for orden, presentada in enumerate(EVENTO["practicas"], start=1):
            practica = practicas[presentada["clave"]]
            PracticaPresentada.objects.create(evento=evento, practica=practica, orden=orden)
            ComentarioExperto.objects.create(practica=practica, evento=evento, **presentada["comentario"])
        Testimonio.objects.bulk_create(
            Testimonio(evento=evento, orden=n, autor=autor, cargo=cargo, texto=texto)
            for n, (autor, cargo, texto) in enumerate(EVENTO["testimonios"], start=1)
        )
        services.evento_publicar(evento=evento, usuario=difoca)
    salida(f"buenas prácticas: {len(practicas)} publicadas, con el reporte del intercambio de Huacho")
