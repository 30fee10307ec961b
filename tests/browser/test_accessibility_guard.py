"""The accessibility guard itself: it must catch a violation without being asked to."""

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible

# A button nobody can name: axe's "button-name" rule, a WCAG 2.1 A failure.
BREAK_PAGE = """() => {
  const button = document.createElement("button");
  document.querySelector("main").append(button);
}"""


def caught(page) -> list[str]:
    found = [p for p in page.problems if p.startswith("axe button-name")]
    page.problems[:] = [p for p in page.problems if p not in found]  # handled here
    return found


def test_a_violation_is_caught_before_the_next_action(page):
    page.goto("/")
    page.evaluate(BREAK_PAGE)
    page.get_by_role("link", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    assert len(caught(page)) == 1


def test_a_violation_is_caught_before_leaving_with_goto(page):
    page.goto("/dang-nhap")
    page.evaluate(BREAK_PAGE)
    page.goto("/")
    assert len(caught(page)) == 1


def test_a_violation_on_the_last_page_is_caught_at_the_end(new_page):
    page = new_page()
    page.goto("/")
    page.evaluate(BREAK_PAGE)
    page.check_accessibility()  # what the fixture does when the test ends
    assert len(caught(page)) == 1


def test_assert_accessible_checks_the_page_as_it_is_now(page):
    page.goto("/")
    assert_accessible(page)
    page.evaluate(BREAK_PAGE)
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page)
    page.evaluate("() => document.querySelector('main > button:last-child').remove()")
