"""Markdown → safe HTML: the one way lesson and quiz text becomes HTML.

markdown-it-py renders with raw HTML off, then nh3 cleans the result against an explicit
allow-list. Both layers matter: the renderer never emits author HTML, and the sanitizer
guarantees the contract even if a renderer plugin misbehaves.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

#: Box kinds an author may open with ``::: name``; each becomes ``<div class="name">``.
BOXES = ("ghi-nho", "luu-y")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_CLASSES = {"div": set(BOXES)}
URL_SCHEMES = {"http", "https", "mailto"}


def _box(name: str):
    def render(self, tokens, idx, _options, _env):
        if tokens[idx].nesting == 1:
            return f'<div class="{name}">\n'
        return "</div>\n"

    return render


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    for name in BOXES:
        md.use(container_plugin, name=name, render=_box(name))
    return md


def render_markdown(text: str) -> str:
    """Render author Markdown to HTML that is safe to put in any page unescaped."""
    # mdit-py-plugins 0.7's container rule reads past the end of a text whose last line
    # is a bare quote marker (">::: ghi-nho\n>"): IndexError. A final newline changes
    # nothing in the output and keeps every input renderable.
    if not text.endswith("\n"):
        text += "\n"
    html = _renderer().render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_inline(text: str) -> str:
    """Render a one-line text (a quiz choice) without the wrapping paragraph."""
    html = render_markdown(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def word_count(text: str) -> int:
    """Words a reader reads: whitespace-separated tokens, box markers excluded."""
    return sum(1 for word in text.split() if not word.startswith(":::"))
