"""Demo good practices and the Huacho exchange, from the facts of seeds/001, 002 and 003.

The content is data, in demo_datos/: practicas.yaml (the practice records) and evento.yaml (the
exchange, its practices in the order presented with each guest expert's feedback, its testimonials).
Every practice goes through the services (draft → review → published) as DIFOCA would move it, so
the demo has the history a real one would.
"""

import textwrap
from datetime import date
from pathlib import Path

from django.db import transaction

from comun.datos_demo import DatosInvalidos, leer, nombre_archivo
from cuentas.models import Usuario
from practicas import contenido, services
from practicas.models import BuenaPractica, Evento, Tema, TipoResultado
from territorio.models import Region

DATOS = Path(__file__).resolve().parent / "demo_datos"

# The shape of the two files, checked before anything is written ("?": may be left out).
TITULADO = {"titulo": str, "descripcion": str}
RESULTADO = {"titulo": str, "cifra?": str, "descripcion": str}
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
    "intro_estrategias?": str,
    "cierre_estrategias?": str,
    "fases": [{"nombre": str, "estrategias": [TITULADO]}],
    "intro_logros?": str,
    "cuantitativos": [RESULTADO],
    "cualitativos": [RESULTADO],
    "logros?": [RESULTADO],
    "cierre?": str,
    "contactos": [{"nombre": str, "cargo": str, "correo": str, "telefono?": str}],
    "enlaces?": [{"texto": str, "url": str}],
    "galeria": [str],
}
COMENTARIO = {
    "experto": str,
    "cargo": str,
    "institucion?": str,
    "aspectos_clave": str,
    "oportunidades_mejora": str,
    "recomendaciones": str,
}
EVENTO = {
    "slug": str,
    "nombre": str,
    "macrorregion": str,
    "region_anfitriona?": str,
    "sede": str,
    "fecha_inicio": date,
    "fecha_fin": date,
    "regiones": [str],
    "asistentes": int | None,
    "presentacion": str,
    "firma_presentacion": str,
    "resumen_ejecutivo": str,
    "cop?": str,
    "cop_visitas?": int,
    "cop_miembros?": int,
    "cop_miembros_activos?": int,
    "cop_actividades?": int,
    "cop_aliados?": int,
    "ruta_fortalecimiento?": str,
    "red_gestores?": str,
    "desarrollo?": str,
    "dia1?": str,
    "visita": str,
    "visita_instituciones?": str,
    "practicas": [{"clave": str, "comentario": COMENTARIO}],
    "testimonios": [{"autor": str, "cargo": str, "texto": str}],
    "fotos?": [str],
}


def leer_practicas() -> list[dict]:
    """The practice records of demo_datos/practicas.yaml, checked."""
    return leer(DATOS / "practicas.yaml", [PRACTICA])


def leer_evento() -> dict:
    """The exchange of demo_datos/evento.yaml, checked."""
    return leer(DATOS / "evento.yaml", EVENTO)


