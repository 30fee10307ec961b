"""A learner's standing against the criterion, kept in step with their attempts."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import criteria
from ..models import Attempt, CriterionStatus, Quiz, QuizRevision, User


def results_of(db: Session, user: User) -> list[criteria.Result]:
    rows = db.execute(
        select(Quiz.slug, Attempt.id, QuizRevision.number, Attempt.score, Attempt.submitted_at)
        .join(QuizRevision, Attempt.quiz_revision_id == QuizRevision.id)
        .join(Quiz, QuizRevision.quiz_id == Quiz.id)
        .where(Attempt.user_id == user.id, Attempt.submitted_at.is_not(None))
    )
    return [
        criteria.Result(slug, attempt_id, number, score or 0, at)
        for slug, attempt_id, number, score, at in rows
    ]


def evaluate(db: Session, user: User, rules: criteria.Rules) -> list[criteria.LevelStatus]:
    return criteria.evaluate(rules, results_of(db, user))


def record_standing(db: Session, user: User, rules: criteria.Rules) -> None:
    """Write the criterion status rows and the user's summary; the caller commits.

    A level keeps the date it was first met; its evidence follows the best attempts.
    """
    statuses = evaluate(db, user, rules)
    stored = {
        row.level: row
        for row in db.scalars(select(CriterionStatus).where(CriterionStatus.user_id == user.id))
    }
    met = [status for status in statuses if status.met]
    for status in met:
        evidence = [
            {
                "quiz": e.quiz,
                "attempt_id": e.attempt_id,
                "revision": e.revision,
                "score": e.score,
                "submitted_at": e.submitted_at.isoformat(timespec="seconds"),
            }
            for e in status.evidence
        ]
        row = stored.get(status.code)
        if row is None:
            db.add(
                CriterionStatus(
                    user_id=user.id, level=status.code, met_at=status.met_at, evidence=evidence
                )
            )
        else:
            row.evidence = evidence
    lost = set(stored) - {status.code for status in met}
    if lost:
        db.execute(
            delete(CriterionStatus).where(
                CriterionStatus.user_id == user.id, CriterionStatus.level.in_(lost)
            )
        )
    user.criterion_level = met[-1].code if met else None
    user.criterion_points = criteria.suggested_points(rules, statuses)


def stored_status(db: Session, user: User) -> dict[str, CriterionStatus]:
    return {
        row.level: row
        for row in db.scalars(select(CriterionStatus).where(CriterionStatus.user_id == user.id))
    }


def record_all_standings(db: Session, rules: criteria.Rules) -> int:
    """After the rules change, bring every learner's stored status in line; caller commits.

    Stored status is what officer reports read, so it must never describe old rules.
    Returns how many learners were looked at.
    """
    learner_ids = db.scalars(
        select(Attempt.user_id)
        .where(Attempt.user_id.is_not(None), Attempt.submitted_at.is_not(None))
        .distinct()
    ).all()
    for user_id in learner_ids:
        record_standing(db, db.get(User, user_id), rules)
    with_status = db.scalars(
        select(CriterionStatus.user_id)
        .where(CriterionStatus.user_id.not_in(learner_ids))
        .distinct()
    ).all()
    for user_id in with_status:  # a status with no attempt left behind it
        record_standing(db, db.get(User, user_id), rules)
    return len(learner_ids) + len(with_status)
