"""Learning without a connection: the service worker and the page shown when offline.

The service worker (``/sw.js``, at the root so its scope is the whole site) keeps the app
shell and public copies of the lessons a learner opened or saved. It never keeps a page
rendered for a signed-in learner: it fetches its own copy without cookies, so a shared
phone shows nobody's progress, name or form tokens to the next person.
"""

from flask import Blueprint, Flask, Response, current_app, render_template, url_for
from flask_babel import gettext as _

bp = Blueprint("offline", __name__)

#: Assets the shell needs on every page (logical names; served under hashed names).
SHELL_ASSETS = (
    "css/site.css",
    "js/prefs.js",
    "js/site.js",
    "js/offline.js",
    "js/listen.js",
    "js/share.js",
    "favicon.svg",
)


def messages() -> dict[str, str]:
    """What js/offline.js says, in the reader's language (``%(name)s`` filled in there)."""
    return {
        "saving": _("Đang tải về máy…"),
        "saved_one": _("Đã lưu bài này trên máy. Khi mất mạng, bạn vẫn mở được bài."),
        "saved_many": _(
            "Đã lưu %(count)s bài trên máy. Khi mất mạng, bạn vẫn mở được các bài này."
        ),
        "not_saved": _("Chưa tải được hết. Vui lòng thử lại khi có mạng."),
        "unanswered": _("Bạn chưa trả lời câu %(numbers)s. Hãy trả lời rồi nộp bài."),
        "kept": _("Đang không có mạng. Bài làm đã được giữ trên máy này và sẽ tự gửi khi có mạng."),
        "log_in_to_send": _("Có bài làm đang chờ gửi. Vui lòng đăng nhập để gửi bài."),
        "sent": _("Đã gửi bài làm bạn làm khi mất mạng."),
        "see_result": _("Xem kết quả"),
        "incomplete": _("Bài làm còn câu chưa trả lời."),
        "continue": _("Làm tiếp"),
        "too_late": _(
            "Bài làm giữ trên máy đến sau hạn nộp nên không được chấm. Bạn có thể làm lại bài."
        ),
    }


@bp.record_once
def _register(state) -> None:
    app: Flask = state.app
    app.jinja_env.globals["offline_messages"] = messages


@bp.route("/sw.js")
def service_worker():
    assets = current_app.extensions["lms.assets"]
    offline_page = url_for(".offline_page")
    body = render_template(
        "offline/sw.js",
        version=assets.version,
        shell=[url_for("static", filename=name) for name in SHELL_ASSETS] + [offline_page],
        assets={name: url_for("static", filename=name) for name in SHELL_ASSETS},
        offline_page=offline_page,
    )
    response = Response(body, mimetype="text/javascript")
    # Browsers check for a new worker on each visit; it must never be served stale.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/ngoai-tuyen")
def offline_page():
    return render_template("offline/page.html")
