"""The catalogue's cards and DIFOCA's list rows, drawn by the views in one pass, are the markup
the template loops drew (their text kept here as the reference): titles and names with markup
characters, drafts, a search's marks, long texts, dates in Lima's time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.template import engines
from django.utils import timezone

from practicas.gestion.lista import _con_editores, _filas_html
from practicas.models import BuenaPractica
from practicas.views import _tarjetas_html, resaltado
from tests.factories import BuenaPracticaFactory, RegionFactory, TemaFactory, UsuarioFactory
from tests.factories import practica_publicada as publicada

# The loop of templates/practicas/catalogo.html before the cards were drawn by the view.
TARJETAS = """{% load i18n %}  {% for p in pagina %}
  <div class="col">
    <article class="card h-100 shadow-sm tarjeta-practica">
      <div class="card-body">
        <p class="small text-uppercase fw-semibold text-body-secondary mb-1">{% blocktranslate with region=p.region.nombre %}Región {{ region }}{% endblocktranslate %} · {{ p.anio }}</p>
        <h3 class="h6 card-title"><a class="stretched-link text-decoration-none" href="{% url 'practicas:ficha' p.slug %}">{% if p.titulo_html %}{{ p.titulo_html }}{% else %}{{ p.titulo }}{% endif %}</a></h3>
        <p class="small mb-2">{{ p.instancias|truncatechars:90 }}</p>
        <p class="small text-body-secondary mb-0 extracto">{% if p.extracto_html %}{{ p.extracto_html }}{% else %}{{ p.problema|truncatewords:30 }}{% endif %}</p>
      </div>
      <div class="card-footer bg-transparent small d-flex flex-wrap gap-1">
        <span class="badge text-bg-light border">{{ p.tema.nombre }}</span>
        <span class="badge etapa-{{ p.etapa }}">{% blocktranslate with etapa=p.get_etapa_display|lower %}Estadio {{ etapa }}{% endblocktranslate %}</span>
        {% if p.estado != "publicada" %}<span class="badge text-bg-warning">{{ p.get_estado_display }}</span>{% else %}<a class="ms-auto position-relative z-2" href="{% url 'practicas:ficha_pdf' p.slug %}" aria-describedby="pdf-{{ p.pk }}">{% icono "file-earmark-pdf" "me-1" %}{% translate "Descargar ficha (PDF)" %}</a><span class="visually-hidden" id="pdf-{{ p.pk }}">{{ p.titulo }}</span>{% endif %}
      </div>
    </article>
  </div>
  {% endfor %}"""  # noqa: E501

# The loop of templates/practicas/gestion/lista.html before the rows were drawn by the view.
FILAS = """{% load i18n %}{% translate 'Región' as t_region %}{% translate 'Tema' as t_tema %}{% translate 'Estado' as t_estado %}{% translate 'Última edición' as t_edicion %}
      {% for p in pagina %}
      <tr>
        <th scope="row" class="fw-normal celda-nombre"><a href="{% url 'practicas:gestion_editar' p.pk %}">{{ p.titulo }}</a></th>
        <td data-label="{{ t_region }}">{{ p.region.nombre }}</td>
        <td data-label="{{ t_tema }}">{{ p.tema.nombre }}</td>
        <td class="tarjeta-primero" data-label="{{ t_estado }}"><span class="badge estado-practica-{{ p.estado }}">{{ p.get_estado_display }}</span></td>
        <td class="small" data-label="{{ t_edicion }}"><span>{% if p.editada_en %}{% blocktranslate with fecha=p.editada_en|date:"d/m/Y H:i" %}Editada el {{ fecha }}{% endblocktranslate %}{% if p.editada_por %} {% blocktranslate with quien=p.editada_por %}por {{ quien }}{% endblocktranslate %}{% endif %}{% else %}{% blocktranslate with fecha=p.creada|date:"d/m/Y" %}Registrada el {{ fecha }}{% endblocktranslate %}{% endif %}</span></td>
      </tr>
      {% endfor %}"""  # noqa: E501

LARGO = "Una oración bastante larga sobre la gestión <desarticulada> & reactiva de las UGEL. " * 4


def _dibujo(plantilla, pagina):
    return engines["django"].from_string(plantilla).render({"pagina": pagina})


def _practicas():
    region = RegionFactory(nombre='Áncash <Norte> & "Sierra"')
    tema = TemaFactory(nombre="Gestión 'pedagógica' <b>")
    editor = UsuarioFactory(first_name="Ana <María>", last_name="Quispe & Co")
    sin_nombre = UsuarioFactory(first_name="", last_name="", username="difoca.sin.nombre")
    return [
        publicada(
            titulo='Puentes <de> inclusión & "más"',
            region=region,
            tema=tema,
            instancias=LARGO,
            problema=LARGO,
        ),
        BuenaPracticaFactory(titulo="Borrador", estado="borrador", etapa="inicial", problema="Corto."),
        BuenaPracticaFactory(
            titulo="En revisión",
            estado="en_revision",
            etapa="intermedio",
            editada_en=datetime(2026, 1, 1, 3, 30, tzinfo=ZoneInfo("UTC")),  # 31/12/2025 in Lima
            editada_por=editor,
        ),
        publicada(titulo="Editada sin editor", editada_en=timezone.now()),
        publicada(titulo="Por alguien sin nombre", editada_en=timezone.now(), editada_por=sin_nombre),
        publicada(
            titulo="Registrada de madrugada", creada=datetime(2026, 3, 1, 2, 0, tzinfo=ZoneInfo("UTC"))
        ),
    ]


def test_las_tarjetas_son_las_del_bucle_de_la_plantilla(db):
    _practicas()
    practicas = list(BuenaPractica.objects.con_ficha().order_by("pk"))
    # The loop's output after the indentation before its {% for %}.
    assert _tarjetas_html(practicas) == _dibujo(TARJETAS, practicas)[len("  ") :]
    # A search's title and passage, marked.
    practicas[0].titulo_html = resaltado("Puentes <de> \ue000inclusión\ue001")
    practicas[0].extracto_html = resaltado("… la \ue000gestión\ue001 <desarticulada> …")
    dibujo = _tarjetas_html(practicas)
    assert dibujo == _dibujo(TARJETAS, practicas)[len("  ") :]
    assert "Puentes &lt;de&gt; <mark>inclusión</mark>" in dibujo


def test_las_filas_son_las_del_bucle_de_la_plantilla(db):
    _practicas()
    practicas = list(BuenaPractica.objects.select_related("region", "tema", "editada_por").order_by("pk"))
    # The editors' names as each request puts them in (the kept rows mark where they go).
    editores = sorted({p.editada_por_id for p in practicas if p.editada_por_id})
    dibujo = _con_editores(_filas_html(practicas), editores)
    assert dibujo == _dibujo(FILAS, practicas)[len("\n      ") :]  # after the text before {% for %}
    assert "Editada el 31/12/2025 22:30 por Ana &lt;María&gt; Quispe &amp; Co" in dibujo
    assert "Registrada el 01/03/2026" not in dibujo and "Registrada el 28/02/2026" in dibujo
