"""Writing an attempt's per-question rows, in the transaction that grades it."""

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import QuestionOutcome
from ..quiz import Quiz
from .outcomes import outcome_rows


def record_outcomes(
    db: Session, attempt_id: int, revision_id: int, quiz: Quiz, answers, results
) -> int:
    """Store one row per graded question of the attempt; returns how many. Never commits."""
    rows = outcome_rows(quiz, answers, results)
    if rows:
        db.execute(
            insert(QuestionOutcome),
            [{**row, "attempt_id": attempt_id, "quiz_revision_id": revision_id} for row in rows],
        )
    return len(rows)
