"""Restating every learner at once, after the rules changed or after a bulk load.

The per-learner path (:func:`lms.standing.record_standing`) costs about three queries a
learner; a province of a million would hold SQLite's write lock for twenty minutes. Here
the whole population takes one streamed query and a handful of set statements:

1. ONE query picks every learner's best passing attempt per required quiz (a window over
   all attempts, ordered by learner), streamed.
2. Python applies the rule itself (:mod:`lms.criteria`, the same code the per-learner path
   uses, so the two cannot drift apart) and writes the outcome into two temporary tables
   with executemany.
3. Set statements bring ``criterion_status`` and ``users`` in line: evidence updated,
   new levels inserted with their computed date, lost levels deleted, summaries set.
   A level already stored keeps the date it was first met, as in the per-learner path.
"""

import json
from collections.abc import Iterator

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from .. import criteria
from ..database import bulk_insert
from ..models import Attempt, CriterionStatus, Quiz, QuizRevision, User
from ..reports import tally

BATCH = 20_000

_temp = MetaData()
_new_status = Table(
    "tmp_restate_status",
    _temp,
    Column("user_id", Integer, primary_key=True),
    Column("level", String(10), primary_key=True),
    Column("met_at", DateTime),
    Column("evidence", Text),  # serialised here once; cast to JSON on the way out
    prefixes=["TEMPORARY"],
)
_new_summary = Table(
    "tmp_restate_summary",
    _temp,
    Column("user_id", Integer, primary_key=True),
    Column("level", String(10)),
    Column("points", Integer),
    prefixes=["TEMPORARY"],
)


def best_passes_query(rules: criteria.Rules):
    """Every learner's best passing attempt per required quiz, ordered by learner.

    "Best" is the rule's: highest score, then earliest; equal on both, the older attempt.
    """
    required = sorted(rules.required_quizzes())
    # Every submitted attempt, numbered per learner and quiz by submission time: the
    # evidence says which try the pass was, so failures before it count too.
    numbered = (
        select(
            Attempt.user_id,
            Quiz.slug,
            Attempt.id.label("attempt_id"),
            QuizRevision.number,
            func.coalesce(Attempt.score, 0).label("score"),
            Attempt.submitted_at,
            Attempt.started_at,
            func.row_number()
            .over(
                partition_by=(Attempt.user_id, Quiz.slug),
                order_by=(Attempt.submitted_at, Attempt.id),
            )
            .label("tries"),
        )
        .join(QuizRevision, Attempt.quiz_revision_id == QuizRevision.id)
        .join(Quiz, QuizRevision.quiz_id == Quiz.id)
        .where(
            Attempt.user_id.is_not(None),
            Attempt.submitted_at.is_not(None),
            Quiz.slug.in_(required),
        )
        .subquery()
    )
    mark = case(
        {slug: rules.pass_mark(slug) for slug in required},
        value=numbered.c.slug,
        else_=literal(rules.default_pass_mark),
    )
    ranked = (
        select(
            numbered,
            func.row_number()
            .over(
                partition_by=(numbered.c.user_id, numbered.c.slug),
                order_by=(
                    numbered.c.score.desc(),
                    numbered.c.submitted_at,
                    numbered.c.attempt_id,
                ),
            )
            .label("rank"),
        )
        .where(numbered.c.score >= mark)
        .subquery()
    )
    return (
        select(
            ranked.c.user_id,
            ranked.c.slug,
            ranked.c.attempt_id,
            ranked.c.number,
            ranked.c.score,
            ranked.c.submitted_at,
            ranked.c.tries,
            ranked.c.started_at,
        )
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.user_id)
    )


def _by_learner(db: Session, rules: criteria.Rules) -> Iterator[tuple[int, list]]:
    rows = db.execute(
        best_passes_query(rules), execution_options={"stream_results": True, "yield_per": BATCH}
    )
    current, passes = None, []
    for user_id, slug, attempt_id, number, score, at, tries, started in rows:
        if user_id != current:
            if passes:
                yield current, passes
            current, passes = user_id, []
        passes.append((slug, attempt_id, number, score, at, tries, took(started, at)))
    if passes:
        yield current, passes


def took(started_at, submitted_at) -> int | None:
    """Seconds an attempt took (shared with the per-learner path, so both round alike)."""
    if started_at is None or submitted_at is None:
        return None
    return max(0, int((submitted_at - started_at).total_seconds()))


