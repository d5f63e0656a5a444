"""The event report PDF (practicas.evento_pdf): Chasqui's time against WeasyPrint alone on the same HTML.

For the demo event (8 practices, 4 photos) and for an event of 40 practices (the demo's eight texts,
varied, each with its expert's feedback). Prints the best seconds and the peak memory of each, the
pages, and the ratios: what Chasqui adds to WeasyPrint (queries, the CoP's figures, the template,
the images inlined) is the difference. Not a test: it prints figures.

    scripts/pg.sh start && DEBUG=1 .venv/bin/python bench/informe.py [--practicas 40] [--nuevo]

Works in its own database (chasqui_bench_informe on the same server), created and filled the first
time (the demo, then the large event).
"""

import argparse
import io
import os
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

from bench.exportar_campana import medir, preparar_base  # noqa: E402

SLUG_GRANDE = "bench-intercambio-grande"


def generar(cantidad: int):
    """The demo, and an event presenting `cantidad` published practices through the services."""
    from django.core.management import call_command
    from django.db import transaction

    from cuentas.models import Usuario
    from practicas import contenido, demo, services
    from practicas.models import BuenaPractica, Evento

    call_command("migrate", verbosity=0)
    if not Evento.objects.filter(slug="intercambio-centro-2026").exists():
        call_command("cargar_demo", verbosity=0, stdout=io.StringIO())
    difoca = Usuario.objects.get(username="difoca.demo")
    modelo = Evento.objects.get(slug="intercambio-centro-2026")
    grande = Evento.objects.filter(slug=SLUG_GRANDE).first()
    if grande is not None and grande.presentaciones.count() == cantidad:
        return modelo, grande, difoca
    if grande is not None:
        grande.delete()

    practicas = demo.leer_practicas()
    comentarios = {p["clave"]: p["comentario"] for p in demo.leer_evento()["practicas"]}
    with transaction.atomic():
        presentadas = []
        for n in range(cantidad):
            datos = practicas[n % len(practicas)]
            clave = f"bench-informe-{n}"
            practica = BuenaPractica.objects.filter(slug=clave).first()
            if practica is None:
                practica = demo._practica(
                    {**datos, "clave": clave, "titulo": f"{datos['titulo']} ({n})"}, difoca
                )
                services.practica_enviar_a_revision(practica=practica, usuario=difoca)
                services.practica_publicar(practica=practica, usuario=difoca)
            presentadas.append((practica, comentarios[datos["clave"]]))
        campos = {
            c: getattr(modelo, c)
            for c in (
                "presentacion",
                "firma_presentacion",
                "resumen_ejecutivo",
                "cop",
                "cop_visitas",
                "cop_miembros",
                "cop_miembros_activos",
                "cop_actividades",
                "cop_aliados",
                "ruta_fortalecimiento",
                "red_gestores",
                "dia1",
                "visita",
                "visita_instituciones",
            )
        }
        grande = contenido.evento_crear(
            usuario=difoca,
            slug=SLUG_GRANDE,
            nombre=f"Intercambio de {cantidad} buenas prácticas (bench)",
            macrorregion=modelo.macrorregion,
            sede=modelo.sede,
            fecha_inicio=modelo.fecha_inicio,
            fecha_fin=modelo.fecha_fin,
        )
        grande = contenido.evento_guardar(
            evento=grande,
            usuario=difoca,
            version=None,
            regiones=modelo.regiones.all(),
            documento=contenido.Documento(
                campos=campos,
                listas={
                    "presentaciones": [{"practica": p} for p, _ in presentadas],
                    "testimonios": list(modelo.testimonios.values("autor", "cargo", "texto")),
                },
            ),
        )
        for practica, comentario in presentadas:
            contenido.comentario_guardar(
                practica=practica, usuario=difoca, datos={"evento": grande, **comentario}
            )
        for n, foto in enumerate(modelo.fotos.all()):
            contenido.foto_agregar(
                evento=grande,
                usuario=difoca,
                archivo=demo._foto_de_muestra(n, foto.leyenda),
                leyenda=foto.leyenda,
            )
    return modelo, grande, difoca


def comparar(titulo: str, evento, usuario, veces: int) -> None:
    from django.template.loader import render_to_string
    from django.utils import timezone
    from pypdf import PdfReader
    from weasyprint import HTML

    from practicas.exports import EventoPdf

    exportador = EventoPdf(usuario, {"evento": str(evento.pk)})
    salida = io.BytesIO()
    exportador.generar(salida)
    paginas = len(PdfReader(io.BytesIO(salida.getvalue())).pages)
    kib = len(salida.getvalue()) // 1024
    print(f"\n{titulo}: {exportador.tamano()} prácticas, {paginas} páginas, {kib} KiB")
    chasqui = medir(f"Chasqui (EventoPdf), mejor de {veces}", lambda: exportador.generar(io.BytesIO()), veces)

    # The very HTML Chasqui hands to WeasyPrint (ExportadorDocumento._html), rendered beforehand.
    exportador.generado = timezone.localtime()
    html = render_to_string(
        exportador.plantilla,
        {
            **exportador.contexto(),
            "pie": exportador.pie(),
            "generado": exportador.generado,
            "horizontal": exportador.horizontal,
            "titulo_documento": exportador.titulo_archivo(),
            "numerar": True,
        },
    )
    base = medir(
        f"WeasyPrint solo (mismo HTML), mejor de {veces}",
        lambda: HTML(string=html, base_url=str(BASE)).write_pdf(io.BytesIO()),
        veces,
    )
    print(f"  razón tiempo {chasqui[0] / base[0]:.2f}x   razón memoria {chasqui[1] / max(base[1], 1):.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practicas", type=int, default=40)
    parser.add_argument("--veces", type=int, default=3)
    parser.add_argument("--nuevo", action="store_true", help="borrar y volver a crear la base de prueba")
    argumentos = parser.parse_args()
    preparar_base("chasqui_bench_informe", argumentos.nuevo)

    import django

    django.setup()

    modelo, grande, difoca = generar(argumentos.practicas)
    comparar("evento de la demo", modelo, difoca, argumentos.veces)
    comparar(f"evento de {argumentos.practicas} prácticas", grande, difoca, argumentos.veces)


if __name__ == "__main__":
    main()
