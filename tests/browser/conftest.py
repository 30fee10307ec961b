"""Browser fixtures: the real app served on 127.0.0.1 and a real Chromium driving it.

Playwright's own Chromium is used when installed, else a system Chromium
(``LMS_CHROMIUM`` or /usr/bin/chromium). Where ``CI`` is set, a missing browser fails
the run: a browser test that silently skips proves nothing.

Every page comes from ``page`` or ``new_page``: they fail the test on a console error, a
page error, a dialog, or an axe-core violation on any page it visits (WCAG 2.1 AA and
axe's best practices; see ``accessibility.py``). A test asking for ``browser`` itself is
refused, so no page can escape those checks.
"""

import inspect
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..factories import make_account
from .accessibility import watch
from .server import serving

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_server(tmp_path, monkeypatch):
    with serving(tmp_path, monkeypatch) as server:
        yield server


def _system_chromium() -> str | None:
    candidate = os.environ.get("LMS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else None
    if sync_api is None:
        from playwright import sync_api
    with sync_api.sync_playwright() as playwright:
        launched = None
        errors = []
        try:
            launched = playwright.chromium.launch(args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001 - no bundled browser: try the system one
            errors.append(str(error).splitlines()[0])
            path = _system_chromium()
            if path:
                launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        if launched is None:
            message = "no Chromium for browser tests: " + "; ".join(errors)
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        yield launched
        launched.close()


PHONE = {
    "locale": "vi-VN",
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh context (a phone of its own): ``new_page(**context_options)``.

    Every page it opens fails the test on a console error, a page error, a dialog or an
    axe violation on any page it visits (see tests/browser/accessibility.py).
    """
    opened = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, **(PHONE | options))
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        watch(page, problems)
        page.problems = problems
        opened.append((context, page))
        return page

    yield open_page
    problems = []
    for context, page in opened:
        page.check_accessibility()  # the last page each test left open
        problems += page.problems
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(autouse=True)
def _pages_come_from_the_fixtures(request):
    """A page opened straight from ``browser`` would escape the accessibility checks."""
    if "browser" in inspect.signature(request.function).parameters:
        pytest.fail("browser tests get pages from the `page` or `new_page` fixture, not `browser`")


@pytest.fixture
def learner_login(live_server):
    """``learner_login(page)`` signs in "Bà Ba", a learner made directly in the database."""
    make_account(live_server.app, "learner", "baba", "luavangdongque", "Bà Ba")

    def log_in(page):
        page.goto("/dang-nhap")
        page.get_by_label("Số điện thoại hoặc tên đăng nhập").fill("baba")
        page.get_by_label("Mật khẩu").fill("luavangdongque")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator(".flash")).to_contain_text("Chào Bà Ba")

    return log_in


@pytest.fixture
def shoot():
    """Save a full-page screenshot under tests/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        page.check_accessibility()
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
