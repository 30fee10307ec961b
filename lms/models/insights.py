"""Stored per-question results, for question statistics.

``QuestionOutcome``: one row per graded attempt and question, written when an attempt is
graded (lms.insights.record): the record the statistics come from, instead of every
attempt's JSON. ``QuestionTally``: the same rows counted, kept up to date in the same
transaction, so a statistics page reads a few dozen rows whatever the number of
attempts (and can be rebuilt from the outcomes at any time). Neither holds names: an
attempt's learner is reached only through the attempt, and trainers see aggregates.
"""

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class QuestionOutcome(Base):
    __tablename__ = "question_outcomes"
    __table_args__ = (
        Index("ix_question_outcomes_revision", "quiz_revision_id", "question_id"),
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


class QuestionTally(Base):
    """How many graded attempts of a revision answered a question this way."""

    __tablename__ = "question_tallies"

    quiz_revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_revisions.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    correct: Mapped[bool] = mapped_column(primary_key=True)
    answered: Mapped[bool] = mapped_column(primary_key=True)
    # The wrong answer's key, or "" (right, blank or not counted): part of the key.
    chosen: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int]
