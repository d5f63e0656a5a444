"""Deadline reminders: 7 days and 1 day before, to the directors still missing and a summary to the
UGEL; never twice the same one, however many times the command runs."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from avisos.models import Aviso
from balance.models import Matriz, RecordatorioPlazo
from balance.recordatorios import recordar_plazos, umbral_de
from cuentas.models import Rol
from tests.balance.conftest import enviar
from tests.factories import usuario_con


@pytest.fixture
def plazo_en(campana):
    def fijar(dias):
        campana.fecha_limite = timezone.localdate() + timedelta(days=dias)
        campana.save(update_fields=["fecha_limite"])
        return campana

    return fijar


@pytest.fixture
def escenario(campana, con_correo, tareas_inmediatas):
    """inst_a1a sent its matrix; inst_a1b (director_b) did not. A UGEL A2 and a UGEL B1 specialist
    and a director of another UGEL must hear nothing."""
    enviar(Matriz.objects.get(campana=campana, institucion=con_correo["inst_a1a"]), con_correo["director"])
    Aviso.objects.all().delete()
    mail.outbox.clear()
    return {
        "director_b": usuario_con(
            Rol.DIRECTOR, con_correo["inst_a1b"], username="director_b", email="b@x.pe"
        ),
        "ugel_a2": usuario_con(Rol.ESPECIALISTA_UGEL, con_correo["ugel_a2"], username="ugel_a2"),
        "ugel_b1": usuario_con(Rol.ESPECIALISTA_UGEL, con_correo["ugel_b1"], username="ugel_b1"),
        "director_a2": usuario_con(Rol.DIRECTOR, con_correo["inst_a2"], username="director_a2"),
    }


def correr():
    salida = StringIO()
    call_command("recordar_plazos", stdout=salida)
    return salida.getvalue()


@pytest.mark.parametrize(
    "dias, umbral", [(10, None), (8, None), (7, 7), (5, 7), (2, 7), (1, 1), (0, 1), (-1, None)]
)
def test_el_umbral_segun_los_dias_que_quedan(dias, umbral):
    assert umbral_de(dias) == umbral


def test_siete_dias_antes_a_quien_falta_y_un_resumen_a_la_ugel(
    escenario, plazo_en, campana, con_correo, django_capture_on_commit_callbacks
):
    plazo_en(7)
    with django_capture_on_commit_callbacks(execute=True):
        assert correr() == "avisos de plazo escritos: 2\n"
    avisos = {a.usuario.username: a for a in Aviso.objects.select_related("usuario")}
    assert set(avisos) == {"director_b", "ugel"}
    fecha = campana.fecha_limite.strftime("%d/%m/%Y")
    director = avisos["director_b"]
    assert director.titulo == f"El plazo de «{campana}» vence en 7 días, el {fecha}"
    assert director.texto == f"La matriz de {con_correo['inst_a1b']} aún no se envió a la UGEL."
    matriz_b = Matriz.objects.get(campana=campana, institucion=con_correo["inst_a1b"])
    assert director.enlace == f"/balance/matrices/{matriz_b.pk}/"
    resumen = avisos["ugel"]
    assert resumen.titulo == f"Falta 1 matriz por enviar en «{campana}»"
    assert f"1 de 2 sin enviar: {con_correo['inst_a1b']}." in resumen.texto
    assert resumen.enlace == f"/balance/campanas/{campana.pk}/"
    assert sorted(to for m in mail.outbox for to in m.to) == ["b@x.pe", "ugel@chasqui.example.pe"]


def test_correr_dos_veces_no_repite_nada(escenario, plazo_en, django_capture_on_commit_callbacks):
    plazo_en(7)
    with django_capture_on_commit_callbacks(execute=True):
        correr()
    antes, correos = Aviso.objects.count(), len(mail.outbox)
    assert antes == 2 and correos == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert correr() == "avisos de plazo escritos: 0\n"
    assert (Aviso.objects.count(), len(mail.outbox)) == (antes, correos)
    assert RecordatorioPlazo.objects.get().dias == 7


def test_un_dia_antes_el_segundo_recordatorio_y_solo_uno(escenario, plazo_en, campana):
    plazo_en(7)
    correr()
    plazo_en(1)
    correr()
    correr()
    assert sorted(RecordatorioPlazo.objects.values_list("dias", flat=True)) == [1, 7]
    titulos = Aviso.objects.filter(usuario=escenario["director_b"]).values_list("titulo", flat=True)
    assert len(titulos) == 2 and any("vence en 1 día, el" in t for t in titulos)


def test_fuera_de_plazo_o_cerrada_no_recuerda(escenario, plazo_en, campana):
    plazo_en(10)
    assert recordar_plazos() == 0
    plazo_en(-1)
    assert recordar_plazos() == 0
    plazo_en(3)
    campana.abierta = False
    campana.save(update_fields=["abierta"])
    assert recordar_plazos() == 0
    assert not RecordatorioPlazo.objects.exists() and not Aviso.objects.exists()


def test_con_todo_enviado_no_avisa_a_nadie_pero_queda_registrado(campana, mundo, plazo_en):
    for matriz in Matriz.objects.filter(campana=campana):
        director = (
            usuario_con(Rol.DIRECTOR, matriz.institucion)
            if matriz.institucion != mundo["inst_a1a"]
            else mundo["director"]
        )
        enviar(matriz, director)
    Aviso.objects.all().delete()
    plazo_en(1)
    assert recordar_plazos() == 0
    assert RecordatorioPlazo.objects.get().pendientes == 0


def test_en_una_campana_de_dre_cada_ugel_recibe_solo_lo_suyo(mundo):
    from balance import services

    ugel_a2 = usuario_con(Rol.ESPECIALISTA_UGEL, mundo["ugel_a2"], username="ugel_a2")
    campana = services.campana_crear(
        usuario=mundo["admin"],
        anio=2024,
        titulo="Balance DRE A",
        dre=mundo["dre_a"],
        fecha_limite=timezone.localdate() + timedelta(days=1),
        lineamientos=["Aprendizajes para la vida"],
    )
    services.campana_abrir(usuario=mundo["admin"], campana=campana)
    Aviso.objects.all().delete()
    recordar_plazos()
    resumen_a1 = Aviso.objects.get(usuario=mundo["ugel"])
    resumen_a2 = Aviso.objects.get(usuario=ugel_a2)
    assert resumen_a1.titulo == "Faltan 2 matrices por enviar en «Balance DRE A»"
    assert (
        "2 de 2 sin enviar" in resumen_a1.texto
        and "1 de 1 sin enviar" in Aviso.objects.get(usuario=ugel_a2).texto
    )
    assert str(mundo["inst_a1a"]) in resumen_a1.texto and str(mundo["inst_a2"]) not in resumen_a1.texto
    assert resumen_a2.titulo == "Falta 1 matriz por enviar en «Balance DRE A»"
    assert str(mundo["inst_a2"]) in resumen_a2.texto and str(mundo["inst_a1a"]) not in resumen_a2.texto
    # The DRE specialist and the other DRE's people get no summary; the director of inst_a1a is reminded.
    assert set(Aviso.objects.values_list("usuario__username", flat=True)) == {"ugel", "ugel_a2", "director"}


def test_un_plazo_ampliado_tiene_sus_propios_recordatorios(
    escenario, plazo_en, campana, django_capture_on_commit_callbacks
):
    from balance.models import Campana
    from balance.recordatorios import campana_recordar_plazo

    def recordar(hoy):
        with django_capture_on_commit_callbacks(execute=True):
            campana_recordar_plazo(campana=Campana.objects.get(pk=campana.pk), hoy=hoy)
        return Aviso.objects.filter(usuario=escenario["director_b"]).count()

    hoy = timezone.localdate()
    plazo_en(1)
    assert recordar(hoy) == 1
    plazo_en(20)  # the UGEL extends the deadline: nothing due today...
    assert recordar(hoy) == 1
    # ...and a week before the new one, and the day before, the director is reminded again, once each.
    for dias_antes, esperados in ((7, 2), (7, 2), (1, 3), (1, 3)):
        assert recordar(campana.fecha_limite - timedelta(days=dias_antes)) == esperados