def _practica(datos: dict, autor: Usuario) -> BuenaPractica:
    """One practice as DIFOCA would record it: created, then written in the editor's one save."""
    practica = contenido.practica_crear(
        usuario=autor,
        slug=datos["clave"],
        titulo=datos["titulo"],
        region=Region.objects.get(nombre=datos["region"]),
        tema=Tema.objects.get_or_create(nombre=datos["tema"])[0],
        etapa=datos["etapa"],
        anio=datos["anio"],
    )
    # A phase with an empty name holds the strategies outside any phase.
    fases = [{"clave": f"f{n}", "nombre": f["nombre"]} for n, f in enumerate(datos["fases"]) if f["nombre"]]
    estrategias = [
        {**estrategia, "fase": f"f{n}" if fase["nombre"] else None}
        for n, fase in enumerate(datos["fases"])
        for estrategia in fase["estrategias"]
    ]
    resultados = [
        {"cifra": "", **resultado, "tipo": tipo}
        for tipo, clave in (
            (TipoResultado.CUANTITATIVO, "cuantitativos"),
            (TipoResultado.CUALITATIVO, "cualitativos"),
            (TipoResultado.LOGRO, "logros"),
        )
        for resultado in datos.get(clave, [])
    ]
    nombres = [n.strip() for n in datos["instancias"].split("·") if n.strip()]
    documento = contenido.Documento(
        campos={
            "problema": datos["problema"],
            "consiste": datos["consiste"],
            "intro_estrategias": datos.get("intro_estrategias", ""),
            "cierre_estrategias": datos.get("cierre_estrategias", ""),
            "intro_logros": datos.get("intro_logros", ""),
            "cierre": datos.get("cierre", ""),
        },
        fases=fases,
        listas={
            "instancias": [{"tipo": contenido.tipo_de_instancia(n), "nombre": n} for n in nombres],
            "estrategias": estrategias,
            "resultados": resultados,
            "contactos": [{"telefono": "", **c} for c in datos["contactos"]],
            "enlaces": datos.get("enlaces", []),
            "fotos": [{"leyenda": leyenda} for leyenda in datos["galeria"]],
        },
    )
    return contenido.practica_guardar(practica=practica, usuario=autor, version=None, documento=documento)


def _letra(tamano: int):
    """DejaVu Sans (the PDFs' font, accents included) when the system has it; Pillow's own otherwise."""
    from PIL import ImageFont

    try:
        return ImageFont.truetype("DejaVuSans.ttf", tamano)
    except OSError:
        return ImageFont.load_default(tamano)


def _foto_de_muestra(n: int, leyenda: str):
    """A plain picture standing in for one of the report's photos (not in the seeds): a coloured
    field with the caption and "Foto de demostración" written on it, as a JPEG upload."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    colores = ("#7a0f12", "#1b5e7a", "#2e6b30", "#8a5a00")
    imagen = Image.new("RGB", (1200, 800), colores[n % len(colores)])
    dibujo = ImageDraw.Draw(imagen)
    dibujo.rectangle((40, 40, 1160, 760), outline="white", width=6)
    dibujo.text((600, 330), "Foto de demostración", fill="white", font=_letra(64), anchor="mm")
    texto = textwrap.fill(leyenda, 40)
    dibujo.multiline_text((600, 520), texto, fill="white", font=_letra(36), anchor="mm", align="center")
    salida = BytesIO()
    imagen.save(salida, "JPEG", quality=80)
    return SimpleUploadedFile(f"foto-{n + 1}.jpg", salida.getvalue(), content_type="image/jpeg")


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
        fotos = evento_datos.pop("fotos", [])
        anfitriona = evento_datos.pop("region_anfitriona", None)
        primeros = ("slug", "nombre", "macrorregion", "sede", "fecha_inicio", "fecha_fin")
        evento = contenido.evento_crear(
            usuario=difoca,
            region_anfitriona=Region.objects.get(nombre=anfitriona) if anfitriona else None,
            **{clave: evento_datos.pop(clave) for clave in primeros},
        )
        evento = contenido.evento_guardar(
            evento=evento,
            usuario=difoca,
            version=None,
            regiones=Region.objects.filter(nombre__in=regiones),
            documento=contenido.Documento(
                campos=evento_datos,
                listas={
                    "presentaciones": [{"practica": practicas[p["clave"]]} for p in presentadas],
                    "testimonios": testimonios,
                },
            ),
        )
        for presentada in presentadas:
            contenido.comentario_guardar(
                practica=practicas[presentada["clave"]],
                usuario=difoca,
                datos={"evento": evento, **presentada["comentario"]},
            )
        for n, leyenda in enumerate(fotos):
            contenido.foto_agregar(
                evento=evento, usuario=difoca, archivo=_foto_de_muestra(n, leyenda), leyenda=leyenda
            )
        services.evento_publicar(evento=evento, usuario=difoca)
    salida(f"buenas prácticas: {len(practicas)} publicadas, con el reporte del intercambio de Huacho")
