"""Admin pages: parse the request, call a service, render."""

from flask import render_template, request

from .. import audit, db
from ..permissions import IsAdmin, require
from . import bp


@bp.route("/nhat-ky")
@require(IsAdmin)
def audit_log():
    page = request.args.get("trang", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
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
