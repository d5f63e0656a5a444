"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live server."""

import os
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
