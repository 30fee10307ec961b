"""What learners do: lessons marked done, quiz attempts, and their criterion status."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .content import QuizRevision
from .user import NEVER_REUSE_IDS


class LessonProgress(Base):
    __tablename__ = "lesson_progress"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_user_quiz", "user_id", "quiz_revision_id"),
        # Question statistics: count, pass rate and the medians of a revision, by index.
        Index("ix_attempts_revision_score", "quiz_revision_id", "score", "passed"),
        Index("ix_attempts_revision_seconds", "quiz_revision_id", "seconds"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the learner deleted their account: the attempt stays, anonymous, so the
    # question statistics stay right (see lms.people.personal_data.delete_account).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    quiz_revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_revisions.id"))
    # Fixes the order of choices for this attempt, on every page load and at grading.
    seed: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    # Answers in the author's terms (choice indexes), see lms.quiz.grading.
    answers: Mapped[dict | None] = mapped_column(JSON)
    results: Mapped[list | None] = mapped_column(JSON)
    correct: Mapped[int | None]
    total: Mapped[int | None]
    score: Mapped[int | None]
    passed: Mapped[bool | None]
    # Seconds from start to submission (statistics: the median time), set when graded.
    seconds: Mapped[int | None]

    revision: Mapped[QuizRevision] = relationship(lazy="joined")


class CriterionStatus(Base):
    __tablename__ = "criterion_status"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    met_at: Mapped[datetime]
    # [{quiz, attempt_id, revision, score, submitted_at, tries, seconds}] — the attempts
    # that earned it (tries, seconds: since issue 13; older rows lack them).
    evidence: Mapped[list] = mapped_column(JSON)
