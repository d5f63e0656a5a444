"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live server."""

import os
import re
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

    Only for a journey against the live server (which makes it a transactional test already): a
    test that drives the browser over a page of its own (test_revisar) has no server to wait for,
    and asking for ``transactional_db`` from here, outside its own fixtures, gave it pytest-django's
    other kind of test, whose connection ends with a ROLLBACK and stays open (see ``navegador``).
    """
    if "live_server" not in request.fixturenames:
        yield
        return
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
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs in this thread, Django keeps this thread's database
        # connections apart (asgiref's Local: a context variable when a loop is running, instead of
        # the thread's own), so the tests in between used connections of their own. A transactional
        # test closes its connection; any other one left open here would outlive the session,
        # unseen by pytest-django's teardown, which runs after the loop has stopped and sees only
        # the thread's connection (and the test database could not be dropped).
        connections.close_all()


@pytest.fixture
def pagina(navegador, live_server):
    context = navegador.new_context(locale="es-PE", timezone_id="America/Lima", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# Screenshots go to capturas/ at the repository's root (git-ignored), or to the folder CHASQUI_CAPTURAS names.
CAPTURAS = Path(__file__).resolve().parents[2] / "capturas"


def carpeta_capturas() -> Path:
    carpeta = Path(os.environ.get("CHASQUI_CAPTURAS") or CAPTURAS)
    carpeta.mkdir(parents=True, exist_ok=True)
    return carpeta


@pytest.fixture
def captura():
    """Save a full-page screenshot of the page as it is now, to look at it as a user would."""

    def tomar(page, nombre):
        page.screenshot(path=str(carpeta_capturas() / f"{nombre}.png"), full_page=True)

    return tomar


# --- The check every journey makes on every page it visits (tests/browser/test_recorrido_*.py) ---

ESCRITORIO = {"width": 1366, "height": 900}
CELULAR = {"width": 360, "height": 740}
TAMANOS = {"escritorio": ESCRITORIO, "celular": CELULAR}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
GRAVES = ("serious", "critical")
MINIMO, MINIMO_PRINCIPAL = 24, 44

# WCAG 2.5.8 (target size, minimum) at 24 px, and 44 px for the primary actions:
# - every visible control (a, button, input, select, textarea, summary, [role=button]) at least 24 × 24
#   px, with the criterion's exceptions: a link inside a sentence (its size is set by the text's line),
#   and the spacing exception (a 24 px circle centred on the smaller control touches no other control
#   and no other small control's circle);
# - every primary action (Bootstrap's primary button, the house's red one, a cell of the monitoring
#   plan's calendar) at least 44 px tall.
# A control is visible when it takes room on screen and is not clipped away (Bootstrap's
# visually-hidden, btn-check); the calendar's checkbox is transparent over its drawn cell, so opacity
# does not hide a control.
MEDIR_CONTROLES = r"""([minimo, principal]) => {
  const controles = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const primarias = '.btn-primary, .btn-chasqui, .celda input';
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    if (!e.checkVisibility({visibilityProperty: true})) return false;
    for (let n = e; n && n !== document.body; n = n.parentElement) {
      const s = getComputedStyle(n);
      if ((s.clip && s.clip !== 'auto') || (s.clipPath && s.clipPath !== 'none')) return false;
    }
    return true;
  };
  const enUnaFrase = (e) => {
    if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
    let bloque = e.parentElement;
    while (bloque && getComputedStyle(bloque).display.startsWith('inline')) bloque = bloque.parentElement;
    const propio = e.innerText.replace(/\s+/g, ' ').trim();
    const todo = (bloque ? bloque.innerText : '').replace(/\s+/g, ' ').trim();
    return todo.length > propio.length;
  };
  const nombre = (e) => {
    const texto = (e.getAttribute('aria-label') || e.innerText || e.value || e.name || '')
      .replace(/\s+/g, ' ');
    const clase = typeof e.className === 'string' && e.className
      ? '.' + e.className.trim().split(/\s+/).join('.') : '';
    return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${clase} «${texto.trim().slice(0, 50)}»`;
  };
  const todos = [...document.querySelectorAll(controles)].filter(visible)
    .map(e => ({e, r: e.getBoundingClientRect()}));
  const pequenos = todos.filter(({e, r}) =>
    (r.width < minimo - 0.5 || r.height < minimo - 0.5) && !enUnaFrase(e));
  const centro = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const anidados = (a, b) => a.contains(b) || b.contains(a);
  const radio = minimo / 2;
  const problemas = [];
  for (const p of pequenos) {
    const [x, y] = centro(p.r);
    const toca = todos.find(o => o.e !== p.e && !anidados(o.e, p.e) && Math.hypot(
      x - Math.max(o.r.left, Math.min(x, o.r.right)), y - Math.max(o.r.top, Math.min(y, o.r.bottom))) < radio)
      || pequenos.find(o => o.e !== p.e && !anidados(o.e, p.e)
        && Math.hypot(x - centro(o.r)[0], y - centro(o.r)[1]) < minimo);
    if (toca)
      problemas.push(`control de ${p.r.width.toFixed(0)}×${p.r.height.toFixed(0)} px (mínimo `
        + `${minimo}×${minimo}, o su círculo de ${minimo} px libre): ${nombre(p.e)}, `
        + `junto a ${nombre(toca.e)}`);
  }
  for (const e of document.querySelectorAll(primarias)) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || !e.checkVisibility({visibilityProperty: true})) continue;
    if (r.height < principal - 0.5)
      problemas.push(`acción principal de ${r.height.toFixed(0)} px de alto `
        + `(mínimo ${principal}): ${nombre(e)}`);
  }
  return problemas;
}"""


ESPERAR_ANIMACIONES = """async () => {
  // Two frames first: a transition a style change just caused (a resize) is then running.
  await new Promise(listo => requestAnimationFrame(() => requestAnimationFrame(listo)));
  const finitas = document.getAnimations()
    .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity);
  await Promise.race([
    Promise.all(finitas.map(a => a.finished.catch(() => null))),
    new Promise(listo => setTimeout(listo, 2000)),
  ]);
}"""


class Inaccesible(AssertionError):
    """A page of a journey breaks one of the checks of ``revisar``: a serious or critical axe violation, a
    sideways scroll, a small control. Its own type, so a journey with known causes may be marked
    ``xfail(raises=Inaccesible)`` and still fail on anything else (a step that does not work)."""


# The line of a primary action under 44 px, for ``conocidos``.
PRINCIPALES_BAJAS = r"acción principal de \d+ px de alto"


class Conocidos(Inaccesible):
    """Only problems a journey's ``conocidos`` mark names: causes being fixed elsewhere."""


def conocidos(causas: dict[str, str]):
    """Marks for a journey whose pages still break a check for known causes, fixed in other branches:
    ``causas`` maps a regular expression over the problem's line to its explanation. The journey is an
    expected failure only when every problem found matches one of them; any other problem, or a step
    that does not work, fails it. Remove the marks once those branches are merged: the journey must
    then pass.

        pytestmark = conocidos({PRINCIPALES_BAJAS: "primary buttons 38 px tall (branch X)"})
    """
    return [
        pytest.mark.conocidos(causas),
        pytest.mark.xfail(raises=Conocidos, strict=False, reason="; ".join(causas.values())),
    ]


class Revisor:
    """``revisar(page, nombre)``: the checks of one page at desktop and at phone size, and its screenshots.

    What it finds is kept and the journey goes on (the rest of the journey is still tested); when the
    journey ends, the test fails with everything found, page by page (see pytest_runtest_call below).
    """

    def __init__(self):
        self.problemas: list[str] = []
        self.paginas: list[str] = []

    def __call__(self, page, nombre):
        original = page.viewport_size
        for tamano, medidas in TAMANOS.items():
            page.set_viewport_size(medidas)
            page.wait_for_function("w => window.innerWidth === w", arg=medidas["width"])
            self.problemas += [f"{nombre} ({tamano}): {p}" for p in self.revisar(page, medidas["width"])]
            page.screenshot(path=str(carpeta_capturas() / f"{nombre}-{tamano}.png"), full_page=True)
        page.set_viewport_size(original)
        self.paginas.append(nombre)

    def revisar(self, page, ancho):
        # Colours measured mid-transition (a button still fading into its hover colour under the
        # pointer that clicked it) are not what anyone reads: the pointer leaves the page (a resize
        # would slide another element under it, starting a new hover transition while axe reads
        # the colours) and finite animations end first.
        page.mouse.move(0, 0)
        page.evaluate(ESPERAR_ANIMACIONES)
        problemas = [
            f"axe {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(v["targets"])
            for v in axe(page)
            if v["impact"] in GRAVES
        ]
        desborde = page.evaluate("document.documentElement.scrollWidth")
        if desborde > ancho:
            problemas.append(f"scroll lateral: la página mide {desborde} px de ancho en {ancho} px")
        problemas += page.evaluate(MEDIR_CONTROLES, [MINIMO, MINIMO_PRINCIPAL])
        return problemas


def axe(page):
    """axe-core's violations on the page as it is now: id, impact, help and the offending elements.

    axe-core comes from the npm registry (package.json's devDependencies, `npm ci`). Playwright's
    add_script_tag would put it in a <script> element, which the app's CSP (script-src 'self', no
    inline scripts) blocks, as it should. page.evaluate runs the file's source through the DevTools
    protocol instead, which the page's CSP does not govern: axe gets in while the page keeps the exact
    policy its users get (a context with bypass_csp=True would also switch the CSP off for the page's
    own scripts, and hide from the journeys a script the policy would block).
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_fuente())
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 8).map(n => n.target.join(' ') +
                    (n.any[0] && n.any[0].message ? ` [${n.any[0].message}]` : '')),
            }));
        }"""
    )


_AXE_FUENTE = []


def _axe_fuente():
    if not _AXE_FUENTE:
        if not AXE.exists():
            pytest.fail(f"axe-core is not installed at {AXE}; `make install` installs it (npm ci).")
        _AXE_FUENTE.append(AXE.read_text(encoding="utf-8"))
    return _AXE_FUENTE[0]


@pytest.fixture
def revisar():
    return Revisor()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A journey that worked still fails if ``revisar`` found something on one of its pages."""
    resultado = yield
    revisor = getattr(item, "funcargs", {}).get("revisar")
    if isinstance(revisor, Revisor) and revisor.problemas:
        marca = item.get_closest_marker("conocidos")
        causas = marca.args[0] if marca else {}
        nuevos = [p for p in revisor.problemas if not any(re.search(c, p) for c in causas)]
        resumen = f"{len(revisor.problemas)} problema(s) en {len(revisor.paginas)} página(s)"
        if nuevos:
            raise Inaccesible(
                f"{resumen}; {len(nuevos)} sin causa conocida:\n"
                + "\n".join(nuevos)
                + ("\nlos conocidos:\n" + "\n".join(p for p in revisor.problemas if p not in nuevos))
            )
        raise Conocidos(f"{resumen}, todos de causa conocida:\n" + "\n".join(revisor.problemas))
    return resultado


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "conocidos(causas): problems of revisar with a known cause (see conftest.conocidos)"
    )


@pytest.fixture(params=list(TAMANOS))
def tamano(request):
    """A journey's screen: a laptop's (1366 × 900) or a phone's (360 × 740)."""
    return request.param


@pytest.fixture
def pestana(navegador, live_server, tamano):
    """A journey's tab, of its size, in Lima, that accepts downloads."""
    contexto = navegador.new_context(
        base_url=live_server.url,
        locale="es-PE",
        timezone_id="America/Lima",
        viewport=TAMANOS[tamano],
        accept_downloads=True,
    )
    page = contexto.new_page()
    page.set_default_timeout(15_000)
    yield page
    contexto.close()
