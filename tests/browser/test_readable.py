"""Readable for older eyes and fingers: 320 px phones, 18 px text, 48 px targets, short
lines, visible focus, and a text size and contrast that the phone remembers."""

from playwright.sync_api import expect

from .quiz_pages import answer_phone_quiz

PUBLIC = [
    "/",
    "/bai/dien-thoai/bat-tat-may",
    "/bai/an-toan/ma-otp",
    "/dang-nhap",
    "/dang-ky",
    "/dang-ky?tinh=48",
    "/ngoai-tuyen",
    "/phan/dien-thoai",
    "/tu-dien",
    "/quen-mat-khau",
    "/dat-lai-mat-khau",
]
LEARNER = ["/", "/phan/dien-thoai", "/tien-do", "/tai-khoan", "/kiem-tra/dien-thoai"]

# Every visible element with its own text, the smallest font size among them.
SMALLEST_TEXT = """() => {
  let smallest = [1000, ""];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
    if (!own || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest[0]) smallest = [size, el.outerHTML.slice(0, 80)];
  }
  return smallest;
}"""

# Targets smaller than 48x48 px. A link inside running text is exempt (WCAG 2.5.5
# "inline"); a radio or checkbox counts by its label, which is what a finger presses.
SMALL_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll("a, button, input, select, summary, audio")) {
    if (el.type === "hidden" || !el.getClientRects().length) continue;
    const inline = el.tagName === "A" && getComputedStyle(el).display === "inline"
      && el.parentElement.textContent.trim() !== el.textContent.trim();
    if (inline) continue;
    const target = (el.type === "radio" || el.type === "checkbox") && el.closest("label")
      ? el.closest("label") : el;
    const box = target.getBoundingClientRect();
    if (box.height < 47.5 || box.width < 47.5) {
      small.push(`${Math.round(box.width)}x${Math.round(box.height)} ${el.outerHTML.slice(0, 80)}`);
    }
  }
  return small;
}"""

# The longest visual line, in characters, of the lesson's paragraphs and list items.
LONGEST_LINE = """() => {
  let longest = 0;
  for (const block of document.querySelectorAll(".lesson-body p, .lesson-body li, .lead")) {
    const lines = new Map();
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const top = Math.round(rect.top);
        lines.set(top, (lines.get(top) || 0) + 1);
      }
    }
    for (const count of lines.values()) longest = Math.max(longest, count);
  }
  return longest;
}"""


def fits_320(page) -> None:
    expect(page.locator("h1")).to_be_visible()
    url = page.url
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{url} scrolls sideways: {width} px"
    size, where = page.evaluate(SMALLEST_TEXT)
    assert size >= 18, f"{url}: {size} px text in {where}"
    assert page.evaluate(SMALL_TARGETS) == [], url


def test_every_page_fits_a_320px_phone_with_big_text_and_big_targets(new_page, learner_login):
    page = new_page(viewport={"width": 320, "height": 640})
    for url in PUBLIC:
        page.goto(url)
        fits_320(page)
    learner_login(page)
    for url in LEARNER:
        page.goto(url)
        fits_320(page)
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    fits_320(page)  # the quiz itself
    answer_phone_quiz(page)
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.locator(".score")).to_be_visible()
    fits_320(page)  # the result, with every explanation


def test_lesson_lines_stay_short_on_a_wide_screen(new_page):
    page = new_page(viewport={"width": 1280, "height": 900}, is_mobile=False, has_touch=False)
    for url in ["/", "/bai/dien-thoai/bat-tat-may", "/bai/dien-thoai/ket-noi-wifi"]:
        page.goto(url)
        longest = page.evaluate(LONGEST_LINE)
        assert 20 < longest <= 70, f"{url}: a line of {longest} characters"


def test_keyboard_focus_is_always_visible(page):
    page.goto("/bai/dien-thoai/bat-tat-may")
    expect(page.locator("h1")).to_be_visible()
    seen = set()
    for _ in range(8):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const el = document.activeElement, style = getComputedStyle(el);
              const width = parseFloat(style.outlineWidth);
              return [el.outerHTML.slice(0, 60), style.outlineStyle, width];
            }"""
        )
        html, outline, width = focused
        assert outline != "none" and width >= 3, f"focus not visible on {html}"
        seen.add(html)
    assert len(seen) >= 5


def test_text_size_and_contrast_are_remembered_and_applied_before_the_first_paint(page, shoot):
    # Records <html>'s classes at the moment <body> is first created, i.e. before
    # anything could be drawn: a choice applied later would flash the default look.
    page.add_init_script(
        """new MutationObserver((_, observer) => {
             if (document.body) {
               window.classesBeforeBody = document.documentElement.className;
               observer.disconnect();
             }
           }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto("/bai/dien-thoai/bat-tat-may")
    root = page.locator("html")
    body_size = "() => getComputedStyle(document.body).fontSize"
    assert page.evaluate(body_size) == "18px"
    shoot(page, "lesson-360-normal")

    page.get_by_text("Cỡ chữ và màu").click()
    page.get_by_role("button", name="Lớn", exact=True).click()
    expect(root).to_have_class("js text-large")
    expect(page.get_by_role("button", name="Lớn", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.evaluate(body_size) == "21px"
    page.get_by_role("button", name="Rất lớn").click()
    assert page.evaluate(body_size) == "24px"
    page.reload()
    assert "text-larger" in page.evaluate("() => window.classesBeforeBody")
    assert page.evaluate(body_size) == "24px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    shoot(page, "lesson-360-large-text")

    page.get_by_text("Cỡ chữ và màu").click()
    page.get_by_role("button", name="Vừa").click()
    page.get_by_role("button", name="Tương phản cao").click()
    expect(page.get_by_role("button", name="Tương phản cao")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.goto("/bai/dien-thoai/ket-noi-wifi")
    assert page.evaluate("() => window.classesBeforeBody") == "high-contrast js"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    assert page.evaluate(body_size) == "18px"
    page.goto("/bai/dien-thoai/bat-tat-may")
    shoot(page, "lesson-360-high-contrast")
