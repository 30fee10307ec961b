"""A learner's standing against the criterion, kept in step with their attempts."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import criteria
from ..models import Attempt, CriterionStatus, Quiz, QuizRevision, User
from ..reports import tally
from .restate import evidence_json, record_all_standings, took

__all__ = ["evaluate", "record_all_standings", "record_standing", "stored_levels", "stored_status"]


def results_of(db: Session, user: User) -> list[criteria.Result]:
    rows = db.execute(
        select(
            Quiz.slug,
            Attempt.id,
            QuizRevision.number,
            Attempt.score,
            Attempt.submitted_at,
            Attempt.started_at,
        )
        .join(QuizRevision, Attempt.quiz_revision_id == QuizRevision.id)
        .join(Quiz, QuizRevision.quiz_id == Quiz.id)
        .where(Attempt.user_id == user.id, Attempt.submitted_at.is_not(None))
        # Oldest first: of two equally good passes the older is the evidence, as in
        # the set-based restatement.
        .order_by(Attempt.id)
    ).all()
    # Which try each attempt was on its quiz, by submission time as in the restatement.
    tries: dict[int, int] = {}
    counted: dict[str, int] = {}
    for slug, attempt_id, *_rest in sorted(rows, key=lambda row: (row[4], row[1])):
        counted[slug] = tries[attempt_id] = counted.get(slug, 0) + 1
    return [
        criteria.Result(
            slug, attempt_id, number, score or 0, at, tries[attempt_id], took(started, at)
        )
        for slug, attempt_id, number, score, at, started in rows
    ]


def evaluate(db: Session, user: User, rules: criteria.Rules) -> list[criteria.LevelStatus]:
    return criteria.evaluate(rules, results_of(db, user))


def record_standing(db: Session, user: User, rules: criteria.Rules) -> None:
    """Write the criterion status rows and the user's summary; the caller commits.

    A level keeps the date it was first met; its evidence follows the best attempts.

    The learner's row is locked first: two of their attempts handed in at the same moment
    would otherwise each count only its own result (on PostgreSQL neither transaction sees
    the other's uncommitted attempt), and the last to commit would leave the level one
    short. Locked, the second waits, then reads the first's committed attempt. (SQLite
    needs no lock: writers begin immediately, one at a time; see lms.database.)
    """
    db.execute(select(User.id).where(User.id == user.id).with_for_update())
    statuses = evaluate(db, user, rules)
    stored = {
        row.level: row
        for row in db.scalars(select(CriterionStatus).where(CriterionStatus.user_id == user.id))
    }
    met = [status for status in statuses if status.met]
    for status in met:
        evidence = evidence_json(status)
        row = stored.get(status.code)
        if row is None:
            db.add(
                CriterionStatus(
                    user_id=user.id, level=status.code, met_at=status.met_at, evidence=evidence
                )
            )
            tally.count_level(db, user, status.code, status.met_at, +1)
        else:
            row.evidence = evidence
    lost = set(stored) - {status.code for status in met}
    if lost:
        for level in lost:
            tally.count_level(db, user, level, stored[level].met_at, -1)
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


@dataclass(frozen=True)
class Evidence:
    quiz: str
    attempt_id: int
    score: int
    submitted_at: datetime
    #: Absent from evidence stored before issue 13: then None, and the page omits them.
    tries: int | None = None
    seconds: int | None = None

    @property
    def minutes(self) -> int | None:
        """The time the pass took, in whole minutes as a learner would say it (≥ 1)."""
        return None if self.seconds is None else max(1, round(self.seconds / 60))


@dataclass(frozen=True)
class LevelView:
    """A level as /tien-do shows it, read from the stored status (the one source of truth)."""

    code: str
    title: str
    met: bool
    met_at: datetime | None
    evidence: tuple[Evidence, ...]
    missing: tuple[str, ...]


def stored_levels(db: Session, user: User, rules: criteria.Rules) -> list[LevelView]:
    """Each level of the rules: met ones from the stored rows, the rest with what is missing.

    The stored rows are what officers see, so the learner sees the same; only the list of
    quizzes still to pass needs the learner's passes (one query).
    """
    stored = stored_status(db, user)
    passed = passed_quizzes(db, user, rules) if len(stored) < len(rules.levels) else set()
    views = []
    for level in rules.levels:
        row = stored.get(level.code)
        if row is not None:
            evidence = tuple(
                Evidence(
                    e["quiz"],
                    e["attempt_id"],
                    e["score"],
                    _when(e["submitted_at"]),
                    e.get("tries"),
                    e.get("seconds"),
                )
                for e in row.evidence
            )
            views.append(LevelView(level.code, level.title, True, row.met_at, evidence, ()))
        else:
            missing = tuple(q for q in level.requires if q not in passed)
            views.append(LevelView(level.code, level.title, False, None, (), missing))
    return views


def passed_quizzes(db: Session, user: User, rules: criteria.Rules) -> set[str]:
    """Slugs of the required quizzes this learner has passed at least once."""
    required = sorted(rules.required_quizzes())
    if not required:
        return set()
    rows = db.execute(
        select(Quiz.slug, func.max(func.coalesce(Attempt.score, 0)))
        .join(QuizRevision, Attempt.quiz_revision_id == QuizRevision.id)
        .join(Quiz, QuizRevision.quiz_id == Quiz.id)
        .where(
            Attempt.user_id == user.id,
            Attempt.submitted_at.is_not(None),
            Quiz.slug.in_(required),
        )
        .group_by(Quiz.slug)
    )
    return {slug for slug, best in rows if best >= rules.pass_mark(slug)}


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)
