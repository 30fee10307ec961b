"""A learner's data rights, as pages: see and download everything, correct the profile,
withdraw (or give again) consent, delete the account. Rules: lms.people.personal_data."""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import places
from ..audit import ACTIONS, entries_about
from ..people import consent, personal_data
from ..places.villages import villages_in_province
from ..web import db
from ..web.forms import keeps_input_on_stale_form
from . import bp
from .account import confirm_password
from .events import auth_event
from .forms import ConfirmPasswordForm, ProfileForm, ProvinceForm
from .sessions import end_session


@bp.route("/tai-khoan/du-lieu")
@login_required
def my_data():
    return render_template(
        "auth/my_data.html",
        data=personal_data.collect(db.session(), current_user),
        consenting=personal_data.has_consent(current_user),
        visits=entries_about(db.session(), current_user),
        actions=ACTIONS,
    )


@bp.route("/tai-khoan/du-lieu.json")
@login_required
def my_data_json():
    body = json.dumps(
        personal_data.collect(db.session(), current_user), ensure_ascii=False, indent=2
    )
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="du-lieu-hoc-so.json"'},
    )


@bp.route("/tai-khoan/sua", methods=["GET", "POST"])
@login_required
@keeps_input_on_stale_form
def edit_profile():
    user = current_user._get_current_object()
    # A post names its province in the form; a page load may name a new one in ?tinh=.
    chosen = request.form.get("province") if request.method == "POST" else request.args.get("tinh")
    province_code = places.parse_province(chosen) or user.province_code or None
    if province_code is None:
        return redirect(url_for("auth.edit_province"))
    form = ProfileForm(obj=None if request.method == "POST" else user)
    form.set_province(province_code, villages_in_province(db.session(), province_code))
    if request.method == "GET":
        form.show(user, province_code)
    if form.validate_on_submit():
        personal_data.update_profile(db.session(), user, form.profile())
        flash(_("Đã lưu thông tin của bạn."), "success")
        return redirect(url_for("auth.account"))
    status = 422 if form.errors else 200
    return render_template(
        "auth/edit_profile.html",
        form=form,
        province_code=province_code,
        province_name=places.province_name(province_code),
    ), status


@bp.route("/tai-khoan/sua/tinh")
@login_required
def edit_province():
    form = ProvinceForm(None)
    return render_template("auth/edit_province.html", form=form)


@bp.route("/tai-khoan/rut-dong-y", methods=["POST"])
@login_required
def withdraw_consent():
    if not personal_data.withdraw_consent(db.session(), current_user):
        flash(_("Bạn không có sự đồng ý nào đang có hiệu lực để rút lại."), "info")
        return redirect(url_for("auth.account"))
    auth_event("consent.withdrawn", current_user.id)
    flash(
        _(
            "Bạn đã rút lại sự đồng ý. Cán bộ khuyến học không còn thấy thông tin và kết quả "
            "của bạn trong báo cáo. Bạn vẫn học và xem kết quả của mình được. Nếu muốn xoá hẳn "
            "dữ liệu, hãy chọn “Xoá tài khoản”."
        ),
        "info",
    )
    return redirect(url_for("auth.account"))


@bp.route("/tai-khoan/dong-y", methods=["POST"])
@login_required
def give_consent():
    personal_data.give_consent(db.session(), current_user)
    auth_event("consent.given", current_user.id)
    flash(_("Cảm ơn bạn. Kết quả của bạn lại được tính trong báo cáo của xã, tỉnh."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/tai-khoan/xoa", methods=["GET", "POST"])
@login_required
@keeps_input_on_stale_form
def delete_account():
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        problem = confirm_password(current_user, form.password.data)
        if problem:
            form.password.errors.append(problem)
        else:
            user_id = current_user.id
            personal_data.delete_account(db.session(), current_user._get_current_object())
            auth_event("account.deleted", user_id)
            end_session()
            flash(_("Tài khoản và dữ liệu cá nhân của bạn đã được xoá. Cảm ơn bạn đã học."), "info")
            return redirect(url_for("learn.catalogue"))
    status = 422 if form.errors else 200
    return render_template(
        "auth/delete_account.html", form=form, consent_version=consent.CURRENT_VERSION
    ), status
