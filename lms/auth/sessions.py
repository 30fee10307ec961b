"""Sessions: a fresh one at every login, ended on the server at logout (this device) or
everywhere, idle staff signed out.

A session cookie names one sign-in (a random token, see lms.people.logins), never the
account: logging out deletes the sign-in, so a copied cookie opens nothing afterwards.
"""

import time

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import Session

from ..models import User
from ..people.logins import end_every_login, end_login, open_login
from ..web import db as request_db
from .events import auth_event

#: Roles that see other people's data (trainers: their classes' members): their sessions end
#: after a while without activity.
STAFF_ROLES = ("trainer", "officer", "admin")
SEEN = "seen"


def is_staff(user: User) -> bool:
    return any(user.has_role(role) for role in STAFF_ROLES)


def start_session(user: User) -> None:
    """Log in on a brand-new session, so nothing planted before the login survives it.

    Staff get no remember-me cookie: their sessions must be able to end when idle.
    """
    end_login(request_db.session(), session.get("_user_id"))  # the sign-in this browser had
    session.clear()
    open_login(request_db.session(), user)
    login_user(user, remember=not is_staff(user))
    session[SEEN] = int(time.time())
    _forget_csrf_token()
    generate_csrf()  # the new session's token, in the cookie that the login sets


def end_other_sessions(db: Session, user: User) -> None:
    """Every other device is signed out; this one goes on, on a new session."""
    end_every_login(db, user)
    start_session(user)


def end_session() -> None:
    """Sign this browser out, on the server too, and forget everything its session held."""
    end_login(request_db.session(), session.get("_user_id"))
    session.clear()
    _forget_csrf_token()
    logout_user()  # after clear(): it leaves the note that deletes the remember-me cookie


def _forget_csrf_token() -> None:
    """Flask-WTF caches the request's token in g; after session.clear() it is stale."""
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)


def end_every_session(db: Session, user: User) -> None:
    end_every_login(db, user)
    end_session()


def enforce_idle_timeout():
    """Before every request: staff idle longer than STAFF_IDLE_MINUTES log in again."""
    if request.endpoint in (None, "static") or not current_user.is_authenticated:
        return None
    if not is_staff(current_user):
        return None
    now = int(time.time())
    seen = session.get(SEEN)
    limit = current_app.config["STAFF_IDLE_MINUTES"] * 60
    if isinstance(seen, int) and now - seen <= limit:
        session[SEEN] = now
        return None
    auth_event("session.idle_timeout", current_user.id)
    end_session()
    minutes = current_app.config["STAFF_IDLE_MINUTES"]
    flash(
        ngettext(
            "Bạn đã được đăng xuất vì không thao tác trong %(num)s phút, để bảo vệ dữ liệu "
            "của người dân. Vui lòng đăng nhập lại.",
            "Bạn đã được đăng xuất vì không thao tác trong %(num)s phút, để bảo vệ dữ liệu "
            "của người dân. Vui lòng đăng nhập lại.",
            minutes,
        ),
        "info",
    )
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target.rstrip("?") if target else None))
