"""Staff roles in the browser: find a person, grant or revoke trainer, officer and admin.

Views stay thin: the rules (who may grant what, the last admin, the audit trail) live in
:mod:`lms.people.roles`.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import places
from ..inputs import small_int
from ..models import User
from ..people import roles
from ..places import scope
from ..web import db
from ..web.permissions import IsAdmin, require
from . import bp

ROLE_LABELS = {
    "learner": _l("Người học"),
    "trainer": _l("Giảng viên"),
    "officer": _l("Cán bộ"),
    "admin": _l("Quản trị viên"),
}
PROBLEMS = {
    roles.UNKNOWN_ROLE: _l("Vai trò: hãy chọn giảng viên, cán bộ hoặc quản trị viên."),
    roles.NO_SCOPE: _l("Phạm vi: hãy chọn cả tỉnh hoặc một xã, phường trong danh sách."),
    roles.UNKNOWN_PLACE: _l("Phạm vi: không có tỉnh hay xã, phường này trong danh sách."),
    roles.ALREADY_HELD: _l("Người này đã có vai trò này rồi."),
    roles.LAST_ADMIN: _l("Không thu hồi được: đây là quản trị viên cuối cùng của trang."),
    roles.NO_SUCH_GRANT: _l("Không thấy vai trò này: có thể nó vừa được thu hồi."),
}


def scope_label(grant) -> str:
    if grant.scope_code is None:
        return ""
    if grant.scope_kind == scope.PROVINCE:
        return places.province_name(grant.scope_code) or str(grant.scope_code)
    return places.commune_name(grant.scope_code) or str(grant.scope_code)


@bp.route("/")
@require(IsAdmin)
def home():
    return render_template("admin/home.html")


@bp.route("/nguoi-dung")
@require(IsAdmin)
def people():
    query = request.args.get("q", "")[:80]
    found = roles.find_people(db.session(), query) if query else []
    return render_template(
        "admin/roles_people.html",
        query=query,
        found=found,
        limit=roles.SEARCH_LIMIT,
        role_labels=ROLE_LABELS,
    )


def _person(user_id: int) -> User:
    person = db.session().get(User, user_id)
    if person is None:
        abort(404)
    return person


def _render_person(person: User, problem: str | None = None, status: int = 200):
    province = places.parse_province(request.values.get("tinh"))
    return (
        render_template(
            "admin/roles_person.html",
            person=person,
            grants=roles.staff_grants(person),
            role_labels=ROLE_LABELS,
            scope_label=scope_label,
            provinces=places.provinces(),
            province=province,
            province_name=places.province_name(province),
            communes=places.communes(province) if province else (),
            problem=PROBLEMS.get(problem) if problem else None,
        ),
        status,
    )


@bp.route("/nguoi-dung/<int(max=2147483647):user_id>")
@require(IsAdmin)
def person(user_id: int):
    return _render_person(_person(user_id))


@bp.route("/nguoi-dung/<int(max=2147483647):user_id>/cap-vai-tro", methods=["POST"])
@require(IsAdmin)
def grant_role(user_id: int):
    person = _person(user_id)
    role = request.form.get("role", "")
    area = None
    if role == "officer":
        area = roles.parse_scope(request.form.get("pham_vi"))
        if area is None:
            problem = roles.UNKNOWN_PLACE if request.form.get("pham_vi") else roles.NO_SCOPE
            return _render_person(person, problem, 422)
    try:
        given = roles.grant(db.session(), current_user, person, role, area, where=request.path)
    except roles.RoleProblem as refused:
        status = 409 if refused.code == roles.ALREADY_HELD else 422
        return _render_person(person, refused.code, status)
    label = ROLE_LABELS[given.role]
    where = scope_label(given)
    if where:
        flash(_("Đã cấp vai trò %(role)s (%(where)s).", role=label, where=where))
    else:
        flash(_("Đã cấp vai trò %(role)s.", role=label))
    return redirect(url_for(".person", user_id=person.id))


@bp.route("/nguoi-dung/<int(max=2147483647):user_id>/thu-hoi-vai-tro", methods=["POST"])
@require(IsAdmin)
def revoke_role(user_id: int):
    person = _person(user_id)
    grant_id = small_int(request.form.get("grant"), max_digits=9)
    try:
        roles.revoke(db.session(), current_user, person, grant_id, where=request.path)
    except roles.RoleProblem as refused:
        status = 409 if refused.code == roles.LAST_ADMIN else 422
        return _render_person(person, refused.code, status)
    flash(_("Đã thu hồi vai trò."))
    return redirect(url_for(".person", user_id=person.id))
