"""Only the icons Chasqui uses, from one sprite built from the npm package (comun/iconos.py): the tag
{% icono %}, the sprite's symbols, and every name the templates and the Python icon fields use."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template, TemplateSyntaxError

from comun import iconos
from comun.registro import EntradaMenu, con_cuenta, menu

PLANTILLAS = Path(settings.BASE_DIR) / "templates"


def test_la_etiqueta_dibuja_un_svg_del_sprite():
    html = Template('<a>{% icono "plus-lg" "me-1" %}Agregar</a>').render(Context())
    assert html == (
        '<a><svg class="bi me-1" aria-hidden="true" width="1em" height="1em">'
        '<use href="/static/iconos/iconos.svg#plus-lg"></use></svg>Agregar</a>'
    )
    assert Template("{% icono nombre %}").render(Context({"nombre": "bell"})).startswith('<svg class="bi" ')


def test_un_icono_desconocido_falla():
    with pytest.raises(TemplateSyntaxError, match="plus-lgg"):
        Template('{% icono "plus-lgg" %}')
    with pytest.raises(iconos.IconoDesconocido, match="campana"):
        Template("{% icono nombre %}").render(Context({"nombre": "campana"}))
    with pytest.raises(iconos.IconoDesconocido):
        EntradaMenu("x", "X", "inicio", "campana", con_cuenta)


def test_el_sprite_tiene_cada_icono_y_nada_mas():
    ruta = finders.find(iconos.RUTA)
    assert ruta, "the finder serves the sprite"
    texto = Path(ruta).read_text(encoding="utf-8")
    assert texto == iconos.sprite()
    assert set(re.findall(r'<symbol id="([a-z0-9-]+)" viewBox="0 0 16 16">', texto)) == iconos.ICONOS
    assert "<path" in texto and "<svg" not in texto.split("\n", 1)[1]  # the icons' own <svg> unwrapped
    assert len(texto) < 40_000  # a few KB, against the font's 134 KB
    assert [p for p, _ in finders.get_finder("comun.iconos.IconosFinder").list([])] == [iconos.RUTA]


def test_un_nombre_que_el_paquete_no_tiene_no_construye_el_sprite():
    with pytest.raises(FileNotFoundError, match="no-existe"):
        iconos.sprite({"bell", "no-existe"})


def usados_en_plantillas() -> set[str]:
    nombres = set()
    for archivo in PLANTILLAS.rglob("*.html"):
        texto = archivo.read_text(encoding="utf-8")
        nombres |= set(re.findall(r"""{% icono ["']([^"']+)["']""", texto))
    return nombres


def usados_en_python() -> set[str]:
    from practicas.gestion.lista import ACCIONES

    nombres = {entrada.icono for entrada in menu} | {accion.icono for accion in ACCIONES.values()}
    # Icons the apps' Python draws with comun.templatetags.iconos.svg(name, …) (lists drawn in one pass).
    for archivo in Path(settings.BASE_DIR).glob("*/*.py"):
        if archivo.parent.name == "tests":
            continue
        nombres |= set(re.findall(r"""\bsvg\(["']([a-z0-9-]+)["']""", archivo.read_text(encoding="utf-8")))
    return nombres


def test_cada_icono_usado_existe_y_cada_icono_del_sprite_se_usa():
    plantillas, python = usados_en_plantillas(), usados_en_python()
    assert len(plantillas) > 30 and {"bell", "house", "send"} <= python
    usados = plantillas | python
    assert usados - iconos.ICONOS == set(), "used but not in comun/iconos.py ICONOS"
    assert iconos.ICONOS - usados == set(), "in the sprite but used nowhere"


def test_no_queda_la_fuente_de_iconos():
    """No template draws an icon with the font's classes (<i class="bi bi-…">), which would show nothing."""
    restos = [
        f"{archivo.relative_to(PLANTILLAS)}: {linea.strip()[:100]}"
        for archivo in PLANTILLAS.rglob("*.html")
        for linea in archivo.read_text(encoding="utf-8").splitlines()
        if re.search(r"\bbi-[a-z0-9{]", linea) or 'class="bi ' in linea
    ]
    assert restos == []
    assert not any("bootstrap-icons" in str(d) for d in settings.STATICFILES_DIRS)
