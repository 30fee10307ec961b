"""Keeping an account safe: changing the password, signing out on every device."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..models import User
from ..people.accounts import change_password, check_password
from ..web import db
from ..web.forms import keeps_input_on_stale_form
from . import bp, throttle
from .events import auth_event
from .forms import ChoosePasswordForm, PasswordChangeForm
from .sessions import end_every_session, end_other_sessions


def confirm_password(user: User, password: str) -> str | None:
    """Check a signed-in person's password again; a wrong one counts like a failed login.

    Returns why it was refused (in the reader's language), or None when it is right.
    """
    verdict = throttle.check(user.login_name, user)
    if not verdict.allowed:
        auth_event("login.throttled", user.id)
        return throttle.wait_message(verdict.wait_seconds)
    if check_password(db.session(), user, password):
        throttle.record_success(verdict)
        return None
    throttle.record_failure(verdict)
    auth_event("password.check_failed", user.id)
    return _("Mật khẩu chưa đúng. Vui lòng thử lại.")


@bp.route("/tai-khoan/doi-mat-khau", methods=["GET", "POST"], endpoint="change_password")
@login_required
@keeps_input_on_stale_form
def change_password_page():
    user = current_user._get_current_object()
    form = PasswordChangeForm(context=(user.phone, user.username, user.display_name))
    if form.validate_on_submit():
        problem = confirm_password(user, form.current.data)
        if problem:
            form.current.errors.append(problem)
        else:
            change_password(db.session(), user, form.password.data)
            end_other_sessions(db.session(), user)
            auth_event("password.changed", user.id)
            flash(
                _(
                    "Đã đổi mật khẩu. Mọi thiết bị khác đang đăng nhập tài khoản này đã bị "
                    "đăng xuất."
                ),
                "success",
            )
            response = redirect(url_for("auth.account"))
            throttle.remember_device(response, user)  # the account's new secret
            return response
    status = 422 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status


@bp.route("/tai-khoan/chon-mat-khau", methods=["GET", "POST"])
@login_required
@keeps_input_on_stale_form
def choose_password():
    """A login card's one-time password was used: the learner chooses their own now."""
    user = current_user._get_current_object()
    if not user.must_choose_password:
        return redirect(url_for("auth.change_password"))
    form = ChoosePasswordForm(context=(user.phone, user.username, user.display_name))
    if form.validate_on_submit():
        change_password(db.session(), user, form.password.data)
        end_other_sessions(db.session(), user)
        auth_event("password.changed", user.id)
        flash(_("Đã lưu mật khẩu của bạn. Lần sau bạn đăng nhập bằng mật khẩu này."), "success")
        response = redirect(url_for("learn.catalogue"))
        throttle.remember_device(response, user)
        return response
    status = 422 if form.errors else 200
    return render_template("auth/choose_password.html", form=form), status


@bp.route("/tai-khoan/dang-xuat-moi-noi", methods=["POST"])
@login_required
def logout_everywhere():
    user_id = current_user.id
    end_every_session(db.session(), current_user._get_current_object())
    auth_event("sessions.ended", user_id)
    flash(_("Bạn đã đăng xuất trên mọi thiết bị. Hãy đăng nhập lại khi cần."), "info")
    return redirect(url_for("auth.login"))
