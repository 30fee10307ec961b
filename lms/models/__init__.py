"""SQLAlchemy models. Import from here; each module owns one part of the product."""

from .audit import AuditEntry, DeletedAccountTally
from .base import Base, utcnow
from .confirmation import Confirmation
from .content import (
    DRAFT,
    FROM_FILE,
    FROM_STUDIO,
    PUBLISHED,
    CriterionRules,
    CurriculumImport,
    Lesson,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
)
from .learning import Attempt, CriterionStatus, LessonProgress
from .place import Village
from .report import CitizenTally, Target
from .reset import ResetCode
from .user import ROLES, Consent, LoginSession, RoleGrant, User

__all__ = [
    "DRAFT",
    "FROM_FILE",
    "FROM_STUDIO",
    "PUBLISHED",
    "ROLES",
    "Attempt",
    "CitizenTally",
    "AuditEntry",
    "Base",
    "Confirmation",
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
    "ResetCode",
    "RoleGrant",
    "Target",
    "User",
    "Village",
    "utcnow",
]
