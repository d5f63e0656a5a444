from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from cuentas.models import Usuario
from tests.browser.test_ingreso import ingresar


def test_la_ugel_crea_un_director_y_lo_desactiva(mundo, pagina, captura):
    ingresar(pagina, "ugel", settings.DEMO_PASSWORD)
    pagina.wait_for_url("**/")
    pagina.get_by_role("link", name="Directores").first.click()
    expect(pagina.get_by_role("heading", name="Directores · UGEL A1")).to_be_visible()
    captura(pagina, "directores-ugel")

    fila = pagina.get_by_role("row").filter(has_text=mundo["inst_a1b"].nombre)
    expect(fila.get_by_text("Sin cuenta de director")).to_be_visible()
    fila.get_by_role("link", name="Crear cuenta").click()
    pagina.get_by_label("Nombres").fill("Rosa")
    pagina.get_by_label("Apellidos").fill("Quispe Mamani")
    pagina.get_by_label("DNI").fill("7654321")
    pagina.get_by_label("Correo electrónico").fill("rosa@example")
    pagina.get_by_role("button", name="Crear la cuenta").click()
    # Next to the field, and in the error summary at the top of the form, which takes the focus.
    expect(pagina.locator("#error_1_id_dni")).to_contain_text("El DNI debe tener exactamente 8 dígitos")
    expect(pagina.locator(".resumen-errores")).to_contain_text("DNI: El DNI debe tener exactamente 8 dígitos")
    expect(pagina.locator(".resumen-errores")).to_be_focused()
    captura(pagina, "director-nuevo-errores")

    pagina.get_by_label("DNI").fill("07654321")
    pagina.get_by_label("Correo electrónico").fill("rosa@example.pe")
    pagina.get_by_role("button", name="Crear la cuenta").click()
    expect(pagina.get_by_text("Se creó la cuenta de Rosa Quispe Mamani")).to_be_visible()
    expect(pagina.get_by_text("Le enviamos a rosa@example.pe")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["rosa@example.pe"]]

    fila = pagina.get_by_role("row").filter(has_text="07654321")
    fila.get_by_role("button", name="Desactivar").click()
    expect(pagina.get_by_text("quedó desactivada")).to_be_visible()
    captura(pagina, "director-desactivado")
    assert not Usuario.objects.get(username="07654321").is_active
