"""A learner's certificates (giấy chứng nhận) and the public page that checks one.

The service is :mod:`lms.certificates`. Asking for a certificate is a POST (it may create
one); the printable page and the PDF only read. The link on a certificate is built from
the configured public address, never from the request's Host header.
"""

from flask import Response, abort, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import certificates, places
from ..certificates import pdf
from ..models import Certificate
from ..publishing import current_rules
from ..web import db
from ..web.extensions import limiter
from . import bp

#: Where `lms run` serves when LMS_PUBLIC_URL is unset (development only: production
#: refuses to start without it). A certificate never takes its link from a request.
DEVELOPMENT_URL = "http://127.0.0.1:5000"
#: A person checks a code or two; a robot trying codes gets nowhere fast (98-bit codes).
VERIFY_LIMIT = "20 per minute;200 per hour"
PRIVATE = {"Cache-Control": "private, no-store"}


def verify_base() -> str:
    """'https://hocso.example.vn/xac-minh/': a code appended makes the check page's link."""
    base = current_app.config.get("PUBLIC_URL") or DEVELOPMENT_URL
    return base + url_for("learn.verify_certificate", code="-").removesuffix("-")


def _own_certificate(level: str) -> Certificate:
    """The signed-in learner's certificate of a level they still hold, else 404."""
    session = db.session()
    if len(level) > 10 or certificates.met_level(session, current_user, level) is None:
        abort(404)
    found = certificates.certificate_of(session, current_user, level)
    if found is None:
        abort(404)
    return found


@bp.route("/tien-do/giay-chung-nhan/<level>", methods=["POST"])
@login_required
def issue_certificate(level: str):
    if len(level) > 10:
        abort(404)
    found = certificates.issue(db.session(), current_user, level)
    if found is None:
        abort(404)
    return redirect(url_for(".certificate", level=found.level))


@bp.route("/tien-do/giay-chung-nhan/<level>")
@login_required
def certificate(level: str):
    found = _own_certificate(level)
    sheet = certificates.sheet(found, current_user, current_rules(db.session()), verify_base())
    qr = pdf.qr_drawing(sheet.url)
    page = render_template("certificates/page.html", sheet=sheet, qr=qr, level=found.level)
    return page, 200, PRIVATE


@bp.route("/tien-do/giay-chung-nhan/<level>.pdf")
@login_required
def certificate_pdf(level: str):
    found = _own_certificate(level)
    sheet = certificates.sheet(found, current_user, current_rules(db.session()), verify_base())
    headers = {
        **PRIVATE,
        "Content-Disposition": f'attachment; filename="giay-chung-nhan-{found.level}.pdf"',
    }
    return Response(pdf.build(sheet), mimetype="application/pdf", headers=headers)


@bp.route("/xac-minh/<code>")
@limiter.limit(VERIFY_LIMIT)
def verify_certificate(code: str):
    session = db.session()
    found = certificates.find(session, code)
    if found is None:
        return render_template("certificates/unknown.html"), 404
    standing = certificates.standing(session, found)
    rules = current_rules(session)
    return render_template(
        "certificates/verify.html",
        certificate=found,
        standing=standing,
        initials=certificates.initials(found.user.display_name) if found.user else None,
        commune=places.commune_name(found.commune_code),
        level_title=certificates.level_title(rules, found.level),
        date=certificates.local_date(found.met_at),
        reasons=certificates,
    )
