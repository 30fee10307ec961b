"""SQLAlchemy models. Import from here; each module owns one part of the product."""

from .audit import AuditEntry, DeletedAccountTally
from .base import Base, utcnow
from .certificate import Certificate
from .classes import Attendance, ClassMember, ClassSession, TrainingClass
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
from .insights import QuestionOutcome, QuestionTally
from .learning import Attempt, CriterionStatus, LessonProgress
from .media import LessonImage
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
    "Attendance",
    "CitizenTally",
    "AuditEntry",
    "Base",
    "Certificate",
    "ClassMember",
    "ClassSession",
    "Confirmation",
    "Consent",
    "CriterionRules",
    "CriterionStatus",
    "CurriculumImport",
    "DeletedAccountTally",
    "Lesson",
    "LessonImage",
    "LessonProgress",
    "LessonRevision",
    "LoginSession",
    "Module",
    "QuestionOutcome",
    "QuestionTally",
    "Quiz",
    "QuizRevision",
    "ResetCode",
    "RoleGrant",
    "TrainingClass",
    "Target",
    "User",
    "Village",
    "utcnow",
]
