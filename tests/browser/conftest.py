"""Playwright for Python driving Debian's Chromium against the platform as `make run` serves it
(tests/server.py: uvicorn with the pool, Redis, the socket and WhiteNoise, on a free port). The
server is another process, so browser tests are transactional: their data is committed.

Never `playwright install`: the browser is /usr/bin/chromium, WebGL in software (SwiftShader).
The pages run under the real content security policy, which forbids eval: waits poll with
page.evaluate (CDP, not subject to CSP) instead of page.wait_for_function. Pages publish what tests
read (the map, the editor, the live channel) on window.onemapTestHook only when a test asks for it
(map_client/src/core/test-hook.js): every context here asks, before the page's scripts run."""
import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(django_settings.BASE_DIR) / "tests" / "artifacts"
MANIFEST = Path(django_settings.BASE_DIR) / "map_client" / "dist" / ".vite" / "manifest.json"
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop on this thread; Django's ORM refuses to run while
    one exists unless told it is deliberate (the test code itself is synchronous). Only for the
    browser test modules: the variable must not leak into other tests (check --deploy flags it)."""
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if old is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture(scope="module")
def browser(_orm_beside_playwright):
    """One Chromium per test module: the event loop Playwright keeps must not outlive the module."""
    if not MANIFEST.exists():
        pytest.fail("The map client is not built: cd map_client && npm ci && npm run build")
    if not Path(CHROMIUM).exists():
        # `make test` installs it (scripts/bootstrap.sh): a missing browser fails, never skips.
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium: run `bash scripts/bootstrap.sh`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A Playwright page plus the waits and helpers the map tests need."""

    def __init__(self, page, base_url):
        self.page = page
        self.base = base_url
        self.errors = []
        self.console = []
        self.allowed = []  # console errors a test expects (allow_console)
        self.frames = []  # (time, text) of every WebSocket frame the page received
        self.requests = []  # (time, url) of every request the page made
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(
            f"{m.type}: {m.text}" + (f" ({m.location.get('url')})" if m.type == "error" and m.location.get("url") else "")))
        page.on("dialog", lambda d: d.accept())
        page.on("request", lambda r: self.requests.append((time.monotonic(), r.url)))
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: self.frames.append((time.monotonic(), payload))))

    def allow_console(self, *patterns):
        """Console errors matching these regular expressions are expected by the test (e.g. a
        refusal it provokes); any other console error, page error or CSP violation fails it."""
        self.allowed += [re.compile(p) for p in patterns]
        return self

    def problems(self):
        """Page errors, console errors and content-security-policy violations nobody expected."""
        found = [f"page error: {e}" for e in self.errors]
        for line in self.console:
            if line.startswith("error:") and not any(p.search(line) for p in self.allowed):
                found.append(line)
        return found

    def __getattr__(self, name):
        return getattr(self.page, name)

    def open(self, path):
        self.page.goto(self.base + path)
        return self

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg) if arg is not None else self.page.evaluate(expression)

    def wait(self, expression, arg=None, timeout=30.0, message=None):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = self.js(expression, arg)
            if last:
                return last
            time.sleep(0.1)
        raise AssertionError(message or f"timed out waiting for {expression!r} (last value {last!r})")

    def wait_idle(self, timeout=45.0):
        self.wait("window.onemapTestHook.idle === true", timeout=timeout, message="the map never became idle")

    def settle(self):
        """Waits for the map to stop loading tiles and moving after an interaction."""
        self.wait("() => { const m = window.onemapTestHook.map; return m && m.loaded() && !m.isMoving() && m.areTilesLoaded(); }")

    def rendered(self, layer_id=None):
        """Features drawn on screen, as [{layer, source, id, properties}], optionally of one registry layer."""
        return self.js("""(layerId) => window.onemapTestHook.map.queryRenderedFeatures()
            .filter(f => !layerId || (f.layer.metadata && f.layer.metadata['onemap:layer'] === layerId))
            .map(f => ({layer: f.layer.id, source: f.source, id: f.id, properties: f.properties}))""", layer_id or "")

    def pixel(self, lon, lat):
        """Page coordinates of a longitude/latitude on the map canvas."""
        x, y = self.js("([lon, lat]) => { const p = window.onemapTestHook.map.project([lon, lat]); return [p.x, p.y]; }", [lon, lat])
        box = self.page.locator("#map").bounding_box()
        return box["x"] + x, box["y"] + y

    def click_map(self, lon, lat):
        self.page.mouse.click(*self.pixel(lon, lat))

    def shot(self, name):
        """Saves tests/artifacts/<name>.png once the map has drawn its latest changes."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if self.js("!!(window.onemapTestHook && window.onemapTestHook.map)"):
            self.page.evaluate("""() => new Promise((resolve) => {
                const m = window.onemapTestHook.map;
                const done = () => requestAnimationFrame(() => requestAnimationFrame(resolve));
                if (m.loaded() && !m.isMoving()) { m.triggerRepaint(); done(); } else m.once('idle', done);
                setTimeout(resolve, 5000);
            })""")
            time.sleep(0.3)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def login(self, username, password=PASSWORD, next_path="/"):
        self.open(f"/accounts/login/?next={next_path}")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state("load")
        return self


@pytest.fixture
def make_page(browser, served, request):
    """Pages for a test. After the test, every page must be free of page errors, console errors and
    CSP violations (Chromium reports those as console errors) other than those the test declared
    with `page.allow_console(...)`."""
    contexts, pages = [], []

    def make(width=1920, height=1080, locale="zh-CN"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                      timezone_id="Asia/Shanghai")
        context.add_init_script("window.onemapTestHook = {};")
        contexts.append(context)
        page = Page(context.new_page(), served.url)
        pages.append(page)
        return page

    yield make
    for context in contexts:
        context.close()
    failed = getattr(request.node, "rep_call", None)
    problems = [problem for page in pages for problem in page.problems()]
    if problems and not (failed and failed.failed):
        pytest.fail("the page logged errors:\n" + "\n".join(problems[:20]), pytrace=False)


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture
def shelter_staff(transactional_db):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("shelter_staff", password=PASSWORD)
    user.groups.add(Group.objects.get(name="shelter_staff"))  # made by migrate, never here
    return user


@pytest.fixture
def admin_user_browser(transactional_db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("chief", "chief@example.invalid", PASSWORD)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, so page-error checks after a failed test stay quiet
    (the test's own failure is the one to read)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
