"""Links between parts of the studio that are built separately."""

from flask import url_for
from werkzeug.routing import BuildError


def question_edit_url(slug: str, number: int) -> str:
    """The quiz editor, scrolled to question ``number`` (its ``#cau-N`` anchor).

    Built by name when the editor is registered; otherwise its known address, so a page
    linking to it never fails to draw.
    """
    anchor = f"cau-{number}"
    try:
        return url_for("studio.edit_quiz", slug=slug, _anchor=anchor)
    except BuildError:
        return f"/giang-vien/cau-hoi/{slug}/sua#{anchor}"
