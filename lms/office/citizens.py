"""Officer pages about citizens: the list, one citizen's record, confirming and revoking.

Thin: parsing and rendering here, the work in lms.citizens. Every citizen comes through
lms.places.scope.officer_scope; outside the area a citizen, commune or village is a 404.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit, places
from ..citizens import confirmations
from ..citizens.filters import (
    ACTIVE_DAYS,
    MAX_PAGE,
    FilterProblem,
    parse_filters,
    parse_page,
)
from ..citizens.listing import OutOfScope, level_codes_of, page_of
from ..citizens.record import record_of
from ..learn.catalogue import quiz_titles
from ..models import utcnow
from ..people.accounts import GENDERS, TARGET_GROUPS
from ..places.scope import officer_grants
from ..places.villages import villages_of
from ..publishing import current_rules
from ..web import db
from ..web.permissions import IsOfficer, citizen_for_officer, require
from . import bp
from .dashboard import age_band_labels

#: What each filter is called on the page, for messages naming the field at fault.
FIELD_NAMES = {
    "xa": _l("Xã, phường"),
    "thon": _l("Thôn, tổ dân phố"),
    "muc": _l("Mức đã đạt"),
    "xac-nhan": _l("Đã xác nhận"),
    "nhom": _l("Nhóm"),
    "tuoi": _l("Tuổi"),
    "gioi": _l("Giới tính"),
    "hoat-dong": _l("Hoạt động gần đây"),
    "nam": _l("Năm"),
    "q": _l("Tìm tên hoặc số điện thoại"),
    "trang": _l("Trang"),
}
CONFIRMATION_PROBLEMS = {
    "year": _l("Năm xác nhận không hợp lệ."),
    "not_reached": _l("Người học chưa đạt mức này trong năm đó, nên chưa xác nhận được."),
    "already": _l("Mức này đã được xác nhận cho năm đó rồi."),
    "reason_missing": _l("Hãy ghi lý do thu hồi."),
    "reason_long": _l("Lý do thu hồi dài quá 300 chữ. Hãy viết ngắn lại."),
    "already_revoked": _l("Xác nhận này đã được thu hồi trước đó."),
}


def this_year() -> int:
    return utcnow().year


def officer_communes() -> list[places.Place]:
    """The communes an officer may filter by: theirs, or all of their province's."""
    found: dict[int, places.Place] = {}
    for grant in officer_grants(current_user):
        if grant.covers_province:
            found.update((c.code, c) for c in places.communes(grant.scope_code))
        elif places.commune_name(grant.scope_code):
            found[grant.scope_code] = places.Place(
                grant.scope_code, places.commune_name(grant.scope_code)
            )
    return list(found.values())


def choices(level_codes: list[str]) -> dict:
    """Everything the filter form offers."""
    return {
        "communes": officer_communes(),
        "levels": level_codes,
        "groups": TARGET_GROUPS,
        "genders": GENDERS,
        "ages": age_band_labels(),
        "active_days": ACTIVE_DAYS,
        "years": list(range(this_year(), 2019, -1)),
    }


def read_filters(level_codes: list[str]):
    """(filters, None), or (None, message) naming the field at fault."""
    try:
        return parse_filters(request.args, level_codes, this_year()), None
    except FilterProblem as problem:
        name = FIELD_NAMES.get(problem.field, problem.field)
        return None, _("Giá trị ở ô “%(field)s” không hợp lệ. Hãy chọn lại.", field=name)


@bp.route("/nguoi-hoc")
@require(IsOfficer)
def citizens():
    session = db.session()
    codes = level_codes_of(current_rules(session))
    filters, problem = read_filters(codes)
    if problem is None:
        try:
            number = parse_page(request.args.get("trang"))
        except FilterProblem:
            problem = _("Giá trị ở ô “%(field)s” không hợp lệ. Hãy chọn lại.", field=_("Trang"))
    if problem is not None:
        page = {"problem": problem, "filters": None, "page": None, "villages": []}
        return render_template("office/citizens.html", **page, **choices(codes)), 400
    try:
        page = page_of(session, current_user, filters, codes, number)
    except OutOfScope:
        abort(404)
    communes = [filters.commune] if filters.commune else [c.code for c in officer_communes()]
    villages = villages_of(session, communes) if len(communes) == 1 else {}
    return render_template(
        "office/citizens.html",
        problem=None,
        filters=filters,
        page=page,
        max_page=MAX_PAGE,
        villages=[v for found in villages.values() for v in found],
        **choices(codes),
    )


@bp.route("/nguoi-hoc/<int(max=2147483647):user_id>")
@db.writes_on_read
@require(IsOfficer)
def citizen(user_id: int):
    return _citizen_page(user_id)


def _citizen_page(user_id: int, problem: str | None = None, status: int = 200):
    session = db.session()
    learner = citizen_for_officer(session, current_user, user_id)
    # Logged before anything is shown: the citizen sees it on her data page.
    audit.record_access(session, current_user, learner, "view_evidence", where=request.path)
    rules = current_rules(session)
    record = record_of(session, learner, rules)
    year = this_year()
    years = [y for y in (year, year - 1) if record.reached(y)]
    page = render_template(
        "office/citizen.html",
        record=record,
        rules=rules,
        years=years,
        reached={y: record.reached(y) for y in years},
        problem=problem,
        genders=GENDERS,
        groups=TARGET_GROUPS,
        commune=places.commune_name(learner.commune_code),
        quiz_titles=quiz_titles(session),
    )
    return page, status, {"Cache-Control": "no-store"}


@bp.route("/nguoi-hoc/<int(max=2147483647):user_id>/xac-nhan", methods=["POST"])
@require(IsOfficer)
def confirm(user_id: int):
    session = db.session()
    learner = citizen_for_officer(session, current_user, user_id)
    level = request.form.get("muc", "")
    year = request.form.get("nam", "")
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        return _citizen_page(user_id, CONFIRMATION_PROBLEMS["year"], 422)
    try:
        confirmations.confirm(session, current_user, learner, level, int(year), this_year())
    except confirmations.ConfirmationProblem as problem:
        return _citizen_page(user_id, CONFIRMATION_PROBLEMS[problem.code], 422)
    audit.record_access(session, current_user, learner, "confirm_criterion", where=request.path)
    flash(_("Đã xác nhận %(level)s năm %(year)s cho %(name)s.", level=level, year=year,
            name=learner.display_name), "success")  # fmt: skip
    return redirect(url_for(".citizen", user_id=learner.id), 303)


@bp.route("/nguoi-hoc/<int(max=2147483647):user_id>/thu-hoi", methods=["POST"])
@require(IsOfficer)
def revoke_confirmation(user_id: int):
    session = db.session()
    learner = citizen_for_officer(session, current_user, user_id)
    which = request.form.get("xac_nhan", "")
    if not (which.isascii() and which.isdigit() and len(which) <= 9):
        return _citizen_page(user_id, _("Hãy chọn xác nhận cần thu hồi."), 422)
    try:
        confirmations.revoke(
            session, current_user, learner, int(which), request.form.get("ly_do", "")
        )
    except LookupError:
        abort(404)  # another citizen's confirmation: as if it did not exist
    except confirmations.ConfirmationProblem as problem:
        return _citizen_page(user_id, CONFIRMATION_PROBLEMS[problem.code], 422)
    audit.record_access(session, current_user, learner, "confirm_criterion", where=request.path)
    flash(_("Đã thu hồi xác nhận."), "success")
    return redirect(url_for(".citizen", user_id=learner.id), 303)