def evidence_json(status: criteria.LevelStatus) -> list[dict]:
    """The stored evidence of a met level (shared with the per-learner path)."""
    return [
        {
            "quiz": e.quiz,
            "attempt_id": e.attempt_id,
            "revision": e.revision,
            "score": e.score,
            "submitted_at": e.submitted_at.isoformat(timespec="seconds"),
            "tries": e.tries,
            "seconds": e.seconds,
        }
        for e in status.evidence
    ]


def _compute(db: Session, rules: criteria.Rules) -> None:
    """Fill the temporary tables from the one streamed query, in batches."""
    connection = db.connection()
    statuses, summaries = [], []

    def flush() -> None:
        bulk_insert(connection, _new_status, ("user_id", "level", "met_at", "evidence"), statuses)
        bulk_insert(connection, _new_summary, ("user_id", "level", "points"), summaries)
        statuses.clear()
        summaries.clear()

    # Every row is a pass, so which levels are met and the points depend only on which
    # quizzes were passed: worked out once per combination. Only learners who met a
    # level need the rule run on their attempts, for the evidence and the date.
    outcome: dict[frozenset, tuple[bool, str | None, int]] = {}
    for user_id, passes in _by_learner(db, rules):
        slugs = frozenset(p[0] for p in passes)
        known = outcome.get(slugs)
        if known is None or known[0]:
            levels = criteria.evaluate(rules, [criteria.Result(*p) for p in passes])
            met = [status for status in levels if status.met]
            for status in met:
                evidence = json.dumps(evidence_json(status))  # as the JSON type writes it
                statuses.append((user_id, status.code, status.met_at, evidence))
            points = criteria.suggested_points(rules, levels)
            known = outcome[slugs] = (bool(met), met[-1].code if met else None, points)
        summaries.append((user_id, known[1], known[2]))
        if len(summaries) >= BATCH:
            flush()
    flush()


def record_all_standings(db: Session, rules: criteria.Rules) -> int:
    """After the rules change, bring every learner's stored status in line; caller commits.

    Stored status is what officer reports and /tien-do read, so it must never describe
    old rules. Returns how many learners were looked at: those with a submitted attempt
    and those with a stored status (one left behind by deleted attempts).
    """
    db.flush()
    connection = db.connection()
    _temp.drop_all(connection, checkfirst=True)
    _temp.create_all(connection)
    try:
        looked_at = _looked_at(db)
        _compute(db, rules)
        _write(db)
        # Levels were added, lost or redated in sets: count them again, in sets too.
        tally.rebuild(db, registrations=False)
        return looked_at
    finally:
        _temp.drop_all(connection)
        db.expire_all()


def _write(db: Session) -> None:
    status, new, summary = CriterionStatus.__table__, _new_status, _new_summary
    same = and_(status.c.user_id == new.c.user_id, status.c.level == new.c.level)
    # SQLite keeps JSON as text already; CAST(... AS JSON) there would make it a number.
    evidence = (
        new.c.evidence if db.connection().dialect.name == "sqlite" else cast(new.c.evidence, JSON)
    )
    db.execute(update(status).values(evidence=evidence).where(same))
    db.execute(
        insert(status).from_select(
            ["user_id", "level", "met_at", "evidence"],
            select(new.c.user_id, new.c.level, new.c.met_at, evidence).where(~exists().where(same)),
        )
    )
    users, attempts = User.__table__, Attempt.__table__
    # Learners the per-learner path would look at but who passed nothing required.
    looked_at = or_(
        exists().where(attempts.c.user_id == users.c.id, attempts.c.submitted_at.is_not(None)),
        exists().where(status.c.user_id == users.c.id),
    )
    db.execute(
        update(users)
        .values(criterion_level=None, criterion_points=0)
        .where(looked_at, ~exists().where(summary.c.user_id == users.c.id))
    )
    db.execute(
        update(users)
        .values(criterion_level=summary.c.level, criterion_points=summary.c.points)
        .where(
            users.c.id == summary.c.user_id,
            # Only rows that change: most learners' summary stays as it was.
            or_(
                users.c.criterion_level.is_distinct_from(summary.c.level),
                users.c.criterion_points != summary.c.points,
            ),
        )
    )
    db.execute(delete(status).where(~exists().where(same)))


def _looked_at(db: Session) -> int:
    attempts, status = Attempt.__table__, CriterionStatus.__table__
    learners = (
        select(attempts.c.user_id)
        .where(attempts.c.user_id.is_not(None), attempts.c.submitted_at.is_not(None))
        .union(select(status.c.user_id))
        .subquery()
    )
    return db.scalar(select(func.count()).select_from(learners)) or 0
