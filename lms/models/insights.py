"""Stored per-question results: one row per attempt and question, for question statistics.

Written when an attempt is graded (lms.insights.record), so the statistics pages count
rows through an index instead of reading every attempt's JSON. They hold no names: an
attempt's learner is reached only through the attempt, and trainers see aggregates.
"""

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class QuestionOutcome(Base):
    __tablename__ = "question_outcomes"
    __table_args__ = (
        # Covers the statistics query: per revision, grouped by question and chosen answer.
        Index(
            "ix_question_outcomes_revision",
            "quiz_revision_id",
            "question_id",
            "chosen",
            "correct",
            "answered",
        ),
        Index("ix_question_outcomes_attempt", "attempt_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    quiz_revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_revisions.id"))
    # The question's key in the revision's definition (its number is its place there).
    question_id: Mapped[str] = mapped_column(String(80))
    correct: Mapped[bool]
    # False: left blank.
    answered: Mapped[bool]
    # The answer given, as its type's key (lms.quiz.types answer_key), kept only when it
    # was wrong: which wrong answer is chosen most. NULL when right, blank or uncounted.
    chosen: Mapped[str | None] = mapped_column(String(80))
