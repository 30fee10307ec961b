"""Confirming a citizen's level for a year (xác nhận), and revoking it with a reason.

Rows are never edited away (lms.models.confirmation): a revocation adds who, when and
why; confirming again is a new row. Only a level the citizen reached by the end of that
year can be confirmed, and a level is in force at most once per citizen and year.
Confirming KNS-2 leaves a KNS-1 confirmation in force: a certificate of KNS-1 (which
reads the latest confirmation of its level, lms.certificates) stays valid.
Services flush, never commit.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Confirmation, CriterionStatus, User, utcnow

REASON_LENGTH = 300


class ConfirmationProblem(ValueError):
    """Nothing was written; ``code`` says why (the page words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def history(db: Session, citizen: User) -> list[Confirmation]:
    """Every confirmation of this citizen, newest first, revoked ones included."""
    return list(
        db.scalars(
            select(Confirmation)
            .where(Confirmation.user_id == citizen.id)
            .order_by(Confirmation.year.desc(), Confirmation.id.desc())
        )
    )


def in_force(db: Session, citizen: User, year: int | None = None) -> list[Confirmation]:
    """Confirmations not revoked, newest first (for one year, if given)."""
    query = select(Confirmation).where(
        Confirmation.user_id == citizen.id, Confirmation.revoked_at.is_(None)
    )
    if year is not None:
        query = query.where(Confirmation.year == year)
    return list(db.scalars(query.order_by(Confirmation.year.desc(), Confirmation.id.desc())))


def reached_levels(db: Session, citizen: User, year: int) -> set[str]:
    """Levels the citizen had met by the end of ``year``."""
    return set(
        db.scalars(
            select(CriterionStatus.level).where(
                CriterionStatus.user_id == citizen.id,
                CriterionStatus.met_at < datetime(year + 1, 1, 1),
            )
        )
    )


def confirm(
    db: Session, officer: User, citizen: User, level: str, year: int, this_year: int
) -> Confirmation:
    """Confirm ``level`` for ``year``; the same level twice in force is refused."""
    if not 2020 <= year <= this_year:
        raise ConfirmationProblem("year")
    if level not in reached_levels(db, citizen, year):
        raise ConfirmationProblem("not_reached")
    # The citizen's row is locked (PostgreSQL; SQLite writers queue): two officers
    # confirming at once cannot both find none in force.
    db.execute(select(User.id).where(User.id == citizen.id).with_for_update())
    if any(c.level == level for c in in_force(db, citizen, year)):
        raise ConfirmationProblem("already")
    confirmation = Confirmation(
        user_id=citizen.id,
        year=year,
        level=level,
        confirmed_by=officer.id,
        confirmed_by_name=officer.display_name[:80],
        confirmed_at=utcnow(),
    )
    db.add(confirmation)
    db.flush()
    return confirmation


def revoke(
    db: Session, officer: User, citizen: User, confirmation_id: int, reason: str
) -> Confirmation:
    """Revoke one of this citizen's confirmations in force; the reason is required."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ConfirmationProblem("reason_missing")
    if len(reason) > REASON_LENGTH:
        raise ConfirmationProblem("reason_long")
    confirmation = db.get(Confirmation, confirmation_id)
    if confirmation is None or confirmation.user_id != citizen.id:
        raise LookupError(confirmation_id)
    if not confirmation.in_force:
        raise ConfirmationProblem("already_revoked")
    _revoke(confirmation, officer, utcnow(), reason)
    db.flush()
    return confirmation


def _revoke(confirmation: Confirmation, officer: User, now: datetime, reason: str) -> None:
    confirmation.revoked_by = officer.id
    confirmation.revoked_by_name = officer.display_name[:80]
    confirmation.revoked_at = now
    confirmation.revoke_reason = reason[:REASON_LENGTH]
