"""Admins edit the targets the dashboards compare with (/quan-tri/chi-tieu)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..reports import targets
from ..web import db
from ..web.permissions import IsAdmin, require
from . import bp

BLANK_ROWS = 2


def _problem_text(number: int, code: str) -> str:
    texts = {
        targets.BAD_YEAR: _(
            "Dòng %(row)s: năm phải là một số từ %(first)s đến %(last)s.",
            row=number,
            first=targets.FIRST_YEAR,
            last=targets.LAST_YEAR,
        ),
        targets.SAME_YEAR: _("Dòng %(row)s: năm này đã có ở một dòng trên.", row=number),
        targets.BAD_PERCENT: _(
            "Dòng %(row)s: tỉ lệ KNS-1 và KNS-2 phải là số nguyên từ 0 đến 100.", row=number
        ),
        targets.KNS2_ABOVE_KNS1: _(
            "Dòng %(row)s: tỉ lệ KNS-2 không thể cao hơn KNS-1 (ai đạt KNS-2 cũng đã đạt KNS-1).",
            row=number,
        ),
        targets.INCOMPLETE: _("Dòng %(row)s: hãy điền đủ năm, KNS-1 và KNS-2.", row=number),
        targets.NONE: _("Hãy nhập ít nhất một năm có chỉ tiêu."),
    }
    return texts[code]


@bp.route("/chi-tieu", methods=["GET", "POST"], endpoint="targets")
@require(IsAdmin)
def edit_targets():
    session = db.session()
    if request.method == "POST":
        typed = [
            (
                request.form.get(f"nam-{i}", "")[:10],
                request.form.get(f"kns1-{i}", "")[:10],
                request.form.get(f"kns2-{i}", "")[:10],
            )
            for i in range(targets.MAX_ROWS)
        ]
        rows, problems = targets.parse(typed)
        if problems:
            shown = [row for row in typed if any(cell.strip() for cell in row)]
            messages = [_problem_text(number, code) for number, code in problems]
            return render_template(
                "admin/targets.html", rows=_padded(shown), problems=messages
            ), 422
        targets.replace(session, rows)
        summary = "; ".join(f"{y}: {a}/{b}" for y, a, b in rows)
        audit.record_action(
            session, current_user, "edit_targets", where=f"{request.path} {summary}"
        )
        flash(_("Đã lưu chỉ tiêu."), "success")
        return redirect(url_for("admin.targets"))
    stored = [(str(y), str(a), str(b)) for y, a, b in targets.listed(session)]
    return render_template("admin/targets.html", rows=_padded(stored), problems=[])


def _padded(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return (rows + [("", "", "")] * BLANK_ROWS)[: targets.MAX_ROWS]
