"""Output safety: autoescape everywhere, `|safe` only on HTML our sanitizer made, and
render_markdown proven by property-based tests to let no script through."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import nodes

from lms.content import render_markdown
from lms.content.markdown import render_inline

from .html import DANGEROUS_TAGS, Elements

TEMPLATES = Path(__file__).resolve().parent.parent / "lms" / "templates"
LMS = TEMPLATES.parent

# Pieces an attacker would glue together; hypothesis mixes them with arbitrary text.
FRAGMENTS = [
    "<script>",
    "</script>",
    "<script src=//x.example/a.js>",
    "<img src=x onerror=",
    "alert(1)",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "jav&#x09;ascript:",
    "&#106;avascript:",
    "&#x6A;avascript:",
    "data:text/html,",
    "DATA:image/svg+xml,",
    "data:image/png;base64,iVBORw0KGgo=",
    "![a](data:image/gif;base64,R0lGOD)",
    "vbscript:",
    "[",
    "](",
    ")",
    "![",
    "<a href=",
    "<svg onload=",
    "<iframe",
    "<style>",
    "<details open ontoggle=",
    '"',
    "'",
    "`",
    "```",
    "\n",
    "\n\n",
    "    ",
    "::: ghi-nho\n",
    ":::\n",
    "<!--",
    "-->",
    "<![CDATA[",
    "\\",
    "&",
    "&amp;",
    "&lt;",
    "%0a",
    "\x00",
    "<",
    ">",
    "=",
    "onmouseover=",
    " style=",
    "<math>",
    "<base href=",
    "<form action=",
    "http://x",
    "mailto:",
    "<",
    "*",
    "_",
    "| a | b |\n|---|---|\n",
]
markdownish = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30
).map("".join)

BAD_SCHEMES = {"javascript", "data", "vbscript", "file"}


C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def scheme_as_a_browser_sees_it(url: str) -> str:
    # Browsers drop tabs and newlines anywhere, and control characters or spaces at the ends.
    cleaned = re.sub(r"[\t\n\r]", "", unescape(url)).strip(C0_AND_SPACE)
    return urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""


def assert_harmless(html: str) -> None:
    assert "<script" not in html.lower()
    for tag, attrs in Elements(html).found:
        assert tag not in DANGEROUS_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "srcdoc", "formaction"}, html
            if name in {"href", "src", "action", "xlink:href"}:
                assert scheme_as_a_browser_sees_it(value or "") not in BAD_SCHEMES, html


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_render_markdown_never_outputs_script_handlers_or_script_urls(text):
    assert_harmless(render_markdown(text))


@settings(max_examples=200, deadline=None)
@given(markdownish)
def test_render_inline_is_as_safe(text):
    assert_harmless(render_inline(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_is_safe(text):
    assert_harmless(render_markdown(text))


def test_the_property_check_itself_catches_what_it_should():
    """The checker must fail on the things it guards against, or it proves nothing."""
    for bad in [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    ]:
        try:
            assert_harmless(bad)
        except AssertionError:
            continue
        raise AssertionError(f"the checker let {bad!r} through")


def safe_uses(app) -> list[tuple[str, str]]:
    """Every `x|safe` and `xs|map('safe')` in our templates, as (template, expression)."""
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(TEMPLATES).as_posix()
        tree = app.jinja_env.parse(path.read_text(encoding="utf-8"))
        for node in tree.find_all(nodes.Filter):
            marks = node.name == "safe" or (
                node.name == "map" and any(getattr(a, "value", None) == "safe" for a in node.args)
            )
            if marks:
                found.append((name, dotted(node.node)))
    return found


def dotted(node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{dotted(node.node)}.{node.attr}"
    return type(node).__name__


# Lists of sanitized HTML (lms.quiz.Review.given/expected), as the question types'
# review macros receive them from learn/questions/_common.html, and their loop variables.
SANITIZED_LISTS = {
    ("learn/questions/single.html", "texts"),
    ("learn/questions/multiple.html", "texts"),
    ("learn/questions/ordering.html", "t"),
}


def test_safe_is_only_used_on_html_made_by_render_markdown(app):
    """`|safe` goes only on values named *html*: by convention those come out of
    lms.content.render_markdown, never straight from what a person typed."""
    uses = safe_uses(app)
    assert uses, "the scan found nothing: it is broken"
    for template, expression in uses:
        allowed = expression.split(".")[-1].endswith("html") or (
            (template, expression) in SANITIZED_LISTS
        )
        assert allowed, f"{template}: |safe on {expression}"


#: Script templates cannot be HTML-escaped; instead every value in them must go through
#: |tojson, which is safe inside a <script> or a .js file.
SCRIPT_TEMPLATES = {"offline/sw.js"}


def test_every_template_is_autoescaped(app):
    names = [p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*") if p.is_file()]
    assert names
    for name in names:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert "autoescape false" not in text
        if name in SCRIPT_TEMPLATES:
            expressions = re.findall(r"\{\{(.*?)\}\}", text)
            assert expressions and all(e.strip().endswith("|tojson") for e in expressions), name
        else:
            assert app.select_jinja_autoescape(name), name


#: Python that may build markup: only constant attribute text, any value in it escaped by
#: Markup.format (lms.i18n's lang attributes).
MARKUP_ALLOWED = {"i18n.py"}


def test_no_python_code_marks_strings_safe():
    for path in LMS.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.name in MARKUP_ALLOWED:
            assert not re.search(r"Markup\((?!['\"])", source), path  # literals only
            continue
        assert "Markup(" not in source and "markupsafe" not in source, path


def test_a_typed_name_is_shown_as_text(person):
    person.sign_up(display_name="<b onclick=x>Hoa</b>", village='"><script>x</script>')
    html = person.client.get("/tai-khoan").get_data(as_text=True)
    assert "&lt;b onclick=x&gt;Hoa&lt;/b&gt;" in html
    assert "&#34;&gt;&lt;script&gt;x&lt;/script&gt;" in html
