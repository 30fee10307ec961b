"""Who may do what: small named checks that compose, and the one officer scoping function.

Checks read like the rule they enforce (after FlaskBB's requirements)::

    IsAdmin                        # holds the admin role
    IsLearner & OwnsAttempt()      # a learner, and this attempt is theirs
    IsOfficerOf(20791)             # an officer whose scope covers Xã Thăng Bình

A check is called with the user and the objects of the request as keywords
(``attempt=``, ``citizen=``). Views use :func:`require`; queries about citizens use
:func:`officer_scope`, and only it: outside an officer's scope a citizen is 404.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from . import places
from .extensions import login_manager
from .models import Consent, RoleGrant, User


class Requirement:
    def __call__(self, user, **context) -> bool:
        raise NotImplementedError

    def __and__(self, other: "Requirement") -> "Requirement":
        return And(self, other)

    def __or__(self, other: "Requirement") -> "Requirement":
        return Or(self, other)

    def __invert__(self) -> "Requirement":
        return Not(self)


class And(Requirement):
    def __init__(self, *parts: Requirement):
        self.parts = parts

    def __call__(self, user, **context) -> bool:
        return all(part(user, **context) for part in self.parts)


class Or(Requirement):
    def __init__(self, *parts: Requirement):
        self.parts = parts

    def __call__(self, user, **context) -> bool:
        return any(part(user, **context) for part in self.parts)


class Not(Requirement):
    def __init__(self, part: Requirement):
        self.part = part

    def __call__(self, user, **context) -> bool:
        return not self.part(user, **context)


class IsAuthenticated(Requirement):
    def __call__(self, user, **context) -> bool:
        return bool(user is not None and user.is_authenticated)


class HasRole(Requirement):
    def __init__(self, role: str):
        self.role = role

    def __call__(self, user, **context) -> bool:
        return IsAuthenticated()(user) and user.has_role(self.role)


IsLearner = HasRole("learner")
IsTrainer = HasRole("trainer")
IsOfficer = HasRole("officer")
IsAdmin = HasRole("admin")


class OwnsAttempt(Requirement):
    """The attempt (``attempt=``) was started by this user."""

    def __call__(self, user, *, attempt=None, **context) -> bool:
        return (
            IsAuthenticated()(user)
            and attempt is not None
            and attempt.user_id is not None
            and attempt.user_id == user.id
        )


class IsOfficerOf(Requirement):
    """An officer whose scope covers this province or commune code."""

    def __init__(self, code: int):
        self.code = code

    def __call__(self, user, **context) -> bool:
        return IsOfficer(user) and any(_covers(grant, self.code) for grant in _officer_grants(user))


class InOfficerScope(Requirement):
    """The citizen (``citizen=``) lives where this officer works and shares results."""

    def __call__(self, user, *, citizen=None, **context) -> bool:
        if not IsOfficer(user) or citizen is None or not has_reporting_consent(citizen):
            return False
        return any(_covers_citizen(grant, citizen) for grant in _officer_grants(user))


def _officer_grants(user: User) -> list[RoleGrant]:
    return [g for g in user.roles if g.role == "officer" and g.scope_code is not None]


def _covers(grant: RoleGrant, code: int | None) -> bool:
    """The grant's area is this place, or (a province) holds this commune."""
    if code is None:
        return False
    if grant.scope_code == code:
        return True
    return grant.covers_province and places.commune_in_province(code, grant.scope_code)


def _covers_citizen(grant: RoleGrant, citizen: User) -> bool:
    """The same rule as officer_scope(): a province scope matches the citizen's province,
    a commune scope the citizen's commune — the grant says which, since a few codes
    (4, 8, 25, 91) are both a province and a commune."""
    if grant.covers_province:
        return citizen.province_code == grant.scope_code
    return citizen.commune_code == grant.scope_code


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
        for grant in _officer_grants(officer)
    ]
    if not areas:
        return false()
    consenting = exists().where(Consent.user_id == User.id, Consent.withdrawn_at.is_(None))
    return and_(or_(*areas), consenting)


def citizen_for_officer(db: Session, officer: User, user_id: int) -> User:
    """A citizen an officer may see, or 404 exactly like a missing one."""
    citizen = db.scalar(select(User).where(User.id == user_id, officer_scope(officer)))
    if citizen is None:
        abort(404)
    return citizen


def require(requirement: Requirement, not_met: int = 403) -> Callable:
    """Decorate a view: anonymous callers go to log in, others who fail get ``not_met``."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not requirement(current_user):
                abort(not_met)
            return view(*args, **kwargs)

        return guarded

    return decorate
