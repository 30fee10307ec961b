"""Who may do what: small named checks that compose, and the one officer scoping function.

Checks read like the rule they enforce (after FlaskBB's requirements)::

    IsAdmin                        # holds the admin role
    IsLearner & OwnsAttempt()      # a learner, and this attempt is theirs
    IsOfficerOf(20791, "commune")  # an officer whose scope covers Xã Thăng Bình

A check is called with the user and the objects of the request as keywords
(``attempt=``, ``citizen=``). Views use :func:`require`; queries about citizens use
:func:`lms.places.scope.officer_scope`, and only it: outside an officer's scope a citizen is 404.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import Session

from ..models import User
from ..places import scope
from ..places.scope import has_reporting_consent, officer_scope
from .extensions import login_manager

__all__ = ["has_reporting_consent", "officer_scope"]  # re-exported for views


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
    """An officer whose scope covers this province or commune (the kind must be said:
    a few codes are both)."""

    def __init__(self, code: int, kind: str):
        if kind not in (scope.PROVINCE, scope.COMMUNE):
            raise ValueError(f"scope kind must be province or commune, not {kind!r}")
        self.code, self.kind = code, kind

    def __call__(self, user, **context) -> bool:
        return IsOfficer(user) and scope.covers(user, self.code, self.kind)


class InOfficerScope(Requirement):
    """The citizen (``citizen=``) lives where this officer works and shares results."""

    def __call__(self, user, *, citizen=None, **context) -> bool:
        return IsOfficer(user) and citizen is not None and scope.covers_citizen(user, citizen)


def citizen_for_officer(db: Session, officer: User, user_id: int) -> User:
    """A citizen an officer may see, or 404 exactly like a missing one."""
    citizen = scope.citizen_in_scope(db, officer, user_id)
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
