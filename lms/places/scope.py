"""An officer's area, as one condition every officer query goes through. No Flask here.

A grant names its kind (province or commune) because a few codes (4, 8, 25, 91) are
both a province and a commune: the code alone would not say which area is meant.
Learners who withdrew their consent are outside every scope (they are still counted in
numbers, never listed).
"""

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from ..models import Consent, RoleGrant, User
from . import commune_in_province

PROVINCE, COMMUNE = "province", "commune"


def officer_grants(user: User) -> list[RoleGrant]:
    return [g for g in user.roles if g.role == "officer" and g.scope_code is not None]


def grant_covers(grant: RoleGrant, code: int | None, kind: str) -> bool:
    """The grant's area is this place, or (a province) holds this commune."""
    if code is None:
        return False
    if grant.covers_province:
        if kind == PROVINCE:
            return grant.scope_code == code
        return commune_in_province(code, grant.scope_code)
    return kind == COMMUNE and grant.scope_code == code


def covers(user: User, code: int | None, kind: str) -> bool:
    """Does any of this user's officer grants cover the province or commune ``code``?"""
    return any(grant_covers(grant, code, kind) for grant in officer_grants(user))


def covers_citizen(user: User, citizen: User) -> bool:
    """The same rule as :func:`officer_scope`, for a citizen already loaded."""
    if not has_reporting_consent(citizen):
        return False
    for grant in officer_grants(user):
        if grant.covers_province and citizen.province_code == grant.scope_code:
            return True
        if not grant.covers_province and citizen.commune_code == grant.scope_code:
            return True
    return False


def has_reporting_consent(user: User) -> bool:
    return any(c.withdrawn_at is None for c in user.consents)


def officer_scope(officer: User) -> ColumnElement[bool]:
    """The one condition every officer query about citizens goes through.

    Matches learners who live in one of the officer's scopes (a province, or a commune)
    and have not withdrawn their consent; matches nobody for a user who is not an officer.
    """
    areas = [
        User.province_code == grant.scope_code
        if grant.covers_province
        else User.commune_code == grant.scope_code
        for grant in officer_grants(officer)
    ]
    if not areas:
        return false()
    consenting = exists().where(Consent.user_id == User.id, Consent.withdrawn_at.is_(None))
    return and_(or_(*areas), consenting)


def citizen_in_scope(db: Session, officer: User, user_id: int) -> User | None:
    """A citizen this officer may see, or None (callers answer 404, as for a missing one)."""
    return db.scalar(select(User).where(User.id == user_id, officer_scope(officer)))
