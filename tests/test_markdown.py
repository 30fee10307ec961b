"""render_markdown: the one door from typed text to HTML must stay shut to scripts."""

from urllib.parse import urlsplit

import pytest

from lms.content import render_markdown

from .html import DANGEROUS_TAGS, Elements

SAFE_SCHEMES = {"", "http", "https", "mailto"}
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=x></object>",
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "```html\n<script>alert(1)</script>\n```",
    "<<script>script>alert(1)<</script>/script>",
]


def assert_inert(html: str) -> None:
    for tag, attrs in Elements(html).found:
        assert tag not in DANGEROUS_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name != "style", html
            if name in {"href", "src"}:
                assert urlsplit((value or "").strip()).scheme.lower() in SAFE_SCHEMES, html


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_cannot_run_anything(text):
    assert_inert(render_markdown(text))


def test_ordinary_lesson_markdown_survives():
    html = render_markdown(
        "## Bước làm\n\n1. Mở **Cài đặt**\n2. Chọn *Wi-Fi*\n\n"
        "[Cổng Dịch vụ công](https://dichvucong.gov.vn) · [thư](mailto:a@b.vn)\n\n"
        "![Màn hình cài đặt](/static/lessons/cai-dat.svg)\n\n"
        "| Nút | Việc |\n|---|---|\n| Nguồn | Bật máy |\n"
    )
    assert "<h2>Bước làm</h2>" in html
    assert "<ol>" in html and "<strong>Cài đặt</strong>" in html and "<em>Wi-Fi</em>" in html
    assert 'href="https://dichvucong.gov.vn"' in html and 'rel="noopener noreferrer"' in html
    assert 'href="mailto:a@b.vn"' in html
    assert '<img src="/static/lessons/cai-dat.svg" alt="Màn hình cài đặt">' in html
    assert "<table>" in html and "<td>Nguồn</td>" in html


def test_remember_box_becomes_a_div_with_its_class_only():
    html = render_markdown("::: ghi-nho\nNhớ **điều này**\n:::\n")
    assert html.startswith('<div class="ghi-nho">')
    assert "<strong>điều này</strong>" in html


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown("Gõ <b>đậm</b> ở đây")
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_vietnamese_text_is_kept_exactly():
    text = "Người dùng đặt mật khẩu mạnh: ít nhất tám ký tự, có chữ hoa, chữ thường và số."
    assert text in render_markdown(text)


@pytest.mark.parametrize("text", [">::: ghi-nho\n>", "> ::: luu-y\n>\n>", ">::: ghi-nho\n> "])
def test_a_box_opened_in_a_quote_at_the_very_end_renders_instead_of_crashing(text):
    """Found by hypothesis: the container plugin indexed past the end of the text."""
    assert "<blockquote>" in render_markdown(text)
