"""SQLAlchemy models. Import from here; each module owns one part of the product."""

from .audit import AuditEntry, DeletedAccountTally
from .base import Base, utcnow
from .content import (
    CriterionRules,
    CurriculumImport,
    Lesson,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
)
from .learning import Attempt, CriterionStatus, LessonProgress
from .user import ROLES, Consent, LoginSession, RoleGrant, User

__all__ = [
    "ROLES",
    "Attempt",
    "AuditEntry",
    "Base",
    "Consent",
    "CriterionRules",
    "CriterionStatus",
    "CurriculumImport",
    "DeletedAccountTally",
    "Lesson",
    "LessonProgress",
    "LessonRevision",
    "LoginSession",
    "Module",
    "Quiz",
    "QuizRevision",
    "RoleGrant",
    "User",
    "utcnow",
]
