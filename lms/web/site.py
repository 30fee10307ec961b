"""Site-wide pieces: security headers, error pages, health check, sitemap, session user."""

from datetime import UTC, datetime, timedelta, timezone

from flask import Flask, Response, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from ..models import Lesson, Module
from ..people.logins import user_for_login
from ..publishing import published_lessons
from . import db
from .extensions import login_manager
from .forms import STALE_FORM

# Everything the pages need comes from this site: no inline code, no third parties.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


class SlugConverter(BaseConverter):
    """``<slug:name>``: only what a content slug can be (lms.content.lessons.SLUG), so a
    URL holding NUL, controls or odd bytes is a 404 before any query sees it
    (PostgreSQL answers a NUL in a parameter with an error, not with 'no row')."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"


def init_app(app: Flask) -> None:
    app.url_map.converters["slug"] = SlugConverter
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(Exception, _server_error)
    app.register_error_handler(OperationalError, _database_down)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/sitemap.xml", "sitemap", sitemap)
    login_manager.user_loader(lambda value: user_for_login(db.session(), value))
    app.jinja_env.filters["vn_date"] = vn_date
    app.jinja_env.filters["vn_datetime"] = vn_datetime


# Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
VIETNAM = timezone(timedelta(hours=7))


def _local(value: datetime) -> datetime:
    """Stored times are naive UTC; people read Vietnamese local time."""
    return value.replace(tzinfo=UTC).astimezone(VIETNAM)


def vn_date(value: datetime | None) -> str:
    return _local(value).strftime("%d/%m/%Y") if value else ""


def vn_datetime(value: datetime | None) -> str:
    if not value:
        return ""
    local = _local(value)
    return _(
        "%(time)s ngày %(date)s", time=local.strftime("%H:%M"), date=local.strftime("%d/%m/%Y")
    )


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("HSTS"):
        # Production only: HTTPS for a year, so a café Wi-Fi cannot strip it on a later visit.
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint and request.endpoint != "static" and "Cache-Control" not in headers:
        # Pages may hold personal data: shared phones and proxies must not keep them. A
        # remember-me cookie alone also signs someone in, so ask who is signed in.
        signed_in = current_user.is_authenticated
        headers["Cache-Control"] = "private, no-store" if signed_in else "no-cache"
    return response


MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Trang nhận được dữ liệu không đúng. Vui lòng thử lại.")),
    403: (_l("Không có quyền"), _l("Bạn không có quyền xem trang này.")),
    404: (_l("Không tìm thấy trang"), _l("Trang bạn tìm không có hoặc đã được chuyển đi.")),
    405: (_l("Không thực hiện được"), _l("Thao tác này không dùng được ở đây.")),
    409: (_l("Đã làm rồi"), _l("Việc này đã được thực hiện trước đó.")),
    413: (_l("Dữ liệu quá lớn"), _l("Nội dung gửi lên quá dài. Vui lòng rút ngắn rồi gửi lại.")),
    429: (_l("Quá nhiều lần thử"), _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát.")),
    500: (
        _l("Có lỗi xảy ra"),
        _l("Hệ thống gặp trục trặc. Dữ liệu của bạn vẫn an toàn; vui lòng thử lại sau."),
    ),
    503: (
        _l("Máy chủ đang bận"),
        _l("Hệ thống đang bận hoặc tạm gián đoạn. Bạn vui lòng đợi một lát rồi thử lại."),
    ),
}


def _error_page(code: int):
    title, message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    db.rollback()  # nothing a refused request wrote is kept
    return _error_page(error.code)


def _csrf_error(error: CSRFError):
    db.rollback()
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method == "POST" and getattr(view, "keeps_input_on_stale_form", False):
        request.environ[STALE_FORM] = True
        try:
            response = current_app.make_response(view(**(request.view_args or {})))
        except HTTPException:  # the caller may not use this form at all: a plain 400
            db.rollback()
            response = None
        if response is not None and 400 <= response.status_code < 500:
            response.status_code = 400  # the form, refused and filled in again
            return response
        # Otherwise the view sent the person elsewhere (to log in again, say): explain.
    return render_template(
        "errors/error.html",
        code=400,
        title=_("Trang đã quá cũ"),
        message=_(
            "Trang này đã mở quá lâu nên chưa gửi được. Vui lòng quay lại, "
            "tải lại trang rồi gửi lần nữa."
        ),
    ), 400


def _server_error(error: Exception):
    current_app.logger.exception("Unhandled error on %s", request.path)
    # First undo the failed transaction: a session left in a failed state would raise
    # again (PendingRollbackError) while the error page asks who is signed in.
    db.rollback()
    return _error_page(500)


def _database_down(error: OperationalError):
    """The database cannot be reached (server down, disk gone): a 503 to retry, not a 500.

    Nothing was written, so the person only has to try again; the pool reconnects by
    itself when the database is back (pre-ping on PostgreSQL, a new file handle on SQLite).
    """
    current_app.logger.error("Database unreachable on %s: %s", request.path, _reason(error))
    try:
        db.rollback()
    except DBAPIError:
        pass  # the connection is gone; the session is discarded at teardown anyway
    # The response must not ask the database who is signed in: answer as to a visitor.
    g._login_user = login_manager.anonymous_user()
    if request.endpoint == "healthz":  # failed before the view (a signed-in prober)
        return _unhealthy(error)
    page, code = _error_page(503)
    return page, code, {"Retry-After": "30"}


def _reason(error: BaseException) -> str:
    """The first line of the driver's message: what an operator needs, nothing more."""
    original = getattr(error, "orig", None) or error
    first = (str(original).strip().splitlines() or [""])[0][:200]
    return f"{type(original).__name__}: {first}"


def healthz():
    try:
        db.session().execute(text("SELECT 1"))
    except DBAPIError as error:
        return _unhealthy(error)
    return {"status": "ok", "database": "ok"}


def _unhealthy(error: DBAPIError):
    """503, with why in words an officer on duty can act on; the driver's line goes to
    the log (it names files and hosts, which are nobody else's business)."""
    current_app.logger.error("Health check: database unreachable: %s", _reason(error))
    return {"status": "error", "database": "unreachable", "reason": _plain_reason(error)}, 503


def _plain_reason(error: DBAPIError) -> str:
    detail = str(getattr(error, "orig", None) or error).casefold()
    if "locked" in detail or "busy" in detail or "timeout" in detail:
        return _("Cơ sở dữ liệu đang quá bận, chưa trả lời kịp.")
    if "disk" in detail or "full" in detail or "space" in detail:
        return _("Ổ đĩa chứa cơ sở dữ liệu đã đầy hoặc bị lỗi.")
    if "password" in detail or "authentication" in detail or "permission" in detail:
        return _("Máy chủ không được phép mở cơ sở dữ liệu (sai mật khẩu hoặc quyền truy cập).")
    return _("Không kết nối được tới cơ sở dữ liệu: máy chủ cơ sở dữ liệu đã tắt hoặc mất tệp.")


def sitemap():
    rows = db.session().execute(published_lessons(Module.slug, Lesson.slug))
    # The configured address (production requires one); the Host header only in
    # development, where nobody else is asking.
    base = current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")
    urls = [base + url_for("learn.catalogue"), base + url_for("learn.glossary")]
    for module, lesson in rows:
        page = base + url_for("learn.module", module_slug=module)
        if page not in urls:
            urls.append(page)  # a module's page, before its first lesson
        urls.append(base + url_for("learn.lesson", module_slug=module, lesson_slug=lesson))
    body = render_template("sitemap.xml", urls=urls)
    return Response(body, mimetype="application/xml")
