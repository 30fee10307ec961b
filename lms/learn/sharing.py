"""What a shared lesson link shows in Zalo or Facebook: its Open Graph card.

Absolute addresses come from the configured public address (as the sitemap's do), never
from the Host header outside development. The picture is the lesson's first PNG, JPEG or
WebP picture (SVG previews are not shown by chat apps), else the site's own card.
"""

import html
import re
from dataclasses import dataclass

from flask import current_app, request, url_for

#: Longest description shown under the title in a preview.
DESCRIPTION_LENGTH = 200
SHAREABLE_PICTURE = re.compile(r'<img[^>]*\ssrc="(/static/[^"]+\.(?:png|jpe?g|webp))"', re.I)
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ShareCard:
    title: str
    description: str
    url: str
    image: str


def public_base() -> str:
    """The site's address, e.g. https://hocso.example.vn (no trailing slash)."""
    return current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")


def description_of(summary: str, body_html: str) -> str:
    """The summary, or the lesson's first paragraph as plain text, cut at a word."""
    text = summary.strip()
    if not text:
        first = FIRST_PARAGRAPH.search(body_html)
        text = html.unescape(TAG.sub("", first.group(1))) if first else ""
    text = " ".join(text.split())
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text


def lesson_card(view) -> ShareCard:
    base = public_base()
    picture = SHAREABLE_PICTURE.search(view.html)
    image = picture.group(1) if picture else url_for("static", filename="img/chia-se.png")
    return ShareCard(
        title=view.title,
        description=description_of(view.summary, view.html),
        url=base + url_for("learn.lesson", module_slug=view.module.slug, lesson_slug=view.slug),
        image=base + image,
    )
