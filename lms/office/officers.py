"""A province officer gives and takes back officer roles for the communes of their province.

The rules live in :mod:`lms.people.roles`; a commune outside the officer's province, or
a role that is not a commune officer's there, answers 404 like a missing page.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import places
from ..inputs import small_int
from ..people import roles
from ..places import scope
from ..web import db
from ..web.permissions import IsOfficer, require
from . import bp

NO_PERSON = _l(
    "Người được cấp: không có tài khoản nào có đúng số điện thoại hay tên đăng nhập này."
)
NO_COMMUNE = _l("Xã, phường: hãy chọn một xã, phường trong danh sách.")
ALREADY = _l("Người này đã là cán bộ của xã, phường này rồi.")


def _province_officer() -> list[int]:
    provinces = roles.provinces_of(current_user)
    if not provinces:
        abort(403)  # a commune officer does not give roles
    return provinces


def _render(problem=None, status: int = 200, login: str = ""):
    provinces = _province_officer()
    session = db.session()
    return (
        render_template(
            "office/commune_officers.html",
            grants=roles.commune_officer_grants(session, current_user),
            communes=[(places.province_name(p), places.communes(p)) for p in provinces],
            commune_name=places.commune_name,
            problem=problem,
            login=login,
        ),
        status,
    )


@bp.route("/can-bo-xa")
@require(IsOfficer)
def commune_officers():
    return _render()


@bp.route("/can-bo-xa", methods=["POST"])
@require(IsOfficer)
def grant_commune_officer():
    _province_officer()
    login = request.form.get("login", "")[:80]
    commune = small_int(request.form.get("commune"), max_digits=6)
    if commune is None:
        return _render(NO_COMMUNE, 422, login)
    if not roles.may_manage_commune(current_user, commune):
        abort(404)  # another province's commune, or no commune at all
    session = db.session()
    person = roles.find_by_login(session, login)
    if person is None:
        return _render(NO_PERSON, 422, login)
    area = roles.Scope(commune, scope.COMMUNE)
    try:
        roles.grant(session, current_user, person, "officer", area, where=request.path)
    except roles.RoleProblem:
        return _render(ALREADY, 409, login)
    flash(
        _(
            "Đã cấp vai trò cán bộ %(commune)s cho %(name)s.",
            commune=places.commune_name(commune),
            name=person.display_name,
        )
    )
    return redirect(url_for(".commune_officers"))


@bp.route("/can-bo-xa/thu-hoi", methods=["POST"])
@require(IsOfficer)
def revoke_commune_officer():
    _province_officer()
    session = db.session()
    grant_id = small_int(request.form.get("grant"), max_digits=9)
    found = roles.commune_grant(session, current_user, grant_id)
    if found is None:
        abort(404)
    person = found.user
    try:
        roles.revoke(session, current_user, person, found.id, where=request.path)
    except roles.RoleProblem:
        abort(404)  # revoked a moment ago by someone else
    flash(_("Đã thu hồi vai trò cán bộ của %(name)s.", name=person.display_name))
    return redirect(url_for(".commune_officers"))
