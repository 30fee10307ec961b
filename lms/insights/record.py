"""Writing an attempt's per-question rows and counting them, in the transaction that
grades it."""

from collections import Counter

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import QuestionOutcome, QuestionTally
from ..quiz import Quiz
from .outcomes import outcome_rows


def record_outcomes(
    db: Session, attempt_id: int, revision_id: int, quiz: Quiz, answers, results
) -> int:
    """Store one row per graded question of the attempt and add them to the revision's
    tallies; returns how many rows. Never commits."""
    rows = outcome_rows(quiz, answers, results)
    if not rows:
        return 0
    db.execute(
        insert(QuestionOutcome),
        [{**row, "attempt_id": attempt_id, "quiz_revision_id": revision_id} for row in rows],
    )
    counted = Counter(
        (row["question_id"], row["correct"], row["answered"], row["chosen"] or "") for row in rows
    )
    for key, count in sorted(counted.items()):
        _add(db, revision_id, key, count)
    return len(rows)


def _add(db: Session, revision_id: int, key: tuple, count: int) -> None:
    question_id, correct, answered, chosen = key
    where = (
        QuestionTally.quiz_revision_id == revision_id,
        QuestionTally.question_id == question_id,
        QuestionTally.correct == correct,
        QuestionTally.answered == answered,
        QuestionTally.chosen == chosen,
    )
    bump = (
        update(QuestionTally)
        .where(*where)
        .values(count=QuestionTally.count + count)
        .execution_options(synchronize_session=False)
    )
    if db.execute(bump).rowcount:
        return
    try:
        with db.begin_nested():  # two first answers of the same kind may race
            db.execute(
                insert(QuestionTally).values(
                    quiz_revision_id=revision_id,
                    question_id=question_id,
                    correct=correct,
                    answered=answered,
                    chosen=chosen,
                    count=count,
                )
            )
    except IntegrityError:
        db.execute(bump)


def rebuild_tallies(db: Session) -> int:
    """Count every stored outcome afresh (after a bulk load); returns the tallies written."""
    db.execute(delete(QuestionTally))
    chosen = func.coalesce(QuestionOutcome.chosen, "")
    grouped = select(
        QuestionOutcome.quiz_revision_id,
        QuestionOutcome.question_id,
        QuestionOutcome.correct,
        QuestionOutcome.answered,
        chosen,
        func.count(),
    ).group_by(
        QuestionOutcome.quiz_revision_id,
        QuestionOutcome.question_id,
        QuestionOutcome.correct,
        QuestionOutcome.answered,
        chosen,
    )
    columns = ["quiz_revision_id", "question_id", "correct", "answered", "chosen", "count"]
    db.execute(insert(QuestionTally).from_select(columns, grouped))
    # Counted, not read from rowcount: drivers do not all report it for INSERT … SELECT.
    return db.scalar(select(func.count()).select_from(QuestionTally))
