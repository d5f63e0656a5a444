"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live server."""

import os
import time
from pathlib import Path

import pytest

# The balance's fixtures, for the journeys through it.
from tests.balance.conftest import campana, matriz  # noqa: F401

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def servidor_en_reposo(request):
    """After each journey, wait until the live server has answered every request still in flight.

    A closed tab's last save (beacon or htmx) can reach the server after the test has seen what it
    needed; if the database flush between tests starts meanwhile, the two deadlock and the next test
    inherits the rows. So: no other connection to the test database may be busy for half a second.
    """
    request.getfixturevalue("transactional_db")  # requested here, so it is torn down after this
    yield
    from django.db import connection

    quieto_desde, limite = None, time.monotonic() + 15
    with connection.cursor() as cursor:
        while time.monotonic() < limite:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state <> 'idle'"
            )
            if cursor.fetchone()[0]:
                quieto_desde = None
            elif quieto_desde is None:
                quieto_desde = time.monotonic()
            elif time.monotonic() - quieto_desde >= 0.5:
                return
            time.sleep(0.05)
    pytest.fail("The live server was still answering requests 15 s after the test ended.")


@pytest.fixture(scope="session")
def navegador():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; `make test` installs it (Debian package chromium)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador, live_server):
    context = navegador.new_context(locale="es-PE", timezone_id="America/Lima", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def captura(request):
    """Save a screenshot when CHASQUI_CAPTURAS names a folder, to look at the page as a user would."""
    carpeta = os.environ.get("CHASQUI_CAPTURAS")

    def tomar(page, nombre):
        if carpeta:
            Path(carpeta).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(carpeta) / f"{nombre}.png"), full_page=True)

    return tomar
