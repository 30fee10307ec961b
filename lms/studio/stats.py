"""Question statistics: which questions people fail, per quiz and revision.

Aggregates only (lms.insights): a trainer sees counts and shares here, never who.
"""

from flask import abort, render_template, request, url_for

from ..insights import FLAG_BELOW, quiz_lines, revision_stats
from ..web import db
from ..web.permissions import IsTrainer, require
from . import bp

#: Revision numbers above this are not ours: the page is missing, not an error.
MOST_REVISIONS = 1_000_000


@bp.route("/thong-ke")
@require(IsTrainer)
def stats():
    return render_template("studio/stats.html", lines=quiz_lines(db.session()))


@bp.route("/thong-ke/<slug:slug>")
@require(IsTrainer)
def quiz_stats(slug: str):
    number = None
    wanted = request.args.get("ban")
    if wanted is not None:
        if not wanted.isascii() or not wanted.isdigit() or int(wanted) > MOST_REVISIONS:
            abort(404)
        number = int(wanted)
    found = revision_stats(db.session(), slug, number)
    if found is None:
        abort(404)
    return render_template(
        "studio/stats_quiz.html",
        stats=found,
        flag_below=round(FLAG_BELOW * 100),
        edit_url=lambda n: url_for(".edit_quiz", slug=found.slug, _anchor=f"cau-{n}"),
    )
