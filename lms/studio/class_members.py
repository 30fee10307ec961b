"""Bringing people into a class and helping them in: assisted sign-up, a CSV class list
(preview, then all or nothing), login cards, and reset codes for members.

Each page goes through :func:`lms.studio.classes.my_class`, and each member through
:func:`lms.classes.member`: another trainer's class or a non-member is a 404.
"""

import base64
import binascii
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, classes
from ..auth.events import auth_event
from ..classes import cards, importing, roster
from ..inputs import small_int
from ..people import consent
from ..people.accounts import GENDERS, LoginTaken, Signup, find_user, sign_up
from ..people.reset_codes import give_code, only_learner
from ..places.villages import villages_in_province
from ..web import db
from ..web.forms import keeps_input_on_stale_form
from ..web.permissions import IsTrainer, require
from . import bp
from .class_forms import AssistedSignupForm, ConfirmCardsForm, ConfirmImportForm
from .classes import CLASS, my_class

NO_STORE = {"Cache-Control": "no-store"}


@bp.route(CLASS + "/dang-ky-giup", methods=["GET", "POST"])
@require(IsTrainer)
@keeps_input_on_stale_form
def class_signup(class_id: int):
    klass = my_class(class_id)
    session = db.session()
    form = AssistedSignupForm()
    form.set_province(klass.province_code, villages_in_province(session, klass.province_code))
    if request.method == "GET":
        form.province.data = str(klass.province_code)
        form.commune.data = str(klass.commune_code)
        form.helper_name.data = current_user.display_name
    if form.validate_on_submit():
        if find_user(session, form.login.data) is not None:
            form.login.errors.append(_taken())
        else:
            data = Signup(
                login=form.login.data,
                password=form.password.data,
                profile=form.profile(),
                consent_version=consent.CURRENT_VERSION,
                helper_name=form.helper_name.data,
                recorded_by=current_user._get_current_object(),
            )
            try:
                learner = sign_up(session, data)
            except LoginTaken:
                form.login.errors.append(_taken())
            else:
                classes.add_member(session, klass, learner, "signup")
                flash(
                    _("Đã tạo tài khoản cho %(name)s và thêm vào lớp.", name=learner.display_name),
                    "success",
                )
                return redirect(url_for("studio.class_page", class_id=klass.id)), 303
    return render_template(
        "studio/class_signup.html",
        klass=klass,
        form=form,
        consent_text=consent.current_text(),
        consent_version=consent.CURRENT_VERSION,
    ), (422 if form.errors else 200)


def _taken() -> str:
    return _(
        "Số điện thoại hoặc tên đăng nhập này đã có tài khoản. Nếu đó là người học này, hãy "
        "tìm họ ở trang lớp và thêm vào lớp."
    )


def _import_page(klass, problems=(), status=200):
    return render_template(
        "studio/class_import.html",
        klass=klass,
        problems=problems,
        max_kb=roster.MAX_BYTES // 1000,
        max_rows=roster.MAX_ROWS,
    ), status


def _planned(klass, data: bytes) -> importing.Plan:
    found = roster.read_roster(data, this_year=date.today().year)
    return importing.plan(db.session(), klass, found)


def _preview(klass, data: bytes, result, form, status=200):
    return render_template(
        "studio/class_import_preview.html",
        klass=klass,
        plan=result,
        form=form,
        content=base64.b64encode(data).decode("ascii"),
        genders_shown=GENDERS,
    ), status


@bp.route(CLASS + "/nhap-csv", methods=["GET", "POST"])
@require(IsTrainer)
def class_import(class_id: int):
    klass = my_class(class_id)
    if request.method == "GET":
        return _import_page(klass)
    upload = request.files.get("danh_sach")
    if upload is None or not upload.filename:
        return _import_page(
            klass, [roster.Problem(roster.N_("Vui lòng chọn tệp CSV để tải lên."))], 422
        )
    data = upload.read(roster.MAX_BYTES + 1)
    result = _planned(klass, data)
    if not result.ok:
        return _import_page(klass, result.problems, 422)
    return _preview(klass, data, result, ConfirmImportForm())


@bp.route(CLASS + "/nhap-csv/xac-nhan", methods=["POST"])
@require(IsTrainer)
def class_import_confirm(class_id: int):
    klass = my_class(class_id)
    form = ConfirmImportForm()
    try:
        data = base64.b64decode(form.content.data or "", validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not form.validate_on_submit() or not data:
        return _import_page(
            klass, [roster.Problem(roster.N_("Thiếu nội dung tệp. Vui lòng tải lên lại."))], 422
        )
    result = _planned(klass, data)
    if not result.ok:
        return _import_page(klass, result.problems, 422)
    if result.create and not form.consent.data:
        form.consent.errors.append(_("Vui lòng xác nhận mọi người mới đã đồng ý trực tiếp."))
        return _preview(klass, data, result, form, 422)
    try:
        created = importing.apply(db.session(), klass, result, current_user)
    except importing.ImportClash:
        return _import_page(
            klass,
            [
                roster.Problem(
                    roster.N_("Có người vừa đăng ký trùng số điện thoại. Vui lòng tải tệp lên lại.")
                )
            ],
            409,
        )
    flash(
        _(
            "Đã thêm %(count)s người vào lớp (%(new)s tài khoản mới).",
            count=len(result.create) + len(result.join),
            new=len(created),
        ),
        "success",
    )
    return redirect(url_for("studio.class_page", class_id=klass.id)), 303


@bp.route(CLASS + "/the-dang-nhap", methods=["GET", "POST"])
@require(IsTrainer)
def class_cards(class_id: int):
    klass = my_class(class_id)
    session = db.session()
    form = ConfirmCardsForm()
    holders = cards.card_holders(session, klass)
    chosen = {small_int(v, max_digits=10) for v in request.form.getlist("cho")}
    if request.method == "POST" and not chosen & {u.id for u in holders}:
        form.sure.errors = []  # one message is enough: who the cards are for
        problem = _("Vui lòng chọn ít nhất một người để in thẻ.")
    else:
        problem = None
    if problem is None and form.validate_on_submit():
        issued = cards.issue_cards(session, klass, current_user, chosen, where=request.path)
        for user in holders:
            if user.id in chosen:
                auth_event("login_card.given", user.id)
        response = render_template(
            "studio/class_cards_print.html", klass=klass, sheets=cards.pages(issued)
        )
        return response, 200, NO_STORE
    status = 422 if (form.errors or problem) else 200
    return render_template(
        "studio/class_cards.html", klass=klass, form=form, holders=holders, problem=problem
    ), status


@bp.route(CLASS + "/hoc-vien/<int(max=2147483647):user_id>/ma-dat-lai", methods=["POST"])
@require(IsTrainer)
def class_reset_code(class_id: int, user_id: int):
    klass = my_class(class_id)
    session = db.session()
    learner = classes.member(session, klass, user_id)
    if learner is None or not only_learner(learner):
        abort(404)
    # Logged before the code is shown, as on the officers' page: the learner sees it.
    audit.record_access(session, current_user, learner, "give_reset_code", where=request.path)
    given = give_code(session, current_app.secret_key, current_user, learner)
    auth_event("reset_code.given", learner.id)
    response = render_template(
        "studio/class_code_given.html", klass=klass, learner=learner, given=given
    )
    return response, 200, NO_STORE
