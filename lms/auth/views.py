"""Account pages. Views parse the request, call a service, render; nothing more."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import places
from ..inputs import local_path
from ..people import consent
from ..people.accounts import LoginTaken, Signup, check_password, find_user, sign_up
from ..places.scope import has_reporting_consent
from ..places.villages import villages_in_province
from ..web import db
from ..web.forms import keeps_input_on_stale_form
from . import bp, throttle
from .events import auth_event
from .forms import LoginForm, ProvinceForm, SignupForm
from .sessions import end_session, start_session


def _safe_next(target: str | None) -> str:
    """Follow ?next= only inside this site."""
    return local_path(target) or url_for("learn.catalogue")


@bp.route("/dang-nhap", methods=["GET", "POST"])
@keeps_input_on_stale_form
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        session_db = db.session()
        user = find_user(session_db, form.username.data)
        verdict = throttle.check(form.username.data, user)
        if not verdict.allowed:
            auth_event("login.throttled", user.id if user else None)
            form.password.errors.append(throttle.wait_message(verdict.wait_seconds))
            return render_template("auth/login.html", form=form), 429
        if check_password(session_db, user, form.password.data) and user is not None:
            throttle.record_success(verdict)
            start_session(user)
            auth_event("login.success", user.id)
            flash(_("Chào %(name)s!", name=user.display_name), "success")
            # A login card's one-time password: first the learner chooses their own.
            target = (
                url_for("auth.choose_password")
                if user.must_choose_password
                else _safe_next(request.args.get("next"))
            )
            response = redirect(target)
            throttle.remember_device(response, user)
            return response
        throttle.record_failure(verdict)
        auth_event("login.failure", user.id if user else None)
        form.password.errors.append(
            _("Số điện thoại/tên đăng nhập hoặc mật khẩu chưa đúng. Vui lòng thử lại.")
        )
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/dang-xuat", methods=["POST"])
def logout():
    end_session()
    flash(_("Bạn đã đăng xuất."), "info")
    response = redirect(url_for("learn.catalogue"))
    # A shared phone: nothing this learner's pages left in the browser cache may stay.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/dang-ky", methods=["GET", "POST"])
@keeps_input_on_stale_form
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("learn.catalogue"))
    # A post names its province in the form; a page load names it in ?tinh=.
    chosen = request.form.get("province") if request.method == "POST" else request.args.get("tinh")
    province_code = places.parse_province(chosen)
    if province_code is None:
        # Step one: choose the province; its communes then fit on one light page.
        step = ProvinceForm(request.args if chosen is not None else None)
        if chosen is None:
            return render_template("auth/signup_province.html", form=step)
        step.validate()
        step.tinh.errors = [_("Tỉnh, thành phố không hợp lệ. Vui lòng chọn lại.")]
        return render_template("auth/signup_province.html", form=step), 422
    form = SignupForm()
    form.set_province(province_code, villages_in_province(db.session(), province_code))
    if request.method == "GET":
        form.province.data = str(province_code)
    status = 200
    if form.validate_on_submit():
        problem, status = _signup_refusal(form.login.data)
        if problem:
            form.login.errors.append(problem)
        else:
            try:
                user = sign_up(db.session(), _signup_from(form))
            except LoginTaken:
                form.login.errors.append(_taken_message())
            else:
                start_session(user)
                auth_event("login.success", user.id)
                flash(_("Chào mừng %(name)s đến với Học Số!", name=user.display_name), "success")
                response = redirect(url_for("learn.catalogue"))
                throttle.remember_device(response, user)
                return response
    if form.errors and status == 200:
        status = 422
    return render_template(
        "auth/signup.html",
        form=form,
        province_name=places.province_name(province_code),
        province_code=province_code,
        consent_text=consent.current_text(),
        consent_version=consent.CURRENT_VERSION,
    ), status


def _signup_refusal(login: str) -> tuple[str | None, int]:
    """Why this sign-up cannot go ahead, and the status, or (None, 200).

    "Already taken" tells whether a phone number has an account, so it costs what a
    failed login costs (the login throttle's counters): sign-up is no cheaper oracle.
    """
    verdict = throttle.check_signup()
    if not verdict.allowed:
        return throttle.busy_message(verdict.wait_seconds), 429
    existing = find_user(db.session(), login)
    if existing is None:
        return None, 200
    verdict = throttle.check(login, existing)
    if not verdict.allowed:
        auth_event("login.throttled", existing.id)
        return throttle.busy_message(verdict.wait_seconds), 429
    throttle.record_failure(verdict)
    return _taken_message(), 422


def _taken_message() -> str:
    return _("Số điện thoại hoặc tên đăng nhập này đã có người dùng. Bạn có thể đăng nhập.")


def _signup_from(form: SignupForm) -> Signup:
    return Signup(
        login=form.login.data,
        password=form.password.data,
        profile=form.profile(),
        consent_version=consent.CURRENT_VERSION,
    )


@bp.route("/tai-khoan")
@login_required
def account():
    return render_template(
        "auth/account.html",
        province=places.province_name(current_user.province_code),
        commune=places.commune_name(current_user.commune_code),
        consenting=has_reporting_consent(current_user),
    )
