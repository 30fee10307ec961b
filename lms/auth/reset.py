"""A forgotten password: how to get back in, and the page where a one-time code is used.

There is no email or SMS to send a link to, so the way back goes through a person: the
commune officer sees the learner and gives a code (lms.office). Guesses at codes count
like failed logins (lms.auth.throttle), per address and per account.
"""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..people.accounts import find_user
from ..people.passwords import password_problem
from ..people.reset_codes import clean_code, spend, valid_code
from ..web import db
from ..web.forms import keeps_input_on_stale_form
from . import bp, throttle
from .events import auth_event
from .forms import ResetWithCodeForm
from .sessions import end_other_sessions


@bp.route("/quen-mat-khau")
def forgot_password():
    return render_template("auth/forgot_password.html")


@bp.route("/dat-lai-mat-khau", methods=["GET", "POST"])
@keeps_input_on_stale_form
def reset_with_code():
    form = ResetWithCodeForm()
    if form.validate_on_submit():
        session = db.session()
        user = find_user(session, form.login.data)
        # No device shortcut here: a code is guessed from anywhere, so every try counts.
        verdict = throttle.check(form.login.data, None)
        if not verdict.allowed:
            auth_event("reset.throttled", user.id if user else None)
            form.code.errors.append(throttle.wait_message(verdict.wait_seconds))
            return render_template("auth/reset_with_code.html", form=form), 429
        code = user and valid_code(
            session, current_app.secret_key, user, clean_code(form.code.data)
        )
        # The password rules that name the person are checked only once the code is
        # right: before that, they would tell a stranger whose account this is.
        problem = code and password_problem(
            form.password.data, user.phone, user.username, user.display_name
        )
        if problem:
            form.password.errors.append(problem)
        elif code and spend(session, code, user, form.password.data):
            end_other_sessions(session, user)  # signs this phone in, every other one out
            auth_event("password.reset", user.id)
            flash(
                _(
                    "Bạn đã đặt mật khẩu mới và đã đăng nhập. Mọi thiết bị khác đang đăng "
                    "nhập tài khoản này đã bị đăng xuất."
                ),
                "success",
            )
            response = redirect(url_for("learn.catalogue"))
            throttle.remember_device(response, user)
            return response
        else:
            throttle.record_failure(verdict)
            auth_event("reset.failure", user.id if user else None)
            form.code.errors.append(
                _(
                    "Mã chưa đúng, đã dùng rồi hoặc đã hết hạn. Vui lòng kiểm tra lại, hoặc "
                    "nhờ cán bộ xã cấp mã mới."
                )
            )
    status = 422 if form.errors else 200
    return render_template("auth/reset_with_code.html", form=form), status
