"""One-time password reset codes: the way back in for a learner without email or SMS.

A learner who forgot her password goes to her commune officer, who sees her in person
and gives her a code. The code is eight digits (easy to read out and type on a phone
keypad), kept only as a keyed hash, valid for 24 hours, good for one use; giving a new
one cancels the ones before. Guessing is slowed by the login limiter (lms.auth.throttle),
and a guess must also name the account, so eight digits are plenty.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from ..models import ResetCode, RoleGrant, User, utcnow
from ..places.scope import officer_scope
from . import search
from .accounts import fresh_password_hash, set_password_hash

DIGITS = 8
LIFETIME = timedelta(hours=24)
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class GivenCode:
    """The code in clear, shown once to the officer, and when it stops working."""

    code: str
    expires_at: object

    @property
    def readable(self) -> str:
        """'1234 5678': two groups are easier to read out loud."""
        return f"{self.code[:4]} {self.code[4:]}"


def _digest(secret: str, code: str) -> str:
    return hmac.new(secret.encode(), code.encode(), hashlib.sha256).hexdigest()


def clean_code(text: str) -> str | None:
    """What the learner typed ('1234 5678', '1234-5678') → '12345678', or None."""
    digits = "".join(c for c in text if c not in " -.")
    if len(digits) == DIGITS and all(c in "0123456789" for c in digits):
        return digits
    return None


def only_learner(user: User) -> bool:
    """Codes are for learners only: a commune officer must never be able to take over a
    trainer's, another officer's or an admin's account by giving it a code."""
    return all(grant.role == "learner" for grant in user.roles)


def give_code(db: Session, secret: str, officer: User, learner: User) -> GivenCode:
    """A fresh code for ``learner``; earlier unused codes stop working. The caller logs it."""
    now = utcnow()
    db.execute(
        update(ResetCode)
        .where(ResetCode.user_id == learner.id, ResetCode.used_at.is_(None))
        .values(expires_at=now)
    )
    code = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
    expires = now + LIFETIME
    db.add(
        ResetCode(
            user_id=learner.id,
            code_hash=_digest(secret, code),
            given_by=officer.id,
            created_at=now,
            expires_at=expires,
        )
    )
    db.flush()
    return GivenCode(code, expires)


def valid_code(db: Session, secret: str, user: User, code: str) -> ResetCode | None:
    """The unused, unexpired code of ``user`` that matches, if any."""
    wanted = _digest(secret, code)
    rows = db.scalars(
        select(ResetCode).where(
            ResetCode.user_id == user.id,
            ResetCode.used_at.is_(None),
            ResetCode.expires_at > utcnow(),
        )
    )
    return next((row for row in rows if hmac.compare_digest(row.code_hash, wanted)), None)


def spend(db: Session, row: ResetCode, user: User, new_password: str) -> bool:
    """Use the code for a new password; False if another tap used it a moment ago.

    The caller ends the account's other sessions (lms.auth.sessions).
    """
    code_id = row.id
    # Hash first: the UPDATE takes SQLite's write lock, and argon2 inside it would make
    # every other learner's write wait for the hash.
    password_hash = fresh_password_hash(db, new_password)
    spent = db.execute(
        update(ResetCode)
        .where(ResetCode.id == code_id, ResetCode.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if spent.rowcount != 1:
        return False
    set_password_hash(user, password_hash)
    return True


def find_learners(db: Session, officer: User, query: str) -> list[User]:
    """Learners of the officer's area whose name or phone matches: at most SEARCH_LIMIT."""
    found = search.matches(query)
    if found is None:
        return []
    return list(
        db.scalars(
            select(User)
            .where(
                officer_scope(officer),
                found,
                ~exists().where(RoleGrant.user_id == User.id, RoleGrant.role != "learner"),
            )
            .order_by(User.sort_key, User.id)
            .limit(SEARCH_LIMIT)
        )
    )
