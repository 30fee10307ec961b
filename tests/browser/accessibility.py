"""axe-core on every page a browser test visits, without anyone having to remember it.

``watch(page, problems)`` (the ``page`` and ``new_page`` fixtures apply it) checks each
document once, in the state the test first touches it:

- a Playwright locator handler on ``html:not([data-axe-checked])``: Playwright runs it
  before every action (click, fill, select_option…) and every auto-waiting ``expect``
  on a document that has not been checked yet;
- ``goto``, ``reload``, ``go_back`` and ``go_forward`` check the document they leave;
- the fixture checks the last document when the test ends.

Violations are added to ``problems``, which the fixture asserts empty, so a test that
visits an inaccessible page fails with axe's report. ``assert_accessible(page)`` checks
the page again right now, for states a script made after the first check.
"""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error, Page

AXE = Axe()
CHECKED = "data-axe-checked"
RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  document.documentElement.setAttribute("CHECKED", "");
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary),
  }));
}""".replace("CHECKED", CHECKED)


def violations(page: Page) -> list[str]:
    """axe's violations on the page as it is now, one readable line each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)
    found = page.evaluate(RUN)
    return [
        f"axe {v['id']} ({v['impact']}) on {page.url}: {v['help']} — " + " | ".join(v["nodes"])
        for v in found
    ]


def assert_accessible(page: Page) -> None:
    found = violations(page)
    assert found == [], "\n".join(found)


def _check_once(page: Page, problems: list[str]) -> None:
    try:
        if page.is_closed() or page.url == "about:blank":
            return
        if page.evaluate(f"() => document.documentElement.hasAttribute('{CHECKED}')"):
            return
        problems.extend(violations(page))
    except Error as error:
        if "context was destroyed" not in str(error) and "navigation" not in str(error):
            raise  # a real failure, not the page moving on while being checked


def watch(page: Page, problems: list[str]) -> None:
    page.add_locator_handler(
        page.locator(f"html:not([{CHECKED}])"), lambda: _check_once(page, problems)
    )
    for name in ("goto", "reload", "go_back", "go_forward"):
        original = getattr(page, name)

        def leaving_checked(*args, _original=original, **kwargs):
            _check_once(page, problems)
            return _original(*args, **kwargs)

        setattr(page, name, leaving_checked)
    page.check_accessibility = lambda: _check_once(page, problems)
