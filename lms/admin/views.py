"""Admin pages: parse the request, call a service, render."""

from flask import render_template, request

from .. import audit
from ..inputs import small_int
from ..web import db
from ..web.permissions import IsAdmin, require
from . import bp


@bp.route("/nhat-ky")
@require(IsAdmin)
def audit_log():
    page = request.args.get("trang", "1")
    number = small_int(page, max_digits=5)
    page = number if number else 1
    session = db.session()
    total = audit.entry_count(session)
    return render_template(
        "admin/audit_log.html",
        entries=audit.entries(session, page),
        actions=audit.ACTIONS,
        page=page,
        has_next=page * audit.PAGE_SIZE < total,
        total=total,
    )
