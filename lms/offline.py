"""Learning without a connection: the service worker and the page shown when offline.

The service worker (``/sw.js``, at the root so its scope is the whole site) keeps the app
shell and public copies of the lessons a learner opened or saved. It never keeps a page
rendered for a signed-in learner: it fetches its own copy without cookies, so a shared
phone shows nobody's progress, name or form tokens to the next person.
"""

from flask import Blueprint, Response, current_app, render_template, url_for

bp = Blueprint("offline", __name__)

#: Assets the shell needs on every page (logical names; served under hashed names).
SHELL_ASSETS = (
    "css/site.css",
    "js/prefs.js",
    "js/site.js",
    "js/offline.js",
    "js/listen.js",
    "favicon.svg",
)


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
