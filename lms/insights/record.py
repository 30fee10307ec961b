"""Writing an attempt's per-question rows and counting them, in the transaction that
grades it."""

from collections import Counter

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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
    tallies = [
        {
            "quiz_revision_id": revision_id,
            "question_id": question_id,
            "correct": correct,
            "answered": answered,
            "chosen": chosen,
            "count": count,
        }
        for (question_id, correct, answered, chosen), count in sorted(counted.items())
    ]
    db.execute(_add_to_tallies(db), tallies)
    return len(rows)


def _add_to_tallies(db: Session):
    """One upsert for all of an attempt's questions: a new way of answering starts its
    count, a known one adds to it — race-free on both databases, and one statement
    instead of an update (and maybe an insert) per question, which was most of the cost
    of handing in a quiz."""
    dialect = db.get_bind().dialect.name
    upsert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(QuestionTally)
    return upsert.on_conflict_do_update(
        index_elements=[
            QuestionTally.quiz_revision_id,
            QuestionTally.question_id,
            QuestionTally.correct,
            QuestionTally.answered,
            QuestionTally.chosen,
        ],
        set_={"count": QuestionTally.count + upsert.excluded["count"]},
    )


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
