"""The security log of accounts: who logged in, failed, was slowed down, changed a password.

Lines go to the ``lms.auth`` logger, for the operator. They name the account by its id
and the client by its address; never a password, never the typed login of an unknown
account (it is often someone's phone number, typed in the wrong box).
"""

import logging

from flask import request

log = logging.getLogger("lms.auth")

EVENTS = (
    "login.success",
    "login.failure",
    "login.throttled",
    "password.changed",
    "password.check_failed",
    "password.reset",
    "reset.failure",
    "reset.throttled",
    "reset_code.given",
    "login_card.given",
    "sessions.ended",
    "session.idle_timeout",
    "consent.withdrawn",
    "consent.given",
    "account.deleted",
)


def auth_event(name: str, user_id: int | None = None) -> None:
    if name not in EVENTS:
        raise ValueError(f"unknown auth event {name!r}")
    log.info("%s user=%s address=%s", name, user_id or "-", request.remote_addr or "-")
