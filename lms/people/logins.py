"""Sign-ins: what a session cookie names, and how each way of signing out ends it.

Why a row per sign-in: a cookie that named the account (``id:version``) let a deleted
account's cookie open the next account given the same id, and kept working after a plain
logout because nothing on the server had changed. Now every sign-in gets 32 random bytes
(the token); the session and remember-me cookies carry the token, and ``login_sessions``
keeps its sha256 with the account it opens. So:

- a cookie names something no other account can ever have: a new account has no rows,
  and an account's rows die with it (ON DELETE CASCADE);
- plain logout deletes this sign-in's row: its session and remember-me cookies are dead
  everywhere they were copied, and the person's other devices stay signed in;
- "log out everywhere" and a password change delete every row (the password change opens
  a new one for the device that asked), and replace the account's secret
  (``User.session_token``) that device cookies vouch for (lms.auth.throttle);
- a sign-in expires on the server after ``MAX_AGE``, even if a remember-me cookie was
  copied off the phone; each new sign-in clears the account's expired rows.

Each request costs one indexed lookup (roles included), as loading the user by id did before.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from ..models import LoginSession, User, utcnow
from ..models.user import new_account_secret

#: As long as Flask-Login's remember-me cookie lives.
MAX_AGE = timedelta(days=365)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_login(db: Session, user: User) -> str:
    """A new sign-in for this account; returns the token the cookies will carry."""
    db.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.created_at < utcnow() - MAX_AGE
        )
    )
    token = secrets.token_urlsafe(32)
    db.add(LoginSession(user_id=user.id, token_hash=_digest(token)))
    db.flush()
    user.login_token = token
    return token


def user_for_login(db: Session, token: str) -> User | None:
    """The account a cookie's token opens, or None (unknown, ended or expired)."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return None
    # Every signed-in request runs this: the roles come in the same query (joined), not
    # in a second one, which saves 0.4 ms of CPU a request (bench/cost.py).
    user = (
        db.scalars(
            select(User)
            .join(LoginSession, LoginSession.user_id == User.id)
            .where(
                LoginSession.token_hash == _digest(token),
                LoginSession.created_at >= utcnow() - MAX_AGE,
            )
            .options(joinedload(User.roles))
        )
        .unique()
        .first()
    )
    if user is not None:
        user.login_token = token
    return user


def end_login(db: Session, token: object) -> None:
    """This sign-in only: the person's other devices stay signed in."""
    if isinstance(token, str) and token:
        db.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))


def end_every_login(db: Session, user: User) -> None:
    """Every sign-in of the account ends, and device cookies stop vouching for it."""
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    user.session_token = new_account_secret()
    user.login_token = None
    db.flush()
